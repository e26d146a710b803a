import DeepMouseMotion
import TestSupport
import Testing

@Suite struct TouchTrackerTests {
    @Test func sourcesAreChosenFromCapabilities() {
        #expect(TouchTracker(device: TestDevices.multitouchPad).source == .multitouch(slots: 2))
        #expect(TouchTracker(device: TestDevices.singleTouchPad).source == .singleTouch)
        #expect(TouchTracker(device: TestDevices.mouse).source == .relative)
        #expect(TestDevices.multitouchPad.kind == .touchpad)
        #expect(TestDevices.singleTouchPad.kind == .touchpad)
        #expect(TestDevices.mouse.kind == .mouse)
    }

    @Test func oneTouchGivesDeltasWithinTheTouchOnly() {
        var s = EventScript()
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtTrackingID, 7)
        s.abs(AbsCode.mtPositionX, 100)
        s.abs(AbsCode.mtPositionY, 200)
        s.key(KeyCode.btnTouch, 1)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 7_000
        s.abs(AbsCode.mtPositionX, 110)
        s.syn()  // +10, 0
        s.time += 7_000
        s.abs(AbsCode.mtPositionY, 195)
        s.syn()  // 0, -5
        s.time += 7_000
        s.abs(AbsCode.mtPositionX, 111)
        s.abs(AbsCode.mtPositionY, 190)
        s.syn()  // +1, -5
        s.time += 7_000
        s.syn()  // nothing moved
        s.time += 7_000
        s.abs(AbsCode.mtTrackingID, -1)
        s.key(KeyCode.btnTouch, 0)
        s.key(KeyCode.btnToolFinger, 0)
        s.syn()
        // A new touch far away: no jump.
        s.time += 50_000
        s.abs(AbsCode.mtTrackingID, 8)
        s.abs(AbsCode.mtPositionX, 3000)
        s.abs(AbsCode.mtPositionY, 4000)
        s.key(KeyCode.btnTouch, 1)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 7_000
        s.abs(AbsCode.mtPositionX, 2990)
        s.syn()  // -10, 0
        let m = track(TestDevices.multitouchPad, s.events)
        #expect(m.map { [$0.dx, $0.dy] } == [[10, 0], [0, -5], [1, -5], [-10, 0]])
        #expect(m.map(\.time) == [1_007_000, 1_014_000, 1_021_000, 1_092_000])
    }

    @Test func twoFingersDoNotMoveThePointerAndTheRemainingTouchIsFollowed() {
        var s = EventScript()
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtTrackingID, 1)
        s.abs(AbsCode.mtPositionX, 100)
        s.abs(AbsCode.mtPositionY, 100)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 10_000
        s.mtMove(slot: 0, x: 105, y: 100)  // +5
        // Second finger lands in slot 1: two fingers, scrolling; nothing is reported.
        s.time += 10_000
        s.abs(AbsCode.mtSlot, 1)
        s.abs(AbsCode.mtTrackingID, 2)
        s.abs(AbsCode.mtPositionX, 900)
        s.abs(AbsCode.mtPositionY, 900)
        s.key(KeyCode.btnToolFinger, 0)
        s.key(KeyCode.btnToolDoubleTap, 1)
        s.syn()
        s.time += 10_000
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtPositionY, 130)
        s.abs(AbsCode.mtSlot, 1)
        s.abs(AbsCode.mtPositionY, 930)
        s.syn()
        // First finger lifts: the touch in slot 1 is followed from where it is.
        s.time += 10_000
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtTrackingID, -1)
        s.key(KeyCode.btnToolDoubleTap, 0)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 10_000
        s.mtMove(slot: 1, x: 903, y: 931)  // +3, +1
        let m = track(TestDevices.multitouchPad, s.events)
        #expect(m.map { [$0.dx, $0.dy] } == [[5, 0], [3, 1]])
    }

    @Test func rawSynDroppedDropsTheFrameAndBreaksTheTouch() {
        var s = EventScript()
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtTrackingID, 1)
        s.abs(AbsCode.mtPositionX, 100)
        s.abs(AbsCode.mtPositionY, 100)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 10_000
        s.mtMove(slot: 0, x: 110, y: 100)  // +10
        s.time += 10_000
        s.syn(SynCode.dropped)
        s.abs(AbsCode.mtPositionX, 500)
        s.syn()  // dropped
        s.time += 10_000
        s.mtMove(slot: 0, x: 200, y: 100)  // baseline only
        s.time += 10_000
        s.mtMove(slot: 0, x: 204, y: 101)  // +4, +1
        let m = track(TestDevices.multitouchPad, s.events)
        #expect(m.map { [$0.dx, $0.dy] } == [[10, 0], [4, 1]])
    }

    @Test func breakTouchAfterResyncGivesNoJump() {
        var t = TouchTracker(device: TestDevices.multitouchPad)
        var s = EventScript()
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtTrackingID, 1)
        s.abs(AbsCode.mtPositionX, 100)
        s.abs(AbsCode.mtPositionY, 100)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 10_000
        s.mtMove(slot: 0, x: 101, y: 100)
        var out = s.events.compactMap { t.process($0) }
        t.breakTouch()  // what the libevdev reader does on LIBEVDEV_READ_STATUS_SYNC
        var r = EventScript()
        r.time = s.time + 10_000
        r.abs(AbsCode.mtPositionX, 700)
        r.syn()  // the resync state
        r.time += 10_000
        r.mtMove(slot: 0, x: 702, y: 100)
        out += r.events.compactMap { t.process($0) }
        #expect(out.map { [$0.dx, $0.dy] } == [[1, 0], [2, 0]])
    }

    @Test func singleTouchFollowsBtnTouch() {
        var s = EventScript()
        s.abs(AbsCode.x, 10)
        s.abs(AbsCode.y, 20)
        s.key(KeyCode.btnTouch, 1)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 10_000
        s.abs(AbsCode.x, 13)
        s.syn()
        s.time += 10_000
        s.key(KeyCode.btnTouch, 0)
        s.key(KeyCode.btnToolFinger, 0)
        s.syn()
        s.time += 10_000
        s.abs(AbsCode.x, 500)
        s.abs(AbsCode.y, 500)
        s.key(KeyCode.btnTouch, 1)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        s.time += 10_000
        s.abs(AbsCode.y, 490)
        s.syn()
        #expect(track(TestDevices.singleTouchPad, s.events).map { [$0.dx, $0.dy] } == [[3, 0], [0, -10]])
    }

    @Test func mouseCountsAreSummedPerFrameAndWheelIgnored() {
        var s = EventScript()
        s.rel(RelCode.x, 3)
        s.rel(RelCode.y, -2)
        s.rel(RelCode.x, 1)
        s.syn()
        s.time += 8_000
        s.rel(RelCode.wheel, 1)
        s.syn()
        s.time += 8_000
        s.key(KeyCode.btnLeft, 1)
        s.rel(RelCode.y, 5)
        s.syn()
        #expect(track(TestDevices.mouse, s.events).map { [$0.dx, $0.dy] } == [[4, -2], [0, 5]])
    }

    @Test func millimetreScalesUseEachAxisResolutionOrTheDocumentedFallback() {
        let mt = TestDevices.multitouchPad.touchScale!
        #expect(mt.x == AxisScale(unitsPerMillimetre: 65, isFallback: false))
        #expect(mt.y == AxisScale(unitsPerMillimetre: 136, isFallback: false))
        let st = TestDevices.singleTouchPad.touchScale!
        // 1280 units assumed to span 100 mm: 13 units/mm; y has none either: square units.
        #expect(st.x == AxisScale(unitsPerMillimetre: 13, isFallback: true))
        #expect(st.y == AxisScale(unitsPerMillimetre: 13, isFallback: true))
        let half = AxisScale.pair(
            x: AbsAxis(code: 0, minimum: 0, maximum: 3000, resolution: 30),
            y: AbsAxis(code: 1, minimum: 0, maximum: 2000))
        #expect(half.y == AxisScale(unitsPerMillimetre: 30, isFallback: true))
    }

    @Test func keyboardCapableDevicesAreFlagged() {
        var d = TestDevices.mouse
        #expect(!d.reportsKeyboardKeys)
        for k in UInt16(1)...31 { d.enable(type: EventType.key, code: k) }
        #expect(d.reportsKeyboardKeys)
        #expect(d.kind == .mouse)
    }
}
