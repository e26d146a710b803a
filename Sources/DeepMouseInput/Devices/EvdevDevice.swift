import CLibevdev
import CLinux
import DeepMouseMotion

/// Why reading stopped.
public enum ReadOutcome: Equatable, Sendable {
    /// Everything queued was read (EAGAIN).
    case drained
    /// The device is gone (ENODEV) or failed: drop it.
    case failed(Errno)
}

/// An open evdev device read through libevdev: never grabbed, non-blocking, CLOCK_MONOTONIC
/// timestamps where the kernel allows.
///
/// Whole events only: the node is read here, and libevdev reads the whole events of each read
/// from a private pipe (its ioctls, and its resync after SYN_DROPPED, still go to the node). The
/// kernel's evdev never returns part of an event, but an emulated node can: umockdev's is a pty,
/// whose line discipline holds 4095 bytes, so a reader that falls 170 events behind reads 170
/// events and 15 bytes of the next. libevdev rejects such a read with EINVAL, having consumed it,
/// and every later read starts mid-event. Here the bytes of a partial event are kept and
/// completed by the next read, so nothing is lost and the stream stays aligned.
///
/// An emulated node can also lose a byte: umockdev 0.17 writes an event whose first byte is 0x20
/// (seconds = 32 mod 256) one byte short. So each event is checked before libevdev sees it
/// (microseconds below a second, seconds below 2^40, a type and code the device has). One that
/// fails is tried as an event missing its first byte, the low byte of its seconds: 0x20, or the
/// second of the event before or the next one (`repairedEvents`); failing that, bytes are skipped
/// one at a time until an event starts (`skippedBytes`). The stream is realigned and the device
/// kept. Events of the kernel's evdev always pass the check.
///
/// Security: only pointing devices are opened (`DevicePolicy`), and key events other than
/// pointer buttons and touch state (`KeyCode.isPointerStateKey`) are discarded right here, before
/// their value is looked at, so the daemon can never act as a keylogger.
public struct EvdevDevice {
    /// The device node, e.g. `/dev/input/event5`.
    public let path: [UInt8]
    public let descriptor: FileDescriptor
    /// Capabilities, axes and ids, as libevdev reports them.
    public let description: DeviceDescription
    /// True when event timestamps are on CLOCK_MONOTONIC (`libevdev_set_clock_id` succeeded).
    public let monotonicTimestamps: Bool
    /// Why the clock could not be set (when `monotonicTimestamps` is false).
    public let clockError: Errno?
    private let handle: OpaquePointer
    /// libevdev's input: each read's whole events are written to `feed.write`, libevdev reads
    /// `feed.read` (except while it resyncs, when it has the node).
    private let feed: (read: FileDescriptor, write: FileDescriptor)
    /// One read of the node: `EvdevDevice.chunkBytes` plus room for the partial event carried over.
    private let chunk: UnsafeMutableRawPointer
    /// The checked events of one read, as written to the pipe (twice `chunkBytes`: completed
    /// events take one byte more than they came with).
    private let staged: UnsafeMutableRawPointer
    /// Bytes of a partial event kept at the start of `chunk`, completed by the next read.
    private var carried = 0
    private var syncing = false
    /// Bytes of an event as the kernel writes it.
    static let eventBytes = MemoryLayout<input_event>.size
    /// Whole events per read of the node: fewer than libevdev's queue holds (256 at least), so one
    /// read of the pipe by libevdev always empties it.
    static let chunkBytes = 64 * eventBytes
    /// Key events discarded because they were not pointer buttons or touch state.
    public private(set) var discardedKeyEvents: Int = 0
    /// Bytes skipped to realign the stream on whole events (0 for a kernel evdev node).
    public private(set) var skippedBytes: Int = 0
    /// Events that arrived without their first byte and were completed (0 for a kernel evdev node).
    public private(set) var repairedEvents: Int = 0
    /// Grows whenever the stream was realigned (skipped bytes plus completed events).
    public var realignments: Int { skippedBytes &+ repairedEvents }
    /// The time of the last event handed to libevdev (seconds, microseconds; -1 before the first).
    private var lastTime: (seconds: Int64, microseconds: Int64) = (-1, 0)

    /// Opens `path` read-only and non-blocking and reads its description through libevdev.
    public static func open(path: String) throws(DeviceOpenError) -> EvdevDevice {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK)
        } catch {
            throw DeviceOpenError(reason: .open(error), groupName: DeviceOpenError.groupOwning(path))
        }
        var dev: OpaquePointer?
        let rc = libevdev_new_from_fd(fd.rawValue, &dev)
        guard rc == 0, let dev else {
            try? fd.close()
            throw DeviceOpenError(reason: .libevdev(Errno(rawValue: -rc)))
        }
        let clockRC = libevdev_set_clock_id(dev, CLOCK_MONOTONIC)
        let feed: (read: FileDescriptor, write: FileDescriptor)
        do { feed = try FileDescriptor.nonBlockingPipe() } catch {
            libevdev_free(dev)
            try? fd.close()
            throw DeviceOpenError(reason: .pipe(error))
        }
        _ = libevdev_change_fd(dev, feed.read.rawValue)
        return EvdevDevice(
            path: Array(path.utf8), descriptor: fd, description: EvdevDevice.describe(dev),
            monotonicTimestamps: clockRC == 0, clockError: clockRC == 0 ? nil : Errno(rawValue: -clockRC),
            handle: dev, feed: feed)
    }

    private init(
        path: [UInt8], descriptor: FileDescriptor, description: DeviceDescription,
        monotonicTimestamps: Bool, clockError: Errno?, handle: OpaquePointer,
        feed: (read: FileDescriptor, write: FileDescriptor)
    ) {
        self.path = path
        self.descriptor = descriptor
        self.description = description
        self.monotonicTimestamps = monotonicTimestamps
        self.clockError = clockError
        self.handle = handle
        self.feed = feed
        chunk = UnsafeMutableRawPointer.allocate(
            byteCount: EvdevDevice.chunkBytes + EvdevDevice.eventBytes, alignment: MemoryLayout<input_event>.alignment)
        staged = UnsafeMutableRawPointer.allocate(
            byteCount: 2 * EvdevDevice.chunkBytes, alignment: MemoryLayout<input_event>.alignment)
    }

    /// Frees libevdev's state and the read buffer, and closes the descriptors.
    public func close() {
        libevdev_free(handle)
        chunk.deallocate()
        staged.deallocate()
        try? feed.read.close()
        try? feed.write.close()
        try? descriptor.close()
    }

    /// Reads every queued event and hands each to `body`; SYN_DROPPED becomes `.resync` followed
    /// by libevdev's sync events. A read that ends inside an event keeps its bytes for the next
    /// one. Allocation-free.
    public mutating func read(_ body: (DeviceInput) -> Void) -> ReadOutcome {
        while true {
            if let error = readLibevdev(body) { return .failed(error) }
            let n: Int
            do {
                n = try descriptor.read(
                    into: UnsafeMutableRawBufferPointer(start: chunk + carried, count: EvdevDevice.chunkBytes))
            } catch {
                return error == .wouldBlock ? .drained : .failed(error)
            }
            if n == 0 { return .drained }  // end of file (an emulated node whose writer left)
            // Whole plausible events are staged (`kept` bytes); what follows the last whole event
            // is carried over to the next read.
            let total = carried + n
            let size = EvdevDevice.eventBytes
            var kept = 0
            var at = 0
            while at + size <= total {
                var ev = UnsafeRawPointer(chunk + at).loadUnaligned(as: input_event.self)
                let plausible = isPlausible(&ev)
                if plausible && followsLastSecond(&ev) {
                    at += size
                } else if let repaired = withoutFirstByte(chunk + at, next: chunk + at + size - 1, end: chunk + total) {
                    ev = repaired
                    at += size - 1
                    repairedEvents &+= 1
                } else if plausible {
                    at += size  // a real pause, or a clock step
                } else {
                    at += 1
                    skippedBytes &+= 1
                    continue
                }
                (staged + kept).storeBytes(of: ev, as: input_event.self)
                kept += size
                lastTime = (deepmouse_event_seconds(&ev), deepmouse_event_microseconds(&ev))
            }
            do {
                // The pipe is empty here (libevdev read all of it), and a chunk fits in it.
                if try feed.write.write(UnsafeRawBufferPointer(start: staged, count: kept)) != kept {
                    return .failed(.ioError)
                }
            } catch {
                return .failed(error)
            }
            carried = total - at
            if carried > 0 { chunk.copyMemory(from: chunk + at, byteCount: carried) }
        }
    }

    /// The event whose last `eventBytes - 1` bytes are at `p`, when its first byte (the low byte of
    /// its seconds) can be restored: the event is then plausible, not older than the last one, and
    /// followed by the end of the data, a plausible event or another one that can be restored so.
    private func withoutFirstByte(
        _ p: UnsafeMutableRawPointer, next: UnsafeMutableRawPointer, end: UnsafeMutableRawPointer
    ) -> input_event? {
        guard let ev = restoringFirstByte(p) else { return nil }
        if next + EvdevDevice.eventBytes <= end {
            var following = UnsafeRawPointer(next).loadUnaligned(as: input_event.self)
            guard isPlausible(&following) || restoringFirstByte(next) != nil else { return nil }
        }
        return ev
    }

    /// The event of `withoutFirstByte` without the look at what follows. The missing byte is tried
    /// as 0x20 first (the byte umockdev drops), then as the low byte of the last event's second and
    /// of the next second; the event must not be older than the last one.
    private func restoringFirstByte(_ p: UnsafeMutableRawPointer) -> input_event? {
        guard lastTime.seconds >= 0 else { return nil }
        var candidate = 0
        while candidate < 3 {
            defer { candidate += 1 }
            let low = candidate == 0 ? 0x20 : UInt8(truncatingIfNeeded: lastTime.seconds + Int64(candidate - 1))
            var ev = input_event()
            withUnsafeMutableBytes(of: &ev) { bytes in
                bytes[0] = low
                UnsafeMutableRawBufferPointer(rebasing: bytes[1...]).copyMemory(
                    from: UnsafeRawBufferPointer(start: p, count: EvdevDevice.eventBytes - 1))
            }
            let s = deepmouse_event_seconds(&ev)
            let us = deepmouse_event_microseconds(&ev)
            let notOlder = s > lastTime.seconds || (s == lastTime.seconds && us >= lastTime.microseconds)
            if notOlder && s <= lastTime.seconds + (1 << 20) && isPlausible(&ev) { return ev }
        }
        return nil
    }

    /// True when `ev` is in the second of the last event or the next (or is the first): a later or
    /// earlier one is still taken when it is plausible and cannot be read as an event missing a byte.
    private func followsLastSecond(_ ev: inout input_event) -> Bool {
        let s = deepmouse_event_seconds(&ev)
        return lastTime.seconds < 0 || (s >= lastTime.seconds && s <= lastTime.seconds + 1)
    }

    /// True when `ev` can be an event of this device: microseconds below a second, seconds in
    /// [0, 2^40), and EV_SYN up to SYN_DROPPED or a type and code the device has.
    private func isPlausible(_ ev: inout input_event) -> Bool {
        let microseconds = deepmouse_event_microseconds(&ev)
        let seconds = deepmouse_event_seconds(&ev)
        guard microseconds >= 0 && microseconds < 1_000_000 && seconds >= 0 && seconds < 1 << 40 else { return false }
        if ev.type == UInt16(EV_SYN) { return ev.code <= UInt16(SYN_DROPPED) }
        return libevdev_has_event_code(handle, UInt32(ev.type), UInt32(ev.code)) == 1
    }

    /// Hands `body` the events libevdev has or can read from the pipe; nil once it has none.
    private mutating func readLibevdev(_ body: (DeviceInput) -> Void) -> Errno? {
        var ev = input_event()
        while true {
            let flags = syncing ? LIBEVDEV_READ_FLAG_SYNC.rawValue : LIBEVDEV_READ_FLAG_NORMAL.rawValue
            let rc = libevdev_next_event(handle, flags, &ev)
            if rc == -EAGAIN {
                if syncing {
                    // Resynced: libevdev drained the node's queue, so the partial event kept from
                    // before the drop is stale; back to the pipe.
                    syncing = false
                    carried = 0
                    _ = libevdev_change_fd(handle, feed.read.rawValue)
                    continue
                }
                return nil
            }
            if rc == Int32(LIBEVDEV_READ_STATUS_SYNC.rawValue) {
                if !syncing {
                    // libevdev resyncs on its next call: it drains the node and asks it for its state.
                    syncing = true
                    _ = libevdev_change_fd(handle, descriptor.rawValue)
                    body(.resync)  // ev is the SYN_DROPPED itself: not forwarded
                    continue
                }
            } else if rc != Int32(LIBEVDEV_READ_STATUS_SUCCESS.rawValue) {
                return Errno(rawValue: -rc)
            }
            if ev.type == UInt16(EV_KEY) && !KeyCode.isPointerStateKey(ev.code) {
                discardedKeyEvents &+= 1
                continue
            }
            body(.event(InputEvent(time: deepmouse_event_time_us(&ev), type: ev.type, code: ev.code, value: ev.value)))
        }
    }

    /// Reads name, ids, properties, capability bits and axes from libevdev.
    static func describe(_ dev: OpaquePointer) -> DeviceDescription {
        var d = DeviceDescription()
        if let name = libevdev_get_name(dev) {
            var p = UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self)
            var bytes: [UInt8] = []
            while p.pointee != 0 {
                bytes.append(p.pointee)
                p += 1
            }
            d.nameBytes = bytes
        }
        d.id = InputID(
            bustype: UInt16(truncatingIfNeeded: libevdev_get_id_bustype(dev)),
            vendor: UInt16(truncatingIfNeeded: libevdev_get_id_vendor(dev)),
            product: UInt16(truncatingIfNeeded: libevdev_get_id_product(dev)),
            version: UInt16(truncatingIfNeeded: libevdev_get_id_version(dev)))
        for p in 0...UInt32(InputProperty.max) where libevdev_has_property(dev, p) == 1 {
            d.properties.insert(UInt16(p))
        }
        for type in 0...UInt32(EventType.max) where libevdev_has_event_type(dev, type) == 1 {
            d.enable(type: EventType.syn, code: UInt16(type))
            let codes = d.capabilities[Int(type)].capacity
            for code in 0..<UInt32(codes) where libevdev_has_event_code(dev, type, code) == 1 {
                d.enable(type: UInt16(type), code: UInt16(code))
            }
        }
        for code in 0...UInt32(AbsCode.max) where libevdev_has_event_code(dev, UInt32(EV_ABS), code) == 1 {
            if let info = libevdev_get_abs_info(dev, code) {
                let a = info.pointee
                d.setAbsAxis(
                    AbsAxis(
                        code: UInt16(code), minimum: a.minimum, maximum: a.maximum, fuzz: a.fuzz,
                        flat: a.flat, resolution: a.resolution, value: a.value))
            }
        }
        return d
    }
}
