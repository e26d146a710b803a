import DeepMouseCore
import DeepMouseTraining
import Foundation

/// `deepmouse export`: checkpoint -> calibrated, quantized `.dmm` + model card, with the
/// float-vs-fixed parity on the by-recording test split of the data the model was trained on (on its dev part
/// when the split has no test: a final fit on all the recordings, `--split tail --fractions T,D,0`).
public enum ModelExport {
    /// What `deepmouse export` was asked to do.
    public struct Options {
        public var checkpoint: URL
        public var output: URL
        public var dataDirectory: URL
        public var split: String?
        public var hop: Int = 8
        /// Training windows to calibrate on, evenly spaced (nil: all of them).
        public var calibrationWindows: Int?
        public var commandLine: String
        /// Decision-layer parameters to store with the model (the daemon's defaults for it), or nil.
        public var decision: DecisionParameters?
        public init(
            checkpoint: URL, output: URL, dataDirectory: URL, split: String? = nil, hop: Int = 8,
            calibrationWindows: Int? = nil, commandLine: String, decision: DecisionParameters? = nil
        ) {
            self.checkpoint = checkpoint
            self.output = output
            self.dataDirectory = dataDirectory
            self.split = split
            self.hop = hop
            self.calibrationWindows = calibrationWindows
            self.commandLine = commandLine
            self.decision = decision
        }
    }

    /// What the export measured (also written into the model card).
    public struct Report {
        public var checkpoint: Checkpoint
        public var quantized: QuantizedModel
        public var bytes: [UInt8]
        public var splitName: String
        public var splitSummary: String
        public var trainWindows: Int
        public var calibrationWindows: Int
        /// Float vs fixed point on `scoredPart`'s windows.
        public var test: Parity
        /// `.test`, or `.dev` for a split without a test part.
        public var scoredPart: SplitPart
        public var arenaBytes: Int
        public var compactArenaBytes: Int
        public var decisionMACs: Int64
    }

    /// Float vs fixed point on one set of windows.
    public struct Parity {
        public var windows = 0
        public var floatCorrect = 0
        public var fixedCorrect = 0
        public var agreements = 0
        public var maxAbsDifference = 0.0
        public var meanAbsDifference = 0.0
        public var stillDisagreements = 0
        public var floatAccuracy: Double { windows == 0 ? 0 : Double(floatCorrect) / Double(windows) }
        public var fixedAccuracy: Double { windows == 0 ? 0 : Double(fixedCorrect) / Double(windows) }
        public var agreement: Double { windows == 0 ? 0 : Double(agreements) / Double(windows) }
    }

    /// The standard split named by `--split` or by a checkpoint's provenance ("mouse: test = session 6; train/dev =
    /// sessions 1,2,3,5, dev = last 25% of each file ..."; "tail: each file in time order: train 75%, dev 25%, test
    /// 0%"). From a provenance the mouse split keeps the test session and dev fraction the model was trained with, and
    /// the tail split its fractions, so calibration reads the same training windows.
    public static func splitStrategy(_ description: String) throws -> (name: String, strategy: SplitStrategy) {
        switch splitName(description) {
        case "mouse":
            let session = value(after: "test = session ", in: description) ?? "6"
            let percent = value(after: "dev = last ", in: description).flatMap { Double($0.dropLast()) }
            return ("mouse", .mouse(testSession: session, devFraction: percent.map { $0 / 100 } ?? 0.15))
        case "touchpad": return ("touchpad", .touchpad)
        case "tail":
            let percent = { (part: String) in
                value(after: part + " ", in: description).flatMap { Double($0.dropLast()) }.map { $0 / 100 }
            }
            guard let train = percent("train"), let dev = percent("dev"), let test = percent("test"),
                let fractions = try? SplitFractions(train: train, dev: dev, test: test)
            else {
                throw ExportError.checkpoint(
                    "split '\(description)': no train/dev/test fractions in it; pass --split mouse or --split touchpad")
            }
            return ("tail", .tail(fractions))
        default:
            throw ExportError.checkpoint(
                "split '\(description)': export calibrates and evaluates on the by-recording mouse, touchpad and tail splits only; pass --split mouse or --split touchpad"
            )
        }
    }

    /// The split a checkpoint was trained on: rebuilt from its training settings when they record it
    /// (`SplitStrategy(recordedIn:)`), else parsed from the provenance text (older checkpoints).
    public static func splitStrategy(of checkpoint: Checkpoint) throws -> (name: String, strategy: SplitStrategy) {
        do {
            if let recorded = try SplitStrategy(recordedIn: checkpoint.training.settings) {
                return (recorded.name, recorded)
            }
        } catch {
            throw ExportError.checkpoint("\(error)")
        }
        return try splitStrategy(checkpoint.provenance.split)
    }

    /// `--split NAME` (nil: the checkpoint's own). Naming the split the checkpoint was trained on keeps its recorded
    /// test session and dev fraction; another split is taken with its standard parameters, except for a final fit
    /// (a tail split without test), which has seen every recording.
    public static func splitStrategy(named name: String?, for checkpoint: Checkpoint) throws -> (
        name: String, strategy: SplitStrategy
    ) {
        let own = ownSplitName(of: checkpoint)
        guard let name, name != own else { return try splitStrategy(of: checkpoint) }
        if let own = try? splitStrategy(of: checkpoint).strategy, !own.holdsOutTest {
            throw ExportError.checkpoint(
                "--split \(name): the checkpoint is a final fit on all of its recordings (split '\(checkpoint.provenance.split)'), so another split's test part would be its own training data; export it without --split"
            )
        }
        return try splitStrategy(name)
    }

    /// Indices of `limit` training windows evenly spaced over `count` (all of them when `limit` is nil or not smaller).
    public static func calibrationIndices(count: Int, limit: Int?) -> [Int] {
        guard let limit, limit > 0, limit < count else { return Array(0..<count) }
        return (0..<limit).map { $0 * count / limit }
    }

    /// The name of the split the checkpoint was trained on: its recorded setting, else its provenance text's.
    static func ownSplitName(of checkpoint: Checkpoint) -> String {
        checkpoint.training.settings["split"] ?? splitName(checkpoint.provenance.split)
    }

    /// The split's name at the start of a description ("mouse" in "mouse: test = session 6; ...").
    static func splitName(_ description: String) -> String { String(description.prefix { $0.isLetter || $0 == "-" }) }

    /// The word after `prefix` in `text` ("25%" after "dev = last "), up to a space, comma or semicolon.
    static func value(after prefix: String, in text: String) -> String? {
        guard let range = text.range(of: prefix) else { return nil }
        let word = text[range.upperBound...].prefix { !" ,;()".contains($0) }
        return word.isEmpty ? nil : String(word)
    }

    public static func run(_ o: Options, progress: (String) -> Void = { _ in }) throws -> Report {
        if let d = o.decision, d != d.sanitized {
            throw ExportError.unsupported(
                "decision parameters out of range (\(ModelInspection.describe(d))): retention "
                    + "0-0.9999, cap 1/256-256, threshold 1/256-cap, idle hops >= 1, minimum hops >= 0")
        }
        let checkpoint = try Checkpoint.read(from: o.checkpoint)
        let float = try FloatGRUModel(checkpoint: checkpoint)
        let (splitName, strategy) = try splitStrategy(named: o.split, for: checkpoint)
        let (dataset, source) = try trainingData(
            split: splitName, isOwnSplit: splitName == ownSplitName(of: checkpoint), of: checkpoint,
            dataDirectory: o.dataDirectory, progress: progress)
        let windowing = WindowingParameters(
            window: float.window, stride: float.window / 2,
            stillThreshold: Float(float.preprocessing.stillThreshold),
            movingSamplesOnly: float.preprocessing.movingSamplesOnly)
        let data = try PreparedData.prepare(dataset, split: strategy, windowing: windowing)
        let per = 2 * float.window
        let train = data.train
        let calibration = calibrationIndices(count: train.count, limit: o.calibrationWindows)
            .map { Array(train.inputs[($0 * per)..<(($0 + 1) * per)]) }
        progress("calibrating on \(calibration.count) of \(train.count) training windows")
        let provenance = provenanceText(checkpoint, splitSummary: data.plan.summary, command: o.commandLine)
        var q = try ExportPipeline.quantize(
            model: float, calibrationWindows: calibration, hop: o.hop, provenance: provenance)
        q.decision = o.decision
        let bytes = ModelFileWriter.write(q)
        // Float and fixed point are compared on the held-out test part; on a final fit, or a split whose
        // test part is too short for one window, on the dev part; with neither, on the training windows
        // (their agreement still checks the quantization; their accuracy says nothing).
        var scoredPart: SplitPart = strategy.holdsOutTest ? .test : .dev
        for fallback in [SplitPart.dev, .train] where fallback != scoredPart && data.windows(scoredPart).isEmpty {
            progress(
                "no \(scoredPart.rawValue) windows in split '\(data.plan.summary)': float and fixed point are compared "
                    + "on the \(fallback.rawValue) part" + (fallback == .train ? " (agreement only, not accuracy)" : "")
            )
            scoredPart = fallback
        }
        let test = data.windows(scoredPart)
        guard test.count > 0 else {
            throw ExportError.checkpoint(
                "split '\(data.plan.summary)' of \(source): no \(scoredPart.rawValue) windows to compare float and fixed point on"
            )
        }
        progress("evaluating float and fixed point on \(test.count) \(scoredPart.rawValue) windows")
        let fixed = try FixedPointClassifier(bytes: bytes, name: o.output.lastPathComponent)
        let (classifier, _) = try Classifier.load(from: o.checkpoint, threads: 2)
        let normalized = test.normalized(
            by: Normalization(offset: checkpoint.preprocessing.offset, scale: checkpoint.preprocessing.scale))
        let pFloat = classifier.predict(inputs: normalized.inputs)
        let pFixed = try fixed.pLeft(test)
        var parity = Parity()
        var sum = 0.0
        for i in 0..<test.count {
            let label = test.labels[i] >= 0.5
            let a = Double(pFloat[i])
            let b = Double(pFixed[i])
            parity.windows += 1
            if (a >= 0.5) == label { parity.floatCorrect += 1 }
            if (b >= 0.5) == label { parity.fixedCorrect += 1 }
            if (a >= 0.5) == (b >= 0.5) { parity.agreements += 1 }
            parity.maxAbsDifference = max(parity.maxAbsDifference, abs(a - b))
            sum += abs(a - b)
        }
        parity.meanAbsDifference = test.count == 0 ? 0 : sum / Double(test.count)
        parity.stillDisagreements = fixed.stillDisagreements
        let (arena, compactArena) = try bytes.withUnsafeBytes { raw in
            let m = try ModelFile(bytes: raw)
            return (
                try StreamingClassifier.arenaByteCount(for: m, hop: Int32(o.hop)),
                try StreamingClassifier.arenaByteCount(for: m, hop: Int32(o.hop), memory: .compact)
            )
        }
        let report = Report(
            checkpoint: checkpoint, quantized: q, bytes: bytes, splitName: splitName,
            splitSummary: data.plan.summary, trainWindows: train.count,
            calibrationWindows: calibration.count, test: parity, scoredPart: scoredPart, arenaBytes: arena,
            compactArenaBytes: compactArena,
            decisionMACs: decisionMACs(q.architecture))
        try Data(bytes).write(to: o.output, options: .atomic)
        let card = ModelCard.markdown(report, output: o.output, commandLine: o.commandLine)
        try Data(card.utf8).write(to: o.output.deletingPathExtension().appendingPathExtension("md"), options: .atomic)
        return report
    }

    /// MACs of one streaming decision: T recurrent GRU steps plus the recomputed edges.
    public static func decisionMACs(_ a: ModelArchitecture) -> Int64 {
        let h = Int64(a.hidden)
        var edges: Int64 = 0
        var left = 0
        var right = 0
        for l in 0..<Int(a.convCount) {
            let taps = Int64(a.convKernel[l]) * Int64(a.channels(enteringLayer: l)) * Int64(a.convFilters[l])
            left = (left + Int(a.padLeft(l)) + 1) / 2
            right = (right + Int(a.padRight(l)) + 1) / 2
            edges += Int64(2 * (left + right)) * taps
        }
        edges += Int64(left + right) * 3 * h * Int64(a.featureChannels)
        return Int64(a.steps) * 3 * h * h + edges + h
    }

    /// The text stored in a `.dmm`'s `provenance` tensor; its `data:` lines are read back by `dataFiles(inProvenance:)`.
    public static func provenanceText(_ c: Checkpoint, splitSummary: String, command: String) -> String {
        var lines = [
            "exported by: \(command)", "split: \(c.provenance.split) (\(splitSummary))",
            "trained: seed \(c.training.seed), epochs \(c.training.epochs), best epoch \(c.training.bestEpoch.map(String.init) ?? "-")"
        ]
        if let cmd = c.provenance.command { lines.append("training command: \(cmd)") }
        for f in c.provenance.files {
            lines.append(
                "data: \(f.path) \(f.bytes)\(dataMark)\(f.sha256)\(f.label.map { " " + $0 } ?? "")\(f.role.map { " " + $0 } ?? "")"
            )
        }
        return lines.joined(separator: "\n")
    }

    static let dataMark = " bytes sha256 "

    /// The recordings listed by `provenanceText`'s `data: PATH BYTES bytes sha256 HASH [left|right] [ROLE]` lines.
    public static func dataFiles(inProvenance text: String) -> [ProvenanceRecord.DataFile] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("data: "), let mark = line.range(of: dataMark) else { return nil }
            let head = line[line.index(line.startIndex, offsetBy: 6)..<mark.lowerBound]
            guard let space = head.lastIndex(of: " "), let bytes = Int(head[head.index(after: space)...]) else {
                return nil
            }
            var tail = line[mark.upperBound...].split(separator: " ").map(String.init)
            guard !tail.isEmpty else { return nil }
            let sha256 = tail.removeFirst()
            let label = tail.first.flatMap { $0 == "left" || $0 == "right" ? $0 : nil }
            if label != nil { tail.removeFirst() }
            return .init(path: String(head[..<space]), bytes: bytes, sha256: sha256, label: label, role: tail.first)
        }
    }
}
