// hand-switch-bench: how fast deepmoused notices that the other hand took over, and how often
// it changes its mind wrongly. Not a test (run it, read the report):
//
//   swift build -c release --product hand-switch-bench
//   .build/release/hand-switch-bench --kind touchpad [--model firmware-models/evaluation/touchpad.dmm]
//                                    [--data-dir ../shared/data/deepmouse] [--segment-seconds 60]
//                                    [--minutes 60] [--json]
//   .build/release/hand-switch-bench --kind KIND --curve CURVE.svg [--recuts 16] [--hops-output HOPS.csv]
//                                    [--platt A,B] [--results RESULTS.jsonl]
//
// --curve sweeps the threshold of several deciders (SwitchCurve.swift) over re-cut dev and test streams
// and prints the trade-off as a table (--results appends it to a results file, for deepmouse report); --hops-output writes every hop of those streams as CSV; --platt A,B
// gives the CUSUMs the Platt constants a model file stores (deepmouse calibrate) instead of fitting them on dev hops.
//
// The standard by-recording split's parts of the legacy cursor recordings are cut into segments
// of 60 s that alternate left, right, left... (each hand's part is cycled when it is shorter
// than the stream), and streamed through the daemon's own `HandPipeline` (fixed-point model,
// every 100 Hz cell, decisions every hop). The decision layer's parameters are chosen on the
// dev parts only (smallest median switch delay with at most 2 false changes per hour and at most
// 10% missed switches; when none does, the fewest missed + false changes), then reported once on the test parts:
//   - switch delay: from a segment's start to the first `hand` change to the new hand;
//   - missed: segments where that never happens;
//   - false changes: changes to the hand that is not moving the pointer, per hour of stream.
// The default model is the evaluation twin (firmware-models/evaluation/KIND.dmm), which never saw the test
// parts; the shipped final fits (firmware-models/KIND.dmm) were trained on them. When the model file stores its
// own decision parameters (deepmouse export --evidence-*, --idle-hops), their figures are printed too.
import DeepMouseCore
import DeepMouseExperiments
import DeepMouseInput
import DeepMouseMotion
import Foundation

@MainActor func argument(_ name: String) -> String? {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[i + 1]
}

@MainActor func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("hand-switch-bench: " + message + "\n").utf8))
    exit(1)
}

let kind = argument("--kind") ?? "touchpad"
guard kind == "touchpad" || kind == "mouse" else { fail("--kind must be touchpad or mouse") }
let modelPath = argument("--model") ?? "firmware-models/evaluation/\(kind).dmm"
let dataDir = URL(fileURLWithPath: argument("--data-dir") ?? "../shared/data/deepmouse")
let segmentSamples = Int((Double(argument("--segment-seconds") ?? "60") ?? 60) * 100)
let minutes = Double(argument("--minutes") ?? "60") ?? 60
let json = CommandLine.arguments.contains("--json")

// MARK: Data: per-hand dev and test parts (px deltas), standard splits

@MainActor func deltas(_ url: URL) -> [(Int32, Int32)] {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { fail("cannot read \(url.path)") }
    let p: [(Int32, Int32)] = text.split(whereSeparator: \.isNewline).compactMap { line in
        let f = line.split(separator: ",")
        guard f.count == 2, let x = Double(f[0].trimmingCharacters(in: .whitespaces)),
            let y = Double(f[1].trimmingCharacters(in: .whitespaces))
        else { return nil }
        return (Int32(x.rounded()), Int32(y.rounded()))
    }
    return (1..<p.count).map { (p[$0].0 - p[$0 - 1].0, p[$0].1 - p[$0 - 1].1) }
}

/// (dev, test) parts of each hand: [left, right].
@MainActor func parts() -> (dev: [[(Int32, Int32)]], test: [[(Int32, Int32)]]) {
    var dev: [[(Int32, Int32)]] = [[], []]
    var test: [[(Int32, Int32)]] = [[], []]
    for (h, hand) in ["left", "right"].enumerated() {
        if kind == "touchpad" {
            let d = deltas(dataDir.appendingPathComponent("touchpad/\(hand).txt"))
            let a = Int(Double(d.count) * 0.68)
            let b = Int(Double(d.count) * 0.80)
            dev[h] = Array(d[a..<b])
            test[h] = Array(d[b...])
        } else {
            for n in [1, 2, 3, 5] {
                let d = deltas(dataDir.appendingPathComponent("mouse/\(hand)-\(n).txt"))
                dev[h] += d[Int(Double(d.count) * 0.85)...]
            }
            test[h] = deltas(dataDir.appendingPathComponent("mouse/\(hand)-6.txt"))
        }
    }
    return (dev, test)
}

/// Alternating segments, cycling each hand's part: (cells, hand per segment).
/// `offset` re-cuts the stream: both hands' parts start `offset` samples in, and the first hand is `first`.
@MainActor func stream(_ part: [[(Int32, Int32)]], offset: Int = 0, first: Int = 0)
    -> (cells: [(Int32, Int32)], hands: [Int])
{
    let total = Int(minutes * 6000)
    var cells: [(Int32, Int32)] = []
    var hands: [Int] = []
    var cursor = [offset, offset]
    var h = first
    while cells.count < total {
        hands.append(h)
        for _ in 0..<segmentSamples {
            cells.append(part[h][cursor[h] % part[h].count])
            cursor[h] += 1
        }
        h = 1 - h
    }
    return (cells, hands)
}

// MARK: The daemon's pipeline, once per stream: per-hop (time, p_left, idle)

guard let modelFile = try? FileBytes.read(path: modelPath) else { fail("cannot read \(modelPath)") }
let model: ModelFile
do { model = try ModelFile(bytes: modelFile.buffer) } catch { fail("\(modelPath): \(error)") }
guard model.architecture.inputUnit == .px else { fail("the benchmark feeds px: \(modelPath) is not a px model") }

struct Hops: PipelineOutput {
    var hops: [(time: Int64, p: Int32, idle: Bool)] = []
    var logits: [Int32] = []
    mutating func motionCell(_ cell: MotionCell) {}
    mutating func decision(_ d: StreamingDecision, hand: HandState, time: Int64) {
        hops.append((time, Int32(d.pLeftQ15), d.idle))
        logits.append(d.logitQ12)
    }
    mutating func handChanged(_ change: HandChange, time: Int64) {}
}

@MainActor func hops(_ cells: [(Int32, Int32)]) -> [(time: Int64, p: Int32, idle: Bool)] {
    hopsAndLogits(cells).hops
}

@MainActor func hopsAndLogits(_ cells: [(Int32, Int32)]) -> Hops {
    var description = DeviceDescription(name: "legacy cursor")
    description.enable(type: EventType.rel, code: RelCode.x)
    description.enable(type: EventType.rel, code: RelCode.y)
    description.enable(type: EventType.key, code: KeyCode.btnLeft)
    let arena = UnsafeMutableRawBufferPointer.allocate(
        byteCount: try! StreamingClassifier.arenaByteCount(for: model), alignment: 16)
    defer { arena.deallocate() }
    var pipeline: HandPipeline
    do {
        pipeline = try HandPipeline(
            device: description, model: model, arena: arena, mapping: UnitMapping(x: 1, y: 1),
            decisionParameters: DecisionParameters(), skipsIdle: false)
    } catch { fail("model: \(error)") }
    var out = Hops()
    for (i, c) in cells.enumerated() {
        pipeline.process(cell: MotionCell(index: Int64(i), dx: c.0, dy: c.1), output: &out)
    }
    return out
}

// MARK: Re-cut streams, their hops (--hops-output) and the deciders' trade-off curves (--curve)

/// `count` re-cuts of each hand's part: offsets k * S / (count / 2), both hand orders.
@MainActor func recutStreams(_ part: [[(Int32, Int32)]], count: Int) -> [HopStream] {
    let segment = Int64(segmentSamples) * 10_000
    return (0..<count).map { k in
        let offset = (k / 2) * segmentSamples / max(1, count / 2)
        let s = stream(part, offset: offset, first: k % 2)
        let out = hopsAndLogits(s.cells)
        var h = HopStream()
        h.motionMicrosPerHop = Int64(model.architecture.defaultHop) * 10_000
        for (i, hop) in out.hops.enumerated() {
            let seg = Int((hop.time - 1) / segment)
            guard seg < s.hands.count else { continue }
            h.time.append(hop.time)
            h.pLeftQ15.append(hop.p)
            h.logitQ12.append(out.logits[i])
            h.idle.append(hop.idle)
            h.truth.append(s.hands[seg] == 0 ? .left : .right)
        }
        return h
    }
}

/// `part,recut,time_us,p_left_q15,logit_q12,idle,truth` rows (truth: the hand moving in the hop's segment).
@MainActor func writeHops(_ streams: [(String, [HopStream])], to path: String) {
    var text = "part,recut,time_us,p_left_q15,logit_q12,idle,truth\n"
    for (name, list) in streams {
        for (k, s) in list.enumerated() {
            for i in s.time.indices {
                text += "\(name),\(k),\(s.time[i]),\(s.pLeftQ15[i]),\(s.logitQ12[i]),\(s.idle[i] ? 1 : 0),"
                text += "\(s.truth[i])\n"
            }
        }
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { fail("cannot write \(path)") }
}

@MainActor func runCurve(svgPath: String?, hopsPath: String?, recuts: Int) {
    let (devPart, testPart) = parts()
    var dev = recutStreams(devPart, count: recuts)
    var test = recutStreams(testPart, count: recuts)
    if let hopsPath { writeHops([("dev", dev), ("test", test)], to: hopsPath) }
    guard let svgPath else { return }
    let segment = Int64(segmentSamples) * 10_000
    // --platt A,B: the constants a model file stores (deepmouse calibrate) instead of the fit on dev hops.
    let given = argument("--platt").map { $0.split(separator: ",").compactMap { Double($0) } }
    if let given, given.count != 2 { fail("--platt takes A,B (two numbers: llr = A * logit + B)") }
    let platt =
        given.map { (a: $0[0], b: $0[1]) }
        ?? plattFit(dev, segmentMicros: segment, settleMicros: min(segment / 2, 20_000_000))
    for i in dev.indices { dev[i].llr = dev[i].logitQ12.map { platt.a * Double($0) / 4096 + platt.b } }
    for i in test.indices { test[i].llr = test[i].logitQ12.map { platt.a * Double($0) / 4096 + platt.b } }
    let base = model.decisionParameters ?? DecisionParameters()
    let grid = [1.0, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48]
    let cusumGrid = [4.0, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
    let deciders = [
        SweptDecider(name: "shipped rule (HandDecider), threshold swept", label: "shipped rule", thresholds: grid) {
            deciderHands($0, base: base, threshold: $1, keepHandInPauses: false)
        },
        SweptDecider(name: "shipped rule, hand kept in pauses", label: "hand kept", thresholds: grid) {
            deciderHands($0, base: base, threshold: $1, keepHandInPauses: true)
        },
        SweptDecider(
            name: "CUSUM on Platt-calibrated LLRs, head start h/2 after 13 idle hops", label: "CUSUM (float)",
            thresholds: cusumGrid
        ) { cusumHands($0, threshold: $1, headStart: $1 / 2, pauseHops: 13) },
        SweptDecider(
            name: "the same in DeepMouseCore (ChangeDetector, fixed point), as deepmoused runs it",
            label: "CUSUM (Core)",
            thresholds: cusumGrid
        ) { coreDetectorHands($0, platt: platt, threshold: $1, pauseHops: 13) }
    ]
    let curves = deciders.map { sweep($0, dev: dev, test: test, segmentMicros: segment) }
    print("hand-switch curve: \(kind), model \(modelPath), \(segmentSamples / 100) s segments, \(recuts) re-cuts of")
    print(
        String(
            format: "%.0f min streams; held-out motion per hand: dev %.0f / %.0f s, test %.0f / %.0f s (cycled)",
            minutes, Double(devPart[0].count) / 100, Double(devPart[1].count) / 100,
            Double(testPart[0].count) / 100, Double(testPart[1].count) / 100))
    print(
        String(
            format: "Platt scaling %@: llr = %.6f * logit + %.6f",
            given == nil ? "fitted on dev hops" : "given (--platt)",
            platt.a, platt.b))
    // The fixed-point detector against its float prototype, hop by hop, at every threshold of the sweep.
    var differ = 0
    var total = 0
    for t in cusumGrid {
        for stream in dev + test {
            let float = cusumHands(stream, threshold: t, headStart: t / 2, pauseHops: 13)
            let fixed = coreDetectorHands(stream, platt: platt, threshold: t, pauseHops: 13)
            differ += zip(float, fixed).filter { $0 != $1 }.count
            total += float.count
        }
    }
    print("ChangeDetector (DeepMouseCore) against the float prototype: \(differ) of \(total) reported hands differ")
    print(curveTable(curves))
    if let resultsPath = argument("--results") {
        let result = SwitchCurveResult(
            device: kind, model: modelPath, segmentSeconds: segmentSamples / 100, recuts: recuts,
            streamMinutes: minutes, devMotionSeconds: devPart.map { Double($0.count) / 100 },
            testMotionSeconds: testPart.map { Double($0.count) / 100 },
            calibration: String(format: "llr = %.3f logit %+.3f", platt.a, platt.b), deciders: curves)
        let name = "switch-\(kind)-\(segmentSamples / 100)s"
        do {
            try ResultsFile.append(
                [ResultRecord(kind: .switchCurve, experiment: name, switchCurve: result)],
                to: URL(fileURLWithPath: resultsPath))
        } catch { fail("\(resultsPath): \(error)") }
    }
    let title =
        "\(kind), \(segmentSamples / 100) s segments: delay against false changes (\(modelPath.split(separator: "/").last ?? ""))"
    guard FileManager.default.createFile(atPath: svgPath, contents: Data(curveSVG(curves, title: title).utf8))
    else { fail("cannot write \(svgPath)") }
}

if argument("--curve") != nil || argument("--hops-output") != nil {
    runCurve(
        svgPath: argument("--curve"), hopsPath: argument("--hops-output"),
        recuts: Int(argument("--recuts") ?? "16") ?? 16)
    exit(0)
}

// MARK: Decision layer simulation and metrics

struct Metrics: Codable {
    var switches: Int
    var detected: Int
    var medianDelaySeconds: Double?
    var p90DelaySeconds: Double?
    var missed: Int
    var falseChanges: Int
    var falseChangesPerHour: Double
    var hours: Double
}

@MainActor func evaluate(_ p: DecisionParameters, _ hops: [(time: Int64, p: Int32, idle: Bool)], hands: [Int])
    -> Metrics
{
    var decider = HandDecider(parameters: p)
    let segment = Int64(segmentSamples) * 10_000
    var firstCorrect = [Int64?](repeating: nil, count: hands.count)
    var falseChanges = 0
    for hop in hops {
        guard let change = decider.update(pLeftQ15: hop.p, idle: hop.idle), change.to != .unknown else { continue }
        let s = Int((hop.time - 1) / segment)  // the hop's last cell belongs to segment s
        guard s < hands.count else { continue }
        let truth: HandState = hands[s] == 0 ? .left : .right
        if change.to == truth {
            if firstCorrect[s] == nil { firstCorrect[s] = hop.time - Int64(s) * segment }
        } else {
            falseChanges += 1
        }
    }
    var delays: [Double] = []
    var missed = 0
    for s in 1..<hands.count {  // the first segment is not a switch
        if let d = firstCorrect[s] { delays.append(Double(d) / 1e6) } else { missed += 1 }
    }
    delays.sort()
    let hours = Double(hands.count) * Double(segment) / 3.6e9
    return Metrics(
        switches: hands.count - 1, detected: delays.count,
        medianDelaySeconds: delays.isEmpty ? nil : delays[delays.count / 2],
        p90DelaySeconds: delays.isEmpty ? nil : delays[min(delays.count - 1, delays.count * 9 / 10)],
        missed: missed, falseChanges: falseChanges, falseChangesPerHour: Double(falseChanges) / hours, hours: hours)
}

let (devParts, testParts) = parts()
let dev = stream(devParts)
let test = stream(testParts)
let devHops = hops(dev.cells)
let testHops = hops(test.cells)

var candidates: [DecisionParameters] = []
for retention in [0.8, 0.9, 0.95, 0.98, 0.99, 0.995] {
    for threshold in [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24] {
        for capFactor in [1.5, 3.0] {
            for minHops in [Int32(0), 25, 125] {
                candidates.append(
                    DecisionParameters(
                        retentionQ15: Int32((retention * 32768).rounded()),
                        thresholdQ8: Int32((threshold * 256).rounded()),
                        capQ8: Int32((threshold * capFactor * 256).rounded()),
                        idleHopsToUnknown: 1, minimumHopsBetweenChanges: minHops))
            }
        }
    }
}
let defaults = DecisionParameters()
let scored = candidates.map { ($0, evaluate($0, devHops, hands: dev.hands)) }
@MainActor func acceptable(_ m: Metrics) -> Bool {
    m.falseChangesPerHour <= 2 && Double(m.missed) <= 0.1 * Double(m.switches) && m.medianDelaySeconds != nil
}
let pool = scored.filter { acceptable($0.1) }
// No candidate meets both bounds (short or bursty dev data): fewest errors, a missed switch and a
// false change counting alike, then the shortest median delay.
@MainActor func errors(_ m: Metrics) -> Int { m.missed + m.falseChanges }
let chosen =
    (pool.isEmpty
    ? scored.sorted {
        (errors($0.1), $0.1.medianDelaySeconds ?? .infinity) < (errors($1.1), $1.1.medianDelaySeconds ?? .infinity)
    }
    : pool.sorted {
        ($0.1.medianDelaySeconds!, $0.1.falseChangesPerHour) < ($1.1.medianDelaySeconds!, $1.1.falseChangesPerHour)
    })[0]

@MainActor func describe(_ p: DecisionParameters) -> String {
    String(
        format: "retention %.3f, threshold %.2f, cap %.2f, idle hops %d, min hops between changes %d",
        Double(p.retentionQ15) / 32768, Double(p.thresholdQ8) / 256, Double(p.capQ8) / 256, p.idleHopsToUnknown,
        p.minimumHopsBetweenChanges)
}
@MainActor func line(_ name: String, _ m: Metrics) -> String {
    String(
        format: "%@: %d switches in %.2f h; median delay %@ s (p90 %@ s); missed %d; false changes %d (%.1f per hour)",
        name, m.switches, m.hours, m.medianDelaySeconds.map { String(format: "%.2f", $0) } ?? "-",
        m.p90DelaySeconds.map { String(format: "%.2f", $0) } ?? "-", m.missed, m.falseChanges, m.falseChangesPerHour)
}

let testChosen = evaluate(chosen.0, testHops, hands: test.hands)
let testDefaults = evaluate(defaults, testHops, hands: test.hands)
let devDefaults = evaluate(defaults, devHops, hands: dev.hands)
// What the daemon uses with this model when no --evidence-* flag is given, if the file stores its own.
let stored = model.decisionParameters
let storedFigures = stored.map {
    (dev: evaluate($0, devHops, hands: dev.hands), test: evaluate($0, testHops, hands: test.hands))
}
if json {
    struct Report: Codable {
        var kind: String, model: String, segmentSeconds: Double, minutes: Double
        var devPartSecondsPerHand: [Double], testPartSecondsPerHand: [Double]
        var chosen: [String: Double], dev: Metrics, test: Metrics
        var devWithBuiltInDefaults: Metrics, testWithBuiltInDefaults: Metrics
        var devWithStored: Metrics?, testWithStored: Metrics?
    }
    let c = chosen.0
    let r = Report(
        kind: kind, model: modelPath, segmentSeconds: Double(segmentSamples) / 100, minutes: minutes,
        devPartSecondsPerHand: devParts.map { Double($0.count) / 100 },
        testPartSecondsPerHand: testParts.map { Double($0.count) / 100 },
        chosen: [
            "retention": Double(c.retentionQ15) / 32768, "threshold": Double(c.thresholdQ8) / 256,
            "cap": Double(c.capQ8) / 256, "idle_hops": Double(c.idleHopsToUnknown),
            "min_hops_between_changes": Double(c.minimumHopsBetweenChanges)
        ],
        dev: chosen.1, test: testChosen, devWithBuiltInDefaults: devDefaults, testWithBuiltInDefaults: testDefaults,
        devWithStored: storedFigures?.dev, testWithStored: storedFigures?.test)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try! encoder.encode(r), as: UTF8.self))
} else {
    print(
        "hand-switch benchmark: \(kind), model \(modelPath), \(segmentSamples / 100) s segments alternating left/right, \(Int(minutes)) min streams"
    )
    print(
        String(
            format: "parts per hand (cycled to fill the stream): dev %.0f / %.0f s, test %.0f / %.0f s",
            Double(devParts[0].count) / 100, Double(devParts[1].count) / 100,
            Double(testParts[0].count) / 100, Double(testParts[1].count) / 100))
    print("chosen on dev (\(candidates.count) candidates): \(describe(chosen.0))")
    print(line("  dev ", chosen.1))
    print(line("  test", testChosen))
    print("built-in defaults (\(describe(defaults))):")
    print(line("  dev ", devDefaults))
    print(line("  test", testDefaults))
    if let stored, let storedFigures {
        print("stored in the model file, what deepmoused uses with it (\(describe(stored))):")
        print(line("  dev ", storedFigures.dev))
        print(line("  test", storedFigures.test))
    } else {
        print("the model file stores no decision parameters: deepmoused uses the built-in defaults")
    }
}
