import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused stats FILE...`: the acquisition statistics of any evemu recording (frame
/// intervals, gaps, 100 Hz grid coverage, motion), on the board, without Foundation. The
/// workstation's `deepmouse dataset stats` prints the same and adds the stability plot.
enum StatsCommand {
    struct Options {
        var files: [String] = []
        var gapThreshold = TimingStatistics.defaultGapThreshold
    }

    static func parse(_ args: [[UInt8]]) throws(UsageError) -> Options {
        var o = Options()
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == bytes("--gap-ms") {
                i += 1
                guard i < args.count else { throw UsageError(bytes("--gap-ms needs a value")) }
                o.gapThreshold = try gap(args[i])
            } else if arg.starts(with: bytes("--gap-ms=")) {
                o.gapThreshold = try gap(Array(arg[9...]))
            } else if arg.starts(with: bytes("-")) && arg.count > 1 {
                throw UsageError(bytes("unknown option '"), arg, bytes("'"))
            } else {
                o.files.append(String(decoding: arg, as: UTF8.self))
            }
            i += 1
        }
        guard !o.files.isEmpty else { throw UsageError(bytes("give one or more evemu recordings")) }
        return o
    }

    /// `--gap-ms N` in microseconds.
    static func gap(_ v: [UInt8]) throws(UsageError) -> Int64 {
        guard let ms = Arguments.parseDecimal(v), ms >= 1, ms <= 60_000 else {
            throw UsageError(bytes("--gap-ms: '"), v, bytes("' is not a number of milliseconds in 1...60000"))
        }
        return Int64((ms * 1000).rounded())
    }

    static func run(_ o: Options) -> Int32 {
        var status = ExitCode.success
        for (n, path) in o.files.enumerated() {
            var out: [UInt8] = n > 0 ? [0x0a] : []
            do {
                let inspection = try RecordingInspection.read(path: path, gapThreshold: o.gapThreshold)
                inspection.write(to: &out)
                if let failure = inspection.failure {
                    Log.line { l in
                        l.append(contentsOf: Array(path.utf8))
                        l.append(": ")
                        failure.write(to: &l)
                        l.append(" (statistics above cover the lines before it)")
                    }
                    status = ExitCode.dataError
                } else if inspection.statistics.events == 0 {
                    Log.line(file: path, "no events (an empty recording?)")
                    status = ExitCode.dataError
                }
            } catch {
                Log.line { l in
                    l.append(contentsOf: Array(path.utf8))
                    l.append(": ")
                    error.write(to: &l)
                }
                if case .file = error { status = ExitCode.noInput } else { status = ExitCode.dataError }
            }
            out.withUnsafeBytes { try? FileDescriptor.standardOutput.writeAll($0) }
        }
        return status
    }
}
