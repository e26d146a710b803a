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
    private var syncing = false
    /// Key events discarded because they were not pointer buttons or touch state.
    public private(set) var discardedKeyEvents: Int = 0

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
        return EvdevDevice(
            path: Array(path.utf8), descriptor: fd, description: EvdevDevice.describe(dev),
            monotonicTimestamps: clockRC == 0, clockError: clockRC == 0 ? nil : Errno(rawValue: -clockRC),
            handle: dev)
    }

    private init(
        path: [UInt8], descriptor: FileDescriptor, description: DeviceDescription,
        monotonicTimestamps: Bool, clockError: Errno?, handle: OpaquePointer
    ) {
        self.path = path
        self.descriptor = descriptor
        self.description = description
        self.monotonicTimestamps = monotonicTimestamps
        self.clockError = clockError
        self.handle = handle
    }

    /// Frees libevdev's state and closes the descriptor.
    public func close() {
        libevdev_free(handle)
        try? descriptor.close()
    }

    /// Reads every queued event and hands each to `body`; SYN_DROPPED becomes `.resync` followed
    /// by libevdev's sync events. Allocation-free.
    public mutating func read(_ body: (DeviceInput) -> Void) -> ReadOutcome {
        var ev = input_event()
        while true {
            let flags = syncing ? LIBEVDEV_READ_FLAG_SYNC.rawValue : LIBEVDEV_READ_FLAG_NORMAL.rawValue
            let rc = libevdev_next_event(handle, flags, &ev)
            if rc == -EAGAIN {
                if syncing {
                    syncing = false
                    continue
                }
                return .drained
            }
            if rc == Int32(LIBEVDEV_READ_STATUS_SYNC.rawValue) {
                if !syncing {
                    syncing = true
                    body(.resync)  // ev is the SYN_DROPPED itself: not forwarded
                    continue
                }
            } else if rc != Int32(LIBEVDEV_READ_STATUS_SUCCESS.rawValue) {
                return .failed(Errno(rawValue: -rc))
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
