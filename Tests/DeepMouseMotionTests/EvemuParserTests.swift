import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// Parses `text` as a whole evemu file: header plus all events.
func parseEvemu(_ text: String) throws(EvemuError) -> (EvemuParser.Header, [InputEvent]) {
    let bytes = Array(text.utf8)
    var result: Result<(EvemuParser.Header, [InputEvent]), EvemuError> = .failure(
        EvemuError(line: 0, problem: .trailingGarbage))
    bytes.withUnsafeBytes { raw in
        do throws(EvemuError) {
            let header = try EvemuParser.parseHeader(raw)
            var reader = EvemuEventReader(bytes: raw, header: header)
            var events: [InputEvent] = []
            while let e = try reader.next() { events.append(e) }
            result = .success((header, events))
        } catch {
            result = .failure(error)
        }
    }
    return try result.get()
}

func parseError(_ text: String) -> EvemuError? {
    do {
        _ = try parseEvemu(text)
        return nil
    } catch { return error }
}

let touchpadHeader = """
    # EVEMU 1.3
    # a comment
    N: Test Pad (Fixture)
    I: 0011 0002 000e 0001
    P: 05 00 00 00 00 00 00 00
    B: 00 0b 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 00 00 00 00 00 00
    B: 01 00 00 01 00 00 00 00 00
    B: 01 20 e4 00 00 00 00 00 00
    B: 03 03 00 00 11 00 80 61 06
    A: 00 0 3260 0 0 32
    A: 01 -5 2282 1 2 33
    A: 2f 0 4 0 0 0
    A: 35 0 3260 0 0 32
    A: 36 0 2282 0 0 32
    A: 39 0 65535 0 0 0
    L: 00 1
    S: 05 0

    """

@Suite struct EvemuParserTests {
    @Test func headerFieldsAreRead() throws {
        let (h, events) = try parseEvemu(touchpadHeader)
        #expect(h.hasDescription)
        #expect(events.isEmpty)
        let d = h.description
        #expect(d.name == "Test Pad (Fixture)")
        #expect(d.id == InputID(bustype: 0x11, vendor: 2, product: 0xe, version: 1))
        #expect(d.has(property: InputProperty.pointer))
        #expect(d.has(property: InputProperty.semiMT) == false)
        #expect(d.has(property: 2) == true)  // 0x05 = bits 0 and 2
        #expect(d.has(type: EventType.key) && d.has(type: EventType.abs) && !d.has(type: EventType.rel))
        // Continuation lines: B: 01 line 5 holds bytes 32..39 (0x01 at byte 34 = BTN_LEFT, 0x110),
        // line 6 bytes 40..47 (0x20 = BTN_TOOL_FINGER 0x145; 0xe4 = BTN_TOUCH, DOUBLE/TRIPLE/QUADTAP).
        var keys: [UInt16] = []
        d.capabilities[Int(EventType.key)].forEach { keys.append($0) }
        #expect(keys == [0x110, 0x145, 0x14a, 0x14d, 0x14e, 0x14f])
        #expect(d.kind == .touchpad)
        let y = try #require(d.absAxis(AbsCode.y))
        #expect(y == AbsAxis(code: 1, minimum: -5, maximum: 2282, fuzz: 1, flat: 2, resolution: 33))
        #expect(d.absAxes.map(\.code) == [0, 1, 0x2f, 0x35, 0x36, 0x39])
        #expect(d.ledStates == [CodeState(code: 0, value: 1)])
        #expect(d.switchStates == [CodeState(code: 5, value: 0)])
    }

    @Test func eventsKeepMicrosecondsAsAnIntegerCount() throws {
        let (h, events) = try parseEvemu(
            """
            E: 0.000000 0003 0039 0948\t# EV_ABS / ABS_MT_TRACKING_ID   948
            E: 0.10000 0003 0035 -013
            E: 1.012500 0000 0000 0000
            E: 12.5 0001 014a +1

            # trailing comment
            E: 1329461875.832049 0003 0000 810
            """)
        #expect(h.hasDescription == false)
        #expect(
            events == [
                InputEvent(time: 0, type: 3, code: 0x39, value: 948),
                InputEvent(time: 10_000, type: 3, code: 0x35, value: -13),
                InputEvent(time: 1_012_500, type: 0, code: 0, value: 0),
                InputEvent(time: 12_000_005, type: 1, code: 0x14a, value: 1),
                InputEvent(time: 1_329_461_875_832_049, type: 3, code: 0, value: 810)
            ])
    }

    @Test func oldAbsLinesWithoutResolutionAreAccepted() throws {
        let (h, _) = try parseEvemu("N: old\nI: 0011 0002 0008 7326\nB: 03 03\nA: 00 0 2000 0 0\n")
        #expect(h.description.absAxis(0) == AbsAxis(code: 0, minimum: 0, maximum: 2000))
    }

    @Test(arguments: [
        ("N: x\nQ: 1\n", 2, EvemuError.Problem.unknownLineType),
        ("N: x\nI: 0011 zz 0 0\n", 2, .badNumber("vendor")),
        ("N: x\nI: 0011 0002 0003\n", 2, .missingField("version")),
        ("N: x\nI: 0011 0002 0003 0004 0005\n", 2, .trailingGarbage),
        ("N: x\nB: 00 0b\nA: 00 0 99999999999 0 0 0\n", 3, .badNumber("max")),
        ("N: x\n\n# c\nA: 00 0 1 0\n", 4, .missingField("flat")),
        ("E: 0.1 0000 0000 0\nE: 0.1000000 0000 0000 0\n", 2, .microsecondsOutOfRange),
        ("E: 0.1 0000 0000 0\nE: 0x1 0000 0000 0\n", 2, .badNumber("time")),
        ("E: 0.1 0000 0000 0\nE: 1 0000 0000 0\n", 2, .badNumber("time")),
        ("E: 0.1 0000 0000 0\nE: 0.1 0000 0000 2147483648\n", 2, .badNumber("value")),
        ("E: 0.1 0000 0000 0\nE: 0.1 0000 0000 - 1\n", 2, .badNumber("value")),
        ("E: 0.1 0000 0000 0\nE: 0.1 10000 0000 0\n", 2, .badNumber("type")),
        ("E: 0.1 0000 0000 0\nN: late\n", 2, .descriptionAfterEvents),
        ("E: 0.1 0000 0000 0\nhello\n", 2, .unknownLineType),
        ("B: 01" + String(repeating: " 00", count: 96) + " 01\n", 1, .bitmaskTooLong)
    ])
    func badInputNamesTheLine(text: String, line: Int, problem: EvemuError.Problem) {
        let error = parseError(text)
        #expect(error == EvemuError(line: line, problem: problem), "\(text)")
        #expect(error?.message.hasPrefix("line \(line): ") == true)
    }

    @Test func int32ExtremesParse() throws {
        let (_, e) = try parseEvemu("E: 0.1 0003 0039 -2147483648\nE: 0.1 0003 0039 2147483647\n")
        #expect(e.map(\.value) == [Int32.min, Int32.max])
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func realDescriptionsParse() throws {
        let elantech = try Array(Data(contentsOf: SharedData.evemu("elantech-touchpad.desc")))
        let d = try elantech.withUnsafeBytes { raw throws(EvemuError) in try EvemuParser.parseHeader(raw) }.description
        #expect(d.name == "ETPS/2 Elantech Touchpad")
        #expect(d.kind == .touchpad)
        #expect(d.absAxis(AbsCode.x)?.maximum == 1280)
        #expect(d.absAxis(AbsCode.mtSlot)?.maximum == 1)
        let mouse = try Array(Data(contentsOf: SharedData.evemu("ps2-generic-mouse.desc")))
        let m = try mouse.withUnsafeBytes { raw throws(EvemuError) in try EvemuParser.parseHeader(raw) }.description
        #expect(m.kind == .mouse)
        #expect(m.reportsKeyboardKeys == false)
    }
}
