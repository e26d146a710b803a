import DeepMouseCore

/// Several models as one `HandClassifier`: `p_left` is the mean of theirs. It answers "how good are these seeds
/// together?" (`deepmouse evaluate --model a --model b ...`), the figure a distillation student aims at, and checks
/// that the members read the same windows, so their probabilities may be averaged.
public final class EnsembleClassifier: HandClassifier {
    public let members: [any HandClassifier]

    /// Throws when the members differ in window, unit, no-motion threshold or moving-samples setting.
    public init(_ members: [any HandClassifier]) throws {
        precondition(!members.isEmpty, "an ensemble needs a member")
        let first = members[0]
        for m in members.dropFirst() {
            func refuse(_ field: String, _ a: String, _ b: String) -> EnsembleError {
                EnsembleError(member: m.summary, field: field, value: b, first: first.summary, expected: a)
            }
            if m.window != first.window { throw refuse("window", "\(first.window)", "\(m.window)") }
            if m.unit != first.unit { throw refuse("unit", first.unit.description, m.unit.description) }
            if m.stillThreshold != first.stillThreshold {
                throw refuse("no-motion threshold", "\(first.stillThreshold)", "\(m.stillThreshold)")
            }
            if m.movingSamplesOnly != first.movingSamplesOnly {
                throw refuse("moving-samples-only", "\(first.movingSamplesOnly)", "\(m.movingSamplesOnly)")
            }
        }
        self.members = members
    }

    public var window: Int { members[0].window }
    public var unit: MotionUnit { members[0].unit }
    public var stillThreshold: Float { members[0].stillThreshold }
    public var movingSamplesOnly: Bool { members[0].movingSamplesOnly }
    public var trainingRecordings: [ProvenanceRecord.DataFile] { members.flatMap(\.trainingRecordings) }
    /// The members' split when they share it (else nil: unknown).
    public var trainingSplit: SplitStrategy? {
        let first = members[0].trainingSplit
        return members.allSatisfy { $0.trainingSplit == first } ? first : nil
    }
    public var summary: String {
        "ensemble (mean p_left) of \(members.count): " + members.map(\.summary).joined(separator: "; ")
    }

    public func pLeft(_ windows: WindowSet) throws -> [Float] { try meanPLeft(windows).map { Float($0) } }

    /// The members' mean `p_left` per window, summed in Double (distillation targets are built from it).
    public func meanPLeft(_ windows: WindowSet) throws -> [Double] {
        var mean = [Double](repeating: 0, count: windows.count)
        for m in members {
            for (i, p) in try m.pLeft(windows).enumerated() { mean[i] += Double(p) / Double(members.count) }
        }
        return mean
    }
}

/// Two ensemble members that read different windows, named with the field that differs.
public struct EnsembleError: Error, Equatable, CustomStringConvertible {
    public var member: String, field: String, value: String, first: String, expected: String

    public var description: String {
        "\(member): \(field) \(value), but \(first) has \(expected): an ensemble's members must read the same windows"
    }
}
