import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused`'s command line, dispatched: the subcommands (`record`, `stats`, `devices`) or
/// the daemon's own options (live, `--replay`, `--list-devices`, `--help`, `--version`).
public enum DaemonCommand {
    /// The daemon's version (`DeepMouseVersion`), printed by `--version` and written into recordings.
    public static let version: StaticString = DeepMouseVersion.string

    /// Runs the command line `arguments` (without the program name); returns the exit status.
    public static func run(_ arguments: [[UInt8]]) -> Int32 {
        if let status = Subcommand.run(arguments) { return status }
        let parsed: DaemonArguments
        do {
            guard case .parsed(let a) = try DaemonOptions.parse(arguments) else {
                return Subcommand.help(daemonHelp, DaemonOptions.table)
            }
            parsed = a
        } catch {
            Log.line { l in
                l.append(contentsOf: error.message)
                l.append(" (see deepmoused --help)")
            }
            return ExitCode.usage
        }
        let config = parsed.configuration
        if parsed.version {
            var l = LineBuffer()
            l.append("deepmoused ")
            l.append(version)
            l.append(" (model format ")
            l.append(decimal: Int64(ModelFileFormat.version))
            l.append("; libevdev, libudev; no Foundation)\n")
            l.withBytes { try? FileDescriptor.standardOutput.writeAll($0) }
            return ExitCode.success
        }
        if parsed.listDevices { return DeviceListing.run(config) }
        if let replay = config.replayPath { return Replay.run(config, path: replay) }
        return Daemon.run(config)
    }

    /// Runs the C entry point's arguments.
    public static func run(argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
        var args: [[UInt8]] = []
        for i in 1..<Int(argc) {
            guard let p = argv[i] else { continue }
            var q = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
            var a: [UInt8] = []
            while q.pointee != 0 {
                a.append(q.pointee)
                q += 1
            }
            args.append(a)
        }
        return run(args)
    }
}
