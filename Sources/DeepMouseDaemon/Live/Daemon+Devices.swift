import CLinux
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Device management of the live daemon: discovery, hotplug (udev monitor and inotify), opening
/// with the policy, reopening after a read error, removal.
extension Daemon {
    /// Enumerates the input devices and opens every pointing device.
    mutating func scan() {
        guard let udev else { return }
        for u in udev.enumerateEventDevices() { consider(u) }
    }

    mutating func consider(_ u: UdevDevice) {
        guard let node = u.devnode else { return }
        let path = String(decoding: node, as: UTF8.self)
        if let pinned = config.devicePath {
            // Paths are compared as bytes, as the kernel does (String's == applies Unicode
            // equivalence, which is wrong for paths and links Unicode tables into small builds).
            if path.utf8.elementsEqual(pinned.utf8) {
                _ = open(path: path, udevKind: nil, classifiedByUdev: false, pinned: true)
            }
            return
        }
        switch DevicePolicy.screen(u) {
        case .rejected:
            return
        case .pointer(let kind):
            _ = open(path: path, udevKind: kind, classifiedByUdev: true, pinned: false)
        case .probeCapabilities:
            _ = open(path: path, udevKind: nil, classifiedByUdev: false, pinned: false)
        }
    }

    mutating func hotplug(_ monitor: UdevMonitor) {
        while let u = monitor.receive() {
            guard let node = u.devnode, let action = u.action else { continue }
            if action == Array("remove".utf8) {
                var i = 0
                while i < slots.count {
                    if let s = slots[i], s.device.path == node {
                        remove(slot: i, reason: "unplugged")
                    }
                    i += 1
                }
            } else if action == Array("add".utf8) {
                consider(u)
            }
        }
    }

    /// /dev/input changed (the inotify source): look the node up in udev (sysfs and the udev
    /// database are readable even where netlink is not) and apply the same policy.
    mutating func nodesChanged(_ watch: DeviceDirectoryWatch) {
        var appeared: [[UInt8]] = []
        var vanished: [[UInt8]] = []
        watch.drain { change in
            switch change {
            case .appeared(let p): appeared.append(p)
            case .vanished(let p): vanished.append(p)
            }
        }
        for path in vanished {
            var i = 0
            while i < slots.count {
                if let s = slots[i], s.device.path == path { remove(slot: i, reason: "unplugged") }
                i += 1
            }
        }
        guard let udev else { return }
        for path in appeared where !slots.contains(where: { $0?.device.path == path }) {
            let sysname = Array(path.split(separator: UInt8(ascii: "/")).last ?? [])
            if let u = udev.device(subsystem: "input", sysname: sysname) { consider(u) }
        }
    }

    /// Opens and prepares one device; logs why when it is not used.
    mutating func open(path: String, udevKind: DeviceKind?, classifiedByUdev: Bool, pinned: Bool) -> Bool {
        let pathBytes = Array(path.utf8)
        if slots.contains(where: { $0?.device.path == pathBytes }) { return true }
        guard let free = slots.firstIndex(where: { $0 == nil }) else {
            Log.line { l in
                l.append(contentsOf: pathBytes)
                l.append(": ignored, already reading the maximum number of devices")
            }
            return false
        }
        // A pinned keyboard is refused from its udev record, before its node is ever opened.
        if pinned, let udev, let u = udev.device(node: path), let why = DevicePolicy.refusedBeforeOpening(u) {
            Log.line { l in
                l.append(terminalSafe: pathBytes)
                l.append(": ")
                l.append(why)
            }
            lastOpenStatus = ExitCode.dataError
            return false
        }
        var device: EvdevDevice
        do { device = try EvdevDevice.open(path: path) } catch {
            // Not worth a line for devices we only probed, unless it is a permission problem.
            if pinned || udevKind != nil || isPermission(error) {
                Log.line { l in
                    l.append(contentsOf: pathBytes)
                    l.append(": ")
                    error.write(to: &l)
                }
            }
            lastOpenStatus = isPermission(error) ? ExitCode.noPermission : ExitCode.noInput
            return false
        }
        let kind: DeviceKind
        switch DevicePolicy.check(device.description, udevKind: udevKind, pinned: pinned) {
        case .success(let k): kind = k
        case .failure(let error):
            if pinned || udevKind != nil || error.isKeyboardRefusal {
                Log.line { l in
                    l.append(contentsOf: pathBytes)
                    l.append(": ")
                    error.write(to: &l)
                }
            }
            device.close()
            lastOpenStatus = ExitCode.dataError
            return false
        }
        var pipeline: HandPipeline
        do {
            pipeline = try DevicePipeline.prepare(
                device: device.description, model: model.model, arena: arenas[free],
                settings: settings)
        } catch {
            Log.line { l in
                l.append(terminalSafe: pathBytes)
                l.append(": ")
                error.write(to: &l)
                l.append("; ignored")
            }
            device.close()
            return false
        }
        let source = pipeline.tracker.source
        let now = MonotonicClock.now()
        pipeline.start(at: now)
        let monotonic = device.monotonicTimestamps
        let facts = LineFormatter.DeviceFacts(
            path: pathBytes, description: device.description, kind: kind, source: source,
            classifiedByUdev: classifiedByUdev, clock: monotonic ? "monotonic" : "converted")
        slots[free] = DeviceSlot(
            device: device, pipeline: pipeline, clock: EventClock(isMonotonic: monotonic), facts: facts,
            margin: monotonic ? 1_000 : 5_000)
        _ = poll.add(device.descriptor)
        Log.line { l in
            l.append(contentsOf: pathBytes)
            l.append(": ")
            l.append(kind.label)
            l.append(" \"")
            l.append(contentsOf: device.description.nameBytes)
            l.append(classifiedByUdev ? "\" (classified by udev)" : "\" (classified by capabilities)")
            if let u = facts.unitsPerMillimetre {
                l.append(", ")
                l.append(decimal: Int64(u.x))
                l.append(" x ")
                l.append(decimal: Int64(u.y))
                l.append(
                    facts.resolutionGuessed ? " units/mm (guessed: the kernel reports no resolution)" : " units/mm")
            }
            if monotonic {
                l.append(", timestamps on CLOCK_MONOTONIC")
            } else {
                l.append(", timestamps converted to CLOCK_MONOTONIC (libevdev_set_clock_id failed: ")
                device.clockError?.write(to: &l)
                l.append(")")
            }
        }
        model.noteKindMismatch(path: pathBytes, kind: kind)
        emitter.pointee.now = now
        emitter.pointee.deviceAdded(facts, time: now)
        armTimer(now: now)
        return true
    }

    /// A read failed with something other than ENODEV (e.g. EIO; a read ending inside an event, as
    /// umockdev's pty gives, is completed by `EvdevDevice` and is no failure): the node is opened
    /// again and the pipeline continues after a touch break. At most once per second per device;
    /// otherwise the device is dropped (hotplug can bring it back).
    mutating func reopen(slot i: Int, after error: Errno) -> Bool {
        guard var s = slots[i] else { return false }
        let now = MonotonicClock.now()
        let path = s.device.path
        Log.line { l in
            l.append(contentsOf: path)
            l.append(": read failed (")
            error.write(to: &l)
            l.append(")")
        }
        guard now - s.lastReopen >= 1_000_000,
            let fresh = try? EvdevDevice.open(path: String(decoding: path, as: UTF8.self))
        else { return false }
        poll.remove(s.device.descriptor)
        s.device.close()
        s.device = fresh
        s.lastReopen = now
        s.reopenCount += 1
        var output = DeviceOutput(emitter: emitter, device: path)
        s.pipeline.process(.resync, output: &output)
        slots[i] = s
        _ = poll.add(fresh.descriptor)
        Log.line { l in
            l.append(contentsOf: path)
            l.append(": reopened")
        }
        return true
    }

    func isPermission(_ e: DeviceOpenError) -> Bool {
        if case .open(let errno) = e.reason { return errno == .permissionDenied || errno == .notPermitted }
        return false
    }

    mutating func remove(slot i: Int, reason: StaticString) {
        guard let s = slots[i] else { return }
        poll.remove(s.device.descriptor)
        s.device.close()
        slots[i] = nil
        let now = MonotonicClock.now()
        emitter.pointee.deviceRemoved(path: s.device.path, reason: reason, time: now)
        Log.line { l in
            l.append(contentsOf: s.device.path)
            l.append(": removed (")
            l.append(reason)
            l.append(")")
        }
    }
}
