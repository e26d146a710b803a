import DeepMouseCore
import Foundation

/// A float checkpoint (`*.dmcheckpoint.json`) as a `HandClassifier`: it normalises raw windows
/// with the preprocessing stored in the checkpoint and runs the float network. Recurrent models
/// accept other window lengths (the weights do not depend on W), so `--window` can differ
/// from the trained window.
public final class FloatCheckpointClassifier: HandClassifier {
    public let url: URL
    public let checkpoint: Checkpoint
    public let unit: MotionUnit
    public let normalization: Normalization
    public var trainingRecordings: [ProvenanceRecord.DataFile] { checkpoint.provenance.files }
    public var trainingSplit: SplitStrategy? { try? SplitStrategy(recordedIn: checkpoint.training.settings) }
    private let threads: Int
    private var models: [Int: Classifier] = [:]

    public convenience init(contentsOf url: URL, threads: Int = 2) throws {
        let (classifier, checkpoint) = try Classifier.load(from: url, threads: threads)
        try self.init(classifier: classifier, checkpoint: checkpoint, url: url, threads: threads)
    }

    public init(classifier: Classifier, checkpoint: Checkpoint, url: URL, threads: Int = 2) throws {
        guard let unit = MotionUnit(checkpoint.preprocessing.unit) else {
            throw CheckpointError(
                file: url.path, field: "preprocessing.unit",
                reason: "unknown unit '\(checkpoint.preprocessing.unit)' (known: px, mm, counts)")
        }
        self.url = url
        self.checkpoint = checkpoint
        self.unit = unit
        self.threads = threads
        normalization = Normalization(offset: checkpoint.preprocessing.offset, scale: checkpoint.preprocessing.scale)
        models[checkpoint.architecture.window] = classifier
    }

    public var window: Int { checkpoint.architecture.window }

    /// The random split's seed the model was trained with, so `evaluate --split random` finds
    /// the same test windows.
    public var trainingSplitSeed: UInt64? { checkpoint.training.settings["split_seed"].flatMap { UInt64($0) } }
    public var stillThreshold: Float { checkpoint.preprocessing.stillThreshold }
    public var movingSamplesOnly: Bool { checkpoint.preprocessing.movingSamplesOnly }

    public var summary: String {
        let a = checkpoint.architecture
        let convs = a.conv.map { "\($0.filters)k\($0.kernel)" }.joined(separator: ",")
        let readout = a.readout == .last ? "" : ", \(a.readout.rawValue) readout"
        return
            "\(url.lastPathComponent) (float; W=\(a.window), conv[\(convs)], \(a.recurrent.rawValue)\(a.hidden)\(readout))"
    }

    public func pLeft(_ windows: WindowSet) throws -> [Float] {
        guard !windows.isEmpty else { return [] }
        let model = try classifier(window: windows.window)
        let normalized = windows.normalized(by: normalization)
        var result: [Float] = []
        result.reserveCapacity(windows.count)
        var batch: [Float] = []
        var labels: [Float] = []
        var start = 0
        while start < windows.count {
            let end = min(windows.count, start + 256)
            normalized.gather(start..<end, into: &batch, labels: &labels)
            result += model.predict(inputs: batch)
            start = end
        }
        return result
    }

    /// The network for windows of `w` samples (same weights).
    private func classifier(window w: Int) throws -> Classifier {
        if let model = models[w] { return model }
        var variant = checkpoint
        variant.architecture.window = w
        variant.preprocessing.window = w
        do {
            let model = try Classifier(checkpoint: variant, threads: threads)
            models[w] = model
            return model
        } catch {
            throw CheckpointError(
                file: url.path, field: "architecture.window",
                reason: "cannot run this model on windows of \(w) samples: \(error.reason)")
        }
    }
}
