import CLibudev
import CLinux

/// Copies a NUL-terminated C string into bytes (setup paths only: allocates).
@inline(__always)
func cStringBytes(_ p: UnsafePointer<CChar>?) -> [UInt8]? {
    guard let p else { return nil }
    var q = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
    var out: [UInt8] = []
    while q.pointee != 0 {
        out.append(q.pointee)
        q += 1
    }
    return out
}

/// A libudev context (`struct udev`). Owned: call `close()`.
public struct Udev {
    let handle: OpaquePointer

    /// `udev_new()`; nil when libudev cannot start (no /sys?).
    public init?() {
        guard let h = udev_new() else { return nil }
        handle = h
    }

    public func close() { udev_unref(handle) }

    /// The device `subsystem`/`sysname` (e.g. input/event5) as udev knows it now.
    public func device(subsystem: StaticString, sysname: [UInt8]) -> UdevDevice? {
        let name = sysname.map { CChar(bitPattern: $0) } + [0]
        let found: OpaquePointer? = name.withUnsafeBufferPointer { n in
            udev_device_new_from_subsystem_sysname(
                handle, UnsafeRawPointer(subsystem.utf8Start).assumingMemoryBound(to: CChar.self),
                n.baseAddress)
        }
        guard let found else { return nil }
        defer { udev_device_unref(found) }
        return UdevDevice(found)
    }

    /// The device whose character node `path` is (links followed: `stat(2)`'s st_rdev), as udev
    /// knows it; nil when `path` is not a character device or udev does not know it.
    public func device(node path: String) -> UdevDevice? {
        guard let s = try? withCPath(path, { (p) throws(Errno) in try Syscalls.statFollowing(p) }),
            deepmouse_is_char_device(s.st_mode) != 0,
            let found = udev_device_new_from_devnum(handle, CChar(UInt8(ascii: "c")), s.st_rdev)
        else { return nil }
        defer { udev_device_unref(found) }
        return UdevDevice(found)
    }

    /// The input event nodes (`/sys/class/input/event*`) known to udev (or to sysfs).
    public func enumerateEventDevices() -> [UdevDevice] {
        guard let e = udev_enumerate_new(handle) else { return [] }
        defer { udev_enumerate_unref(e) }
        udev_enumerate_add_match_subsystem(e, "input")
        udev_enumerate_add_match_sysname(e, "event*")
        udev_enumerate_scan_devices(e)
        var out: [UdevDevice] = []
        var entry = udev_enumerate_get_list_entry(e)
        while let current = entry {
            if let syspath = udev_list_entry_get_name(current),
                let dev = udev_device_new_from_syspath(handle, syspath)
            {
                out.append(UdevDevice(dev))
                udev_device_unref(dev)
            }
            entry = udev_list_entry_get_next(current)
        }
        return out
    }
}

/// What udev says about one device node, copied out of libudev (setup only).
public struct UdevDevice: Sendable {
    /// `/dev/input/eventN`, when the device has a node.
    public var devnode: [UInt8]?
    /// `/devices/...` (under `/sys`).
    public var devpath: [UInt8]
    /// `add`, `remove`, ... for monitor events; nil for enumerated devices.
    public var action: [UInt8]?
    /// True when udevd has processed the device (umockdev coldplug devices are not).
    public var isInitialized: Bool
    /// The udev properties we classify by (nil when absent).
    public var idInput: Bool
    public var idInputTouchpad: Bool
    public var idInputMouse: Bool
    public var idInputPointingStick: Bool
    public var idInputKeyboard: Bool

    init(_ dev: OpaquePointer) {
        devnode = cStringBytes(udev_device_get_devnode(dev))
        devpath = cStringBytes(udev_device_get_devpath(dev)) ?? []
        action = cStringBytes(udev_device_get_action(dev))
        isInitialized = udev_device_get_is_initialized(dev) == 1
        func flag(_ name: StaticString) -> Bool {
            guard
                let v = udev_device_get_property_value(
                    dev, UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self))
            else { return false }
            return v.pointee == CChar(UInt8(ascii: "1"))
        }
        idInput = flag("ID_INPUT")
        idInputTouchpad = flag("ID_INPUT_TOUCHPAD")
        idInputMouse = flag("ID_INPUT_MOUSE")
        idInputPointingStick = flag("ID_INPUT_POINTINGSTICK")
        idInputKeyboard = flag("ID_INPUT_KEYBOARD")
    }

    /// Builds a record by hand (tests, `--device`).
    public init(
        devnode: [UInt8]?, devpath: [UInt8], action: [UInt8]? = nil, isInitialized: Bool = false,
        idInput: Bool = false, touchpad: Bool = false, mouse: Bool = false, pointingStick: Bool = false,
        keyboard: Bool = false
    ) {
        self.devnode = devnode
        self.devpath = devpath
        self.action = action
        self.isInitialized = isInitialized
        self.idInput = idInput
        idInputTouchpad = touchpad
        idInputMouse = mouse
        idInputPointingStick = pointingStick
        idInputKeyboard = keyboard
    }

    /// True for devices created by software (uinput, ...): `/devices/virtual/...`.
    public var isVirtual: Bool { devpath.starts(with: Array("/devices/virtual/".utf8)) }
}

/// A udev monitor for input devices: hotplug add/remove events on a pollable descriptor.
public struct UdevMonitor {
    let handle: OpaquePointer
    public let descriptor: FileDescriptor
    /// `udev` (events processed by udevd, with properties) or `kernel` (raw, boards without udevd).
    public let source: StaticString

    /// Listens to udevd's events when udevd runs (`/run/udev/control` exists), else to the
    /// kernel's raw uevents.
    public init?(udev: Udev, preferKernel: Bool) {
        let source: StaticString = preferKernel ? "kernel" : "udev"
        guard
            let m = udev_monitor_new_from_netlink(
                udev.handle, UnsafeRawPointer(source.utf8Start).assumingMemoryBound(to: CChar.self))
        else { return nil }
        udev_monitor_filter_add_match_subsystem_devtype(m, "input", nil)
        guard udev_monitor_enable_receiving(m) == 0 else {
            udev_monitor_unref(m)
            return nil
        }
        let fd = udev_monitor_get_fd(m)
        handle = m
        descriptor = FileDescriptor(rawValue: fd)
        self.source = source
        try? descriptor.setNonBlocking(true)
    }

    /// The next queued event for an `event*` node, or nil when none is queued.
    public func receive() -> UdevDevice? {
        while let dev = udev_monitor_receive_device(handle) {
            defer { udev_device_unref(dev) }
            let d = UdevDevice(dev)
            if let node = d.devnode, node.starts(with: Array("/dev/input/event".utf8)) { return d }
        }
        return nil
    }

    public func close() { udev_monitor_unref(handle) }
}
