import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// What the live daemon and `--replay` set up alike, in one place so that their messages cannot
/// drift apart: the model read and validated, the decision parameters resolved, the output sink
/// opened, the line emitter ready.
struct CommandSetup {
    /// The command line with the decision parameters resolved for the model.
    var config: DaemonConfiguration
    let model: LoadedModel
    var emitter: LineEmitter

    /// The settings every device pipeline of this run is prepared with.
    var pipelineSettings: PipelineSettings {
        PipelineSettings(
            pixelsPerMillimetre: config.pixelsPerMillimetre, pixelsPerCount: config.pixelsPerCount,
            decisionParameters: config.decisionParameters, changeDetector: config.changeDetector, hop: config.hop)
    }

    /// Finds the model (`--model`, else `DefaultModel`), loads it, resolves the decisions and opens the output;
    /// on failure logs why and returns the exit status. The setup's `config.modelPath` is the file used.
    static func prepare(_ config: DaemonConfiguration) -> Result<CommandSetup, ExitStatus> {
        var config = config
        guard let modelPath = config.modelPath ?? DefaultModel.locate() else {
            return .failure(ExitStatus(DefaultModel.reportNotFound()))
        }
        config.modelPath = modelPath
        let model: LoadedModel
        do { model = try LoadedModel.load(path: modelPath, hop: config.hop) } catch {
            return .failure(ExitStatus(error.report(modelPath: modelPath)))
        }
        guard config.adoptDecisionParameters(of: model.model) else { return .failure(ExitStatus(ExitCode.usage)) }
        // A reader that leaves (a FIFO's or stdout's) must show up as EPIPE on write, in replay as
        // live, never as a SIGPIPE that kills the process mid-stream.
        OutputSink.ignoreBrokenPipeSignal()
        var sink = OutputSink.standardOutput
        if case .fifo(let path) = config.output {
            do {
                sink = try OutputSink.fifo(
                    path: path, permissions: config.fifoPermissions,
                    group: config.fifoGroup.flatMap { OutputSink.groupID(named: $0) }, now: MonotonicClock.now())
            } catch {
                Log.line { l in
                    l.append("output ")
                    l.append(terminalSafe: Array(path.utf8))
                    l.append(": ")
                    error.write(to: &l)
                }
                return .failure(ExitStatus(ExitCode.cannotCreate))
            }
        }
        let emitter = LineEmitter(
            format: config.format, sink: sink, printDecisions: config.printDecisions,
            printMotion: config.printMotion)
        return .success(CommandSetup(config: config, model: model, emitter: emitter))
    }
}

/// An exit status as an error value (for `Result`).
struct ExitStatus: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
