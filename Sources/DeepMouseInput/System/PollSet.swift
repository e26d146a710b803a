import CLinux

/// A fixed set of descriptors for `poll(2)`: the devices, the udev monitor, the timer and the
/// signals. Storage is inline (no allocation per iteration).
public struct PollSet {
    /// The most descriptors one loop watches.
    public static let capacity = 16

    private var entries = InlineArray<16, pollfd>(repeating: pollfd(fd: -1, events: 0, revents: 0))
    /// Slots in use (`0 ..< count`).
    public private(set) var count = 0

    public init() {}

    /// Adds `fd` for readability; returns its slot, or nil when full.
    public mutating func add(_ fd: FileDescriptor) -> Int? {
        guard count < PollSet.capacity else { return nil }
        entries[count] = pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)
        count += 1
        return count - 1
    }

    /// Removes `fd` (the last slot moves into its place).
    public mutating func remove(_ fd: FileDescriptor) {
        var i = 0
        while i < count {
            if entries[i].fd == fd.rawValue {
                entries[i] = entries[count - 1]
                count -= 1
                return
            }
            i += 1
        }
    }

    /// Waits until a descriptor is ready (`timeoutMilliseconds` -1: forever). Returns the number
    /// of ready descriptors (0 on timeout).
    public mutating func wait(timeoutMilliseconds: Int32 = -1) throws(Errno) -> Int32 {
        let n = count
        var i = 0
        while i < n {
            entries[i].revents = 0
            i += 1
        }
        return try withUnsafeMutableBytes(of: &entries) { (raw) throws(Errno) in
            try Syscalls.poll(raw.baseAddress!.assumingMemoryBound(to: pollfd.self), n, timeoutMilliseconds)
        }
    }

    /// True when `fd` was reported readable, hung up or in error by the last `wait`.
    public func isReady(_ fd: FileDescriptor) -> Bool {
        var i = 0
        while i < count {
            if entries[i].fd == fd.rawValue { return entries[i].revents != 0 }
            i += 1
        }
        return false
    }
}
