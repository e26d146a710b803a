import Foundation

/// Runs one training job and reports it; never throws (a failed run is a result with
/// `status: failed`, so one bad point does not stop a long sweep).
public protocol RunExecutor: Sendable {
    func run(_ job: RunJob) -> RunResult
}

/// Runs the jobs of a sweep on `workers` threads (each driving one training process), appends
/// every finished run to the results file at once, and skips runs the file already has
/// (resuming an interrupted sweep). Failed runs are retried on the next invocation.
public final class SweepRunner: @unchecked Sendable {
    public let experiment: String
    public let fixedSignature: String
    public let results: URL
    public let workers: Int
    let executor: any RunExecutor
    let progress: SweepProgress

    private let lock = NSLock()
    private var queue: [RunJob] = []
    private var finished: [RunResult] = []
    private var writeError: Error?

    public init(
        experiment: String, fixedSignature: String, results: URL, workers: Int, executor: any RunExecutor,
        progress: SweepProgress
    ) {
        self.experiment = experiment
        self.fixedSignature = fixedSignature
        self.results = results
        self.workers = max(1, workers)
        self.executor = executor
        self.progress = progress
    }

    /// The runs of this experiment already in the results file (successful ones), by job key.
    /// Throws when the file's runs of this experiment were made with other fixed settings.
    public func completed() throws -> [String: RunResult] {
        var done: [String: RunResult] = [:]
        for record in try ResultsFile.read(results, allowMissing: true)
        where record.kind == .run && record.experiment == experiment {
            guard let run = record.run else { continue }
            if let signature = run.fixed, signature != fixedSignature {
                throw SweepError.resultsMismatch(
                    file: results.path,
                    reason:
                        "has runs of experiment '\(experiment)' made with other fixed settings ('\(signature)' vs '\(fixedSignature)'); write to another file (-o) or name the experiment differently (--experiment)"
                )
            }
            if run.status == .ok { done[run.jobKey] = run }
        }
        return done
    }

    /// Runs every job not done yet; returns all runs of the jobs (old and new), in job order.
    @discardableResult
    public func run(_ jobs: [RunJob]) throws -> [RunResult] {
        let done = try completed()
        let todo = jobs.filter { done[$0.key] == nil }
        progress.start(
            experiment: experiment, total: jobs.count, done: jobs.count - todo.count,
            workers: min(workers, max(1, todo.count)))
        queue = todo.reversed()
        let group = DispatchGroup()
        for _ in 0..<min(workers, todo.count) {
            group.enter()
            Thread.detachNewThread { [self] in
                work()
                group.leave()
            }
        }
        group.wait()
        if let writeError { throw writeError }
        progress.finish()
        let byKey = finished.reduce(into: done) { $0[$1.jobKey] = $1 }
        return jobs.compactMap { byKey[$0.key] }
    }

    private func next() -> RunJob? {
        lock.lock()
        defer { lock.unlock() }
        return writeError == nil ? queue.popLast() : nil
    }

    private func work() {
        while let job = next() {
            progress.started(job)
            let result = executor.run(job)
            lock.lock()
            do {
                try ResultsFile.append([ResultRecord(kind: .run, experiment: experiment, run: result)], to: results)
            } catch {
                writeError = error
            }
            finished.append(result)
            lock.unlock()
            progress.finished(result)
        }
    }
}

extension RunResult {
    /// The same key as the job that made it.
    var jobKey: String { "\(point) | \(fold.map { "fold \($0) " } ?? "")seed \(seed)" }
}

/// The sweep's progress on a terminal: a header, one line per finished run with its scores,
/// and an ETA from the mean run time and the number of workers.
public final class SweepProgress: @unchecked Sendable {
    private let output: FileHandle
    private let lock = NSLock()
    private var total = 0, done = 0, newlyDone = 0, workers = 1
    private var started = Date()
    private let quiet: Bool

    public init(output: FileHandle = .standardError, quiet: Bool = false) {
        self.output = output
        self.quiet = quiet
    }

    func start(experiment: String, total: Int, done: Int, workers: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.total = total
        self.done = done
        newlyDone = 0
        self.workers = workers
        started = Date()
        write(
            "sweep \(experiment): \(total) runs, \(done) already in the results file, \(total - done) to do on \(workers) worker\(workers == 1 ? "" : "s")"
        )
    }

    func started(_ job: RunJob) {}

    func finished(_ r: RunResult) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        newlyDone += 1
        let elapsed = Date().timeIntervalSince(started)
        let remaining = total - done
        let eta = elapsed / Double(newlyDone) * Double(remaining)
        let score: String
        if r.status == .ok {
            let test = r.test?.windowAccuracy.map { String(format: "%.4f", $0) } ?? "n/a"
            let dev = r.devAccuracy.map { String(format: "%.4f", $0) } ?? "n/a"
            score = "test acc \(test), dev acc \(dev), best epoch \(r.bestEpoch ?? 0)"
        } else {
            score = "FAILED: \(r.error ?? "unknown error")"
        }
        write(
            "[\(done)/\(total)] \(r.point.isEmpty ? "(defaults)" : r.point) \(r.replicate): \(score) (\(String(format: "%.0f", r.seconds)) s; elapsed \(Self.duration(elapsed)), ETA \(Self.duration(eta)))"
        )
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        write("sweep done: \(newlyDone) runs in \(Self.duration(Date().timeIntervalSince(started)))")
    }

    private func write(_ line: String) {
        if !quiet { output.write(Data((line + "\n").utf8)) }
    }

    static func duration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "?" }
        let t = Int(s.rounded())
        return t < 60
            ? "\(t)s"
            : t < 3600
                ? "\(t / 60)m\(String(format: "%02d", t % 60))s"
                : "\(t / 3600)h\(String(format: "%02d", (t % 3600) / 60))m"
    }
}
