// deepmoused: the board daemon. Everything it does is in DeepMouseDaemon; this is the entry point,
// the only part that differs in the Embedded Swift build.
import DeepMouseDaemon
import DeepMouseInput

#if hasFeature(Embedded)
    // Embedded Swift has no CommandLine, so the embedded build (tools/embedded-daemon) declares the C
    // entry point itself. The normal build keeps @main: SwiftPM renames the Swift entry point of the
    // executables it tests (-entry-point-function-name), which a @_cdecl("main") would bypass.
    @_cdecl("main")
    func embeddedMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
        DaemonCommand.run(argc: argc, argv: argv)
    }
#else
    @main
    enum DeepMoused {
        static func main() {
            exitProcess(DaemonCommand.run(argc: CommandLine.argc, argv: CommandLine.unsafeArgv))
        }
    }
#endif
