import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Everything `deepmoused record` was told on its command line.
public struct RecordConfiguration: Sendable {
    /// `--hand left|right`: the label written into the recording.
    public var hand: [UInt8] = []
    /// `--device PATH`, or nil for `--device auto` (the first touchpad, else the first mouse).
    public var devicePath: String?
    /// `--duration`: stop after this long (microseconds); nil records until SIGINT/SIGTERM.
    public var duration: Int64?
    /// `-o FILE`.
    public var outputPath = ""
    /// `--force`: replace an existing FILE.
    public var replaceExisting = false
    /// `--person`, `--notes`: written as labels and into the manifest entry.
    public var person: [UInt8]?
    public var notes: [UInt8]?
    /// `--manifest FILE`: append a JSON Lines entry for the finished recording.
    public var manifestPath: String?
    /// `--idle-warning S`: warn when the pointer has not moved for this long (microseconds).
    public var idleWarning: Int64 = 5_000_000
    /// `--status-interval S`: seconds between status lines when stdout is not a terminal
    /// (a terminal gets one line updated in place).
    public var statusInterval: Int64 = 10_000_000
    /// `--gap-ms`: intervals above this are gaps in the statistics (microseconds).
    public var gapThreshold: Int64 = TimingStatistics.defaultGapThreshold
    /// The version written in the `recorder` label.
    public var recorderName: [UInt8] = Array("deepmoused".utf8)

    public init() {}
}

extension ExitCode {
    /// A write or read failed mid-run (disk full, device gone): what was recorded is kept.
    public static let ioError: Int32 = 74
}
