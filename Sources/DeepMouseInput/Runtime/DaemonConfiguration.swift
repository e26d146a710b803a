import DeepMouseCore

/// Everything `deepmoused` was told on its command line.
public struct DaemonConfiguration: Sendable {
    /// Where lines go.
    public enum Output: Equatable, Sendable {
        case standardOutput
        case fifo(path: String)

        /// Paths compare as bytes, as the kernel compares them (the synthesized == would apply
        /// Unicode equivalence, and link Unicode tables into the embedded daemon).
        public static func == (a: Output, b: Output) -> Bool {
            switch (a, b) {
            case (.standardOutput, .standardOutput): return true
            case let (.fifo(x), .fifo(y)): return x.utf8.elementsEqual(y.utf8)
            default: return false
            }
        }
    }

    /// The model used when `--model` is not given (relative to the working directory, as `make run` uses it).
    public static let defaultModelPath = "firmware-models/touchpad.dmm"

    public var modelPath: String = DaemonConfiguration.defaultModelPath
    /// `--device PATH`: read only this device (and accept it even if it also reports keys).
    public var devicePath: String?
    public var output: Output = .standardOutput
    public var format: OutputFormat = .json
    /// `--px-per-mm G`: touchpad millimetres to the px unit of the shipped models.
    public var pixelsPerMillimetre: Double = UnitMapping.defaultPixelsPerMillimetre
    /// `--px-per-count G`: mouse counts to px.
    public var pixelsPerCount: Double = 1
    /// `--replay FILE`: drive the pipeline from an evemu recording instead of devices.
    public var replayPath: String?
    /// `--decisions`: also print every per-hop decision.
    public var printDecisions = false
    /// `--motion`: also print every non-empty 100 Hz cell.
    public var printMotion = false
    public var decisionParameters = DecisionParameters()
    /// `--hop N`: samples between decisions (default: the model's).
    public var hop: Int32?
    /// Devices read at the same time (each has its own classifier arena, allocated at startup).
    public var maximumDevices = 4
    /// `--fifo-mode`: permissions of a FIFO the daemon creates.
    public var fifoPermissions: UInt32 = 0o600

    public init() {}
}
