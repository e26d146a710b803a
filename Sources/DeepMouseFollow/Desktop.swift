import DeepMouseMotion

/// A program to run: its argv (no shell ever sees it) and the environment entries it gets on top
/// of the follower's own.
public struct FollowCommand: Equatable, Sendable {
    public var arguments: [String]
    public var environment: [(name: String, value: String)]

    public init(_ arguments: [String], environment: [(name: String, value: String)] = []) {
        self.arguments = arguments
        self.environment = environment
    }

    public static func == (a: FollowCommand, b: FollowCommand) -> Bool {
        a.arguments == b.arguments && a.environment.elementsEqual(b.environment, by: { $0 == $1 })
    }
}

/// Where the hand is applied, and the command that sets a device's buttons left- or right-handed.
///
/// Mapping: a left hand on the device means left-handed buttons (the primary button is the one
/// under the left hand's index finger, the right button of a mouse); a right hand means
/// right-handed buttons.
public enum Desktop: Equatable, Sendable {
    /// GNOME (mutter): `gsettings set org.gnome.desktop.peripherals.mouse left-handed true|false`,
    /// `... .touchpad left-handed left|right` (the touchpad key is an enum, not a boolean). One
    /// setting per kind: every mouse (pointing sticks included) shares the mouse key.
    case gnome
    /// sway: `swaymsg input VENDOR:PRODUCT:NAME left_handed enabled|disabled`, per device.
    case sway
    /// X11 with the libinput driver: `xinput set-prop pointer:NAME "libinput Left Handed Enabled" 1|0`.
    case x11
    /// Any program: `PROGRAM ARG... HAND KIND DEVICE NAME`, with `DEEPMOUSE_HAND`,
    /// `DEEPMOUSE_LEFT_HANDED` (1 or 0), `DEEPMOUSE_KIND`, `DEEPMOUSE_DEVICE`, `DEEPMOUSE_NAME` set.
    case exec(program: String, arguments: [String])

    /// What one setting covers: devices with the same target share one setting, and a change
    /// waits until none of them holds a button.
    public func target(for device: FollowedDevice) -> String {
        switch self {
        case .gnome: return gnomeSchema(device.kind)
        case .sway: return Desktop.swayIdentifier(device)
        case .x11: return "pointer:" + device.name
        case .exec: return device.path
        }
    }

    /// The command that makes `device` left-handed (`leftHanded`) or right-handed.
    public func command(for device: FollowedDevice, leftHanded: Bool) -> FollowCommand {
        switch self {
        case .gnome:
            let value = device.kind == .touchpad ? (leftHanded ? "left" : "right") : (leftHanded ? "true" : "false")
            return FollowCommand(["gsettings", "set", gnomeSchema(device.kind), "left-handed", value])
        case .sway:
            return FollowCommand([
                "swaymsg", "input", Desktop.swayIdentifier(device), "left_handed", leftHanded ? "enabled" : "disabled"
            ])
        case .x11:
            return FollowCommand([
                "xinput", "set-prop", "pointer:" + device.name, "libinput Left Handed Enabled", leftHanded ? "1" : "0"
            ])
        case .exec(let program, let arguments):
            let hand = leftHanded ? "left" : "right"
            let kind = "\(device.kind.label)"
            return FollowCommand(
                [program] + arguments + [hand, kind, device.path, device.name],
                environment: [
                    ("DEEPMOUSE_HAND", hand), ("DEEPMOUSE_LEFT_HANDED", leftHanded ? "1" : "0"),
                    ("DEEPMOUSE_KIND", kind), ("DEEPMOUSE_DEVICE", device.path), ("DEEPMOUSE_NAME", device.name)
                ])
        }
    }

    private func gnomeSchema(_ kind: DeviceKind) -> String {
        kind == .touchpad ? "org.gnome.desktop.peripherals.touchpad" : "org.gnome.desktop.peripherals.mouse"
    }

    /// sway's identifier, `vendor:product:name` (decimal ids; in the name, blanks and unprintable
    /// bytes, every byte of a non-ASCII character included, become `_`, as sway does). swaymsg joins its arguments into one command that sway
    /// parses again (`;` and `,` separate commands there, quotes group), so a name with any
    /// character outside letters, digits and `_ - + . / : ( ) @` is never passed: the device is then
    /// named by its type, `type:touchpad` or `type:pointer` (every device of that type), and so is
    /// one whose ids are unknown.
    public static func swayIdentifier(_ device: FollowedDevice) -> String {
        let byType = device.kind == .touchpad ? "type:touchpad" : "type:pointer"
        guard let vendor = device.vendor, let product = device.product else { return byType }
        var name = ""
        for byte in device.name.trimmingBlanks.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte == 0x20 || byte < 0x20 || byte >= 0x7f {
                name.append("_")  // sway: ' ' and !isprint() (every byte of a non-ASCII character)
            } else if c.isLetter || c.isNumber || "_-+./:()@".contains(c) {
                name.append(c)
            } else {
                return byType
            }
        }
        return "\(vendor):\(product):\(name)"
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
