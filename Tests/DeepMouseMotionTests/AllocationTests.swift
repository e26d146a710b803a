import DeepMouseMotion
import MallocCounter
import TestSupport
import Testing

@Suite struct MotionAllocationTests {
    /// The per-event path (tracker + grid) allocates nothing over 20,000 ticks.
    @Test func trackerAndGridAllocateNothingPerEvent() {
        #expect(malloc_counter_is_active() != 0)
        var tracker = TouchTracker(device: TestDevices.multitouchPad)
        var grid = MotionGrid()
        var s = EventScript()
        s.abs(AbsCode.mtSlot, 0)
        s.abs(AbsCode.mtTrackingID, 1)
        s.abs(AbsCode.mtPositionX, 100)
        s.abs(AbsCode.mtPositionY, 100)
        s.key(KeyCode.btnToolFinger, 1)
        s.syn()
        for i in 0..<20_000 {
            s.time += 10_000
            s.mtMove(slot: 0, x: 100 + Int32(i % 50), y: 100 + Int32(i % 30))
        }
        let events = s.events
        var cells = 0
        var sum: Int64 = 0
        // Warm up (the first calls instantiate type metadata once), then count the steady state.
        var i = 0
        while i < events.count {
            if i == 400 { malloc_counter_start() }
            let e = events[i]
            if let m = tracker.process(e) {
                grid.add(m) {
                    cells += 1
                    sum += Int64($0.dx)
                }
            }
            if e.isFrameEnd {
                grid.close(through: e.time) {
                    cells += 1
                    sum += Int64($0.dx)
                }
            }
            i += 1
        }
        let mallocs = malloc_counter_stop()
        #expect(mallocs == 0)
        #expect(cells >= 19_990)
        #expect(sum != 0)
    }

    /// Reading events from evemu bytes allocates nothing either (replay streams files).
    @Test func evemuEventReaderAllocatesNothing() throws {
        var text: [UInt8] = []
        for i in 0..<10_000 {
            EvemuWriter.writeEvent(InputEvent(time: Int64(i) * 10_000, type: 3, code: 0x35, value: Int32(i)), to: &text)
        }
        var count = 0
        var failed = false
        text.withUnsafeBytes { raw in
            var reader = EvemuEventReader(bytes: raw, offset: 0, line: 1)
            do throws(EvemuError) {
                while count < 100, try reader.next() != nil { count += 1 }  // warm-up: one-time metadata
                malloc_counter_start()
                while try reader.next() != nil { count += 1 }
            } catch { failed = true }
            #expect(malloc_counter_stop() == 0)
        }
        #expect(!failed)
        #expect(count == 10_000)
    }
}
