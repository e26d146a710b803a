import DeepMouseCore
import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// `deepmoused --replay`: real recordings, bad recordings, determinism.
@Suite struct ReplayTests {
    static let model: URL = ModelFixture.file()

    func replay(_ path: String, _ extra: [String] = []) throws -> Executables.Result {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        return try Executables.run(daemon, ["--model", Self.model.path, "--replay", path] + extra)
    }

    /// A shipped model run on the other kind of device says so once, naming the models meant for it;
    /// the right model says nothing.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func aModelOnTheOtherKindOfDeviceSaysSo() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        let models = SharedData.repositoryRoot.appendingPathComponent("firmware-models")
        let mouse = SharedData.root.appendingPathComponent("evemu/ps2-generic-mouse.events").path
        let pad = SharedData.root.appendingPathComponent("evemu/elantech-touchpad.events").path
        func run(_ model: String, _ recording: String) throws -> Executables.Result {
            try Executables.run(daemon, ["--model", models.appendingPathComponent(model).path, "--replay", recording])
        }
        let wrong = try run("touchpad.dmm", mouse)
        #expect(wrong.status == 0)
        #expect(
            wrong.stderr.contains(
                "ps2-generic-mouse.events: a mouse, but the model was trained on touchpad recordings (its "
                    + "provenance): its decisions here were never measured; for a mouse, give --model mouse.dmm"),
            "\(wrong.stderr)")
        #expect(try run("mouse.dmm", pad).stderr.contains("a touchpad, but the model was trained on mouse"))
        #expect(try !run("mouse.dmm", mouse).stderr.contains("was trained on"))
        #expect(try !run("touchpad.dmm", pad).stderr.contains("was trained on"))
    }

    /// Every real recording in ../shared replays without errors, from `added` to `removed`.
    @Test(
        .enabled(if: SharedData.available, SharedData.skipMessage),
        arguments: [
            "elantech-touchpad", "elantech-touchpad-samsung-700z3a", "alps-dualpoint-touchpad",
            "ps2-generic-mouse", "ultrathin-touch-mouse", "ibm-trackpoint"
        ])
    func realRecordingsReplay(name: String) throws {
        let path = SharedData.evemu(name + ".events").path
        let r = try replay(path, ["--decisions"])
        #expect(r.status == 0, "\(name): \(r.stderr)")
        // Only the startup line naming the decision parameters (this model stores none).
        #expect(
            r.stderr
                == "deepmoused: decisions: retention 0.9000, threshold 4.000, cap 6.000, idle hops 1, min hops 0 (defaults)\n",
            "\(name): \(r.stderr)")
        let devices = r.objects(type: "device")
        #expect(devices.first?["event"] as? String == "added")
        #expect(devices.last?["event"] as? String == "removed")
        #expect(devices.last?["reason"] as? String == "end of replay")
        #expect(r.objects(type: "decision").count > 10, "\(name)")
        let kind = devices.first?["kind"] as? String
        #expect(kind == (name.contains("touchpad") ? "touchpad" : "mouse"))
        // Decision times advance by the hop (80 ms) or more.
        let times = r.objects(type: "decision").map { $0["t"] as! Double }
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 > 0.0799 })
    }

    /// The trackpoint recording's clicks come out as `buttons` lines: down at a press, up when every
    /// button is released, alternating, one pair per click of the recording.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func buttonLinesFollowTheRecordedClicks() throws {
        let path = SharedData.evemu("ibm-trackpoint.events").path
        let r = try replay(path)
        #expect(r.status == 0, "\(r.stderr)")
        let states = r.objects(type: "buttons").map { $0["state"] as! String }
        let presses = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("E:") && $0.hasSuffix(" 0001 0110 1") }.count
        #expect(states.count == 2 * presses && presses > 5, "\(states.count) lines, \(presses) presses")
        #expect(states == Array(repeating: ["down", "up"], count: states.count / 2).flatMap { $0 })
        let added = try #require(r.objects(type: "device").first)
        #expect(added["vendor"] as? Int == 2 && added["product"] as? Int == 10, "\(added)")
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func replayIsDeterministicAndMatchesTheOfflineStream() throws {
        let path = SharedData.evemu("alps-dualpoint-touchpad.events").path
        let a = try replay(path, ["--decisions", "--motion"])
        let b = try replay(path, ["--decisions", "--motion"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        // The daemon's motion cells are the offline API's stream (same tracker and grid).
        let stream = try EvemuMotion.stream(
            evemu: Array(try Data(contentsOf: URL(fileURLWithPath: path))),
            descriptionBytes: Array(try Data(contentsOf: SharedData.evemu("alps-dualpoint-touchpad.desc"))))
        let offline = zip(stream.dxUnits, stream.dyUnits).enumerated().filter { $0.element != (0, 0) }
            .map { [Int(stream.firstCell) + $0.offset, Int($0.element.0), Int($0.element.1)] }
        let live = a.objects(type: "motion").map {
            [Int((($0["t"] as! Double) * 100).rounded()), $0["dx_units"] as! Int, $0["dy_units"] as! Int]
        }
        #expect(live.count == offline.count)
        #expect(live == offline)
    }

    @Test func aMalformedRecordingStopsWithTheLineAndKeepsWhatWasPrinted() throws {
        let dir = try TemporaryDirectory.make()
        var text: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &text)
        let headerLines = text.filter { $0 == 0x0a }.count
        for i in 0..<20 {
            EvemuWriter.writeEvent(InputEvent(time: Int64(i) * 10_000, type: 2, code: 0, value: 3), to: &text)
            EvemuWriter.writeEvent(InputEvent(time: Int64(i) * 10_000, type: 0, code: 0, value: 0), to: &text)
        }
        text += Array("E: 0.210000 0002 zz 1\n".utf8)
        let url = dir.appendingPathComponent("broken.events")
        try Data(text).write(to: url)
        let r = try replay(url.path, ["--motion"])
        #expect(r.status == 65)
        #expect(
            r.stderr.contains("broken.events: line \(headerLines + 41): field 'code' is not a valid number"),
            "\(r.stderr)")
        #expect(r.objects(type: "motion").count >= 19)  // the part already read was processed and printed
        #expect(r.objects(type: "device").last?["reason"] as? String == "replay error")
    }

    /// Recordings are streamed in 1 MiB chunks of whole lines: a 4 MB file replays completely and
    /// an error after the first chunks still names the right line.
    @Test func longRecordingsStreamInChunks() throws {
        let dir = try TemporaryDirectory.make()
        var text: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &text)
        let headerLines = text.filter { $0 == 0x0a }.count
        let frames = 70_000  // 140,000 event lines, ~4 MB
        for i in 0..<frames {
            EvemuWriter.writeEvent(InputEvent(time: Int64(i) * 10_000, type: 2, code: 0, value: 1), to: &text)
            EvemuWriter.writeEvent(InputEvent(time: Int64(i) * 10_000, type: 0, code: 0, value: 0), to: &text)
        }
        #expect(text.count > 3 * (1 << 20))
        let good = dir.appendingPathComponent("long.events")
        try Data(text).write(to: good)
        let r = try replay(good.path, ["--motion"])
        #expect(r.status == 0, "\(r.stderr)")
        let cells = r.objects(type: "motion")
        #expect(cells.count == frames - 1)  // the last frame's cell is still open at the last event
        #expect(cells.allSatisfy { $0["dx_units"] as? Int == 1 })
        text += Array("E: 700.000000 0002 0000 x1\n".utf8)
        let bad = dir.appendingPathComponent("long-bad.events")
        try Data(text).write(to: bad)
        let b = try replay(bad.path)
        #expect(b.status == 65)
        #expect(
            b.stderr.contains(
                "long-bad.events: line \(headerLines + 2 * frames + 1): field 'value' is not a valid number"),
            "\(b.stderr)")
    }

    @Test func aBareEventsFileUsesTheDescNextToIt() throws {
        let dir = try TemporaryDirectory.make()
        var desc: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.touchpad, to: &desc)
        try Data(desc).write(to: dir.appendingPathComponent("pad.desc"))
        try FileManager.default.copyItem(
            at: UmockdevFixtures.url("touchpad-stroke.events"), to: dir.appendingPathComponent("pad.events"))
        let r = try replay(dir.appendingPathComponent("pad.events").path, ["--motion"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.objects(type: "motion").map { [$0["dx_units"] as! Int, $0["dy_units"] as! Int] }
                == [[65, 0], [0, 136], [-130, -272], [13, 27]])
        try FileManager.default.removeItem(at: dir.appendingPathComponent("pad.desc"))
        let missing = try replay(dir.appendingPathComponent("pad.events").path)
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no device description"))
    }

    /// An empty `.events`, an empty `.desc` and a description of something that is not a pointing device are
    /// refused with the file named (exit 65), as a missing `.desc` is; so is a recording with no events.
    @Test func emptyOrUnusableRecordingsAreRefusedNamingTheFile() throws {
        let dir = try TemporaryDirectory.make()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        var desc: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.touchpad, to: &desc)
        try Data(desc).write(to: dir.appendingPathComponent("empty.desc"))
        try Data().write(to: dir.appendingPathComponent("empty.events"))
        let noEvents = try replay(path("empty.events"))
        #expect(noEvents.status == 65, "\(noEvents.stderr)")
        #expect(noEvents.stderr.contains("empty.events: no events"), "\(noEvents.stderr)")
        #expect(noEvents.objects(type: "device").isEmpty)
        let descriptionOnly = dir.appendingPathComponent("description-only.events")
        try Data(desc).write(to: descriptionOnly)
        #expect(try replay(descriptionOnly.path).status == 65)

        try Data().write(to: dir.appendingPathComponent("blank.desc"))
        try FileManager.default.copyItem(
            at: UmockdevFixtures.url("touchpad-stroke.events"), to: dir.appendingPathComponent("blank.events"))
        let blank = try replay(path("blank.events"))
        #expect(blank.status == 65, "\(blank.stderr)")
        #expect(blank.stderr.contains("blank.desc: empty device description"), "\(blank.stderr)")
        #expect(blank.stdout.isEmpty)

        var keyboard: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.keyboard, to: &keyboard)
        try Data(keyboard).write(to: dir.appendingPathComponent("keys.desc"))
        try FileManager.default.copyItem(
            at: UmockdevFixtures.url("touchpad-stroke.events"), to: dir.appendingPathComponent("keys.events"))
        let keys = try replay(path("keys.events"))
        #expect(keys.status == 65, "\(keys.stderr)")
        #expect(keys.stderr.contains("keys.desc: the description is not a pointing device"), "\(keys.stderr)")
    }

    /// Time going backwards is replayed (into the open cell, as the trainer reads it) with one warning naming the line.
    @Test func timeGoingBackwardsIsWarnedOnceWithTheLine() throws {
        let dir = try TemporaryDirectory.make()
        var text: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &text)
        let headerLines = text.filter { $0 == 0x0a }.count
        for t: Int64 in [0, 10_000, 20_000, 15_000, 30_000, 25_000, 40_000] {
            EvemuWriter.writeEvent(InputEvent(time: t, type: 2, code: 0, value: 3), to: &text)
            EvemuWriter.writeEvent(InputEvent(time: t, type: 0, code: 0, value: 0), to: &text)
        }
        let url = dir.appendingPathComponent("backwards.events")
        try Data(text).write(to: url)
        let r = try replay(url.path, ["--motion"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains("backwards.events: line \(headerLines + 7): time goes backwards by 5.000 ms"),
            "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "time goes backwards").count == 2)  // once
        // all but the last cell's 3
        #expect(r.objects(type: "motion").map { $0["dx_units"] as! Int }.reduce(0, +) == 18)
    }

    /// A legacy `x,y` text recording gets the command that converts it.
    @Test func aLegacyTextRecordingIsPointedToTheConverter() throws {
        let dir = try TemporaryDirectory.make()
        let url = dir.appendingPathComponent("left-1.txt")
        try Data("100,200\n101,203\n".utf8).write(to: url)
        let r = try replay(url.path)
        #expect(r.status == 65)
        #expect(r.stderr.contains("left-1.txt: line 1: unknown line type"), "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "\(url.path): a legacy x,y recording? convert it first: deepmouse dataset convert FILE --to evemu"),
            "\(r.stderr)")
    }

    @Test func textFormatIsForPeople() throws {
        let dir = try TemporaryDirectory.make()
        var text: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.touchpad, to: &text)
        text += Array(try Data(contentsOf: UmockdevFixtures.url("touchpad-stroke.events")))
        let url = dir.appendingPathComponent("s.events")
        try Data(text).write(to: url)
        let r = try replay(url.path, ["--format", "text", "--motion"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("added touchpad \"DeepMouse Test Touchpad\"") == true)
        #expect(lines.contains { $0.hasSuffix(" motion 65 0") })
        #expect(lines.last?.hasSuffix("removed (end of replay)") == true)
    }

    /// A model file may carry the decision parameters chosen for it: the daemon decides with them, and its own
    /// `--evidence-*` flags override them field by field.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func theModelsDecisionParametersApplyUnlessFlagsAreGiven() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        let recording = SharedData.root.appendingPathComponent("evemu/alps-dualpoint-touchpad.events").path
        func hands(_ model: URL, _ extra: [String] = [], source: String) throws -> Int {
            let r = try Executables.run(daemon, ["--model", model.path, "--replay", recording] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("decisions: ") && r.stderr.contains(source), "\(r.stderr)")
            return r.objects(type: "hand").filter { ["left", "right"].contains($0["hand"] as? String ?? "") }.count
        }
        // Never declares: no memory, and a threshold of 256 that one hop's |p_left - 0.5| <= 0.5 cannot reach.
        let deaf = ModelFixture.file(.neverDecides)
        // Declares at once: any score of at least 1/256.
        let eager = ModelFixture.file(.decidesAtOnce)
        #expect(try hands(deaf, source: "threshold 256.000, cap 256.000, idle hops 1, min hops 0 (the model's)") == 0)
        #expect(
            try hands(
                eager, source: "retention 0.0000, threshold 0.004, cap 0.004, idle hops 1, min hops 0 (the model's)")
                > 0)
        #expect(
            try hands(
                deaf, ["--evidence-threshold", "0.004", "--evidence-cap", "0.004"],
                source: "threshold 0.004, cap 0.004, idle hops 1, min hops 0 (command line over the model's)") > 0)
        #expect(
            try hands(
                eager, ["--evidence-retention", "0", "--evidence-threshold", "256", "--evidence-cap", "256"],
                source: "(command line over the model's)") == 0)
        // Only the threshold given: above the model's cap of 1/256, refused with both values and their sources.
        let r = try Executables.run(daemon, ["--model", eager.path, "--replay", recording, "--evidence-threshold", "4"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "evidence threshold 4.000 (--evidence-threshold) exceeds the cap 0.004 (the model's): "
                    + "give both --evidence-threshold and --evidence-cap"), "\(r.stderr)")
    }

    /// What is wrong in the `.desc` next to a bare `.events` is reported against the `.desc`, by replay and stats.
    @Test func aBadDescriptionIsBlamedOnTheDescFile() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        let dir = try TemporaryDirectory.make()
        var desc: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.touchpad, to: &desc)
        desc += Array("B: 01 zz\n".utf8)
        let line = desc.filter { $0 == 0x0a }.count
        try Data(desc).write(to: dir.appendingPathComponent("pad.desc"))
        try FileManager.default.copyItem(
            at: UmockdevFixtures.url("touchpad-stroke.events"), to: dir.appendingPathComponent("pad.events"))
        let events = dir.appendingPathComponent("pad.events").path
        let expected = "\(dir.path)/pad.desc: line \(line): field 'bitmask byte' is not a valid number"
        let r = try replay(events)
        #expect(r.status == 65 && r.stderr.contains(expected), "\(r.stderr)")
        let s = try Executables.run(daemon, ["stats", events])
        #expect(s.status == 65 && s.stderr.contains(expected), "\(s.stderr)")
        #expect(!s.stderr.contains("pad.events: line"), "\(s.stderr)")
    }

    /// A description line given twice is named as such: a second N: or I:, or a B: line repeating the one before
    /// that overflows its type's mask (where it was reported as codes beyond the kernel's maximum).
    @Test func descriptionLinesGivenTwiceAreNamed() throws {
        let dir = try TemporaryDirectory.make()
        var desc: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &desc)
        let lines = String(decoding: desc, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let events = String(decoding: Self.mouseEvents(), as: UTF8.self)
        for tag in ["N:", "I:", "B: 00"] {
            let i = try #require(lines.firstIndex { $0.hasPrefix(tag) })
            var doubled = Array(lines)
            doubled.insert(lines[i], at: i + 1)
            let url = dir.appendingPathComponent("twice.events")
            try Data((doubled.joined(separator: "\n") + events).utf8).write(to: url)
            let r = try replay(url.path)
            #expect(r.status == 65, "\(tag): \(r.stderr)")
            #expect(
                r.stderr.contains(
                    "twice.events: line \(i + 2): \(tag.prefix(2)) line given twice (the first is line \(i + 1)"),
                "\(tag): \(r.stderr)")
        }
    }

    /// A few mouse events (no header).
    static func mouseEvents() -> [UInt8] {
        var text: [UInt8] = []
        for i in 0..<5 {
            EvemuWriter.writeEvent(InputEvent(time: Int64(i) * 10_000, type: 2, code: 0, value: 3), to: &text)
            EvemuWriter.writeEvent(InputEvent(time: Int64(i) * 10_000, type: 0, code: 0, value: 0), to: &text)
        }
        return text
    }

    /// A folder, /dev/zero and a FIFO nobody writes are named for what they are, at once (the open never waits
    /// for a writer): exit 66, in replay and stats.
    @Test func inputsThatAreNotRecordingsAreNamedAndNeverBlock() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        let dir = try TemporaryDirectory.make()
        let fifo = dir.appendingPathComponent("live.events").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases = [
            (dir.path, "is a folder, not a recording"), ("/dev/zero", "is a character device"),
            (fifo, "a FIFO or pipe that gave nothing (no writer)")
        ]
        for (path, message) in cases {
            let started = Date()
            let r = try Executables.run(daemon, ["--model", Self.model.path, "--replay", path], timeout: 10)
            let s = try Executables.run(daemon, ["stats", path], timeout: 10)
            #expect(Date().timeIntervalSince(started) < 8)
            for x in [r, s] {
                #expect(x.status == 66, "\(path): \(x.stderr)")
                #expect(x.stderr.contains("\(path): \(message)"), "\(x.stderr)")
            }
        }
    }

    /// A model file with a change detector: the daemon decides by it (its hand lines are exactly what
    /// `ChangeDetector` makes of the per-hop decisions it prints), `--decider vote` brings back the vote,
    /// `--decider cusum` on a file without one and vote flags on one with it are refused with a message.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func theModelsChangeDetectorDecidesUnlessTheVoteIsAsked() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        let recording = SharedData.root.appendingPathComponent("evemu/alps-dualpoint-touchpad.events").path
        let cusum = ModelFixture.file(.changeDetector)
        let r = try Executables.run(daemon, ["--model", cusum.path, "--replay", recording, "--decisions"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "decisions: CUSUM, llr = 1.0000 * logit + 0.0000, threshold 2.000, head start 1.000 after 3 idle hops"
                    + " (the model's)"), "\(r.stderr)")
        var detector = ChangeDetector(
            parameters: ChangeDetectorParameters(thresholdQ12: 2 * 4096, headStartQ12: 4096, pauseHops: 3))
        var expected: [String] = []
        for d in r.objects(type: "decision") {
            let idle = d["idle"] as! Bool
            let logit = Int32(d["logit_q12"] as! Int)
            if let c = detector.update(logitQ12: logit, pLeftQ15: 0, idle: idle) { expected.append("\(c.to.name)") }
            #expect(d["hand"] as? String == "\(detector.hand.name)")
        }
        let hands = r.objects(type: "hand").map { $0["hand"] as! String }
        #expect(hands == expected)
        #expect(!hands.isEmpty)
        let vote = try Executables.run(daemon, ["--model", cusum.path, "--replay", recording, "--decider", "vote"])
        #expect(vote.status == 0)
        #expect(vote.stderr.contains("decisions: retention 0.9000, threshold 4.000"), "\(vote.stderr)")
        let none = try Executables.run(
            daemon, ["--model", Self.model.path, "--replay", recording, "--decider", "cusum"])
        #expect(none.status == 64)
        #expect(
            none.stderr.contains(
                "--decider cusum: the model file carries no change detector (entry decision.cusum); "
                    + "add one with deepmouse calibrate, or decide by the vote (--decider vote)"), "\(none.stderr)")
        let flags = try Executables.run(
            daemon, ["--model", cusum.path, "--replay", recording, "--evidence-threshold", "2"])
        #expect(flags.status == 64)
        #expect(flags.stderr.contains("add --decider vote to use them"), "\(flags.stderr)")
    }

    /// A touchpad described without A: lines has no millimetres: replay refuses it naming the file that
    /// describes it, as the trainer's reader does (it used to read raw units as millimetres).
    @Test func aTouchpadWithoutAxisLinesIsRefusedAsByTheTrainer() throws {
        let dir = try TemporaryDirectory.make()
        var desc: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.touchpad, to: &desc)
        let lines = String(decoding: desc, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("A:") }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("pad.desc"))
        try FileManager.default.copyItem(
            at: UmockdevFixtures.url("touchpad-stroke.events"), to: dir.appendingPathComponent("pad.events"))
        let r = try replay(dir.appendingPathComponent("pad.events").path)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("pad.desc: the description gives no A: lines for ABS_X and ABS_Y"), "\(r.stderr)")
        let offline = #expect(throws: EvemuFileError.self) {
            try EvemuMotion.stream(
                evemu: Array(try Data(contentsOf: dir.appendingPathComponent("pad.events"))),
                descriptionBytes: Array(try Data(contentsOf: dir.appendingPathComponent("pad.desc"))))
        }
        #expect(offline?.part == .description)
        #expect(offline?.message.contains("missing field 'A: lines for ABS_X and ABS_Y") == true)
    }
}
