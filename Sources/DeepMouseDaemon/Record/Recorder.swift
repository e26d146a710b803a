import CLinux
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused record`: captures labelled training data from a real device, losslessly.
///
/// Every event libevdev delivers is written to an evemu recording with the kernel's own
/// timestamp (minus whole seconds, see `RecordingLabels.Key.timeOrigin`), behind a header with
/// the device description and the labels (hand, person, device, clock). Key events other than
/// pointer buttons and touch state never reach the recorder (`EvdevDevice`), so it cannot log
/// keystrokes. `SYN_DROPPED` is written as `SYN_DROPPED` + `SYN_REPORT` (closing the lost frame,
/// as the kernel's discard rule reads it) followed by libevdev's resync frame, and counted.
/// The file is handled by `RecordingFile` (bounded buffer, synced every second, atomic rename).
/// One poll loop over the device, a signalfd (SIGINT/SIGTERM stop cleanly) and a 250 ms timerfd
/// (status, sync, `--duration`).
public enum Recorder {
    /// Why recording stopped.
    enum Stop {
        case signal(Int32)
        case duration
        case deviceGone(Errno)
        case writeFailed(Errno)
        case pollFailed(Errno)
    }

    static let tick: Int64 = 250_000

    public static func run(_ config: RecordConfiguration) -> Int32 {
        let path = config.outputPath
        if !config.replaceExisting && FilePaths.exists(path) {
            Log.line(file: path, "exists; choose another name or pass --force to replace it")
            return ExitCode.cannotCreate
        }
        if FilePaths.exists(path + ".partial") {
            Log.line { l in
                l.append(terminalSafe: Array((path + ".partial").utf8))
                l.append(": exists (an interrupted recording: its whole lines are usable); rename or remove it first")
            }
            return ExitCode.cannotCreate
        }
        let signals: SignalFD
        let timer: TimerFD
        do {
            signals = try SignalFD()
            timer = try TimerFD()
        } catch {
            Log.line { l in
                l.append("cannot set up timerfd/signalfd: ")
                error.write(to: &l)
            }
            return ExitCode.osError
        }
        defer {
            signals.close()
            timer.close()
        }
        var chosen: RecordDevice
        do { chosen = try RecordDevice.open(pinned: config.devicePath) } catch {
            Log.line { l in l.append(contentsOf: error.message) }
            return error.status
        }
        let start = MonotonicClock.now()
        let file: RecordingFile
        do { file = try RecordingFile.create(path: path, replacing: config.replaceExisting, now: start) } catch {
            chosen.device.close()
            Log.line { l in
                l.append(terminalSafe: Array((path + ".partial").utf8))
                l.append(": ")
                if case .open(let e) = error { e.write(to: &l) } else { l.append("exists") }
            }
            return ExitCode.cannotCreate
        }
        var session = RecordSession(config: config, file: file, device: chosen, start: start)
        session.announce()
        var stop = session.writeHeader(realtime: MonotonicClock.realtimeNow())
        if stop == nil { stop = loop(&session, &chosen.device, signals: signals, timer: timer, start: start) }
        chosen.device.close()
        return session.end(stop!, now: MonotonicClock.now())
    }

    private static func loop(
        _ session: inout RecordSession, _ device: inout EvdevDevice, signals: SignalFD, timer: TimerFD,
        start: Int64
    ) -> Stop {
        var poll = PollSet()
        _ = poll.add(signals.descriptor)
        _ = poll.add(timer.descriptor)
        _ = poll.add(device.descriptor)
        // Removal is seen as ENODEV on read, and also through udev and inotify (as the daemon
        // does): some drivers, and umockdev, leave the descriptor quiet instead.
        let udev = Udev()
        let monitor = udev.flatMap { UdevMonitor(udev: $0, preferKernel: access("/run/udev/control", F_OK) != 0) }
        let watch = DeviceDirectoryWatch()
        if let monitor { _ = poll.add(monitor.descriptor) }
        if let watch { _ = poll.add(watch.descriptor) }
        defer {
            watch?.close()
            monitor?.close()
            udev?.close()
        }
        var deadline = start + tick
        try? timer.arm(at: deadline)
        var lastReopen = Int64.min / 2
        var lastRealignmentLog = Int64.min / 2
        while true {
            do { _ = try poll.wait() } catch { return .pollFailed(error) }
            if poll.isReady(signals.descriptor), let signal = signals.take() { return .signal(signal) }
            if poll.isReady(device.descriptor) {
                let now = MonotonicClock.now()
                let realignments = device.realignments
                let outcome = device.read { input in session.record(input, now: now) }
                if device.realignments != realignments && now - lastRealignmentLog >= 60_000_000 {
                    lastRealignmentLog = now
                    Log.realigned(device)
                }
                if case .failed(let error) = outcome {
                    // ENODEV: unplugged. Anything else (EIO): reopen, at most once a second, and mark the
                    // break as SYN_DROPPED. (A read ending inside an event is completed by EvdevDevice.)
                    let now = MonotonicClock.now()
                    guard error != .noSuchDevice, now - lastReopen >= 1_000_000,
                        let fresh = try? EvdevDevice.open(path: String(decoding: device.path, as: UTF8.self))
                    else {
                        return .deviceGone(error)
                    }
                    Log.line { l in
                        l.append(contentsOf: device.path)
                        l.append(": read failed (")
                        error.write(to: &l)
                        l.append("); reopened")
                    }
                    poll.remove(device.descriptor)
                    device.close()
                    device = fresh
                    _ = poll.add(device.descriptor)
                    lastReopen = now
                    session.record(.resync, now: now)
                }
            }
            if let error = session.writeError { return .writeFailed(error) }
            if let monitor, poll.isReady(monitor.descriptor) {
                while let u = monitor.receive() {
                    if u.devnode == device.path && u.action == Array("remove".utf8) {
                        return .deviceGone(.noSuchDevice)
                    }
                }
            }
            if let watch, poll.isReady(watch.descriptor) {
                var vanished = false
                let path = device.path
                watch.drain { change in if case .vanished(let p) = change, p == path { vanished = true } }
                if vanished { return .deviceGone(.noSuchDevice) }
            }
            if poll.isReady(timer.descriptor) {
                _ = try? timer.acknowledge()
                let now = MonotonicClock.now()
                while deadline <= now { deadline += tick }
                try? timer.arm(at: deadline)
                session.tick(now: now)
                if let error = session.writeError { return .writeFailed(error) }
                if let limit = session.config.duration, now - start >= limit { return .duration }
            }
        }
    }
}
