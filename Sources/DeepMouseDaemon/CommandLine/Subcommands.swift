import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused record|stats|devices`: the recording tools, in the board binary so that a board
/// needs nothing else to collect data. The first argument picks one; without one of these
/// names the daemon's own options apply (see `Arguments`).
enum Subcommand {
    /// Runs the subcommand named by `args[0]`; nil when `args[0]` names none.
    static func run(_ args: [[UInt8]]) -> Int32? {
        guard let name = args.first else { return nil }
        let rest = Array(args.dropFirst())
        do throws(UsageError) {
            if name == bytes("record") {
                if wantsHelp(rest) { return help(recordHelpText) }
                return Recorder.run(try RecordArguments.parse(rest))
            }
            if name == bytes("stats") {
                if wantsHelp(rest) { return help(statsHelpText) }
                return StatsCommand.run(try StatsCommand.parse(rest))
            }
            if name == bytes("devices") {
                if wantsHelp(rest) { return help(devicesHelpText) }
                var options = rest
                if !options.contains(bytes("--format")) && !options.contains(bytes("-f"))
                    && !options.contains(where: { $0.starts(with: bytes("--format=")) })
                {
                    options += [bytes("--format"), bytes("text")]
                }
                guard case .run(let config) = try Arguments.parse(options), config.replayPath == nil else {
                    throw UsageError(bytes("devices takes --format json|text and --device PATH only"))
                }
                return DeviceListing.run(config)
            }
        } catch {
            Log.line { l in
                l.append(contentsOf: error.message)
                l.append(" (see deepmoused ")
                l.append(contentsOf: name)
                l.append(" --help)")
            }
            return ExitCode.usage
        }
        return nil
    }

    static func wantsHelp(_ args: [[UInt8]]) -> Bool { args.contains(bytes("--help")) || args.contains(bytes("-h")) }

    static func help(_ text: StaticString) -> Int32 {
        writeStandardOutput(text)
        return ExitCode.success
    }
}

/// `deepmoused record` options, parsed by hand like the daemon's.
enum RecordArguments {
    static func parse(_ args: [[UInt8]]) throws(UsageError) -> RecordConfiguration {
        var c = RecordConfiguration()
        c.recorderName = bytes("deepmoused ") + bytes(DaemonCommand.version)
        var option = OptionCursor(args)
        while option.advance() {
            let arg = option.name
            func seconds(_ what: StaticString) throws(UsageError) -> Int64 {
                let v = try option.value()
                guard let us = parseDuration(v), us > 0 else {
                    throw UsageError(arg, bytes(": '"), v, bytes("' is not a duration (e.g. 90, 90s, 10m, 1.5h)"))
                }
                return us
            }
            if option.is("--hand") {
                let v = try option.value()
                guard v == bytes("left") || v == bytes("right") else {
                    throw UsageError(bytes("--hand: expected 'left' or 'right', got '"), v, bytes("'"))
                }
                c.hand = v
            } else if option.is("-d", "--device") {
                let v = try option.value()
                c.devicePath = v == bytes("auto") ? nil : String(decoding: v, as: UTF8.self)
            } else if option.is("--duration") {
                c.duration = try seconds("--duration")
            } else if option.is("-o", "--output") {
                c.outputPath = String(decoding: try option.value(), as: UTF8.self)
            } else if option.is("--force") {
                c.replaceExisting = true
            } else if option.is("--person") {
                c.person = try option.value()
            } else if option.is("--notes") {
                c.notes = try option.value()
            } else if option.is("--manifest") {
                c.manifestPath = String(decoding: try option.value(), as: UTF8.self)
            } else if option.is("--idle-warning") {
                c.idleWarning = try seconds("--idle-warning")
            } else if option.is("--status-interval") {
                c.statusInterval = try seconds("--status-interval")
            } else if option.is("--gap-ms") {
                c.gapThreshold = try StatsCommand.gap(try option.value())
            } else {
                throw UsageError(bytes("unknown option '"), option.given, bytes("'"))
            }
        }
        guard !c.hand.isEmpty else {
            throw UsageError(bytes("--hand left|right is required (the label of this recording)"))
        }
        guard !c.outputPath.isEmpty else { throw UsageError(bytes("-o FILE is required (where the recording goes)")) }
        return c
    }

    /// `90`, `90s`, `10m`, `1.5h`, `250ms` in microseconds.
    static func parseDuration(_ text: [UInt8]) -> Int64? {
        var number = text
        var scale: Double = 1_000_000
        for (suffix, s) in [
            (bytes("ms"), 1_000.0), (bytes("s"), 1_000_000), (bytes("m"), 60_000_000), (bytes("h"), 3_600_000_000)
        ]
        where number.count > suffix.count && Array(number.suffix(suffix.count)) == suffix {
            number.removeLast(suffix.count)
            scale = s
            break
        }
        guard let v = Arguments.parseDecimal(number), v >= 0, v * scale < 1e15 else { return nil }
        return Int64((v * scale).rounded())
    }
}
