import CLinux

/// Watches /dev/input with inotify: a second hotplug source that needs no netlink.
///
/// The systemd unit runs the daemon with PrivateNetwork=yes, in its own network namespace,
/// where the kernel's and udevd's netlink broadcasts never arrive; /dev is still visible, so
/// nodes that appear (IN_CREATE, and IN_ATTRIB when udev fixes their group) or vanish
/// (IN_DELETE) are seen here. Duplicates with the udev monitor are harmless (the daemon opens a
/// path once).
public struct DeviceDirectoryWatch {
    public let descriptor: FileDescriptor
    public let directory: [UInt8]

    /// What happened to an `event*` node.
    public enum Change {
        case appeared([UInt8])
        case vanished([UInt8])
    }

    public init?(directory: String = "/dev/input") {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_CREATE | IN_ATTRIB | IN_DELETE | IN_MOVED_TO)
        guard inotify_add_watch(fd, directory, mask) >= 0 else {
            CLinux.close(fd)
            return nil
        }
        descriptor = FileDescriptor(rawValue: fd)
        self.directory = Array(directory.utf8)
    }

    /// Calls `body` with every queued change of an `event*` node (full path).
    public func drain(_ body: (Change) -> Void) {
        var buffer = InlineArray<4096, UInt8>(repeating: 0)
        while true {
            let n = withUnsafeMutableBytes(of: &buffer) { raw in
                (try? descriptor.read(into: raw)) ?? -1
            }
            guard n > 0 else { return }
            withUnsafeBytes(of: &buffer) { raw in
                var offset = 0
                let header = MemoryLayout<inotify_event>.size
                while offset + header <= n {
                    let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    var name: [UInt8] = []
                    var i = offset + header
                    while i < offset + header + length && i < n && raw[i] != 0 {
                        name.append(raw[i])
                        i += 1
                    }
                    offset += header + length
                    guard name.starts(with: Array("event".utf8)) else { continue }
                    let path = directory + [UInt8(ascii: "/")] + name
                    if mask & UInt32(IN_DELETE) != 0 { body(.vanished(path)) } else { body(.appeared(path)) }
                }
            }
        }
    }

    public func close() { try? descriptor.close() }
}
