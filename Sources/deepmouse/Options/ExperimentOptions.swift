import ArgumentParser
import DeepMouseCore
import DeepMouseExperiments
import DeepMouseTraining
import Foundation

/// How the runs of `sweep` and `search` are replicated, run and stored.
struct ExperimentOptions: ParsableArguments {
    @Option(help: "Seeds per point, comma separated (e.g. 1,2,3).")
    var seeds: String = "1"

    @Option(
        help: ArgumentHelp(
            "Cross-validation: 'sessions' = one run per held-out session of the train sessions (the split's test session is never used).",
            valueName: "sessions"))
    var cv: String?

    @Option(help: "Training processes run at once (the default is this machine's number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "Results file (JSON Lines); runs already in it are skipped, new ones appended.")
    var output: String

    @Option(help: "Experiment name stored with every result (default: from the parameters).")
    var experiment: String?

    @Option(help: "Folder for each run's checkpoint, log and stderr (default: <output>.runs).")
    var workDir: String?

    @Option(
        name: .customLong("set"), parsing: .singleValue,
        help: ArgumentHelp(
            "A fixed training setting for every run, e.g. --set epochs=20 (repeatable).", valueName: "name=value"))
    var settings: [String] = []

    @Flag(help: "Print the training commands instead of running them.")
    var dryRun = false

    func parsedSeeds() throws -> [UInt64] {
        let values = seeds.split(separator: ",").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--seeds must be whole numbers, e.g. 1,2,3")
        }
        return values.map { $0! }
    }

    func parsedSettings() throws -> [String: ParameterValue] {
        var fixed: [String: ParameterValue] = [:]
        for spec in settings {
            let (name, value) = try SweepPlan.parseSetting(spec)
            guard fixed[name] == nil else { throw SweepError.duplicateParameter(name) }
            fixed[name] = value
        }
        return fixed
    }

    func validate() throws {
        _ = try parsedSeeds()
        _ = try parsedSettings()
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let cv, cv != "sessions" {
            throw ValidationError("--cv must be 'sessions' (cross-validation by recording session)")
        }
        for key in ["seed", "threads", "output", "log", "json"]
        where settings.contains(where: { $0.hasPrefix(key + "=") }) {
            throw ValidationError("--set \(key)=... is managed by the sweep itself")
        }
    }

    var resultsURL: URL { URL(fileURLWithPath: output) }
    var workDirectory: URL { URL(fileURLWithPath: workDir ?? output + ".runs") }

    /// This executable (the sweep runs `<self> train ...`).
    static var executable: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }
}

extension DataOptions {
    /// The data options as `deepmouse train` arguments, for every fold (`nil`: the split as given).
    /// Cross-validation by session runs the split `mouse` on the train sessions only.
    func trainArguments(splitName: String, crossValidation: Bool) throws -> (
        arguments: @Sendable (String?) -> [String], folds: [String]
    ) {
        var common: [String] = []
        if let device { common += ["--device", device] }
        common += ["--fractions", fractions, "--dev-fraction", String(devFractionOrDefault)]
        if let splitSeed { common += ["--split-seed", String(splitSeed)] }
        if !crossValidation {
            var source: [String] = []
            if hasFiles { source += ["--left"] + left.map(absolute) + ["--right"] + right.map(absolute) }
            if let manifest { source += ["--manifest", absolute(manifest)] }
            if let dataDirectory { source += ["--data-dir", absolute(dataDirectory)] }
            if source.isEmpty, let root = DataSource.defaultDataDirectory { source += ["--data-dir", root.path] }
            // Checked here, once: else every run of the sweep would fail with the same message.
            guard !source.isEmpty else {
                throw ValidationError(
                    "no data: give --left/--right, --manifest or --data-dir (../shared/data/deepmouse is not next to \(FileManager.default.currentDirectoryPath))"
                )
            }
            let all = source + common + ["--split", splitName, "--test-session", testSession]
            return ({ _ in all }, [])
        }
        // Cross-validation: every session except the split's test session takes a turn as test.
        let dataset = try source(splitName: "mouse").load()
        var filesBySession: [String: [(Hand, String)]] = [:]
        for r in dataset.recordings {
            guard let session = r.metadata.session else {
                throw ValidationError(
                    "--cv sessions needs session names (files left-N/right-N); \(r.source.path) has none")
            }
            filesBySession[session, default: []].append((r.hand, r.source.path))
        }
        let sessions = filesBySession.keys.filter { $0 != testSession }.sorted()
        guard sessions.count >= 2 else {
            throw ValidationError(
                "--cv sessions needs at least 2 sessions besides the test session \(testSession) (found: \(sessions.joined(separator: ", ")))"
            )
        }
        let kept = sessions.flatMap { filesBySession[$0]! }
        let left = kept.filter { $0.0 == .left }.map(\.1)
        let right = kept.filter { $0.0 == .right }.map(\.1)
        let shared = common
        return (
            { fold in
                ["--left"] + left + ["--right"] + right + shared + [
                    "--split", "mouse", "--test-session", fold ?? sessions[0]
                ]
            }, sessions
        )
    }

    private func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
