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

    /// `p_left` per window, in order.  // (N, W, 2) raw -> (N)
    func pLeft(_ windows: WindowSet) throws -> [Float]
}
