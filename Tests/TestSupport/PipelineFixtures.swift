import DeepMouseCore
import DeepMouseMotion

/// A model loaded once for the pipeline tests (its bytes and arenas live for the process).
public final class LoadedFixtureModel: @unchecked Sendable {
    public let model: ModelFile
    public let arenaBytes: Int
    private let fixture: LoadedFixture

    init(movingSamplesOnly: Bool = false) throws {
        fixture = try LoadedFixture(movingSamplesOnly ? "pipeline-moving" : "pipeline")
        model = fixture.model
        arenaBytes = try StreamingClassifier.arenaByteCount(for: model)
    }

    public func arena() -> UnsafeMutableRawBufferPointer { .allocate(byteCount: arenaBytes, alignment: 16) }

    public func pipeline(skipsIdle: Bool = true, changeDetector: ChangeDetectorParameters? = nil) throws
        -> HandPipeline
    {
        let device = TestDevices.touchpad
        let mapping = try UnitMapping.forDevice(
            device, source: TouchTracker(device: device).source, modelUnit: model.architecture.inputUnit,
            pixelsPerMillimetre: 8)
        return try HandPipeline(
            device: device, model: model, arena: arena(), mapping: mapping,
            decisionParameters: DecisionParameters(), changeDetector: changeDetector, skipsIdle: skipsIdle)
    }

    public static let shared = try! LoadedFixtureModel()
    public static let movingOnly = try! LoadedFixtureModel(movingSamplesOnly: true)
}

/// Collects what a pipeline reports.
public struct PipelineRecorder: PipelineOutput {
    public var cells: [MotionCell] = []
    public var decisions: [(time: Int64, p: Int16, idle: Bool)] = []
    public var changes: [(time: Int64, to: HandState)] = []
    public init() {}
    public mutating func motionCell(_ cell: MotionCell) { cells.append(cell) }
    public mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64) {
        decisions.append((time, d.pLeftQ15, d.idle))
    }
    public mutating func handChanged(_ c: HandChange, time: Int64) { changes.append((time, c.to)) }
}

/// A finger stroke on the fixture touchpad: `frames` frames every 8 ms from `start`.
public func strokeEvents(start: Int64, frames: Int, seed: UInt64, trackingID: Int32) -> [InputEvent] {
    var rng = seed
    func next() -> Int32 {
        rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int32(truncatingIfNeeded: (rng >> 33) % 121) - 60
    }
    var e: [InputEvent] = []
    var x: Int32 = 3000
    var y: Int32 = 4000
    func add(_ t: Int64, _ type: UInt16, _ code: UInt16, _ v: Int32) {
        e.append(InputEvent(time: t, type: type, code: code, value: v))
    }
    add(start, EventType.abs, AbsCode.mtSlot, 0)
    add(start, EventType.abs, AbsCode.mtTrackingID, trackingID)
    add(start, EventType.abs, AbsCode.mtPositionX, x)
    add(start, EventType.abs, AbsCode.mtPositionY, y)
    add(start, EventType.key, KeyCode.btnTouch, 1)
    add(start, EventType.key, KeyCode.btnToolFinger, 1)
    add(start, EventType.syn, SynCode.report, 0)
    var t = start
    for _ in 0..<frames {
        t += 8_000
        x = min(max(x + next(), 0), 6500)
        y = min(max(y + next() * 2, 0), 8160)
        add(t, EventType.abs, AbsCode.mtPositionX, x)
        add(t, EventType.abs, AbsCode.mtPositionY, y)
        add(t, EventType.syn, SynCode.report, 0)
    }
    t += 8_000
    add(t, EventType.abs, AbsCode.mtTrackingID, -1)
    add(t, EventType.key, KeyCode.btnTouch, 0)
    add(t, EventType.key, KeyCode.btnToolFinger, 0)
    add(t, EventType.syn, SynCode.report, 0)
    return e
}
