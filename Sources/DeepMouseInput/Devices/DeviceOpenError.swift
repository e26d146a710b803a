import CLinux
import DeepMouseCore
import DeepMouseMotion

/// Why a device could not be opened, with what a person can do about it.
public struct DeviceOpenError: Error, Sendable {
    /// What failed, with the errno that says why.
    public enum Reason: Sendable {
        /// open(2) failed (EACCES: the user is not in the device's group).
        case open(Errno)
        /// libevdev could not read the device's capabilities (not an evdev node?).
        case libevdev(Errno)
        /// The pipe that hands libevdev whole events could not be made (EMFILE: out of descriptors).
        case pipe(Errno)
        /// It is not a touchpad, mouse or pointing stick.
        case notAPointingDevice
        /// It reports keyboard keys (only read when pinned with `--device`).
        case reportsKeyboardKeys
    }
    public var reason: Reason
    /// The group owning the node, when known (for EACCES).
    public var groupName: [UInt8]

    public init(reason: Reason, groupName: [UInt8] = []) {
        self.reason = reason
        self.groupName = groupName
    }

    /// Writes a one-line explanation (without the path).
    public func write<Sink: ByteSink>(to sink: inout Sink) {
        switch reason {
        case .open(let e):
            e.write(to: &sink)
            if e == .permissionDenied || e == .notPermitted {
                sink.append(" (the daemon needs read access to input devices: add its user to the '")
                if groupName.isEmpty { sink.append("input") } else { sink.append(contentsOf: groupName) }
                sink.append("' group, e.g. usermod -aG ")
                if groupName.isEmpty { sink.append("input") } else { sink.append(contentsOf: groupName) }
                sink.append(" USER, then log in again; no root needed)")
            }
        case .libevdev(let e):
            sink.append("not an evdev device: libevdev: ")
            e.write(to: &sink)
        case .pipe(let e):
            sink.append("cannot make the pipe the device is read through: ")
            e.write(to: &sink)
        case .notAPointingDevice:
            sink.append("not a touchpad, mouse or pointing stick")
        case .reportsKeyboardKeys:
            sink.append(
                "it also reports keyboard keys; not opened automatically (pin it with --device to use it: key events other than pointer buttons are ignored)"
            )
        }
    }

    /// The group owning `path` (for the EACCES hint), or empty.
    static func groupOwning(_ path: String) -> [UInt8] {
        guard let s = try? withCPath(path, { (p) throws(Errno) in try Syscalls.lstat(p) }),
            let group = getgrgid(s.st_gid), let name = group.pointee.gr_name
        else { return [] }
        var out: [UInt8] = []
        var p = UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self)
        while p.pointee != 0 {
            out.append(p.pointee)
            p += 1
        }
        return out
    }
}
