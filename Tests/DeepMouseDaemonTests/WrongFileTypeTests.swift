import Foundation
import TestSupport
import Testing

/// A file of the wrong kind gets a hint that names the right command, not only the parser's complaint.
@Suite struct WrongFileTypeTests {
    func run(_ arguments: [String]) throws -> Executables.Result {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        return try Executables.run(daemon, arguments)
    }

    /// A trainer's checkpoint given as the model: say that `deepmouse export` makes the model file.
    @Test func aCheckpointGivenAsTheModelPointsToExport() throws {
        let dir = try TemporaryDirectory.make()
        let checkpoint = dir.appendingPathComponent("tp.dmcheckpoint.json")
        try Data("{\n  \"version\": 2, \"architecture\": {\"window\": 104}\n}\n".utf8).write(to: checkpoint)
        let r = try run(["--model", checkpoint.path, "--replay", "x.events"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "model \(checkpoint.path): a training checkpoint (JSON), not a model file: make the .dmm the daemon "
                    + "runs with 'deepmouse export CHECKPOINT -o MODEL.dmm'"), "\(r.stderr)")
    }

    /// Any other file that is not a model keeps the format's own message.
    @Test func otherNonModelsKeepTheFormatsMessage() throws {
        let dir = try TemporaryDirectory.make()
        let text = dir.appendingPathComponent("notes.txt")
        try Data("hello\n".utf8).write(to: text)
        let r = try run(["--model", text.path, "--replay", "x.events"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("not a DeepMouse model file (the first bytes are not DMMF)"), "\(r.stderr)")
        #expect(!r.stderr.contains("checkpoint"))
    }

    /// `stats` of a legacy x,y file points to the converter, as `--replay` does.
    @Test func statsOfALegacyTextRecordingPointsToTheConverter() throws {
        let dir = try TemporaryDirectory.make()
        let legacy = dir.appendingPathComponent("left.txt")
        try Data("805,445\n806,447\n807,450\n".utf8).write(to: legacy)
        let r = try run(["stats", legacy.path])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("line 1: unknown line type"), "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "a legacy x,y recording? convert it first: deepmouse dataset convert FILE --to evemu -o FILE.events"),
            "\(r.stderr)")
    }
}
