// umockdev-timeline: umockdev-run with a timeline, for hotplug tests.
//
// umockdev-run builds a static testbed; hotplug needs the testbed API (add/remove devices, send
// uevents) while the program under test runs, and that API only works in a process running
// under libumockdev-preload itself. This helper re-executes itself with the preload, builds the
// testbed through libumockdev (dlopen: no -dev package needed), starts the command with its
// stdout on a pipe, and runs the steps given on its command line in order:
//
//   device FILE.umockdev        add the devices of a umockdev description
//   ioctl DEV=FILE.ioctl        load an ioctl dump for a device node
//   events DEV=FILE.events      load evemu events for a device node
//   start                       start the command (after the setup steps)
//   wait-for TEXT               until a line of the command's output contains TEXT (30 s max)
//   wait-for-file PATH          until PATH exists (30 s max; the test creates it when ready)
//   uevent SYSPATH ACTION       send a uevent (add, remove, change)
//   unplug SYSPATH              send "remove" and delete the device from the testbed
//   sleep SECONDS
//   freeze SECONDS              SIGSTOP the command for SECONDS, then SIGCONT (a reader that falls
//                               behind: the emulated nodes fill up meanwhile)
//   stop                        SIGTERM the command and wait for it
//   interrupt                   SIGINT the command (Ctrl-C) and wait for it
//   kill                        SIGKILL the command (a crash) and wait for it
//
// Usage: umockdev-timeline STEP... -- COMMAND [ARG...]. Every output line of the command is
// echoed to stdout; the exit status is the command's, or 3 when a wait-for timed out.
import Glibc

typealias Testbed = UnsafeMutableRawPointer
let preload = "libumockdev-preload.so.0"

func emit(_ fd: Int32, _ text: String) {
    var t = text
    t.withUTF8 { b in _ = write(fd, b.baseAddress, b.count) }
}

func fail(_ message: String) -> Never {
    emit(2, "umockdev-timeline: \(message)\n")
    finish(2)
}

/// Exits after freeing the testbed: its finalizer deletes the /tmp/umockdev.XXXXXX tree it built.
func finish(_ status: Int32) -> Never {
    if let testbed = currentTestbed, let lib = dlopen("libumockdev.so.0", RTLD_NOW),
        let unref = dlsym(lib, "g_object_unref")
    {
        currentTestbed = nil
        unsafeBitCast(unref, to: (@convention(c) (UnsafeMutableRawPointer) -> Void).self)(testbed)
    }
    exit(status)
}
nonisolated(unsafe) var currentTestbed: UnsafeMutableRawPointer?

// Re-exec under the preload library (the testbed API resolves /sys through it).
if !(String(cString: getenv("LD_PRELOAD") ?? strdup("")).contains(preload)) {
    setenv("LD_PRELOAD", preload, 1)
    let argv = CommandLine.unsafeArgv
    execv("/proc/self/exe", argv)
    fail("cannot re-execute with \(preload): \(String(cString: strerror(errno)))")
}

guard let lib = dlopen("libumockdev.so.0", RTLD_NOW) else { fail("libumockdev.so.0 not found (apt install umockdev)") }
func symbol<T>(_ name: String, _ type: T.Type) -> T {
    guard let s = dlsym(lib, name) else { fail("missing symbol \(name)") }
    return unsafeBitCast(s, to: type)
}
let testbedNew = symbol("umockdev_testbed_new", (@convention(c) () -> Testbed?).self)
let addFromFile = symbol(
    "umockdev_testbed_add_from_file",
    (@convention(c) (Testbed, UnsafePointer<CChar>, UnsafeMutableRawPointer?) -> Int32).self)
let loadIoctl = symbol(
    "umockdev_testbed_load_ioctl",
    (@convention(c) (Testbed, UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?) -> Int32).self)
let loadEvents = symbol(
    "umockdev_testbed_load_evemu_events",
    (@convention(c) (Testbed, UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?) -> Int32).self)
let sendUevent = symbol(
    "umockdev_testbed_uevent", (@convention(c) (Testbed, UnsafePointer<CChar>, UnsafePointer<CChar>) -> Void).self)
let removeDevice = symbol(
    "umockdev_testbed_remove_device", (@convention(c) (Testbed, UnsafePointer<CChar>) -> Void).self)

var args = Array(CommandLine.arguments.dropFirst())
guard let separator = args.firstIndex(of: "--"), separator + 1 < args.count else {
    fail("usage: umockdev-timeline STEP... -- COMMAND [ARG...]")
}
let command = Array(args[(separator + 1)...])
args = Array(args[..<separator])

guard let testbed = testbedNew() else { fail("umockdev_testbed_new failed") }
currentTestbed = testbed
var child: pid_t = 0
/// The command's stdout, read with read(2) into our own buffer and split into lines here: a
/// stdio FILE would read ahead several lines at once (as a loaded machine delivers them), and
/// poll(2) on the descriptor would then wait for bytes already sitting in the FILE's buffer.
var output: Int32 = -1
var pending: [UInt8] = []
var history: [String] = []

func split(_ pair: String) -> (String, String) {
    guard let eq = pair.firstIndex(of: "=") else { fail("expected DEV=FILE, got \(pair)") }
    return (String(pair[..<eq]), String(pair[pair.index(after: eq)...]))
}

@MainActor func start() {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { fail("pipe failed") }
    child = fork()
    if child == 0 {
        dup2(fds[1], 1)
        close(fds[0])
        close(fds[1])
        var cargs = command.map { strdup($0) }
        cargs.append(nil)
        execvp(command[0], cargs)
        emit(2, "umockdev-timeline: cannot run \(command[0])\n")
        _exit(127)
    }
    close(fds[1])
    output = fds[0]
}

/// The next complete line (with its newline), the last unterminated one at end of file, or nil
/// when nothing more arrives before `deadline` (or at end of file).
@MainActor func nextLine(before deadline: time_t?) -> String? {
    while true {
        if let newline = pending.firstIndex(of: 10) {
            let line = String(decoding: pending[...newline], as: UTF8.self)
            pending.removeSubrange(...newline)
            return line
        }
        if output < 0 { break }
        if let deadline {
            let now = time(nil)
            if now >= deadline { return nil }
            var p = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, Int32(min(deadline - now, 1) * 1000)) <= 0 { continue }
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(output, &buffer, buffer.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
            close(output)
            output = -1
            break
        }
        pending += buffer[..<n]
    }
    guard !pending.isEmpty else { return nil }
    defer { pending.removeAll() }
    return String(decoding: pending, as: UTF8.self)
}

@MainActor func waitFor(_ text: String) {
    guard child > 0 else { fail("wait-for before start") }
    if history.contains(where: { $0.contains(text) }) { return }
    let deadline = time(nil) + 30  // generous: CI runs the whole suite in parallel on 2 cores
    while let s = nextLine(before: deadline) {
        emit(1, s)
        history.append(s)
        if s.contains(text) { return }
    }
    emit(
        2,
        output < 0
            ? "umockdev-timeline: the output ended before \(text)\n"
            : "umockdev-timeline: timed out waiting for \(text)\n")
    if child > 0 {
        kill(child, SIGKILL)
        waitpid(child, nil, 0)
    }
    finish(3)
}

/// Until `path` exists (30 s max), echoing the command's output meanwhile: lets a test wait for
/// what it sees elsewhere (a FIFO's lines) before the next step.
@MainActor func waitForFile(_ path: String) {
    let deadline = time(nil) + 30
    while access(path, F_OK) != 0 {
        guard time(nil) < deadline else {
            emit(2, "umockdev-timeline: timed out waiting for \(path)\n")
            if child > 0 {
                kill(child, SIGKILL)
                waitpid(child, nil, 0)
            }
            finish(3)
        }
        var p = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        if output >= 0, poll(&p, 1, 0) > 0, let s = nextLine(before: time(nil) + 1) {
            emit(1, s)
            history.append(s)
        } else {
            usleep(20_000)
        }
    }
}

var i = 0
@MainActor func next() -> String {
    i += 1
    guard i < args.count else { fail("step \(args[i - 1]) needs an argument") }
    return args[i]
}
while i < args.count {
    switch args[i] {
    case "device":
        let f = next()
        if addFromFile(testbed, f, nil) == 0 { fail("cannot load \(f)") }
    case "ioctl":
        let (dev, f) = split(next())
        if loadIoctl(testbed, dev, f, nil) == 0 { fail("cannot load \(f)") }
    case "events":
        let (dev, f) = split(next())
        if loadEvents(testbed, dev, f, nil) == 0 { fail("cannot load \(f)") }
    case "start":
        start()
    case "wait-for":
        waitFor(next())
    case "wait-for-file":
        waitForFile(next())
    case "uevent":
        let path = next()
        sendUevent(testbed, path, next())
    case "unplug":
        let path = next()
        sendUevent(testbed, path, "remove")
        removeDevice(testbed, path)
    case "sleep":
        usleep(useconds_t((Double(next()) ?? 0) * 1_000_000))
    case "freeze":
        guard child > 0 else { fail("freeze before start") }
        let seconds = Double(next()) ?? 0
        kill(child, SIGSTOP)
        usleep(useconds_t(seconds * 1_000_000))
        kill(child, SIGCONT)
    case "stop":
        if child > 0 { kill(child, SIGTERM) }
    case "interrupt":
        if child > 0 { kill(child, SIGINT) }
    case "kill":
        if child > 0 { kill(child, SIGKILL) }
    default:
        fail("unknown step \(args[i])")
    }
    i += 1
}
if child == 0 { start() }
// Echo the rest of the output, then report the command's status.
while let s = nextLine(before: nil) { emit(1, s) }
var status: Int32 = 0
waitpid(child, &status, 0)
finish((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
