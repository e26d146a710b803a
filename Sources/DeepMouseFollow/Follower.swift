import DeepMouseCore
import DeepMouseMotion

/// A setting to change: `device` (one of the devices the setting covers) becomes left-handed or
/// right-handed, by running `command`.
public struct Switch: Equatable, Sendable {
    public var device: FollowedDevice
    public var hand: Hand
    public var command: FollowCommand
    /// True: left-handed buttons (a left hand on the device).
    public var leftHanded: Bool { hand == .left }
}

/// Turns the daemon's stream into the switches to make, one line at a time; runs nothing itself.
///
/// - A `left` hand line asks for left-handed buttons on its device, `right` for right-handed;
///   `unknown` (the pointer is idle) keeps the last setting.
/// - A setting (`Desktop.target`: a GNOME key per kind, a sway or X11 device) is changed once
///   per change of hand: a repeated hand, or a hand equal to what was applied, runs nothing.
/// - A change waits while any device of that setting holds a button (a `buttons` `down` line
///   without its `up`); at the `up` it is made, with the latest hand asked for, or dropped when
///   that is what is already applied.
/// - Devices are known from their `added` lines: a hand for a device never added is ignored
///   (`ignoredHands` counts them). `removed` forgets the device and its held buttons.
public struct Follower {
    public let desktop: Desktop
    private struct DeviceState {
        var device: FollowedDevice
        var buttonsHeld = false
    }
    private struct TargetState {
        var applied: Hand?
        /// The hand asked for while a button was held, and the device that asked.
        var pending: (hand: Hand, device: FollowedDevice)?
    }
    private var devices: [String: DeviceState] = [:]
    private var targets: [String: TargetState] = [:]
    /// Hand lines ignored because their device had no `added` line, and the last such device.
    public private(set) var ignoredHands = 0
    public private(set) var lastIgnoredDevice: String?

    public init(desktop: Desktop) { self.desktop = desktop }

    /// The switches `line` calls for, in order (none, or one; a release may free several settings).
    public mutating func take(_ line: StreamLine) -> [Switch] {
        switch line {
        case .deviceAdded(let device):
            devices[device.path] = DeviceState(device: device)
            return flush()
        case .deviceRemoved(let path):
            devices[path] = nil
            for key in targets.keys where targets[key]!.pending?.device.path == path { targets[key]!.pending = nil }
            return flush()
        case .buttons(let path, let held):
            guard devices[path] != nil else { return [] }
            devices[path]!.buttonsHeld = held
            return held ? [] : flush()
        case .hand(let path, let state):
            guard let d = devices[path] else {
                ignoredHands += 1
                lastIgnoredDevice = path
                return []
            }
            guard let hand = state.hand else { return [] }  // unknown keeps the last setting
            let target = desktop.target(for: d.device)
            var t = targets[target] ?? TargetState()
            if held(target) {
                t.pending = t.applied == hand ? nil : (hand, d.device)
                targets[target] = t
                return []
            }
            t.pending = nil
            guard t.applied != hand else {
                targets[target] = t
                return []
            }
            t.applied = hand
            targets[target] = t
            return [switchTo(hand, d.device)]
        case .other:
            return []
        }
    }

    /// The stream's writer restarted (a new daemon): its devices are announced again, what was
    /// applied stays applied, changes waiting for a release are dropped.
    public mutating func writerRestarted() {
        devices = [:]
        for key in targets.keys { targets[key]!.pending = nil }
    }

    /// Marks a switch as not made (its command failed): the next hand line asking for it tries again.
    public mutating func failed(_ s: Switch) {
        let target = desktop.target(for: s.device)
        if targets[target]?.applied == s.hand { targets[target]!.applied = nil }
    }

    private func held(_ target: String) -> Bool {
        devices.values.contains { $0.buttonsHeld && desktop.target(for: $0.device) == target }
    }

    /// The pending changes whose buttons are all up now, in target order (deterministic).
    private mutating func flush() -> [Switch] {
        var made: [Switch] = []
        for key in targets.keys.sorted() {
            guard let pending = targets[key]!.pending, !held(key) else { continue }
            targets[key]!.pending = nil
            if targets[key]!.applied != pending.hand {
                targets[key]!.applied = pending.hand
                made.append(switchTo(pending.hand, pending.device))
            }
        }
        return made
    }

    private func switchTo(_ hand: Hand, _ device: FollowedDevice) -> Switch {
        Switch(device: device, hand: hand, command: desktop.command(for: device, leftHanded: hand == .left))
    }
}
