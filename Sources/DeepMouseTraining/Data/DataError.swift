import DeepMouseCore
import Foundation

/// Everything that can be wrong with recordings, manifests and datasets, each case naming the
/// file (and line or field) so the user can fix the input. Never a crash, never a silent 50%.
public enum DataError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case unreadable(file: String, reason: String)
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
        case .unwritable(let file, let reason):
            return "\(file): cannot write: \(reason)"
        case .malformedLine(let file, let line, let text, let reason):
            return "\(file):\(line): \(reason): '\(DataError.clip(text))'"
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

    private static func clip(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}
