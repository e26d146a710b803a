import Foundation
import TestSupport
import Testing

/// `deepmouse dataset manifest|validate|convert|stats` run as built.
@Suite("deepmouse dataset (built binary)")
struct DatasetCLITests {
    static let deepmouse = BuiltProduct("deepmouse")

    func run(_ arguments: [String], in directory: URL? = nil) throws -> BuiltProduct.Result {
        let product = try #require(Self.deepmouse, "deepmouse was not built (swift build --build-tests builds it)")
        return try product.run(["dataset"] + arguments, in: directory)
    }

    func temporaryDirectory() -> URL {
        try! TestTemporaryDirectory.make("deepmouse-dataset")
    }

    /// A mouse recording as `deepmoused record` writes it: labels, description, 400 frames 8 ms
    /// apart with a 300 ms pause after frame 200.
    static func mouseRecording(hand: String, seed: Int) -> String {
        var text = "# EVEMU 1.3\n# deepmouse-hand: \(hand)\n# deepmouse-kind: mouse (udev)\n# deepmouse-person: ada\n"
        text += "N: Test Mouse\nI: 0003 046d c077 0111\nP: 00 00 00 00 00 00 00 00\nB: 00 07 00 00 00 00 00 00 00\n"
        text += String(repeating: "B: 01 00 00 00 00 00 00 00 00\n", count: 4) + "B: 01 00 00 07 00 00 00 00 00\n"
        text += "B: 02 03 00 00 00 00 00 00 00\n# deepmouse-time-origin: 12\n"
        var t = 0
        for i in 0..<400 {
            t += i == 200 ? 300_000 : 8_000
            let s = "\(t / 1_000_000).\(t % 1_000_000)"
            text +=
                "E: \(s) 0002 0000 \((i * seed) % 7 - 3)\nE: \(s) 0002 0001 \((i + seed) % 5 - 2)\nE: \(s) 0000 0000 0\n"
        }
        return text + "# deepmouse-end: 1200 events, 0 SYN_DROPPED\n"
    }

    @Test func manifestFromRecordingLabelsThenValidate() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.mouseRecording(hand: "left", seed: 3).utf8).write(to: dir.appendingPathComponent("a.events"))
        try Data(Self.mouseRecording(hand: "right", seed: 5).utf8).write(to: dir.appendingPathComponent("b.events"))
        var r = try run(["manifest", "a.events", "b.events", "-o", "data.jsonl", "--notes", "desk"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("data.jsonl"), encoding: .utf8)
        #expect(
            text == """
                {"recording":"a.events","hand":"left","device":"mouse","person":"ada","notes":"desk"}
                {"recording":"b.events","hand":"right","device":"mouse","person":"ada","notes":"desk"}

                """)
        r = try run(["manifest", "a.events", "-o", "data.jsonl"], in: dir)
        #expect(r.status != 0 && r.stderr.contains("data.jsonl exists (use --append or --force)"))
        r = try run(["validate", "data.jsonl", "--window", "100"], in: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("valid: 2 recordings"))
        #expect(r.stdout.contains("left: 1 recordings"))
        // deepmouse train takes the manifest as it is (mouse counts, a time-contiguous split).
        let product = try #require(Self.deepmouse)
        let train = try product.run(
            [
                "train", "--manifest", "data.jsonl", "--split", "tail", "--window", "20", "--conv-layers", "1",
                "--filters", "4", "--hidden", "4", "--epochs", "1", "--patience", "0", "--batch-size", "8",
                "--seed", "3", "--normalization", "fitted", "-o", "m.dmcheckpoint.json"
            ], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.dmcheckpoint.json").path))
        // Mouse counts get the mouse recipe, the flags given win over it, and a split this small is
        // reported with a warning rather than as a bare accuracy.
        #expect(
            train.stderr.contains("recipe mouse (by the data's unit): window 400 moving samples"), "\(train.stderr)")
        #expect(train.stderr.contains("window 20 samples"), "\(train.stderr)")
        #expect(train.stderr.contains("warning: only "), "\(train.stderr)")
        #expect(train.stderr.contains("test windows: an accuracy measured on them is uncertain"), "\(train.stderr)")
        // A label contradicting the manifest fails validation, naming the line.
        r = try run(["manifest", "b.events", "-o", "data.jsonl", "--append", "--hand", "left"], in: dir)
        #expect(r.status == 0)
        r = try run(["validate", "data.jsonl", "--window", "100"], in: dir)
        #expect(r.status == 65)
        #expect(
            r.stdout.contains("data.jsonl:3 field 'hand': the manifest says left but b.events was recorded as right"))
        #expect(r.stdout.contains("b.events has the same content as line 2"))
    }

    @Test func legacyToEvemuToCSVGivesBackThePixelDeltas() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let positions = (0..<300).map { i in (500 + (i * 7) % 23 - i / 3, 400 + (i * 5) % 17) }
        let legacy = positions.map { "\($0.0),\($0.1)" }.joined(separator: "\n") + "\n"
        try Data(legacy.utf8).write(to: dir.appendingPathComponent("left-2.txt"))
        var r = try run(["convert", "left-2.txt", "--to", "evemu", "-o", "left-2.events"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let evemu = try String(contentsOf: dir.appendingPathComponent("left-2.events"), encoding: .utf8)
        #expect(
            evemu.hasPrefix(
                "# EVEMU 1.3\n# deepmouse-hand: left\n# deepmouse-converted-from: legacy x,y left-2.txt at 10.0 px/mm\n"
            ))
        #expect(evemu.hasSuffix("# deepmouse-end: converted, 300 positions\n"))
        // Finished like a recording: validate and stats do not call it interrupted.
        #expect(try run(["manifest", "left-2.events", "-o", "data.jsonl"], in: dir).status == 0)
        let validated = try run(["validate", "data.jsonl"], in: dir)
        #expect(
            validated.stdout.contains("left-2.events")
                && !(validated.stdout + validated.stderr).contains("interrupted"),
            "\(validated.stdout) \(validated.stderr)")
        let stats = try run(["stats", "left-2.events"], in: dir)
        #expect(
            stats.status == 0 && stats.stdout.contains("complete") && !stats.stdout.contains("interrupted"),
            "\(stats.stdout)")
        r = try run(["convert", "left-2.events", "--to", "csv", "-o", "-"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.first == "t_s,dx_mm,dy_mm")
        let mm = rows.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        let px = zip(positions.dropFirst(), positions).map { [Double($0.0 - $1.0), Double($0.1 - $1.1)] }
        #expect(mm.count == px.count + 1)  // the lift's empty sample (no still start here)
        for (a, b) in zip(mm, px) { #expect(abs(a[1] * 10 - b[0]) < 1e-4 && abs(a[2] * 10 - b[1]) < 1e-4) }
        #expect(mm.last!.dropFirst() == [0, 0])
        #expect(mm[1][0] == 0.01)
        // The legacy file itself as CSV: its pixel deltas.
        r = try run(["convert", "left-2.txt", "--to", "csv", "-o", "legacy.csv"], in: dir)
        let legacyCSV = try String(contentsOf: dir.appendingPathComponent("legacy.csv"), encoding: .utf8).split(
            separator: "\n")
        #expect(legacyCSV.first == "t_s,dx_px,dy_px")
        #expect(legacyCSV.dropFirst().map { $0.split(separator: ",").dropFirst().map { Double($0)! } } == px)
    }

    @Test func convertRefusesWhatItCannotDo() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.mouseRecording(hand: "left", seed: 1).utf8).write(to: dir.appendingPathComponent("m.events"))
        try Data("0,0\n5000,0\n".utf8).write(to: dir.appendingPathComponent("wide.txt"))
        try Data("N: x\nE: 0.1 0002 0000 1\nE: 0.2 zz 0000 0\n".utf8).write(
            to: dir.appendingPathComponent("bad.events"))
        var r = try run(["convert", "m.events", "--to", "evemu", "-o", "x.events"], in: dir)
        #expect(r.status != 0 && r.stderr.contains("m.events: already an evemu recording"))
        r = try run(
            ["convert", "wide.txt", "--to", "evemu", "--description", "m.events", "--px-per-mm", "1", "-o", "x.events"],
            in: dir)
        #expect(
            r.status != 0 && r.stderr.contains("m.events: the device description is not a touchpad")
                && !r.stderr.contains("wide.txt"), "\(r.stderr)")  // names the description, not the converted file
        r = try run(["convert", "wide.txt", "--to", "evemu", "--description", "m.events", "-o", "x.events"], in: dir)
        #expect(r.status == 64 && r.stderr.contains("--px-per-mm is required with --description"))
        r = try run(["convert", "bad.events", "--to", "csv", "-o", "x.csv"], in: dir)
        #expect(r.status != 0 && r.stderr.contains("bad.events:3: field 'type' is not a valid number"), "\(r.stderr)")
        r = try run(["convert", "wide.txt", "--to", "csv", "-o", "m.events"], in: dir)
        #expect(r.status != 0 && r.stderr.contains("m.events exists (use --force to replace it)"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.events").path))
    }

    @Test func statsPrintsTheFiguresWritesThePlotAndNamesBadLines() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.mouseRecording(hand: "left", seed: 3).utf8).write(to: dir.appendingPathComponent("a.events"))
        var r = try run(["stats", "a.events", "--svg", "a.svg"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "labels        hand left, kind mouse (udev), person ada, time-origin 12\nstate         complete\n"))
        #expect(
            r.stdout.contains("intervals     all 399: min 8.000 ms, median 8.000 ms, p99 8.000 ms, max 300.000 ms\n"))
        // from the first event
        #expect(r.stdout.contains("gaps          > 100 ms 1: 0.300 s in total, longest 0.300 s at 1.592 s\n"))
        let svg = try String(contentsOf: dir.appendingPathComponent("a.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("class=\"acquisition-stability\""))
        #expect(svg.contains("data-name=\"gap &gt; 100 ms\""))
        #expect(svg.contains("data-name=\"100 Hz grid: 10 ms\""))
        #expect(svg.contains("Frame intervals within activity (398 intervals)"))
        let xml = try XMLParserCheck.wellFormed(Data(svg.utf8))
        #expect(xml, "the SVG is well-formed XML")
        r = try run(["stats", "a.events", "--json"], in: dir)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(object["frames"] as? Int == 400)
        #expect(object["hand"] as? String == "left")
        #expect(object["complete"] as? Bool == true)
        #expect((object["intervals"] as! [String: Any])["p99Ms"] as? Double == 8)
        try Data("N: x\nE: 0.1 0002 0000 1\nE: 0.2 zz 0000 0\n".utf8).write(
            to: dir.appendingPathComponent("bad.events"))
        r = try run(["stats", "bad.events"], in: dir)
        #expect(r.status == 65)
        #expect(r.stderr.contains("bad.events: line 3: field 'type' is not a valid number"))
    }
}

/// Parses XML with Foundation's SAX parser: true when well-formed.
enum XMLParserCheck {
    static func wellFormed(_ data: Data) throws -> Bool {
        #if canImport(FoundationXML)
            return FoundationXMLParse.parse(data)
        #else
            return XMLParser(data: data).parse()
        #endif
    }
}

#if canImport(FoundationXML)
    import FoundationXML
    enum FoundationXMLParse {
        static func parse(_ data: Data) -> Bool { XMLParser(data: data).parse() }
    }
#endif
