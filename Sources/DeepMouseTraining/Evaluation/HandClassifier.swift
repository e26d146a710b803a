import DeepMouseCore

/// Anything that gives `p_left` for windows of raw motion (in the model's unit, not normalised):
/// the float checkpoint now, the fixed-point `.dmm` engine later. Each classifier applies its
/// own stored preprocessing, so evaluation cannot feed a model numbers it was not trained on.
public protocol HandClassifier {
    /// The window the model was trained on (W samples).
    var window: Int { get }
    /// The unit the model expects its input in.
    var unit: MotionUnit { get }
    /// The no-motion filter threshold the model was trained with.
    var stillThreshold: Float { get }
    /// True when the model reads moving samples only (its windows are cut from streams without
    /// still samples; see `WindowingParameters.movingSamplesOnly`).
    var movingSamplesOnly: Bool { get }
    /// A short description for reports ("float checkpoint m.dmcheckpoint.json, conv3 gru128").
    var summary: String { get }

    /// The recordings the model was trained on, as its provenance lists them (empty when unknown), so that an
    /// evaluation can say when it scores a model on its own training data.
    var trainingRecordings: [ProvenanceRecord.DataFile] { get }
    /// The split the model was trained on, when its provenance says (nil when unknown).
    var trainingSplit: SplitStrategy? { get }

    /// `p_left` per window, in order.  // (N, W, 2) raw -> (N)
    func pLeft(_ windows: WindowSet) throws -> [Float]
}

extension HandClassifier {
    public var trainingRecordings: [ProvenanceRecord.DataFile] { [] }
    public var trainingSplit: SplitStrategy? { nil }

    /// Those of `evaluated` whose content the model saw in training, so that scores on them are not a test.
    /// `wholeRecordings`: the evaluation reads them whole, so any part trained on counts (role containing "train");
    /// else it reads the test part of `split`, and recordings the model had no test part of count, as do files the
    /// model was split by time on (role "train+dev+test") when `split`'s test part starts earlier in each file than
    /// the model's did (both known: `SplitStrategy.testStartFraction`).
    public func trainedOn(_ evaluated: [RecordingSource], wholeRecordings: Bool, split: SplitStrategy? = nil)
        -> [RecordingSource]
    {
        let earlierTest = split?.testStartsEarlier(than: trainingSplit) ?? false
        let seen = Set(
            trainingRecordings.filter {
                let role = $0.role ?? "train"
                if wholeRecordings { return role.contains("train") }
                return !role.contains("test") || (earlierTest && role.contains("train"))
            }.map(\.sha256))
        return evaluated.filter { seen.contains($0.sha256) }
    }
}
