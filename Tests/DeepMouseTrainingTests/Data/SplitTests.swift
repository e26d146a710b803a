import TestSupport
import Testing

@testable import DeepMouseTraining

@Suite("Splits by recording, by tail and by random window")
struct SplitTests {
    let windowing = WindowingParameters(window: 10, stride: 5)

    /// Checks the invariants every split must keep.
    func checkInvariants(_ data: PreparedData) {
        let plan = data.plan
        // Segments of one recording never overlap, whatever their parts.
        for r in data.dataset.recordings.indices {
            let own = plan.segments.filter { $0.recording == r }.sorted { $0.start < $1.start }
            for (a, b) in zip(own, own.dropFirst()) { #expect(a.end <= b.start, "segments overlap in recording \(r)") }
            #expect(own.allSatisfy { $0.start >= 0 && $0.end <= data.dataset.recordings[r].stream.count })
        }
        // Every window lies inside one segment of its own part.
        for part in SplitPart.allCases {
            let set = data.windows(part)
            for ref in set.references {
                let inside = plan.segments(part).contains {
                    $0.recording == ref.recording && $0.start <= ref.start && ref.start + set.window <= $0.end
                }
                #expect(inside, "\(part) window \(ref) crosses a segment boundary")
            }
        }
    }

    func dataset(sessions: [String] = ["1", "2", "6"], count: Int = 200) throws -> Dataset {
        var recordings: [Recording] = []
        for (k, s) in sessions.enumerated() {
            recordings.append(
                Fixtures.moving(.left, count: count, seed: UInt64(2 * k + 1), name: "left-\(s).txt", session: s))
            recordings.append(
                Fixtures.moving(.right, count: count + 20, seed: UInt64(2 * k + 2), name: "right-\(s).txt", session: s))
        }
        return try Dataset(recordings: recordings)
    }

    @Test func tailSplitIsTimeContiguousPerRecording() throws {
        let segments = SplitStrategy.tail(0, count: 100, train: 0.70, dev: 0.15)
        #expect(
            segments == [
                Segment(recording: 0, part: .train, start: 0, end: 70),
                Segment(recording: 0, part: .dev, start: 70, end: 85),
                Segment(recording: 0, part: .test, start: 85, end: 100)
            ])
        let data = try PreparedData.prepare(try dataset(), split: .tail(.standard), windowing: windowing)
        checkInvariants(data)
        for r in data.dataset.recordings.indices {
            let parts = data.plan.segments.filter { $0.recording == r }.sorted { $0.start < $1.start }
            #expect(parts.map(\.part) == [.train, .dev, .test])
            #expect(parts.first!.start == 0 && parts.last!.end == data.dataset.recordings[r].stream.count)
            #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.end == $1.start })
        }
        // Train windows overlap (stride 5); dev/test windows do not.
        #expect(data.train.references.prefix(2).map(\.start) == [0, 5])
        #expect(data.test.references.prefix(2).map(\.start) == [170, 180])
    }

    @Test func touchpadSplitUsesTheStandardFractions() throws {
        let data = try PreparedData.prepare(
            try dataset(sessions: ["a"], count: 1000), split: .touchpad, windowing: windowing)
        checkInvariants(data)
        #expect(data.plan.segments.filter { $0.recording == 0 }.map(\.range) == [0..<680, 680..<800, 800..<1000])
    }

    @Test func mouseSplitHoldsOutOneSession() throws {
        let data = try PreparedData.prepare(try dataset(), split: .standardMouse, windowing: windowing)
        checkInvariants(data)
        let test = data.plan.segments(.test)
        #expect(Set(test.map { data.dataset.recordings[$0.recording].metadata.session }) == ["6"])
        #expect(test.allSatisfy { $0.start == 0 && $0.end == data.dataset.recordings[$0.recording].stream.count })
        // Sessions 1 and 2: dev is the last 15% of each file.
        #expect(data.plan.segments.filter { $0.recording == 0 }.map(\.range) == [0..<170, 170..<200])
        #expect(data.plan.segments.filter { $0.recording == 1 }.map(\.range) == [0..<187, 187..<220])
        #expect(data.train.references.allSatisfy { data.dataset.recordings[$0.recording].metadata.session != "6" })

        // Leave-one-session-out: the same split with another test session.
        let fold = try PreparedData.prepare(
            try dataset(), split: .mouse(testSession: "1", devFraction: 0.15), windowing: windowing)
        #expect(Set(fold.plan.segments(.test).map(\.recording)) == [0, 1])
    }

    @Test func mouseSplitNeedsSessionsOfBothHands() throws {
        #expect(throws: DataError.split(reason: "test session '9' must have recordings of both hands (found: none)")) {
            try PreparedData.prepare(
                try dataset(), split: .mouse(testSession: "9", devFraction: 0.15), windowing: windowing)
        }
        let unnamed = try Dataset(recordings: [
            Fixtures.moving(.left, count: 50, name: "a.txt"), Fixtures.moving(.right, count: 50)
        ])
        #expect(throws: DataError.self) { try SplitStrategy.standardMouse.plan(for: unnamed, windowing: windowing) }
    }

    @Test func randomSplitIsReproducibleAndDisjoint() throws {
        let ds = try dataset(count: 400)
        let split = SplitStrategy.random(.standard, seed: 42)
        let a = try PreparedData.prepare(ds, split: split, windowing: windowing)
        let b = try PreparedData.prepare(ds, split: split, windowing: windowing)
        let c = try PreparedData.prepare(ds, split: .random(.standard, seed: 43), windowing: windowing)
        checkInvariants(a)
        #expect(a.plan == b.plan)
        #expect(a.plan != c.plan)
        // Each segment is one non-overlapping window, dealt out 70/15/15.
        #expect(a.plan.segments.allSatisfy { $0.count == 10 && $0.start % 10 == 0 })
        let total = a.plan.segments.count
        #expect(a.plan.segments(.train).count == Int((Double(total) * 0.7).rounded()))
        #expect(a.train.count + a.dev.count + a.test.count == total)
        let keys = SplitPart.allCases.map { part in Set(a.windows(part).references) }
        #expect(
            keys[0].isDisjoint(with: keys[1]) && keys[0].isDisjoint(with: keys[2]) && keys[1].isDisjoint(with: keys[2]))
    }

    @Test func manifestSplitUsesRoles() throws {
        let recordings = [
            Fixtures.moving(.left, count: 100, seed: 1, role: .train),
            Fixtures.moving(.right, count: 100, seed: 2, role: .train),
            Fixtures.moving(.left, count: 50, seed: 3, role: .test),
            Fixtures.moving(.right, count: 50, seed: 4, role: .test)
        ]
        let data = try PreparedData.prepare(
            try Dataset(recordings: recordings), split: .manifest(devFraction: 0.2), windowing: windowing)
        checkInvariants(data)
        #expect(data.plan.segments.filter { $0.recording == 0 }.map(\.range) == [0..<80, 80..<100])
        #expect(data.plan.segments(.test).map(\.recording) == [2, 3])
        let noRole = try Dataset(recordings: [Fixtures.moving(.left, count: 50), Fixtures.moving(.right, count: 50)])
        #expect(throws: DataError.self) {
            try SplitStrategy.manifest(devFraction: 0.15).plan(for: noRole, windowing: windowing)
        }
    }

    @Test func windowLongerThanARecordingIsAnError() throws {
        let ds = try Dataset(recordings: [
            Fixtures.moving(.left, count: 50, name: "short.txt"), Fixtures.moving(.right, count: 500)
        ])
        #expect(throws: DataError.windowTooLong(window: 100, file: "short.txt", samples: 50)) {
            try PreparedData.prepare(ds, split: .tail(.standard), windowing: WindowingParameters(window: 100))
        }
    }

    @Test func fractionsAreValidated() {
        #expect(throws: DataError.self) { try SplitFractions(train: 0.7, dev: 0.2, test: 0.2) }
        #expect(throws: DataError.self) { try SplitFractions(train: 0, dev: 0.5, test: 0.5) }
        #expect((try? SplitFractions(train: 0.8, dev: 0, test: 0.2)) != nil)
    }

    @Test func reportCountsWindowsPerClassAndPart() throws {
        let data = try PreparedData.prepare(try dataset(), split: .standardMouse, windowing: windowing)
        let report = data.report
        #expect(report.parts.map(\.part) == [.train, .dev, .test])
        #expect(report.parts[0].windowsLeft == data.train.classCounts[1])
        #expect(report.parts[2].windowsRight == data.test.classCounts[0])
        #expect(report.parts[0].stride == 5 && report.parts[1].stride == 10)
        #expect(report.recordings.count == 6)
        #expect(report.text.contains("split mouse: test = session 6"))
    }

    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func standardMouseSplitOnRealData() throws {
        let ds = try Dataset.load(directory: SharedData.deepmouse("mouse"), device: "mouse")
        let data = try PreparedData.prepare(ds, split: .standardMouse, windowing: WindowingParameters(window: 800))
        checkInvariants(data)
        #expect(data.test.count > 40)
        #expect(data.train.classCounts.allSatisfy { $0 > 100 })
        #expect(data.report.recordings.count == 10)
    }
}
