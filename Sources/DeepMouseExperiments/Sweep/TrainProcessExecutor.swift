import DeepMouseTraining
import Foundation

/// Runs a job as a `deepmouse train` process (one thread, OpenBLAS single-threaded), so
/// parallel runs share nothing, a crash costs one run, and each run leaves its checkpoint,
/// training log and stderr in the work directory. The run's scores come from `train --json`
/// (test report) and its learning curve from the JSON Lines training log.
public struct TrainProcessExecutor: RunExecutor {
    /// The `deepmouse` executable.
    public var executable: URL
    /// Data options for a run: `--data-dir ... --split mouse`, or per-fold files and test session.
    public var dataArguments: @Sendable (_ fold: String?) -> [String]
    public var workDirectory: URL
    public var split: String
    public var fixedSignature: String

    public init(
        executable: URL, dataArguments: @escaping @Sendable (String?) -> [String], workDirectory: URL, split: String,
        fixedSignature: String
    ) {
        self.executable = executable
        self.dataArguments = dataArguments
        self.workDirectory = workDirectory
        self.split = split
        self.fixedSignature = fixedSignature
    }

    /// The `train` arguments of a job (without the output paths).
    public func arguments(_ job: RunJob) -> [String] {
        var args = ["train"] + dataArguments(job.fold)
        for (name, value) in job.settings.sorted(by: { $0.key < $1.key }) {
            if TrainingParameter.named(name)?.isFlag == true {
                if value.description == "true" { args.append("--\(name)") }
            } else {
                args += ["--\(name)", value.description]
            }
        }
        return args + ["--seed", "\(job.seed)", "--threads", "1", "--json"]
    }

    /// A file stem unique to the job (FNV-1a of its key).
    public static func stem(_ key: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return "run-" + String(h, radix: 16)
    }

    public func run(_ job: RunJob) -> RunResult {
        let stem = Self.stem(job.key)
        let checkpoint = workDirectory.appendingPathComponent(stem + Checkpoint.fileSuffix)
        let log = workDirectory.appendingPathComponent(stem + ".log.jsonl")
        let stderrURL = workDirectory.appendingPathComponent(stem + ".stderr.txt")
        var result = RunResult(
            parameters: job.parameters, point: job.point, seed: job.seed, fold: job.fold, fixed: fixedSignature,
            split: split, window: Int(job.settings["window"]?.number ?? 800), status: .failed, error: nil,
            curve: [], seconds: 0)
        let started = Date()
        do {
            try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            let errors = try FileHandle(forWritingTo: stderrURL)
            defer { try? errors.close() }
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments(job) + ["-o", checkpoint.path, "--log", log.path]
            var environment = ProcessInfo.processInfo.environment
            environment["OPENBLAS_NUM_THREADS"] = "1"
            process.environment = environment
            let out = Pipe()
            process.standardOutput = out
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                let text = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
                let last =
                    text.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
                result.error = "\(last) (full output: \(stderrURL.path))"
            } else {
                try parse(stdout, log: log, into: &result)
                result.status = .ok
            }
        } catch {
            result.error = "\(error)"
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Fills scores from `train --json` output and the training log.
    func parse(_ stdout: Data, log: URL, into result: inout RunResult) throws {
        guard let report = try JSONSerialization.jsonObject(with: stdout) as? [String: Any] else {
            throw SweepError.resultsMismatch(file: "deepmouse train --json", reason: "output is not a JSON object")
        }
        func number(_ key: String, _ object: [String: Any] = report) -> Double? {
            (object[key] as? NSNumber)?.doubleValue
        }
        result.test = WindowMetrics(
            windows: (report["windows"] as? Int) ?? 0, windowAccuracy: number("window_accuracy"),
            balancedAccuracy: number("balanced_accuracy"),
            confusion: (report["confusion"] as? [[Int]]) ?? [[0, 0], [0, 0]],
            streamAccuracy: number("stream_accuracy"), loss: number("loss"))
        if let window = report["window"] as? Int { result.window = window }
        result.movingSamplesOnly = report["moving_samples_only"] as? Bool
        if let still = report["still_baseline"] as? [String: Any] {
            result.stillBaselineAccuracy = number("window_accuracy", still)
        }
        let epochs = try TrainingLog.read(log)
        result.curve = epochs.map(CurvePoint.init)
        if let best = epochs.last(where: \.best) {
            result.bestEpoch = best.epoch
            result.devAccuracy = best.devAccuracy
            result.devLoss = best.devLoss
        }
        result.trainWindows = epochs.first?.windows
    }
}
