import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused --replay FILE`: the live pipeline driven by an evemu recording, on the
/// recording's timestamps, as fast as possible. The lines are those the daemon would have
/// printed live (with the recording's clock in `t` and the file as `device`); the recording ends
/// with a `removed` line at its last event.
public enum Replay {
    public static func run(_ config: DaemonConfiguration, path: String) -> Int32 {
        var setup: CommandSetup
        switch CommandSetup.prepare(config) {
        case .success(let s): setup = s
        case .failure(let status): return status.code
        }
        let model = setup.model
        Log.line { l in
            // The live startup line names the model; a replay names it when it was looked for.
            if config.modelPath == nil {
                l.append("model ")
                l.append(terminalSafe: Array((setup.config.modelPath ?? "").utf8))
                l.append(" (the default); ")
            }
            l.append("decisions: ")
            setup.config.appendDecisionParameters(to: &l, modelHasOwn: model.model.decisionParameters != nil)
        }
        var file: EvemuFileReader
        do { file = try EvemuFileReader(path: path) } catch {
            report(error, file: path)
            if case .parse(let e) = error, e.problem == .unknownLineType { suggestConversion(of: path) }
            return error.exitCode
        }
        defer { file.close() }
        guard let (description, describedIn) = description(of: file, path: path) else { return ExitCode.dataError }

        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: model.arenaByteCount, alignment: 16)
        var pipeline: HandPipeline
        do {
            pipeline = try DevicePipeline.prepare(
                device: description, model: model.model, arena: arena,
                settings: setup.pipelineSettings)
        } catch {
            // The device is the problem: name the file that describes it (NAME.desc for a bare NAME.events).
            var blamed = path
            if case .unitMismatch = error { blamed = describedIn }
            Log.line { l in
                l.append(terminalSafe: Array(blamed.utf8))
                l.append(": ")
                error.write(to: &l)
            }
            return ExitCode.dataError
        }
        model.noteKindMismatch(path: Array(path.utf8), kind: description.kind)
        var emitter = setup.emitter
        let device = Array(path.utf8)
        var lastTime: Int64?
        var warnedBackwards = false
        var status = ExitCode.success
        withUnsafeMutablePointer(to: &emitter) { e in
            var output = DeviceOutput(emitter: e, device: device)
            while true {
                let event: InputEvent?
                do throws(EvemuFileReader.Failure) { event = try file.next() } catch {
                    report(error, file: path)
                    status = ExitCode.dataError
                    break
                }
                guard let event else { break }
                if lastTime == nil {
                    let facts = LineFormatter.DeviceFacts(
                        path: device, description: description, kind: description.kind,
                        source: pipeline.tracker.source, classifiedByUdev: false,
                        clock: "recording")
                    e.pointee.deviceAdded(facts, time: event.time)
                    pipeline.start(at: event.time)
                }
                if let last = lastTime, event.time < last, !warnedBackwards {
                    warnedBackwards = true
                    warnBackwards(file: path, line: file.lineOfLastEvent, by: last - event.time)
                }
                lastTime = event.time
                // The FIFO's reconnection runs on the recording's clock: a reader that connects
                // late is picked up and told the current hand.
                e.pointee.now = event.time
                if e.pointee.sink.poll(now: event.time) {
                    e.pointee.repeatHand(pipeline.hand, time: event.time, device: device)
                }
                Log.fifoChanges(of: &e.pointee.sink)
                if event.type == EventType.key && !KeyCode.isPointerStateKey(event.code) { continue }
                pipeline.process(.event(event), output: &output)
                if e.pointee.sink.standardOutputClosed { break }
            }
            if let lastTime {
                // A reader waiting in open(2) now gets the last lines and end of file, not a wait forever.
                if e.pointee.sink.connectWaitingReader(now: lastTime) {
                    e.pointee.repeatHand(pipeline.hand, time: lastTime, device: device)
                }
                pipeline.advance(to: lastTime, output: &output)
                e.pointee.deviceRemoved(
                    path: device, reason: status == ExitCode.success ? "end of replay" : "replay error",
                    time: lastTime)
            }
        }
        if case .fifo(let path) = setup.config.output {
            Log.line { emitter.writeDropSummary(to: &$0, path: path) }
        }
        emitter.sink.close()
        if lastTime == nil && status == ExitCode.success {
            Log.line(file: path, "no events (an empty recording?)")
            return ExitCode.dataError
        }
        return status
    }

    static func report(_ error: EvemuFileReader.Failure, file: String) {
        Log.line { l in
            l.append(terminalSafe: Array(file.utf8))
            l.append(": ")
            error.write(to: &l)
        }
    }

    /// `X.desc` for `X.events`, when the path ends in `.events`.
    static func siblingDescription(of path: String) -> String? {
        let bytes = Array(path.utf8)
        let suffix = Array(".events".utf8)
        guard bytes.count > suffix.count, Array(bytes[(bytes.count - suffix.count)...]) == suffix else { return nil }
        return String(decoding: bytes[..<(bytes.count - suffix.count)] + Array(".desc".utf8), as: UTF8.self)
    }
}
