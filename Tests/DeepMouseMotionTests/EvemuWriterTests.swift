import DeepMouseMotion
import Foundation
import TestSupport
import Testing

@Suite struct EvemuWriterTests {
    @Test func descriptionRoundTrips() throws {
        for device in [TestDevices.multitouchPad, TestDevices.singleTouchPad, TestDevices.mouse] {
            var out: [UInt8] = []
            EvemuWriter.writeDescription(device, to: &out)
            let (h, events) = try parseEvemu(String(decoding: out, as: UTF8.self))
            #expect(h.hasDescription && events.isEmpty)
            #expect(h.description == device)
        }
    }

    @Test func eventsRoundTripInBothMicrosecondStyles() throws {
        let events = [
            InputEvent(time: 5_000_012_500, type: 3, code: 0x35, value: -13),
            InputEvent(time: 5_000_100_000, type: 0, code: 0, value: 0),
            InputEvent(time: 5_001_000_007, type: 1, code: 0x14a, value: 1)
        ]
        for style in [EvemuWriter.MicrosecondStyle.zeroPadded, .unpadded] {
            var out: [UInt8] = []
            for e in events { EvemuWriter.writeEvent(e, timeOrigin: 5_000_000_000, style: style, to: &out) }
            let text = String(decoding: out, as: UTF8.self)
            let (_, back) = try parseEvemu(text)
            #expect(back.map(\.time) == [12_500, 100_000, 1_000_007])
            #expect(back.map(\.value) == events.map(\.value))
            if style == .zeroPadded {
                #expect(text.hasPrefix("E: 0.012500 0003 0035 -13\n"))
            } else {
                // No leading zeros: umockdev would read "012500" as octal.
                #expect(text == "E: 0.12500 0003 0035 -13\nE: 0.100000 0000 0000 0\nE: 1.7 0001 014a 1\n")
            }
        }
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func realHeadersRoundTrip() throws {
        for name in [
            "elantech-touchpad.desc", "alps-dualpoint-touchpad.desc", "ibm-trackpoint.desc",
            "ps2-generic-mouse.desc", "elantech-touchpad-samsung-700z3a.events", "ultrathin-touch-mouse.events"
        ] {
            let bytes = try Array(Data(contentsOf: SharedData.evemu(name)))
            let d = try bytes.withUnsafeBytes { raw throws(EvemuError) in try EvemuParser.parseHeader(raw) }.description
            var out: [UInt8] = []
            EvemuWriter.writeDescription(d, to: &out)
            let again = try out.withUnsafeBytes { raw throws(EvemuError) in try EvemuParser.parseHeader(raw) }
                .description
            #expect(again == d, "\(name)")
        }
    }
}
