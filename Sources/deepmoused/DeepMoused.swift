// deepmoused: the board daemon. Parses the command line and hands over to DeepMouseInput.
// The entry point is the only part that differs in the Embedded Swift build (see the end).
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

let version: StaticString = "0.1.0"

func writeStandardOutput(_ text: StaticString) {
    try? FileDescriptor.standardOutput.writeAll(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

/// The daemon, given the C entry point's arguments; returns the exit status.
func run(argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var args: [[UInt8]] = []
    for i in 1 ..< Int(argc) {
        guard let p = argv[i] else { continue }
        var q = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
        var a: [UInt8] = []
        while q.pointee != 0 { a.append(q.pointee); q += 1 }
        args.append(a)
    }
    if let status = Subcommand.run(args) { return status }  // record, stats, devices (Subcommands.swift)
    let command: Command
    do { command = try Arguments.parse(args) } catch {
        Log.line { l in
            l.append(contentsOf: error.message)
            l.append(" (see deepmoused --help)")
        }
        return ExitCode.usage
    }
    switch command {
    case .help:
        writeStandardOutput(helpText)
        return ExitCode.success
    case .version:
        var l = LineBuffer()
        l.append("deepmoused ")
        l.append(version)
        l.append(" (model format ")
        l.append(decimal: Int64(ModelFileFormat.version))
        l.append("; libevdev, libudev; no Foundation)\n")
        l.withBytes { try? FileDescriptor.standardOutput.writeAll($0) }
        return ExitCode.success
    case .listDevices(let config):
        return DeviceListing.run(config)
    case .run(let config):
        if let replay = config.replayPath { return Replay.run(config, path: replay) }
        return Daemon.run(config)
    }
}

#if hasFeature(Embedded)
// Embedded Swift has no CommandLine, so the embedded build (tools/embedded-daemon) declares the C
// entry point itself. The normal build keeps @main: SwiftPM renames the Swift entry point of the
// executables it tests (-entry-point-function-name), which a @_cdecl("main") would bypass.
@_cdecl("main")
func embeddedMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    run(argc: argc, argv: argv)
}
#else
@main
enum DeepMoused {
    static func main() {
        exitProcess(run(argc: CommandLine.argc, argv: CommandLine.unsafeArgv))
    }
}
#endif
