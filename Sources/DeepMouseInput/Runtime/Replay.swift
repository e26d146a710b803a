import DeepMouseCore
import DeepMouseMotion

/// `deepmoused --replay FILE`: the live pipeline driven by an evemu recording, on the
/// recording's timestamps, as fast as possible. The lines are those the daemon would have
/// printed live (with the recording's clock in `t` and the file as `device`); the recording ends
/// with a `removed` line at its last event.
public enum Replay {
    public static func run(_ config: DaemonConfiguration, path: String) -> Int32 {
        let model: LoadedModel
        do { model = try LoadedModel.load(path: config.modelPath, hop: config.hop) } catch {
            return error.report(modelPath: config.modelPath)
        }
        var config = config
        guard config.adoptDecisionParameters(of: model.model) else { return ExitCode.usage }
        Log.line { l in
            l.append("decisions: ")
            config.appendDecisionParameters(to: &l, modelHasOwn: model.model.decisionParameters != nil)
        }
        var file: EvemuFileReader
        do { file = try EvemuFileReader(path: path) } catch {
            report(error, file: path)
            if case .parse(let e) = error, e.problem == .unknownLineType { suggestConversion(of: path) }
            if case .file = error { return ExitCode.noInput }
            return ExitCode.dataError
        }
        defer { file.close() }
        guard let description = description(of: file, path: path) else { return ExitCode.dataError }

        var sink = OutputSink.standardOutput
        if case .fifo(let fifoPath) = config.output {
            do { sink = try OutputSink.fifo(path: fifoPath, permissions: config.fifoPermissions, now: MonotonicClock.now()) } catch {
                Log.line { l in l.append(contentsOf: Array(fifoPath.utf8)); l.append(": "); error.write(to: &l) }
                return ExitCode.cannotCreate
            }
        }
        var emitter = LineEmitter(format: config.format, sink: sink, printDecisions: config.printDecisions,
                                  printMotion: config.printMotion)
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: model.arenaByteCount, alignment: 16)
        let tracker = TouchTracker(device: description)
        let mapping: UnitMapping
        do {
            mapping = try UnitMapping.forDevice(description, source: tracker.source, modelUnit: model.model.architecture.inputUnit,
                                                pixelsPerMillimetre: config.pixelsPerMillimetre, pixelsPerCount: config.pixelsPerCount)
        } catch {
            Log.line { l in
                l.append(contentsOf: Array(path.utf8))
                l.append(error == .modelNeedsTouchpad ? ": the model expects touchpad millimetres; this is not a touchpad"
                                                      : ": the model expects relative counts; this is not a mouse")
            }
            return ExitCode.dataError
        }
        var pipeline: HandPipeline
        do {
            pipeline = try HandPipeline(device: description, model: model.model, arena: arena, mapping: mapping,
                                        decisionParameters: config.decisionParameters, hop: config.hop)
        } catch {
            Log.line { l in l.append("model: "); error.write(to: &l) }
            return ExitCode.dataError
        }
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
                    let facts = LineFormatter.DeviceFacts(path: device, description: description, kind: description.kind,
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
                if event.type == EventType.key && !KeyCode.isPointerStateKey(event.code) { continue }
                pipeline.process(.event(event), output: &output)
            }
            if let lastTime {
                pipeline.advance(to: lastTime, output: &output)
                e.pointee.deviceRemoved(path: device, reason: status == ExitCode.success ? "end of replay" : "replay error",
                                        time: lastTime)
            }
        }
        if lastTime == nil && status == ExitCode.success {
            Log.line(file: path, "no events (an empty recording?)")
            return ExitCode.dataError
        }
        return status
    }

    static func report(_ error: EvemuFileReader.Failure, file: String) {
        Log.line { l in
            l.append(contentsOf: Array(file.utf8))
            l.append(": ")
            switch error {
            case .file(let e): e.write(to: &l)
            case .parse(let e): e.write(to: &l)
            case .lineTooLong(let line):
                l.append("line "); l.append(decimal: Int64(line)); l.append(": longer than 1 MiB (not an evemu file?)")
            }
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
