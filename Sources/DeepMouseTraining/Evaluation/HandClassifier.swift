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

    /// `p_left` per window, in order.  // (N, W, 2) raw -> (N)
    func pLeft(_ windows: WindowSet) throws -> [Float]
}

extension HandClassifier {
    public var trainingRecordings: [ProvenanceRecord.DataFile] { [] }

    /// Those of `evaluated` whose content the model saw in training, so that scores on them are not a test.
    /// `wholeRecordings`: the evaluation reads them whole, so any part trained on counts (role containing "train");
    /// else it reads a split's test part, and only recordings the model had no test part of count (a file the model
    /// was split by time on, role "train+dev+test", is taken to be split the same way).
    public func trainedOn(_ evaluated: [RecordingSource], wholeRecordings: Bool) -> [RecordingSource] {
        let seen = Set(trainingRecordings.filter {
            let role = $0.role ?? "train"
            return wholeRecordings ? role.contains("train") : !role.contains("test")
        }.map(\.sha256))
        return evaluated.filter { seen.contains($0.sha256) }
    }
}
