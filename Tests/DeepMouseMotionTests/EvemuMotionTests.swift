import DeepMouseCore
import DeepMouseMotion
import Foundation
import TestSupport
import Testing

@Suite struct EvemuMotionTests {
    @Test func aWrittenStrokeGivesItsMillimetres() throws {
        // A stroke on the 65 x 136 units/mm pad: +65 units x and +136 units y every 10 ms = 1 mm each.
        var out: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.multitouchPad, to: &out)
        var s = EventScript()
        s.time = 2_003_000
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtTrackingID, 3)
        s.abs(AbsCode.mtPositionX, 1000)
        s.abs(AbsCode.mtPositionY, 1000)
        s.key(KeyCode.btnToolFinger, 1)
        s.key(KeyCode.btnTouch, 1)
        s.syn()
        for i in 1...5 {
            s.time += 10_000
            s.abs(AbsCode.mtPositionX, 1000 + Int32(i) * 65)
            s.abs(AbsCode.mtPositionY, 1000 - Int32(i) * 136)
            s.syn()
        }
        s.time += 35_000
        s.abs(AbsCode.mtTrackingID, -1)
        s.key(KeyCode.btnToolFinger, 0)
        s.key(KeyCode.btnTouch, 0)
        s.syn()
        for e in s.events { EvemuWriter.writeEvent(e, style: .unpadded, to: &out) }
        let stream = try EvemuMotion.stream(evemu: out)
        #expect(stream.unit == .mm)
        #expect(stream.source == .multitouch(slots: 2))
        #expect(stream.firstCell == 201)  // first motion at 2.013 s
        #expect(stream.dx == [1, 1, 1, 1, 1, 0, 0, 0])  // through the cell before the last event (2.088 s)
        #expect(stream.dy == [-1, -1, -1, -1, -1, 0, 0, 0])
        #expect(stream.dxUnits == [65, 65, 65, 65, 65, 0, 0, 0])
        #expect(stream.eventCount == s.events.count)
    }

    @Test func aBareEventsFileNeedsItsDescription() throws {
        let events = Array("E: 0.0 0002 0000 3\nE: 0.0 0000 0000 0\n".utf8)
        #expect(throws: EvemuFileError.self) { try EvemuMotion.stream(evemu: events) }
        var desc: [UInt8] = []
        EvemuWriter.writeDescription(TestDevices.mouse, to: &desc)
        let stream = try EvemuMotion.stream(evemu: events, descriptionBytes: desc)
        #expect(stream.unit == .counts)
        #expect(stream.dx == [3])
        let broken = Array("N: x\nB: zz\n".utf8)
        #expect(
            throws: EvemuFileError(part: .description, error: EvemuError(line: 2, problem: .badNumber("event type")))
        ) {
            try EvemuMotion.stream(evemu: events, descriptionBytes: broken)
        }
    }

    /// The real recordings replay without errors, and the streams look like what they are.
    @Test(
        .enabled(if: SharedData.available, SharedData.skipMessage),
        arguments: [
            ("elantech-touchpad.events", "elantech-touchpad.desc" as String?, MotionUnit.mm),
            ("elantech-touchpad-samsung-700z3a.events", nil, .mm),
            ("alps-dualpoint-touchpad.events", "alps-dualpoint-touchpad.desc", .mm),
            ("ps2-generic-mouse.events", "ps2-generic-mouse.desc", .counts),
            ("ultrathin-touch-mouse.events", nil, .counts),
            ("ibm-trackpoint.events", "ibm-trackpoint.desc", .counts)
        ])
    func realRecordingsReplay(events: String, desc: String?, unit: MotionUnit) throws {
        let bytes = try Array(Data(contentsOf: SharedData.evemu(events)))
        let descBytes = try desc.map { try Array(Data(contentsOf: SharedData.evemu($0))) }
        let stream = try EvemuMotion.stream(evemu: bytes, descriptionBytes: descBytes)
        #expect(stream.unit == unit)
        #expect(stream.lateFrames == 0)
        #expect(stream.count > 100, "\(events): \(stream.count) cells")
        let moving = zip(stream.dx, stream.dy).filter { $0 != 0 || $1 != 0 }.count
        #expect(moving > 20, "\(events): \(moving) moving cells")
        // Per-cell motion stays physical: under 50 mm (or 500 counts) per 10 ms.
        let limit: Float = unit == .mm ? 50 : 500
        #expect(stream.dx.allSatisfy { abs($0) < limit } && stream.dy.allSatisfy { abs($0) < limit })
    }
}
