import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion
import Foundation
import TestSupport
import Testing

@testable import DeepMouseDaemon

@Suite struct LineFormatterTests {
    func text(_ body: (inout LineBuffer) -> Void) -> String {
        var line = LineBuffer()
        body(&line)
        return String(decoding: line.bytes(), as: UTF8.self)
    }

    @Test func handLineIsTheDocumentedJSON() {
        let f = LineFormatter(format: .json)
        let s = text {
            f.hand(.left, pLeftQ15: 30_474, time: 12_340_400, device: Array("/dev/input/event5".utf8), into: &$0)
        }
        #expect(
            s
                == "{\"v\":1,\"t\":12.340,\"type\":\"hand\",\"hand\":\"left\",\"p_left\":0.930,\"device\":\"/dev/input/event5\"}\n"
        )
        let obj = try? JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any]
        #expect(obj?["p_left"] as? Double == 0.93)
    }

    /// Live text lines start with the local time of day, read by people; JSON and replay keep the
    /// event clock's seconds.
    @Test func liveTextLinesGiveTheLocalTimeOfDay() throws {
        var f = LineFormatter(format: .text)
        f.localTimeOfDay = true
        let now = MonotonicClock.now()
        let wall = Date()
        let s = text { f.hand(.left, pLeftQ15: 30_474, time: now, device: Array("/dev/input/event5".utf8), into: &$0) }
        let match = try #require(
            s.wholeMatch(of: /(\d\d):(\d\d):(\d\d)\.(\d\d\d) \/dev\/input\/event5 hand left \(p_left 0\.930\)\n/))
        let seconds = Int(match.1)! * 3600 + Int(match.2)! * 60 + Int(match.3)!
        let c = Calendar.current.dateComponents([.hour, .minute, .second], from: wall)
        let expected = c.hour! * 3600 + c.minute! * 60 + c.second!
        #expect(abs(seconds - expected) <= 2 || abs(seconds - expected) >= 86_398, "\(s)")
        // Padded: an hour before 10 is "09", a millisecond under 100 is "050".
        #expect(text { f.appendPadded(9, 2, &$0) } == "09" && text { f.appendPadded(50, 3, &$0) } == "050")
        #expect(text { f.appendPadded(0, 3, &$0) } == "000" && text { f.appendPadded(123, 3, &$0) } == "123")
        // The flag is for text only: JSON keeps the seconds readers parse.
        var json = LineFormatter(format: .json)
        json.localTimeOfDay = true
        #expect(text { json.appendSeconds(12_340_400, &$0) } == "12.340")
        #expect(text { LineFormatter(format: .text).appendSeconds(12_340_400, &$0) } == "12.340")
    }

    @Test func roundingOfTimesAndProbabilities() {
        let f = LineFormatter(format: .json)
        #expect(text { f.appendSeconds(1_999_500, &$0) } == "2.000")
        #expect(text { f.appendSeconds(1_999_499, &$0) } == "1.999")
        #expect(text { f.appendSeconds(-1_500, &$0) } == "-0.002")
        #expect(text { f.appendProbability(32_768, &$0) } == "1.000")
        #expect(text { f.appendProbability(0, &$0) } == "0.000")
        #expect(text { f.appendProbability(16_384, &$0) } == "0.500")
        #expect(text { f.appendProbability(99_999, &$0) } == "1.000")
    }

    @Test func namesAreEscapedValidJSONAndBounded() throws {
        let f = LineFormatter(format: .json)
        var name = Array("Quote\" back\\ tab\t nl\n bell\u{7} é ".utf8)
        name += [0xff, 0xc3]  // invalid UTF-8 and a truncated sequence
        let facts = LineFormatter.DeviceFacts(
            path: Array("/dev/input/event5".utf8), name: name, kind: .touchpad,
            classifiedByUdev: true, clock: "monotonic", unit: .mm,
            unitsPerMillimetre: (65, 136), resolutionGuessed: false)
        let s = text { f.deviceAdded(facts, time: 0, into: &$0) }
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
        #expect(obj["name"] as? String == "Quote\" back\\ tab\t nl\n bell\u{7} é \u{fffd}\u{fffd}")
        #expect(obj["units_per_mm"] as? [Int] == [65, 136])
        // A huge name is cut: the line stays far below 4096 bytes.
        let long = LineFormatter.DeviceFacts(
            path: Array("/dev/input/event5".utf8), name: [UInt8](repeating: 0x01, count: 10_000),
            kind: .mouse, classifiedByUdev: false, clock: "converted", unit: .counts,
            unitsPerMillimetre: nil, resolutionGuessed: false)
        var line = LineBuffer()
        f.deviceAdded(long, time: 0, into: &line)
        #expect(!line.overflowed)
        #expect(line.count < 4096)
        #expect((try? JSONSerialization.jsonObject(with: Data(line.bytes()))) != nil)
    }

    @Test func removedAndDecisionLines() {
        let f = LineFormatter(format: .json)
        #expect(
            text {
                f.deviceRemoved(path: Array("/dev/input/event6".utf8), reason: "unplugged", time: 5_000_000, into: &$0)
            }
                == "{\"v\":1,\"t\":5.000,\"type\":\"device\",\"event\":\"removed\",\"device\":\"/dev/input/event6\",\"reason\":\"unplugged\"}\n"
        )
        let d = StreamingDecision(pLeftQ15: 8192, logitQ12: -4500, idle: false)
        #expect(
            text { f.decision(d, hand: .right, time: 80_000, device: Array("x".utf8), into: &$0) }
                == "{\"v\":1,\"t\":0.080,\"type\":\"decision\",\"p_left\":0.250,\"idle\":false,\"logit_q12\":-4500,\"hand\":\"right\",\"device\":\"x\"}\n"
        )
        let t = LineFormatter(format: .text)
        #expect(
            text { t.hand(.unknown, pLeftQ15: 16_384, time: 1_000, device: Array("/dev/input/event5".utf8), into: &$0) }
                == "0.001 /dev/input/event5 hand unknown (p_left 0.500)\n")
    }

    @Test func buttonsLinesAndTheDeviceIds() throws {
        let f = LineFormatter(format: .json)
        let device = Array("/dev/input/event5".utf8)
        #expect(
            text { f.buttons(held: true, time: 2_500_000, device: device, into: &$0) }
                == "{\"v\":1,\"t\":2.500,\"type\":\"buttons\",\"state\":\"down\",\"device\":\"/dev/input/event5\"}\n")
        #expect(
            text { f.buttons(held: false, time: 2_600_000, device: device, into: &$0) }
                == "{\"v\":1,\"t\":2.600,\"type\":\"buttons\",\"state\":\"up\",\"device\":\"/dev/input/event5\"}\n")
        let t = LineFormatter(format: .text)
        #expect(
            text { t.buttons(held: false, time: 2_600_000, device: device, into: &$0) }
                == "2.600 /dev/input/event5 buttons up\n")
        let facts = LineFormatter.DeviceFacts(
            path: device, name: Array("Pad".utf8), vendor: 1739, product: 30383, kind: .touchpad,
            classifiedByUdev: true, clock: "monotonic", unit: .mm, unitsPerMillimetre: nil, resolutionGuessed: false)
        let s = text { f.deviceAdded(facts, time: 0, into: &$0) }
        #expect(s.contains("\"name\":\"Pad\",\"vendor\":1739,\"product\":30383,\"kind\":\"touchpad\""), "\(s)")
    }

    @Test func lineBufferRefusesOverflow() {
        var line = LineBuffer()
        for _ in 0..<5000 { line.append(byte: 0x41) }
        #expect(line.overflowed)
        #expect(line.count == LineBuffer.capacity)
        line.removeAll()
        #expect(!line.overflowed && line.count == 0)
    }
}

@Suite struct DevicePolicyTests {
    func udev(
        _ node: String = "/dev/input/event4", path: String = "/devices/platform/i8042/serio1/input/input4/event4",
        idInput: Bool = true, touchpad: Bool = false, mouse: Bool = false, stick: Bool = false, keyboard: Bool = false
    ) -> UdevDevice {
        UdevDevice(
            devnode: Array(node.utf8), devpath: Array(path.utf8), idInput: idInput, touchpad: touchpad, mouse: mouse,
            pointingStick: stick, keyboard: keyboard)
    }

    @Test func screening() {
        #expect(DevicePolicy.screen(udev(touchpad: true)) == .pointer(.touchpad))
        #expect(DevicePolicy.screen(udev(mouse: true)) == .pointer(.mouse))
        #expect(DevicePolicy.screen(udev(mouse: true, stick: true)) == .pointer(.pointingStick))
        #expect(DevicePolicy.screen(udev(mouse: true, keyboard: true)) == .rejected("keyboard"))
        #expect(DevicePolicy.screen(udev(keyboard: true)) == .rejected("keyboard"))
        #expect(DevicePolicy.screen(udev()) == .rejected("not a pointing device"))
        #expect(DevicePolicy.screen(udev(idInput: false)) == .probeCapabilities)
        #expect(
            DevicePolicy.screen(udev(path: "/devices/virtual/input/input9/event9", mouse: true))
                == .rejected("virtual device"))
        #expect(DevicePolicy.screen(udev("/dev/input/mouse0", mouse: true)) == .rejected("not an event node"))
    }

    @Test func capabilityCheck() {
        var keyboardMouse = TestDevices.mouse
        for k in UInt16(1)...31 { keyboardMouse.enable(type: EventType.key, code: k) }
        if case .failure(let e) = DevicePolicy.check(keyboardMouse, udevKind: nil, pinned: false) {
            #expect(e.isKeyboardRefusal)
        } else {
            Issue.record("a keyboard-capable mouse must not be opened automatically")
        }
        #expect((try? DevicePolicy.check(keyboardMouse, udevKind: nil, pinned: true).get()) == .mouse)
        #expect((try? DevicePolicy.check(TestDevices.touchpad, udevKind: nil, pinned: false).get()) == .touchpad)
        #expect((try? DevicePolicy.check(TestDevices.keyboard, udevKind: nil, pinned: true).get()) == nil)
    }

    @Test func permissionErrorsNameTheGroup() {
        var s: [UInt8] = []
        DeviceOpenError(reason: .open(.permissionDenied), groupName: Array("input".utf8)).write(to: &s)
        let text = String(decoding: s, as: UTF8.self)
        #expect(text.contains("Permission denied"))
        #expect(text.contains("add its user to the 'input' group"))
        #expect(text.contains("no root needed"))
    }
}

@Suite struct EventClockTests {
    @Test func monotonicIsTheIdentity() {
        var c = EventClock(isMonotonic: true)
        #expect(c.monotonicTime(of: 123, now: 999_999, realtimeNow: 5) == 123)
    }

    @Test func realtimeStampsAreConvertedExactly() {
        var c = EventClock(isMonotonic: false)
        let realtime: Int64 = 1_700_000_000_000_000
        #expect(c.monotonicTime(of: realtime - 2_000, now: 50_000_000, realtimeNow: realtime) == 50_000_000 - 2_000)
        #expect(c.mode == .realtime)
        // An NTP step of +1 h is followed at once.
        #expect(
            c.monotonicTime(of: realtime + 3_600_000_000, now: 50_010_000, realtimeNow: realtime + 3_600_010_000)
                == 50_000_000)
    }

    @Test func otherClocksKeepTheEventsSpacing() {
        var c = EventClock(isMonotonic: false)
        // A replayed recording's own clock: the first event read 60 ms late, the next one 10 ms
        // late: the spacing (50 ms) is kept; a later one 150 ms late moves the offset up (never
        // before its read: no late frame); a delay a second shorter re-bases it down.
        #expect(c.monotonicTime(of: 0, now: 1_060_000, realtimeNow: 1_700_000_000_000_000) == 1_060_000)
        #expect(c.mode == .estimated)
        #expect(c.monotonicTime(of: 50_000, now: 1_060_000, realtimeNow: 0) == 1_110_000)
        #expect(c.monotonicTime(of: 100_000, now: 1_250_000, realtimeNow: 0) == 1_250_000)
        #expect(c.monotonicTime(of: 150_000, now: 1_260_000, realtimeNow: 0) == 1_300_000)
        #expect(c.monotonicTime(of: 5_000_000, now: 5_010_000, realtimeNow: 0) == 5_010_000)  // 1.14 s shorter
        #expect(c.steps == 1)
    }
}
