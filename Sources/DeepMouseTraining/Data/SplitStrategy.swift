/// How recordings are divided into train/dev/test. By-recording splits (whole files or
/// time-contiguous tails) are what DeepMouse reports; the random-window split is the original
/// project's, kept to compare with it (neighbouring windows are near-duplicates, so it overstates).
public enum SplitStrategy: Sendable, Equatable {
    /// Test = the left and right recordings of one session (default "6"); train/dev = the other
    /// sessions, dev being the last `devFraction` of each file (time-contiguous).
    case mouse(testSession: String, devFraction: Double)
    /// Each file: [0, 0.68) train, [0.68, 0.80) dev, [0.80, 1.0) test.
    case touchpad
    /// Each file cut in time order by the fractions.
    case tail(SplitFractions)
    /// Non-overlapping windows (still ones dropped first) shuffled with `seed` and dealt out by
    /// the fractions; each window is its own segment.
    case random(SplitFractions, seed: UInt64)
    /// Roles from the manifest; when no recording has the `dev` role, dev is the last
    /// `devFraction` of each train recording.
    case manifest(devFraction: Double)

    /// The standard mouse split of ARCHITECTURE.md: test = session 6, dev = last 15%.
    public static let standardMouse = SplitStrategy.mouse(testSession: "6", devFraction: 0.15)

    /// The strategy's name as `--split` spells it.
    public var name: String {
        switch self {
        case .mouse: "mouse"
        case .touchpad: "touchpad"
        case .tail: "tail"
        case .random: "random"
        case .manifest: "manifest"
        }
    }

    /// False for a final fit: a tail or random split whose test fraction is 0, so every recording was trained on.
    public var holdsOutTest: Bool {
        switch self {
        case .tail(let f), .random(let f, _): f.test > 0
        case .mouse, .touchpad, .manifest: true
        }
    }

    /// Where the test part of each file starts, as a fraction of the file, for the splits that cut every file in
    /// time order and hold out a test part (touchpad 0.8, tail train + dev); nil for the others.
    public var testStartFraction: Double? {
        switch self {
        case .touchpad: 0.8
        case .tail(let f) where f.test > 0: f.train + f.dev
        case .tail, .mouse, .random, .manifest: nil
        }
    }

    /// True when both splits cut each file in time order and this one's test part starts earlier than `trained`'s:
    /// a model trained with `trained` has then seen part of what this split tests on.
    public func testStartsEarlier(than trained: SplitStrategy?) -> Bool {
        guard let mine = testStartFraction, let theirs = trained?.testStartFraction else { return false }
        return mine < theirs - 1e-9
    }

    /// The parameters a checkpoint records in its training settings so that the split can be rebuilt
    /// (`deepmouse export` reads `test_session`, `dev_fraction` and `fractions` back).
    public var settings: [String: String] {
        switch self {
        case .mouse(let testSession, let devFraction):
            ["test_session": testSession, "dev_fraction": String(devFraction)]
        case .tail(let f): ["fractions": "\(f.train),\(f.dev),\(f.test)"]
        case .random(_, let seed): ["split_seed": String(seed)]
        case .touchpad, .manifest: [:]
        }
    }

    /// The split rebuilt from a checkpoint's training settings (`split` plus `settings`), or nil when they do not
    /// determine it: random fractions are not recorded, and older checkpoints lack the mouse and tail fields.
    public init?(recordedIn settings: [String: String]) throws(DataError) {
        switch settings["split"] {
        case "touchpad": self = .touchpad
        case "mouse":
            guard let session = settings["test_session"] else { return nil }
            guard let text = settings["dev_fraction"], let devFraction = Double(text), devFraction >= 0, devFraction < 1
            else {
                throw .split(
                    reason:
                        "training.settings.dev_fraction '\(settings["dev_fraction"] ?? "")' is not a fraction in [0, 1)"
                )
            }
            self = .mouse(testSession: session, devFraction: devFraction)
        case "tail":
            guard let text = settings["fractions"] else { return nil }
            let parts = text.split(separator: ",").map { Double($0) }
            guard parts.count == 3, let train = parts[0], let dev = parts[1], let test = parts[2],
                let fractions = try? SplitFractions(train: train, dev: dev, test: test)
            else {
                throw .split(
                    reason: "training.settings.fractions '\(text)' is not train,dev,test fractions summing to 1")
            }
            self = .tail(fractions)
        default: return nil
        }
    }

    /// Assigns the dataset's samples to parts. `windowing` is needed by the random split (which
    /// deals out whole kept windows).
    public func plan(for dataset: Dataset, windowing: WindowingParameters) throws -> SplitPlan {
        let recordings = dataset.recordings
        switch self {
        case .mouse(let testSession, let devFraction):
            var segments: [Segment] = []
            for (i, r) in recordings.enumerated() {
                guard let session = r.metadata.session else {
                    throw DataError.split(
                        reason:
                            "the mouse split needs session names (files named left-N/right-N, or 'session' in the manifest); \(r.source.path) has none"
                    )
                }
                if session == testSession {
                    segments.append(Segment(recording: i, part: .test, start: 0, end: r.stream.count))
                } else {
                    segments += Self.tail(i, count: r.stream.count, train: 1 - devFraction, dev: devFraction)
                }
            }
            try Self.requireTestOfBothHands(segments, recordings, what: "session '\(testSession)'")
            let others = Set(recordings.compactMap(\.metadata.session)).subtracting([testSession]).sorted()
            return SplitPlan(
                name: name,
                summary:
                    "test = session \(testSession); train/dev = sessions \(others.joined(separator: ",")), dev = last \(Self.percent(devFraction)) of each file",
                segments: segments)
        case .touchpad:
            let segments = recordings.indices.flatMap {
                Self.tail($0, count: recordings[$0].stream.count, train: 0.68, dev: 0.12)
            }
            return SplitPlan(
                name: name, summary: "each file: [0, 0.68) train, [0.68, 0.80) dev, [0.80, 1) test", segments: segments)
        case .tail(let f):
            let segments = recordings.indices.flatMap {
                Self.tail($0, count: recordings[$0].stream.count, train: f.train, dev: f.dev)
            }
            return SplitPlan(
                name: name,
                summary:
                    "each file in time order: train \(Self.percent(f.train)), dev \(Self.percent(f.dev)), test \(Self.percent(f.test))",
                segments: segments)
        case .random(let f, let seed):
            var windows: [(Int, Int)] = []
            for (i, r) in recordings.enumerated() {
                for start in windowing.nonOverlapping.starts(in: 0..<r.stream.count)
                where !windowing.isStill(r.stream, start: start) {
                    windows.append((i, start))
                }
            }
            var generator = SeededShuffler.derived(from: seed, purpose: 1)
            generator.shuffle(&windows)
            let trainCount = Int((Double(windows.count) * f.train).rounded())
            let devCount = min(windows.count - trainCount, Int((Double(windows.count) * f.dev).rounded()))
            var segments: [Segment] = []
            for (k, (i, start)) in windows.enumerated() {
                let part: SplitPart = k < trainCount ? .train : (k < trainCount + devCount ? .dev : .test)
                segments.append(Segment(recording: i, part: part, start: start, end: start + windowing.window))
            }
            segments.sort { ($0.recording, $0.start) < ($1.recording, $1.start) }
            return SplitPlan(
                name: name,
                summary:
                    "random non-overlapping windows, seed \(seed): train \(Self.percent(f.train)), dev \(Self.percent(f.dev)), test \(Self.percent(f.test)) (overstates accuracy: report beside a by-recording split)",
                segments: segments)
        case .manifest(let devFraction):
            let hasDev = recordings.contains { $0.metadata.role == .dev }
            var segments: [Segment] = []
            for (i, r) in recordings.enumerated() {
                guard let role = r.metadata.role else {
                    throw DataError.split(
                        reason:
                            "the manifest split needs a 'role' (train/dev/test) on every line; \(r.source.path) has none"
                    )
                }
                if role == .train && !hasDev {
                    segments += Self.tail(i, count: r.stream.count, train: 1 - devFraction, dev: devFraction)
                } else {
                    segments.append(Segment(recording: i, part: role, start: 0, end: r.stream.count))
                }
            }
            return SplitPlan(
                name: name,
                summary: hasDev
                    ? "roles from the manifest"
                    : "roles from the manifest; dev = last \(Self.percent(devFraction)) of each train file",
                segments: segments)
        }
    }

    /// Time-contiguous train/dev/test segments of one recording (empty ones omitted).
    static func tail(_ recording: Int, count: Int, train: Double, dev: Double) -> [Segment] {
        let trainEnd = Int((Double(count) * train).rounded(.down))
        let devEnd = min(count, Int((Double(count) * (train + dev)).rounded(.down)))
        return [
            Segment(recording: recording, part: .train, start: 0, end: trainEnd),
            Segment(recording: recording, part: .dev, start: trainEnd, end: devEnd),
            Segment(recording: recording, part: .test, start: devEnd, end: count)
        ].filter { $0.count > 0 }
    }

    private static func requireTestOfBothHands(_ segments: [Segment], _ recordings: [Recording], what: String) throws {
        let hands = Set(segments.filter { $0.part == .test }.map { recordings[$0.recording].hand })
        if hands.count < 2 {
            let present = hands.map(\.description).sorted().joined(separator: ", ")
            throw DataError.split(
                reason: "test \(what) must have recordings of both hands (found: \(present.isEmpty ? "none" : present))"
            )
        }
    }

    static func percent(_ f: Double) -> String {
        let p = f * 100
        return p == p.rounded() ? "\(Int(p))%" : "\(p)%"
    }
}
