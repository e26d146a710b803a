import DeepMouseCore
import Foundation

/// Everything that can be wrong with recordings, manifests and datasets, each case naming the
/// file (and line or field) so the user can fix the input. Never a crash, never a silent 50%.
public enum DataError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case unreadable(file: String, reason: String)
    /// The file was read but its content is unusable (a corrupt or truncated model: exit status 65).
    case malformedFile(file: String, reason: String)
    /// The file does not exist (exit status 66).
    case missing(file: String)
    /// The file exists but may not be read (exit status 77).
    case permissionDenied(file: String)
    /// The path is a folder, a FIFO or a device, not a regular file (`kind` says which).
    case notAFile(file: String, kind: String)
    case unwritable(file: String, reason: String)
    case malformedLine(file: String, line: Int, text: String, reason: String)
    case nonFiniteValue(file: String, line: Int, text: String)
    case valueTooLarge(file: String, line: Int, value: Double, limit: Double)
    case emptyRecording(file: String)
    case recordingTooShort(file: String, samples: Int, needed: Int)
    case unknownFormat(file: String)
    case mixedUnits(file: String, unit: MotionUnit, expected: MotionUnit)
    /// A recording in another unit than the model reads (e.g. a mouse's evemu counts for a px model).
    case unitNotModels(file: String, unit: MotionUnit, model: MotionUnit)
    case manifest(file: String, line: Int, field: String?, reason: String)
    case noRecordings(reason: String)
    case singleHand(present: Hand)
    case windowTooLong(window: Int, file: String, samples: Int)
    case split(reason: String)
    case noWindows(part: String, reason: String)
    case normalization(reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .malformedFile(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .missing(let file):
            return "\(file): no such file"
        case .permissionDenied(let file):
            return "\(file): permission denied (cannot read it)"
        case .notAFile(let file, let kind):
            return "\(file): is \(kind), not a file"
        case .unwritable(let file, let reason):
            return "\(file): cannot write: \(reason)"
        case .malformedLine(let file, let line, let text, let reason):
            return text.isEmpty ? "\(file):\(line): \(reason)" : "\(file):\(line): \(reason): '\(DataError.clip(text))'"
        case .nonFiniteValue(let file, let line, let text):
            return "\(file):\(line): value is not a finite number: '\(DataError.clip(text))'"
        case .valueTooLarge(let file, let line, let value, let limit):
            return "\(file):\(line): value \(value) is out of range (|value| must be <= \(limit))"
        case .emptyRecording(let file):
            return "\(file): recording is empty (no samples)"
        case .recordingTooShort(let file, let samples, let needed):
            return "\(file): recording has \(samples) motion samples, needs at least \(needed)"
        case .unknownFormat(let file):
            return "\(file): unknown recording format (expected legacy 'x,y' lines or an evemu recording)"
        case .mixedUnits(let file, let unit, let expected):
            return "\(file): motion unit '\(unit.description)' differs from the dataset's '\(expected.description)'"
        case .unitNotModels(let file, let unit, let model):
            return
                "\(file): motion unit '\(unit.description)' differs from the model's '\(model.description)' (only mm and counts are converted, to a px model)"
        case .manifest(let file, let line, let field, let reason):
            let at = field.map { " field '\($0)'" } ?? ""
            return "\(file):\(line):\(at) \(reason)"
        case .noRecordings(let reason):
            return "no recordings: \(reason)"
        case .singleHand(let present):
            let missing = present == .left ? Hand.right : Hand.left
            return
                "dataset has only \(present)-hand recordings; a classifier needs both hands (add \(missing)-hand recordings)"
        case .windowTooLong(let window, let file, let samples):
            return
                "\(file): window of \(window) samples is longer than the recording (\(samples) samples); use a smaller --window"
        case .split(let reason):
            return "split: \(reason)"
        case .noWindows(let part, let reason):
            return "no \(part) windows: \(reason)"
        case .normalization(let reason):
            return "normalisation: \(reason)"
        }
    }

    public var errorDescription: String? { description }

    /// The exit status for this error (sysexits.h, as `deepmoused`): 66 a missing file or one that
    /// is not a regular file, 77 permission denied, 74 another read error, 73 an output that cannot
    /// be written, 65 bad data.
    public var exitCode: Int32 {
        switch self {
        case .missing, .notAFile: return 66
        case .unreadable: return 74
        case .permissionDenied: return 77
        case .unwritable: return 73
        default: return 65
        }
    }

    private static func clip(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}
