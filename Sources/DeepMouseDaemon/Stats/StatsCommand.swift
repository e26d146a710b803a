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

    /// `stats`'s option table; the operands are the recordings.
    static let options: [CommandOption<Options>] = [
        CommandOption("", "--gap-ms", "N", help: "Intervals over N ms are gaps (default 100).") {
            s, cursor throws(UsageError) in
            s.gapThreshold = try gap(&cursor)
        }
    ]

    static func parse(_ args: [[UInt8]]) throws(UsageError) -> OptionTable.Outcome<Options> {
        let outcome = try OptionTable.parse(args, into: Options(), options: options) { o, file throws(UsageError) in
            o.files.append(String(decoding: file, as: UTF8.self))
        }
        if case .parsed(let o) = outcome, o.files.isEmpty {
            throw UsageError(bytes("give one or more evemu recordings"))
        }
        return outcome
    }

    /// `--gap-ms N` in microseconds.
    static func gap(_ cursor: inout OptionCursor) throws(UsageError) -> Int64 {
        let v = try cursor.value()
        guard let ms = DecimalText.parse(v), ms >= 1, ms <= 60_000 else {
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
                        l.append(terminalSafe: Array(path.utf8))
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
                Log.line { error.write(to: &$0) }
                if case .parse(let e) = error.failure, e.problem == .unknownLineType {
                    Replay.suggestConversion(of: path)
                }
                status = error.failure.exitCode
            }
            out.withUnsafeBytes { try? FileDescriptor.standardOutput.writeAll($0) }
        }
        return status
    }
}
