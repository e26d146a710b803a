import Testing

@testable import DeepMouseTraining

@Suite("Windowing, no-motion filter and normalisation")
struct WindowingTests {
    @Test func windowStartsStayInsideTheSegment() {
        let w = WindowingParameters(window: 4, stride: 2)
        #expect(w.starts(in: 0..<10) == [0, 2, 4, 6])
        #expect(w.starts(in: 3..<11) == [3, 5, 7])
        #expect(w.starts(in: 0..<3) == [])
        #expect(w.starts(in: 5..<9) == [5])
        #expect(w.nonOverlapping.starts(in: 0..<10) == [0, 4])
        #expect(WindowingParameters(window: 800).stride == 800)
    }

    @Test func standardDeviationIsPopulationStd() {
        // dx = 1, 2, 3, 4 -> mean 2.5, variance 1.25; dy = 5, 5, 5, 5 -> 0.
        let stream = MotionStream(unit: .px, samples: [1, 5, 2, 5, 3, 5, 4, 5, 100, 100])
        let (sx, sy) = Windowing.standardDeviations(stream, start: 0, count: 4)
        #expect(abs(sx - 1.25.squareRoot()) < 1e-12)
        #expect(sy == 0)
    }

    @Test func stillFilterDropsWindowsWithNoSpreadOnEitherAxis() {
        // Window 0: dx alternates +-0.25 (std 0.25), dy constant 3 (std 0): still.
        // Window 1: both axes alternate +-0.25: moving. Window 2: dx 0,0,0,0 and dy moving: still.
        let samples: [Float] = [
            0.25, 3, -0.25, 3, 0.25, 3, -0.25, 3,
            0.25, 0.25, -0.25, -0.25, 0.25, 0.25, -0.25, -0.25,
            0, 1, 0, -1, 0, 1, 0, -1
        ]
        let stream = MotionStream(unit: .px, samples: samples)
        let w = WindowingParameters(window: 4)
        #expect(w.isStill(stream, start: 0))
        #expect(!w.isStill(stream, start: 4))
        #expect(w.isStill(stream, start: 8))
        // The threshold is inclusive: std exactly 0.25 with threshold 0.25 is still.
        #expect(WindowingParameters(window: 4, stillThreshold: 0.25).isStill(stream, start: 4))
    }

    @Test func stillFractionCountsSamplesWithNoMotionOnBothAxes() {
        let stream = MotionStream(unit: .px, samples: [0, 0, 1, 0, 0, 0, 0, -2])
        #expect(Windowing.stillFraction(stream, start: 0, count: 4) == 0.5)
        #expect(Windowing.stillFraction(stream, start: 1, count: 2) == 0.5)
    }

    @Test func cutWindowsCopiesSamplesAndCountsDroppedWindows() throws {
        let moving: [Float] = [1, -1, -1, 1, 1, -1, -1, 1]
        let still: [Float] = [0, 0, 0, 0, 0, 0, 0, 0]
        let left = Fixtures.recording(.left, samples: moving + still + moving)
        let right = Fixtures.recording(.right, samples: still + moving)
        let dataset = try Dataset(recordings: [left, right])
        let segments = [
            Segment(recording: 0, part: .train, start: 0, end: 12),
            Segment(recording: 1, part: .train, start: 0, end: 8)
        ]
        let set = WindowSet.cut(dataset, segments: segments, windowing: WindowingParameters(window: 4))
        #expect(set.count == 3)
        #expect(
            set.references == [
                .init(recording: 0, start: 0), .init(recording: 0, start: 8), .init(recording: 1, start: 4)
            ])
        #expect(set.labels == [1, 1, 0])
        #expect(set.droppedStill == [1, 1])
        #expect(set.classCounts == [1, 2])
        #expect(Array(set.inputs[0..<8]) == moving)
        #expect(set.stillFractions == [0, 0, 0])
        let all = WindowSet.cut(dataset, segments: segments, windowing: WindowingParameters(window: 4), keepStill: true)
        #expect(all.count == 5)
        #expect(all.stillFractions == [0, 1, 0, 1, 0])
        #expect(all.still == [false, true, false, true, false])
        let kept = all.moving
        #expect(kept.references == set.references && kept.inputs == set.inputs && kept.droppedStill == [1, 1])

        var batch: [Float] = []
        var labels: [Float] = []
        set.gather([2, 0], into: &batch, labels: &labels)
        #expect(labels == [0, 1])
        #expect(batch == moving + moving)
    }

    @Test func normalisationAppliesOffsetAndScalePerAxis() throws {
        var values: [Float] = [3.398, 2.926, 0, -5.852]
        Normalization.pixelDefault.apply(to: &values)
        #expect(values == [1, 1, 0, -2])
        #expect(Normalization.global(for: .px) == .pixelDefault)
        #expect(Normalization.global(for: .mm) == nil)

        // dx = 1, 3 (mean 2, std 1); dy = 0, 4 (mean 2, std 2).
        var set = WindowSet(window: 2)
        set.append(MotionStream(unit: .px, samples: [1, 0, 3, 4]), start: 0, hand: .left, recording: 0)
        let fitted = try Normalization.fitted(to: set)
        #expect(fitted == Normalization(offset: [2, 2], scale: [1, 2]))
        #expect(set.normalized(by: fitted).inputs == [-1, -1, 1, 1])

        var flat = WindowSet(window: 2)
        flat.append(MotionStream(unit: .px, samples: [1, 0, 3, 0]), start: 0, hand: .left, recording: 0)
        #expect(throws: DataError.self) { try Normalization.fitted(to: flat) }

        // auto (the CLI default): px data gets the global constants, mm and counts are fitted; global alone refuses mm.
        #expect(try NormalizationChoice.auto.normalization(for: set, unit: .px) == .pixelDefault)
        #expect(try NormalizationChoice.auto.normalization(for: set, unit: .mm) == fitted)
        #expect(
            NormalizationChoice.auto.resolved(for: .counts) == .fitted
                && NormalizationChoice.auto.resolved(for: .px) == .global)
        #expect(throws: DataError.self) { try NormalizationChoice.global.normalization(for: set, unit: .mm) }
    }
}
