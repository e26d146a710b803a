import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused record|stats|devices`: the recording tools, in the board binary so that a board
/// needs nothing else to collect data. The first argument picks one; without one of these
/// names the daemon's own options apply (`DaemonOptions`). Each reads only its own options.
enum Subcommand {
    /// Runs the subcommand named by `args[0]`; nil when `args[0]` names none.
    static func run(_ args: [[UInt8]]) -> Int32? {
        guard let name = args.first else { return nil }
        let rest = Array(args.dropFirst())
        do throws(UsageError) {
            if name == bytes("record") {
                switch try RecordOptions.parse(rest) {
                case .help: return help(recordHelp, RecordOptions.table)
                case .parsed(let c): return Recorder.run(c)
                }
            }
            if name == bytes("stats") {
                switch try StatsCommand.parse(rest) {
                case .help: return help(statsHelp, StatsCommand.options)
                case .parsed(let o): return StatsCommand.run(o)
                }
            }
            if name == bytes("devices") {
                switch try DevicesOptions.parse(rest) {
                case .help: return help(devicesHelp, DevicesOptions.table)
                case .parsed(let c): return DeviceListing.run(c)
                }
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

    /// Prints a command's help page (its table writes the OPTIONS) and succeeds.
    static func help<Settings>(_ page: HelpPage, _ options: [CommandOption<Settings>]) -> Int32 {
        var text: [UInt8] = []
        OptionTable.write(page, options: options, to: &text)
        text.withUnsafeBytes { try? FileDescriptor.standardOutput.writeAll($0) }
        return ExitCode.success
    }
}
