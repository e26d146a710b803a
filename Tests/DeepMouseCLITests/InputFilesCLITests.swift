import Foundation
import TestSupport
import Testing

/// What `deepmouse` says about inputs that are not what they should be: the true reason, the file named,
/// control characters escaped, a distinct exit status (sysexits.h).
@Suite("deepmouse inputs (built binary)")
struct InputFilesCLITests {
    static let deepmouse = BuiltProduct("deepmouse")

    func run(_ arguments: [String], in directory: URL? = nil) throws -> BuiltProduct.Result {
        let product = try #require(Self.deepmouse, "deepmouse was not built (swift build --build-tests builds it)")
        return try product.run(arguments, in: directory, timeout: 20)
    }

    /// A folder, a FIFO without a writer, /dev/zero and a missing file each get their own true message (never
    /// "permission" nor NSCocoaErrorDomain) and exit 66, at once (a FIFO is never opened for a blocking read).
    @Test func whatIsNotARegularFileIsNamedForWhatItIs() throws {
        let dir = try TestTemporaryDirectory.make("deepmouse-inputs")
        let fifo = dir.appendingPathComponent("fifo.events").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases = [
            (dir.path, "is a folder, not a file"), (fifo, "is a FIFO"), ("/dev/zero", "is a character device"),
            ("/dev/urandom", "is a character device"), (dir.appendingPathComponent("gone").path, "no such file")
        ]
        for (path, message) in cases {
            let out = dir.appendingPathComponent("out.jsonl").path
            for command in [["inspect", path], ["dataset", "stats", path], ["dataset", "manifest", path, "-o", out]] {
                let r = try run(command)
                #expect(r.status == 66, "\(command): \(r.stderr)")
                #expect(r.stderr.contains("\(path): \(message)"), "\(command): \(r.stderr)")
                #expect(!r.stderr.contains("permission") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
            }
            let manifest = dir.appendingPathComponent("one.jsonl")
            try Data("{\"recording\":\"\(path)\",\"hand\":\"left\"}\n".utf8).write(to: manifest)
            let v = try run(["dataset", "validate", manifest.path, "--allow-outside"])
            #expect(v.status == 65)
            #expect(v.stdout.contains(message) || v.stdout.contains("file not found"), "\(v.stdout)")
        }
    }

    /// A manifest line that is not UTF-8 and one with a stray carriage return are named with their line and
    /// column; CRLF line ends are accepted (JSON Lines allows them).
    @Test func manifestBytesAreCheckedLineByLine() throws {
        let dir = try TestTemporaryDirectory.make("deepmouse-inputs")
        try Data(DatasetCLITests.mouseRecording(hand: "left", seed: 3).utf8).write(
            to: dir.appendingPathComponent("left-1.events"))
        try Data(DatasetCLITests.mouseRecording(hand: "right", seed: 5).utf8).write(
            to: dir.appendingPathComponent("right-1.events"))
        let crlf = dir.appendingPathComponent("crlf.jsonl")
        try Data(
            "{\"recording\":\"left-1.events\",\"hand\":\"left\"}\r\n{\"recording\":\"right-1.events\",\"hand\":\"right\"}\r\n"
                .utf8
        ).write(to: crlf)
        let ok = try run(["dataset", "validate", crlf.path, "--window", "20"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        let bad = dir.appendingPathComponent("bad.jsonl")
        var bytes = Array("{\"recording\":\"left-1.events\",\"hand\":\"left\"}\n".utf8)
        bytes += Array("{\"recording\":\"right-1".utf8) + [0xff] + Array(".events\",\"hand\":\"right\"}\n".utf8)
        bytes += Array("{\"recording\":\"right-1.events\",\r\"hand\":\"right\"}\n".utf8)
        try Data(bytes).write(to: bad)
        let r = try run(["dataset", "validate", bad.path, "--window", "20"])
        #expect(r.status == 65)
        #expect(r.stdout.contains("bad.jsonl:2: not valid UTF-8 (byte 0xFF at column 22)"), "\(r.stdout)")
        #expect(r.stdout.contains("bad.jsonl:3: carriage return (\\r) at column 31"), "\(r.stdout)")
    }

    /// Recordings outside the manifest's folder (absolute, `..`, a link out) are refused unless --allow-outside;
    /// even then an error never quotes a line of such a file.
    @Test func manifestPathsStayInTheManifestsFolder() throws {
        let root = try TestTemporaryDirectory.make("deepmouse-inputs")
        let dir = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let secret = root.appendingPathComponent("secret.txt")
        try Data("root:*:19000:0:99999:7:::\n".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("link.txt"), withDestinationURL: secret)
        let manifest = dir.appendingPathComponent("m.jsonl")
        try Data(
            ("{\"recording\":\"\(secret.path)\",\"hand\":\"left\"}\n{\"recording\":\"../secret.txt\",\"hand\":\"left\"}\n"
                + "{\"recording\":\"link.txt\",\"hand\":\"left\"}\n").utf8
        ).write(to: manifest)
        let r = try run(["dataset", "validate", manifest.path])
        #expect(r.status == 65)
        for (line, path) in [(1, secret.path), (2, "../secret.txt"), (3, "link.txt")] {
            #expect(r.stdout.contains("m.jsonl:\(line): field 'recording' '\(path)' is outside the manifest's folder"))
        }
        let allowed = try run(["dataset", "validate", manifest.path, "--allow-outside"])
        #expect(allowed.status == 65)
        #expect(allowed.stdout.contains("secret.txt:1: expected 'x,y'"), "\(allowed.stdout)")
        #expect(!allowed.stdout.contains("root:*") && !allowed.stderr.contains("root:*"), "\(allowed.stdout)")
        let train = try run(["train", "--manifest", manifest.path, "--epochs", "1", "-o", root.path + "/x.json"])
        #expect(train.status == 65 && train.stderr.contains("is outside the manifest's folder"), "\(train.stderr)")
    }

    /// Control characters from file names and contents reach the terminal escaped (no OSC title, no clear).
    @Test func controlCharactersAreEscaped() throws {
        let dir = try TestTemporaryDirectory.make("deepmouse-inputs")
        let name = "evil\u{1b}]0;owned\u{07}.dmm"
        let r = try run(["inspect", dir.appendingPathComponent(name).path])
        #expect(r.status == 66)
        #expect(r.stderr.contains("evil\\x1b]0;owned\\x07.dmm: no such file"), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1b}") && !r.stderr.contains("\u{07}"))
        let recording = dir.appendingPathComponent("left-1.txt")
        try Data("1,2\n\u{1b}[2J\u{1b}]0;t\u{07},3\n".utf8).write(to: recording)
        let manifest = dir.appendingPathComponent("m.jsonl")
        try Data("{\"recording\":\"left-1.txt\",\"hand\":\"left\"}\n".utf8).write(to: manifest)
        let v = try run(["dataset", "validate", manifest.path])
        #expect(v.status == 65)
        #expect(v.stdout.contains("\\x1b[2J\\x1b]0;t\\x07,3"), "\(v.stdout)")
        #expect(!v.stdout.contains("\u{1b}"), "\(v.stdout)")
    }
}
