import DeepMouseCore
import DeepMouseMotion
import Glibc

/// The live daemon: finds pointing devices (udev, with a capability fallback), follows hotplug,
/// reads evdev through libevdev, and runs one `HandPipeline` per device from a single poll loop
/// over the device descriptors, the udev monitor, a CLOCK_MONOTONIC timerfd (absolute 10 ms
/// deadlines) and a signalfd (SIGINT/SIGTERM: clean exit).
public struct Daemon {
    private let config: DaemonConfiguration
    private let model: LoadedModel
    private var arenas: [UnsafeMutableRawBufferPointer] = []
    private var slots: [DeviceSlot?] = []
    /// The line emitter, at a fixed address (the pipelines write through it while the daemon
    /// itself is being mutated).
    private let emitter: UnsafeMutablePointer<LineEmitter>
    private var poll = PollSet()
    private let timer: TimerFD
    private let signals: SignalFD
    private var udev: Udev?
    private var monitor: UdevMonitor?
    private var watch: DeviceDirectoryWatch?
    private var timerArmed = false
    private var stop = false

    /// Runs until SIGINT/SIGTERM (or stdout closes); returns the exit status.
    public static func run(_ config: DaemonConfiguration) -> Int32 {
        let model: LoadedModel
        do { model = try LoadedModel.load(path: config.modelPath, hop: config.hop) } catch {
            Log.line { l in
                l.append("model "); l.append(contentsOf: Array(config.modelPath.utf8)); l.append(": ")
                error.write(to: &l)
            }
            if case .file = error { return ExitCode.noInput }
            return ExitCode.dataError
        }
        var sink = OutputSink.standardOutput
        if case .fifo(let path) = config.output {
            do { sink = try OutputSink.fifo(path: path, now: MonotonicClock.now()) } catch {
                Log.line { l in l.append("output "); l.append(contentsOf: Array(path.utf8)); l.append(": "); error.write(to: &l) }
                return ExitCode.cannotCreate
            }
        }
        let timer: TimerFD
        let signals: SignalFD
        do {
            timer = try TimerFD()
            signals = try SignalFD()
        } catch {
            Log.line { l in l.append("cannot set up timerfd/signalfd: "); error.write(to: &l) }
            return ExitCode.osError
        }
        var daemon = Daemon(config: config, model: model, timer: timer, signals: signals,
                            emitter: LineEmitter(format: config.format, sink: sink, printDecisions: config.printDecisions,
                                                 printMotion: config.printMotion))
        let status = daemon.loop()
        daemon.shutdown()
        return status
    }

    private init(config: DaemonConfiguration, model: LoadedModel, timer: TimerFD, signals: SignalFD, emitter: LineEmitter) {
        self.config = config
        self.model = model
        self.timer = timer
        self.signals = signals
        self.emitter = UnsafeMutablePointer<LineEmitter>.allocate(capacity: 1)
        self.emitter.initialize(to: emitter)
        let n = max(1, min(config.maximumDevices, PollSet.capacity - 3))
        for _ in 0 ..< n {
            arenas.append(UnsafeMutableRawBufferPointer.allocate(byteCount: model.arenaByteCount, alignment: 16))
            slots.append(nil)
        }
    }

    private mutating func loop() -> Int32 {
        _ = poll.add(signals.descriptor)
        _ = poll.add(timer.descriptor)
        udev = Udev()
        if let udev {
            // udevd rebroadcasts processed events on the "udev" group; without it, listen to the kernel.
            let udevd = access("/run/udev/control", F_OK) == 0
            monitor = UdevMonitor(udev: udev, preferKernel: !udevd)
            if let monitor { _ = poll.add(monitor.descriptor) }
        }
        watch = DeviceDirectoryWatch()
        if let watch { _ = poll.add(watch.descriptor) }
        Log.line { l in
            l.append("model "); l.append(contentsOf: Array(config.modelPath.utf8))
            l.append(": window "); l.append(decimal: Int64(model.model.architecture.window))
            l.append(" samples at 100 Hz, input unit ")
            switch model.model.architecture.inputUnit {
            case .px: l.append("px (touchpad gain "); l.append(fixed: Int64(config.pixelsPerMillimetre * 1000), decimals: 3); l.append(" px/mm)")
            case .mm: l.append("mm")
            case .counts: l.append("counts")
            }
            l.append("; hotplug: ")
            if let monitor { l.append(monitor.source); l.append(" events") } else { l.append("no udev monitor") }
            l.append(watch != nil ? " + inotify on /dev/input" : "")
        }
        if let pinned = config.devicePath {
            if !open(path: pinned, udevKind: nil, classifiedByUdev: false, pinned: true) {
                if case .some = slots.firstIndex(where: { $0 != nil }) {} else if access(pinned, F_OK) == 0 {
                    return lastOpenStatus
                }
                Log.line { l in l.append(contentsOf: Array(pinned.utf8)); l.append(": waiting for the device to appear") }
            }
        } else {
            scan()
            if slots.allSatisfy({ $0 == nil }) { Log.line { $0.append("no pointing device yet; waiting for one") } }
        }
        armTimer(now: MonotonicClock.now())

        while !stop {
            do { _ = try poll.wait() } catch {
                Log.line { l in l.append("poll: "); error.write(to: &l) }
                return ExitCode.osError
            }
            if poll.isReady(signals.descriptor), signals.take() != nil { break }
            if let monitor, poll.isReady(monitor.descriptor) { hotplug(monitor) }
            if let watch, poll.isReady(watch.descriptor) { nodesChanged(watch) }
            if poll.isReady(timer.descriptor) {
                _ = try? timer.acknowledge()
                timerArmed = false
            }
            tick()
            if emitter.pointee.sink.standardOutputClosed { break }
        }
        return ExitCode.success
    }

    /// Reads every device, closes finished cells, re-arms the timer.
    private mutating func tick() {
        let now = MonotonicClock.now()
        emitter.pointee.now = now
        var i = 0
        while i < slots.count {
            if slots[i] != nil {
                if case .failed(let error) = slots[i]!.drain(into: emitter) {
                    if error == .noSuchDevice || !reopen(slot: i, after: error) {
                        remove(slot: i, reason: error == .noSuchDevice ? "unplugged" : "read error")
                    }
                } else {
                    slots[i]!.advance(now: now, emitter: emitter)
                }
            }
            i += 1
        }
        if emitter.pointee.sink.poll(now: now) { repeatState(now: now) }
        armTimer(now: now)
    }

    /// Arms the timer for the next cell boundary (+1 ms), or lets it sleep when every device is
    /// saturated idle (no finger, window all still): events wake the loop instead.
    private mutating func armTimer(now: Int64) {
        var needed = false
        var fifoWaiting = false
        if case .fifo = config.output, !emitter.pointee.sink.fifoConnected { fifoWaiting = true }
        var i = 0
        while i < slots.count {
            if let s = slots[i], !s.pipeline.isSaturatedIdle { needed = true }
            i += 1
        }
        let cell = MotionGrid.cellMicroseconds
        if needed {
            let deadline = (MotionGrid.cell(containing: now) + 1) * cell + 1_000
            try? timer.arm(at: deadline)
            timerArmed = true
        } else if fifoWaiting {
            try? timer.arm(at: now + 500_000)  // keep retrying the FIFO
            timerArmed = true
        } else if timerArmed {
            try? timer.disarm()
            timerArmed = false
        }
    }

    /// A reader just connected to the FIFO: tell it the current hand of every device.
    private mutating func repeatState(now: Int64) {
        var i = 0
        while i < slots.count {
            if let s = slots[i] {
                emitter.pointee.hand(s.pipeline.hand, pLeftQ15: 16_384, time: now, device: s.device.path)
            }
            i += 1
        }
    }

    // MARK: devices

    private var lastOpenStatus: Int32 = ExitCode.success

    /// Enumerates the input devices and opens every pointing device.
    private mutating func scan() {
        guard let udev else { return }
        for u in udev.enumerateEventDevices() { consider(u) }
    }

    private mutating func consider(_ u: UdevDevice) {
        guard let node = u.devnode else { return }
        let path = String(decoding: node, as: UTF8.self)
        if let pinned = config.devicePath {
            if path == pinned { _ = open(path: path, udevKind: nil, classifiedByUdev: false, pinned: true) }
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

    private mutating func hotplug(_ monitor: UdevMonitor) {
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
    private mutating func nodesChanged(_ watch: DeviceDirectoryWatch) {
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
    private mutating func open(path: String, udevKind: DeviceKind?, classifiedByUdev: Bool, pinned: Bool) -> Bool {
        let pathBytes = Array(path.utf8)
        if slots.contains(where: { $0?.device.path == pathBytes }) { return true }
        guard let free = slots.firstIndex(where: { $0 == nil }) else {
            Log.line { l in l.append(contentsOf: pathBytes); l.append(": ignored, already reading the maximum number of devices") }
            return false
        }
        var device: EvdevDevice
        do { device = try EvdevDevice.open(path: path) } catch {
            // Not worth a line for devices we only probed, unless it is a permission problem.
            if pinned || udevKind != nil || isPermission(error) {
                Log.line { l in l.append(contentsOf: pathBytes); l.append(": "); error.write(to: &l) }
            }
            lastOpenStatus = isPermission(error) ? ExitCode.noPermission : ExitCode.noInput
            return false
        }
        let kind: DeviceKind
        switch DevicePolicy.check(device.description, udevKind: udevKind, pinned: pinned) {
        case .success(let k): kind = k
        case .failure(let error):
            if pinned || udevKind != nil || error.isKeyboardRefusal {
                Log.line { l in l.append(contentsOf: pathBytes); l.append(": "); error.write(to: &l) }
            }
            device.close()
            lastOpenStatus = ExitCode.dataError
            return false
        }
        let source = TouchTracker(device: device.description).source
        let mapping: UnitMapping
        do {
            mapping = try UnitMapping.forDevice(device.description, source: source, modelUnit: model.model.architecture.inputUnit,
                                                pixelsPerMillimetre: config.pixelsPerMillimetre,
                                                pixelsPerCount: config.pixelsPerCount)
        } catch {
            Log.line { l in l.append(contentsOf: pathBytes); l.append(": the model's input unit does not fit this device; ignored") }
            device.close()
            return false
        }
        var pipeline: HandPipeline
        do {
            pipeline = try HandPipeline(device: device.description, model: model.model, arena: arenas[free], mapping: mapping,
                                        decisionParameters: config.decisionParameters, hop: config.hop)
        } catch {
            Log.line { l in l.append("model: "); error.write(to: &l) }
            device.close()
            return false
        }
        let now = MonotonicClock.now()
        pipeline.start(at: now)
        let monotonic = device.monotonicTimestamps
        slots[free] = DeviceSlot(device: device, pipeline: pipeline, clock: EventClock(isMonotonic: monotonic),
                                 margin: monotonic ? 1_000 : 5_000)
        _ = poll.add(device.descriptor)
        let facts = LineFormatter.DeviceFacts(path: pathBytes, description: device.description, kind: kind, source: source,
                                              classifiedByUdev: classifiedByUdev, clock: monotonic ? "monotonic" : "converted")
        Log.line { l in
            l.append(contentsOf: pathBytes); l.append(": "); l.append(kind.label); l.append(" \"")
            l.append(contentsOf: device.description.nameBytes)
            l.append(classifiedByUdev ? "\" (classified by udev)" : "\" (classified by capabilities)")
            if let u = facts.unitsPerMillimetre {
                l.append(", "); l.append(decimal: Int64(u.x)); l.append(" x "); l.append(decimal: Int64(u.y))
                l.append(facts.resolutionGuessed ? " units/mm (guessed: the kernel reports no resolution)" : " units/mm")
            }
            if monotonic {
                l.append(", timestamps on CLOCK_MONOTONIC")
            } else {
                l.append(", timestamps converted to CLOCK_MONOTONIC (libevdev_set_clock_id failed: ")
                device.clockError?.write(to: &l)
                l.append(")")
            }
        }
        emitter.pointee.now = now
        emitter.pointee.deviceAdded(facts, time: now)
        armTimer(now: now)
        return true
    }

    /// A read failed with something other than ENODEV (e.g. EIO, or EINVAL when a read returned
    /// a partial event, as umockdev's replay socket can): the stream may be misaligned, so the
    /// node is opened again and the pipeline continues after a touch break. At most once per
    /// second per device; otherwise the device is dropped (hotplug can bring it back).
    private mutating func reopen(slot i: Int, after error: Errno) -> Bool {
        guard var s = slots[i] else { return false }
        let now = MonotonicClock.now()
        let path = s.device.path
        Log.line { l in l.append(contentsOf: path); l.append(": read failed ("); error.write(to: &l); l.append(")") }
        guard now - s.lastReopen >= 1_000_000,
              let fresh = try? EvdevDevice.open(path: String(decoding: path, as: UTF8.self)) else { return false }
        poll.remove(s.device.descriptor)
        s.device.close()
        s.device = fresh
        s.lastReopen = now
        s.reopenCount += 1
        var output = DeviceOutput(emitter: emitter, device: path)
        s.pipeline.process(.resync, output: &output)
        slots[i] = s
        _ = poll.add(fresh.descriptor)
        Log.line { l in l.append(contentsOf: path); l.append(": reopened") }
        return true
    }

    private func isPermission(_ e: DeviceOpenError) -> Bool {
        if case .open(let errno) = e.reason { return errno == .permissionDenied || errno == .notPermitted }
        return false
    }

    private mutating func remove(slot i: Int, reason: StaticString) {
        guard let s = slots[i] else { return }
        poll.remove(s.device.descriptor)
        s.device.close()
        slots[i] = nil
        let now = MonotonicClock.now()
        emitter.pointee.deviceRemoved(path: s.device.path, reason: reason, time: now)
        Log.line { l in l.append(contentsOf: s.device.path); l.append(": removed ("); l.append(reason); l.append(")") }
    }

    private mutating func shutdown() {
        var i = 0
        while i < slots.count {
            if let s = slots[i] { s.device.close() }
            slots[i] = nil
            i += 1
        }
        monitor?.close()
        watch?.close()
        udev?.close()
        timer.close()
        signals.close()
        emitter.pointee.sink.close()
        emitter.deinitialize(count: 1)
        emitter.deallocate()
    }
}

extension DeviceOpenError {
    /// True when the device was refused because it reports keyboard keys.
    public var isKeyboardRefusal: Bool {
        if case .reportsKeyboardKeys = reason { return true }
        return false
    }
}
