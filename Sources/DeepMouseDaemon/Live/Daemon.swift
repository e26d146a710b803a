import CLinux
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// The live daemon: finds pointing devices (udev, with a capability fallback), follows hotplug,
/// reads evdev through libevdev, and runs one `HandPipeline` per device from a single poll loop
/// over the device descriptors, the udev monitor, a CLOCK_MONOTONIC timerfd (absolute 10 ms
/// deadlines) and a signalfd (SIGINT/SIGTERM: clean exit).
public struct Daemon {
    let config: DaemonConfiguration
    /// What each device's pipeline is prepared with.
    let settings: PipelineSettings
    let model: LoadedModel
    var arenas: [UnsafeMutableRawBufferPointer] = []
    var slots: [DeviceSlot?] = []
    /// The line emitter, at a fixed address (the pipelines write through it while the daemon
    /// itself is being mutated).
    let emitter: UnsafeMutablePointer<LineEmitter>
    var poll = PollSet()
    let timer: TimerFD
    let signals: SignalFD
    var udev: Udev?
    var monitor: UdevMonitor?
    var watch: DeviceDirectoryWatch?
    private var timerArmed = false
    var lastOpenStatus: Int32 = ExitCode.success
    private var stop = false

    /// Runs until SIGINT/SIGTERM (or stdout closes); returns the exit status.
    public static func run(_ config: DaemonConfiguration) -> Int32 {
        let setup: CommandSetup
        switch CommandSetup.prepare(config) {
        case .success(let s): setup = s
        case .failure(let status): return status.code
        }
        let timer: TimerFD
        let signals: SignalFD
        do {
            timer = try TimerFD()
            signals = try SignalFD()
        } catch {
            Log.line { l in
                l.append("cannot set up timerfd/signalfd: ")
                error.write(to: &l)
            }
            return ExitCode.osError
        }
        var emitter = setup.emitter
        emitter.formatter.localTimeOfDay = true  // text lines live: the time of day people read
        var daemon = Daemon(
            config: setup.config, settings: setup.pipelineSettings, model: setup.model,
            timer: timer, signals: signals, emitter: emitter)
        let status = daemon.loop()
        daemon.shutdown()
        return status
    }

    private init(
        config: DaemonConfiguration, settings: PipelineSettings, model: LoadedModel, timer: TimerFD,
        signals: SignalFD, emitter: LineEmitter
    ) {
        self.config = config
        self.settings = settings
        self.model = model
        self.timer = timer
        self.signals = signals
        self.emitter = UnsafeMutablePointer<LineEmitter>.allocate(capacity: 1)
        self.emitter.initialize(to: emitter)
        let n = max(1, min(config.maximumDevices, PollSet.capacity - 3))
        for _ in 0..<n {
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
            l.append("model ")
            l.append(terminalSafe: Array((config.modelPath ?? "").utf8))
            l.append(": window ")
            l.append(decimal: Int64(model.model.architecture.window))
            l.append(" samples at 100 Hz, input unit ")
            switch model.model.architecture.inputUnit {
            case .px:
                l.append("px (touchpad gain ")
                l.append(fixed: Int64(config.pixelsPerMillimetre * 1000), decimals: 3)
                l.append(" px/mm)")
            case .mm: l.append("mm")
            case .counts: l.append("counts")
            }
            l.append("; hotplug: ")
            if let monitor {
                l.append(monitor.source)
                l.append(" events")
            } else {
                l.append("no udev monitor")
            }
            l.append(watch != nil ? " + inotify on /dev/input" : "")
            l.append("; decisions: ")
            config.appendDecisionParameters(to: &l, modelHasOwn: model.model.decisionParameters != nil)
        }
        if let pinned = config.devicePath {
            if !open(path: pinned, udevKind: nil, classifiedByUdev: false, pinned: true) {
                if case .some = slots.firstIndex(where: { $0 != nil }) {
                } else if access(pinned, F_OK) == 0 {
                    return lastOpenStatus
                }
                Log.line(file: pinned, "waiting for the device to appear")
            }
        } else {
            scan()
            if slots.allSatisfy({ $0 == nil }) { Log.line { $0.append("no pointing device yet; waiting for one") } }
        }
        armTimer(now: MonotonicClock.now())

        while !stop {
            do { _ = try poll.wait() } catch {
                Log.line { l in
                    l.append("poll: ")
                    error.write(to: &l)
                }
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
        Log.fifoChanges(of: &emitter.pointee.sink)
        emitter.pointee.resendPending()
        armTimer(now: now)
    }

    /// Arms the timer for the next cell boundary (+1 ms), or lets it sleep when every device is
    /// saturated idle (no finger, window all still): events wake the loop instead.
    mutating func armTimer(now: Int64) {
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
        } else if emitter.pointee.hasPendingHands {
            try? timer.arm(at: now + 100_000)  // a dropped hand change waits for room in the pipe
            timerArmed = true
        } else if fifoWaiting {
            try? timer.arm(at: now + 500_000)  // keep retrying the FIFO
            timerArmed = true
        } else if timerArmed {
            try? timer.disarm()
            timerArmed = false
        }
    }

    /// A reader just connected to the FIFO: tell it every device (its `added` line, `buttons down`
    /// when a button is held) and its current hand, so that it needs no earlier line.
    private mutating func repeatState(now: Int64) {
        var i = 0
        while i < slots.count {
            if let s = slots[i] {
                emitter.pointee.deviceAdded(s.facts, time: now)
                if s.pipeline.buttons.reportedHeld {
                    emitter.pointee.buttons(held: true, time: now, device: s.device.path)
                }
                emitter.pointee.repeatHand(s.pipeline.hand, time: now, device: s.device.path)
            }
            i += 1
        }
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
        if case .fifo(let path) = config.output {
            Log.line { emitter.pointee.writeDropSummary(to: &$0, path: path) }
        }
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
