import Foundation
import TestSupport
import Testing

/// The workstation tool writes its outputs atomically without leaving anything in $TMPDIR
/// (swift-corelibs-foundation can stage atomic writes in TemporaryDirectory.* folders there).
@Suite("deepmouse leaves nothing in TMPDIR")
struct TemporaryFilesCLITests {
    @Test func manifestConvertAndTrainLeaveTheTemporaryDirectoryEmpty() throws {
        let product = try #require(
            BuiltProduct("deepmouse"), "deepmouse was not built (swift build --build-tests builds it)")
        let dir = try TestTemporaryDirectory.make("deepmouse-tmpdir")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tmp = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try Data(DatasetCLITests.mouseRecording(hand: "left", seed: 3).utf8).write(
            to: dir.appendingPathComponent("a.events"))
        try Data(DatasetCLITests.mouseRecording(hand: "right", seed: 5).utf8).write(
            to: dir.appendingPathComponent("b.events"))
        let env = ["TMPDIR": tmp.path]
        for arguments in [
            ["dataset", "manifest", "a.events", "b.events", "-o", "data.jsonl"],
            ["dataset", "convert", "a.events", "--to", "csv", "-o", "a.csv"],
            [
                "train", "--manifest", "data.jsonl", "--split", "tail", "--window", "20", "--conv-layers", "1",
                "--filters", "4", "--hidden", "4", "--epochs", "1", "--patience", "0", "--batch-size", "8",
                "--seed", "3", "--normalization", "fitted", "-o", "m.dmcheckpoint.json"
            ]
        ] {
            let r = try product.run(arguments, in: dir, environment: env)
            #expect(r.status == 0, "\(arguments[0 ... 1]): \(r.stderr)")
        }
        for output in ["data.jsonl", "a.csv", "m.dmcheckpoint.json"] {
            #expect(
                FileManager.default.fileExists(atPath: dir.appendingPathComponent(output).path), "\(output) missing")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == [])
        // Nothing staged beside the outputs either: only what was asked for.
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(
            left.subtracting(["tmp", "a.events", "b.events", "data.jsonl", "a.csv", "m.dmcheckpoint.json"])
                .allSatisfy { $0.hasPrefix("m.") }, "\(left)")
    }
}
