import DeepMouseCore
import Glibc

/// The follower's loop: reads the stream, feeds the `Follower`, and runs (or, dry, prints) each
/// switch in order, one at a time; says on standard error what it did and what it skipped.
public struct FollowSession {
    public var follower: Follower
    /// Print the commands on standard output instead of running them.
    public var dryRun: Bool
    /// Where the log lines go (standard error by default).
    public var log: (String) -> Void
    /// Where dry-run commands go (standard output by default).
    public var print: (String) -> Void
    private var lineNumber = 0
    private var badLines = 0
    private var warnedPaths: Set<String> = []

    public init(
        desktop: Desktop, dryRun: Bool, log: @escaping (String) -> Void = FollowSession.standardError,
        print: @escaping (String) -> Void = { FollowSession.write($0, to: 1) }
    ) {
        follower = Follower(desktop: desktop)
        self.dryRun = dryRun
        self.log = log
        self.print = print
    }

    /// Follows `source` to its end (a FIFO: until killed).
    public mutating func run(_ source: StreamSource) throws(StreamSource.Failure) {
        let name = source.path == "-" ? "standard input" : source.path
        try source.read(
            line: { self.take($0, source: name) },
            restarted: {
                self.log("deepmouse-follow: \(ShellQuote.word(name)): the daemon restarted; following its new stream")
                self.follower.writerRestarted()
                self.lineNumber = 0
            },
            tooLong: { self.log("deepmouse-follow: \(ShellQuote.word(name)): a line of \($0) bytes skipped") })
    }

    /// One line of the stream.
    public mutating func take(_ bytes: [UInt8], source: String) {
        lineNumber += 1
        guard !bytes.isEmpty else { return }
        let line: StreamLine
        do { line = try StreamLine.parse(bytes) } catch {
            badLines += 1
            if badLines <= 3 {
                log("deepmouse-follow: \(ShellQuote.word(source)): line \(lineNumber): \(error) (skipped)")
            } else if badLines == 4 {
                log("deepmouse-follow: \(ShellQuote.word(source)): more lines skipped; not saying it again")
            }
            return
        }
        let before = follower.ignoredHands
        for s in follower.take(line) { apply(s) }
        if follower.ignoredHands > before, let path = follower.lastIgnoredDevice, !warnedPaths.contains(path) {
            warnedPaths.insert(path)
            log(
                "deepmouse-follow: \(ShellQuote.word(source)): line \(lineNumber): a hand for \(ShellQuote.word(path)) "
                    + "before its 'device' line (ignored: its kind is not known)")
        }
    }

    private mutating func apply(_ s: Switch) {
        let text = ShellQuote.line(s.command)
        if dryRun {
            print(text)
            return
        }
        let outcome = CommandRunner.run(s.command)
        let what = "\(ShellQuote.word(s.device.path)) (\(s.device.kind.label) \(ShellQuote.word(s.device.name)))"
        if outcome.succeeded {
            log(
                "deepmouse-follow: \(what): \(s.hand.name) hand, \(s.leftHanded ? "left" : "right")-handed buttons: \(text)"
            )
        } else {
            log("deepmouse-follow: \(what): \(text): \(ShellQuote.word(s.command.arguments[0])) \(outcome.description)")
            follower.failed(s)
        }
    }

    /// Writes `line` and a newline to standard error.
    public static func standardError(_ line: String) { write(line, to: 2) }

    /// Writes `line` and a newline to `fd`, unbuffered (a dry run into a pipe shows each line at once).
    public static func write(_ line: String, to fd: Int32) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 && errno != EINTR { return }
            if n > 0 { offset += n }
        }
    }
}
