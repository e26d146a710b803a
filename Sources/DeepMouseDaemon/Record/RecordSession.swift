import CLinux
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// The state of one recording: the file, the live statistics, the status line, and the
/// bookkeeping of the time origin and of pending `SYN_DROPPED`s.
struct RecordSession {
    let config: RecordConfiguration
    var file: RecordingFile
    let device: RecordDevice
    let start: Int64
    var statistics: TimingStatistics
    var status: RecordStatus
    /// Whole seconds subtracted from event times, set at the first event.
    private(set) var origin: Int64?
    /// libevdev reported a SYN_DROPPED; written with the time of the next event (libevdev's
    /// resync events carry the drop's time).
    private var pendingDrop = false
    /// Monotonic time of the last motion (or the start), for the idle warning.
    private var lastMotion: Int64
    /// The first write error; recording stops at the next loop iteration.
    private(set) var writeError: Errno?

    init(config: RecordConfiguration, file: RecordingFile, device: RecordDevice, start: Int64) {
        self.config = config
        self.file = file
        self.device = device
        self.start = start
        statistics = TimingStatistics(device: device.device.description, gapThreshold: config.gapThreshold)
        status = RecordStatus(
            terminal: FileDescriptor.standardOutput.isTerminal, interval: config.statusInterval,
            idleWarning: config.idleWarning, hand: config.hand, now: start)
        lastMotion = start
    }

    /// The startup line (stdout) and the clock note (stderr).
    func announce() {
        var l = LineBuffer()
        l.append("recording the ")
        l.append(contentsOf: config.hand)
        l.append(" hand from ")
        l.append(contentsOf: device.device.path)
        l.append(" \"")
        l.append(contentsOf: device.device.description.nameBytes)
        l.append("\" (")
        l.append(device.kind.label)
        l.append(device.classifiedByUdev ? ", classified by udev) into " : ", classified by capabilities) into ")
        l.append(terminalSafe: Array(config.outputPath.utf8))
        if let d = config.duration {
            l.append(" for ")
            l.append(fixed: d / 1000, decimals: 3)
            l.append(" s; SIGINT (Ctrl-C) stops earlier\n")
        } else {
            l.append("; SIGINT (Ctrl-C) or SIGTERM stops\n")
        }
        l.withBytes { try? FileDescriptor.standardOutput.writeAll($0) }
        if !device.device.monotonicTimestamps {
            Log.line { l in
                l.append("timestamps are on the device's own clock (libevdev_set_clock_id failed: ")
                device.device.clockError?.write(to: &l)
                l.append("); the recording says so in its 'clock' label")
            }
        }
    }

    /// The labels and the device description, synced at once: from here on the `.partial`
    /// file is a valid (empty) recording.
    mutating func writeHeader(realtime: Int64) -> Recorder.Stop? {
        var labels = RecordingLabels()
        labels[RecordingLabels.Key.hand] = config.hand
        if let p = config.person { labels[RecordingLabels.Key.person] = p }
        if let n = config.notes { labels[RecordingLabels.Key.notes] = n }
        labels[RecordingLabels.Key.device] = device.device.path
        var kind: [UInt8] = []
        kind.append(device.kind.label)
        kind.append(device.classifiedByUdev ? " (udev)" : " (capabilities)")
        labels[RecordingLabels.Key.kind] = kind
        var clock: [UInt8] = []
        if device.device.monotonicTimestamps {
            clock.append("monotonic")
        } else {
            clock.append("device (EVIOCSCLOCKID failed: ")
            device.device.clockError?.write(to: &clock)
            clock.append(")")
        }
        labels[RecordingLabels.Key.clock] = clock
        labels[RecordingLabels.Key.timestamps] = Array(
            "sec.usec after time-origin; microseconds without leading zeros (0.5 is 5 us)".utf8)
        labels[RecordingLabels.Key.recorder] = config.recorderName
        var started: [UInt8] = []
        started.append(iso8601UTC: realtime)
        labels[RecordingLabels.Key.started] = started
        let description = device.device.description
        do {
            try file.append { RecordingLabels.writeHeader(description, labels: labels, to: &$0) }
            try file.synchronize(now: start)
        } catch {
            writeError = error
            return .writeFailed(error)
        }
        return nil
    }

    /// Writes one read result (called for every event, in order).
    mutating func record(_ input: DeviceInput, now: Int64) {
        guard writeError == nil else { return }
        switch input {
        case .resync:
            pendingDrop = true
        case .event(let e):
            do throws(Errno) {
                if origin == nil {
                    let o = e.time.flooredDivided(by: 1_000_000) * 1_000_000
                    origin = o
                    var value: [UInt8] = []
                    value.append(decimal: o / 1_000_000)
                    try file.append { RecordingLabels.write(RecordingLabels.Key.timeOrigin, value: value, to: &$0) }
                }
                let o = origin!
                if pendingDrop {
                    pendingDrop = false
                    for code in [SynCode.dropped, SynCode.report] {
                        let marker = InputEvent(time: e.time, type: EventType.syn, code: code, value: 0)
                        try file.append(marker, origin: o)
                        statistics.add(marker)
                    }
                }
                try file.append(e, origin: o)
                if statistics.add(e) != nil { lastMotion = now }
            } catch {
                writeError = error
            }
        }
    }

    /// Every 250 ms: sync once a second, refresh the status.
    mutating func tick(now: Int64) {
        if now - file.lastSync >= 1_000_000 {
            do { try file.synchronize(now: now) } catch { writeError = error }
        }
        status.update(statistics, elapsed: now - start, idleSince: lastMotion, now: now)
    }

    /// Finalises (or, after a failure, keeps) the file, prints the statistics read back from it,
    /// appends the manifest entry, and returns the exit status.
    mutating func end(_ stop: Recorder.Stop, now: Int64) -> Int32 {
        status.finish()
        var exitStatus = ExitCode.success
        var kept = config.outputPath
        var failure: Errno?
        switch stop {
        case .signal, .duration, .deviceGone, .pollFailed:
            // Everything read was written: finish the file properly, whatever stopped the loop.
            let s = statistics
            do {
                try file.finish(
                    trailer: { out in
                        var value: [UInt8] = []
                        value.append(decimal: Int64(s.events))
                        value.append(" events, ")
                        value.append(decimal: Int64(s.dropped))
                        value.append(" SYN_DROPPED")
                        RecordingLabels.write(RecordingLabels.Key.end, value: value, to: &out)
                    }, now: now)
            } catch {
                failure = error
                kept = file.keepAfterFailure()
                exitStatus = ExitCode.ioError
            }
            if case .deviceGone(let e) = stop {
                if failure == nil { failure = e }
                exitStatus = ExitCode.ioError
            } else if case .pollFailed(let e) = stop {
                if failure == nil { failure = e }
                exitStatus = ExitCode.osError
            }
        case .writeFailed(let e):
            failure = e
            kept = file.keepAfterFailure()
            exitStatus = ExitCode.ioError
        }
        var l = LineBuffer()
        switch stop {
        case .signal(let s): l.append(s == SIGINT ? "stopped by SIGINT" : "stopped by SIGTERM")
        case .duration: l.append("duration reached")
        case .deviceGone: l.append("the device went away")
        case .writeFailed: l.append("writing failed")
        case .pollFailed: l.append("poll failed")
        }
        l.append(" after ")
        TimingReport.seconds(now - start, &l)
        if let failure {
            let reason = l
            Log.line { m in
                m.append(terminalSafe: Array(file.temporaryPath.utf8))
                m.append(": ")
                reason.withBytesCopy { m.append(bytes: $0) }
                m.append(" (")
                failure.write(to: &m)
                m.append("); the events recorded until then are kept in ")
                m.append(terminalSafe: Array(kept.utf8))
                if let until = file.keptUntil {
                    m.append(", up to ")
                    TimingReport.seconds(until, &m)
                    m.append(" of the recording (its last event)")
                } else {
                    m.append(", which holds no event (the failure came before the first was written)")
                }
                if case .writeFailed = stop { m.append("; later events are lost") }
            }
        }
        l.append(": ")
        l.append(terminalSafe: Array(kept.utf8))
        l.append("\n")
        l.withBytes { try? FileDescriptor.standardOutput.writeAll($0) }
        report(kept)
        guard let manifest = config.manifestPath else { return exitStatus }
        // A device that went away leaves a whole recording up to then: it is listed, and the exit status
        // still says the recording ended early. After a failed write or poll the user decides.
        if exitStatus == ExitCode.success {
            exitStatus = RecordManifest.append(to: manifest, recording: kept, config: config, kind: device.kind)
        } else if case .deviceGone = stop {
            if RecordManifest.append(to: manifest, recording: kept, config: config, kind: device.kind)
                == ExitCode.success
            {
                Log.line { m in
                    m.append(terminalSafe: Array(kept.utf8))
                    m.append(": listed in ")
                    m.append(terminalSafe: Array(manifest.utf8))
                    m.append(" (the events up to the device's removal)")
                }
            }
        } else {
            Log.line { m in
                m.append(terminalSafe: Array(kept.utf8))
                m.append(": not listed in ")
                m.append(terminalSafe: Array(manifest.utf8))
                m.append(" (the recording stopped on an error); once checked, add it with 'deepmouse dataset ")
                m.append("manifest FILE --append -o MANIFEST'")
            }
        }
        return exitStatus
    }

    /// The statistics of the file as it is on disk.
    private func report(_ path: String) {
        var out: [UInt8] = []
        do {
            let inspection = try RecordingInspection.read(path: path, gapThreshold: config.gapThreshold)
            inspection.write(to: &out)
            if let failure = inspection.failure {
                out.append("warning: ")
                failure.write(to: &out)
                out.append("\n")
            }
        } catch {
            out.append("cannot read back ")
            error.write(to: &out)
            out.append("\n")
        }
        out.withUnsafeBytes { try? FileDescriptor.standardOutput.writeAll($0) }
    }
}

extension LineBuffer {
    /// `withBytes` on a copy (for use from a non-mutating context).
    func withBytesCopy<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        var copy = self
        return copy.withBytes(body)
    }
}
