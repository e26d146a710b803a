import DeepMouseCore
import DeepMouseMotion
import TestSupport
import Testing

@Suite struct PointerButtonsTests {
    /// The states reported at each SYN_REPORT of `events` (nil where nothing changed).
    func reports(_ events: [InputEvent]) -> [Bool?] {
        var buttons = PointerButtons()
        return events.compactMap { e -> Bool?? in
            let r = buttons.process(e)
            return e.type == EventType.syn ? .some(r) : nil
        }
    }

    @Test func downAtTheFirstPressUpOnlyWhenEveryButtonIsReleased() {
        var s = EventScript()
        s.key(KeyCode.btnLeft, 1)
        s.syn()  // down
        s.key(KeyCode.btnRight, 1)
        s.syn()  // still down: no report
        s.key(KeyCode.btnLeft, 0)
        s.syn()  // right still held
        s.key(KeyCode.btnRight, 2)  // autorepeat keeps it held
        s.syn()
        s.key(KeyCode.btnRight, 0)
        s.syn()  // up
        s.key(KeyCode.btnTask, 1)
        s.key(KeyCode.btnTask, 0)
        s.syn()  // pressed and released within one frame: nothing to report
        #expect(reports(s.events) == [true, nil, nil, nil, false, nil])
    }

    @Test func touchStateAndOtherKeysAreNotButtons() {
        var s = EventScript()
        s.key(KeyCode.btnTouch, 1)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.key(KeyCode.btnJoystick, 1)
        s.key(KeyCode.esc, 1)
        s.syn()
        #expect(reports(s.events) == [nil, nil])
    }

    @Test func thePipelineReportsButtonsAtTheFrameTime() throws {
        struct Buttons: PipelineOutput {
            var changes: [(held: Bool, time: Int64)] = []
            mutating func motionCell(_ cell: MotionCell) {}
            mutating func decision(_ decision: StreamingDecision, hand: HandState, time: Int64) {}
            mutating func handChanged(_ change: HandChange, time: Int64) {}
            mutating func buttonsChanged(held: Bool, time: Int64) { changes.append((held, time)) }
        }
        var s = EventScript()
        s.key(KeyCode.btnLeft, 1)
        s.syn()
        s.time += 250_000
        s.key(KeyCode.btnLeft, 0)
        s.syn()
        var pipeline = try LoadedFixtureModel.shared.pipeline()
        var out = Buttons()
        for e in s.events { pipeline.process(.event(e), output: &out) }
        #expect(out.changes.map(\.held) == [true, false])
        #expect(out.changes.map(\.time) == [1_000_000, 1_250_000])
    }
}
