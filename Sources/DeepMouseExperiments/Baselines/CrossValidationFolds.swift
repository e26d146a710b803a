import DeepMouseCore
import DeepMouseTraining

/// Cross-validation folds of a set of training windows that never put neighbouring windows of
/// one recording on both sides: by session (leave one left/right session pair out) when the
/// windows come from at least two sessions with both hands, otherwise by time-contiguous
/// blocks of each recording (block k of every file is fold k).
public struct CrossValidationFolds: Sendable, Equatable {
    /// How the folds were made, for reports.
    public var summary: String
    /// The fold of each window.  // (N)
    public var assignment: [Int]
    public var count: Int

    public init(summary: String, assignment: [Int], count: Int) {
        self.summary = summary
        self.assignment = assignment
        self.count = count
    }

    /// Folds for `windows` cut from `dataset`; `blocks` time blocks when sessions cannot be used.
    public static func byRecording(_ windows: WindowSet, dataset: Dataset, blocks: Int = 4) -> CrossValidationFolds {
        let sessionOf = windows.references.map { dataset.recordings[$0.recording].metadata.session }
        var handsPerSession: [String: Set<Hand>] = [:]
        for (i, s) in sessionOf.enumerated() {
            if let s { handsPerSession[s, default: []].insert(windows.hand(i)) }
        }
        let usable = handsPerSession.filter { $0.value.count == 2 }.keys.sorted()
        if usable.count >= 2, sessionOf.allSatisfy({ $0 != nil && usable.contains($0!) }) {
            let index = Dictionary(uniqueKeysWithValues: usable.enumerated().map { ($1, $0) })
            return CrossValidationFolds(
                summary: "leave one session out (sessions \(usable.joined(separator: ",")))",
                assignment: sessionOf.map { index[$0!]! }, count: usable.count)
        }
        var span: [Int: (Int, Int)] = [:]
        for r in windows.references {
            let end = r.start + windows.window
            span[r.recording] = span[r.recording].map { (min($0.0, r.start), max($0.1, end)) } ?? (r.start, end)
        }
        let assignment = windows.references.map { r -> Int in
            let (lo, hi) = span[r.recording]!
            let middle = Double(r.start - lo) + Double(windows.window) / 2
            return min(blocks - 1, Int(Double(blocks) * middle / Double(max(1, hi - lo))))
        }
        return CrossValidationFolds(
            summary: "\(blocks) time-contiguous blocks per recording", assignment: assignment, count: blocks)
    }

    /// (train, held-out) window indices of fold `k`.
    public func indices(fold k: Int) -> (train: [Int], heldOut: [Int]) {
        var train: [Int] = []
        var heldOut: [Int] = []
        for (i, f) in assignment.enumerated() { if f == k { heldOut.append(i) } else { train.append(i) } }
        return (train, heldOut)
    }
}
