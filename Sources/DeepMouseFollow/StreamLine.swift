import DeepMouseCore
import DeepMouseMotion
import Foundation

/// A pointing device as the daemon's `device` line (`"event":"added"`) describes it.
public struct FollowedDevice: Equatable, Sendable {
    /// The `device` field: the event node (`/dev/input/event5`), or the recording for `--replay`.
    public var path: String
    /// The kernel's device name.
    public var name: String
    /// The kernel's vendor and product ids (absent in lines of daemons older than the `vendor` field).
    public var vendor: Int?
    public var product: Int?
    public var kind: DeviceKind

    public init(path: String, name: String, vendor: Int? = nil, product: Int? = nil, kind: DeviceKind) {
        self.path = path
        self.name = name
        self.vendor = vendor
        self.product = product
        self.kind = kind
    }
}

/// One line of the daemon's JSON Lines stream, as far as following the hand needs it
/// (`LineFormatter` in DeepMouseDaemon writes them; `deepmoused --help`, OUTPUT, documents them).
public enum StreamLine: Equatable, Sendable {
    case deviceAdded(FollowedDevice)
    case deviceRemoved(path: String)
    case hand(path: String, HandState)
    /// Some pointer button is held (`true`), or every button is up again.
    case buttons(path: String, held: Bool)
    /// Any other line type (`decision`, `motion`, and types added later): not needed here.
    case other

    /// Why a line cannot be read.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not a JSON object (`--format text` output, or not the daemon's stream at all).
        case notJSON
        /// A field the line type needs is missing or has the wrong type or value.
        case badField(type: String, field: String)

        public var description: String {
            switch self {
            case .notJSON:
                return "not a JSON object (deepmouse-follow reads deepmoused's JSON Lines: --format json, the default)"
            case .badField(let type, let field):
                return "a '\(type)' line without a valid '\(field)' field"
            }
        }
    }

    /// Parses one line (without its newline).
    public static func parse(_ line: some DataProtocol) throws(Failure) -> StreamLine {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            throw .notJSON
        }
        guard let type = object["type"] as? String else { throw .badField(type: "?", field: "type") }
        func string(_ field: String) throws(Failure) -> String {
            guard let s = object[field] as? String else { throw .badField(type: type, field: field) }
            return s
        }
        switch type {
        case "hand":
            let path = try string("device")
            let name = try string("hand")
            guard let hand = [HandState.left, .right, .unknown].first(where: { "\($0.name)" == name }) else {
                throw .badField(type: type, field: "hand")
            }
            return .hand(path: path, hand)
        case "buttons":
            let path = try string("device")
            switch try string("state") {
            case "down": return .buttons(path: path, held: true)
            case "up": return .buttons(path: path, held: false)
            default: throw .badField(type: type, field: "state")
            }
        case "device":
            let path = try string("device")
            switch try string("event") {
            case "removed":
                return .deviceRemoved(path: path)
            case "added":
                let label = try string("kind")
                guard let kind = [DeviceKind.touchpad, .mouse, .pointingStick].first(where: { "\($0.label)" == label })
                else { throw .badField(type: type, field: "kind") }
                return .deviceAdded(
                    FollowedDevice(
                        path: path, name: try string("name"), vendor: object["vendor"] as? Int,
                        product: object["product"] as? Int, kind: kind))
            default:
                return .other
            }
        default:
            return .other
        }
    }
}
