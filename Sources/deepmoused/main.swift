// deepmoused: the board daemon. Parses the command line and hands over to DeepMouseInput.
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion
import Glibc

let version: StaticString = "0.1.0"

func writeStandardOutput(_ text: StaticString) {
    try? FileDescriptor.standardOutput.writeAll(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

func main() -> Int32 {
    var args: [[UInt8]] = []
    for i in 1 ..< Int(CommandLine.argc) {
        guard let p = CommandLine.unsafeArgv[i] else { continue }
        var q = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
        var a: [UInt8] = []
        while q.pointee != 0 { a.append(q.pointee); q += 1 }
        args.append(a)
    }
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

exit(main())
