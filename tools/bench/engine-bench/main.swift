// engine-bench: cost of the fixed-point engine on one model (default: the original W=800,
// 3 x Conv1D(32, k3) + MaxPool(2), GRU(128) with seeded random weights, or --checkpoint), side
// by side with the trainer's float forward pass, in one run. Not a test: run through
// tools/bench/engine-bench.sh (release build, then callgrind instruction counts).
//
//   engine-bench [--checkpoint FILE] [--write-checkpoint FILE] [--write-model FILE]
//                [--rounds N] [--callgrind-decisions N]
import DeepMouseCore
import DeepMouseQuantization
import DeepMouseTraining
import Foundation

func argument(_ name: String) -> String? {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[i + 1]
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(("engine-bench: " + message + "\n").data(using: .utf8)!)
    exit(1)
}

// MARK: The model

let float: FloatGRUModel
do {
    if let path = argument("--checkpoint") {
        float = try FloatGRUModel(checkpoint: Checkpoint.read(from: URL(fileURLWithPath: path)))
    } else {
        float = SyntheticModels.model(
            convs: Array(repeating: .init(kernel: 3, filters: 32), count: 3), hidden: 128,
            window: 800, seed: 2019)
    }
} catch { fail("\(error)") }
if let path = argument("--write-checkpoint") {
    do {
        try float.checkpoint(seed: 2019, note: "engine-bench model (seeded random weights)").write(
            to: URL(fileURLWithPath: path))
    } catch { fail("\(error)") }
    print("wrote \(path)")
}
let motion = SyntheticModels.motion(count: 40_000, seed: 7)
let window = float.window
let calibration = stride(from: 0, to: 20_000 - window, by: window).map { Array(motion[(2 * $0)..<(2 * ($0 + window))]) }
let quantized: QuantizedModel
do {
    quantized = try ExportPipeline.quantize(
        model: float, calibrationWindows: calibration, hop: 8, provenance: "engine-bench")
} catch { fail("\(error)") }
let bytes = ModelFileWriter.write(quantized)
if let path = argument("--write-model") {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}
let scaler = try! ExportPipeline.inputScaler(quantized)
let input = ExportPipeline.quantizedInput(motion, scaler)
let sampleCount = input.count / 2

let fileBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
bytes.withUnsafeBytes { fileBuffer.copyMemory(from: $0) }
let model: ModelFile
do {
    model = try ModelFile(bytes: UnsafeRawBufferPointer(start: fileBuffer.baseAddress, count: fileBuffer.count))
} catch { fail("\(error)") }
let a = model.architecture

@MainActor func makeClassifier(
    hop: Int32, memory: EngineMemory = .fast,
    kernel: GRUKernel = .best
) -> (StreamingClassifier, UnsafeMutableRawBufferPointer) {
    let size = try! StreamingClassifier.arenaByteCount(for: model, hop: hop, memory: memory, kernel: kernel)
    let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    return (try! StreamingClassifier(model: model, arena: arena, hop: hop, memory: memory, kernel: kernel), arena)
}

// MARK: MACs

let h = Int64(a.hidden)
let steps = Int64(a.steps)
let features = Int64(a.featureChannels)
var edgeMACs: Int64 = 0
var streamMACsPerFeature: Int64 = 3 * h * features  // the cached input projection
do {
    var left = 0
    var right = 0
    var perFeature: Int64 = 1
    for l in 0..<Int(a.convCount) {
        let taps = Int64(a.convKernel[l]) * Int64(a.channels(enteringLayer: l)) * Int64(a.convFilters[l])
        let nl = (left + Int(a.padLeft(l)) + 1) / 2
        let nr = (right + Int(a.padRight(l)) + 1) / 2
        edgeMACs += Int64(2 * (nl + nr)) * taps
        streamMACsPerFeature += taps * (Int64(a.poolingFactor) >> Int64(l))
        left = nl
        right = nr
        perFeature = 1
    }
    _ = perFeature
    edgeMACs += Int64(left + right) * 3 * h * features
}
let decisionMACs = steps * 3 * h * h + edgeMACs + h
let streamMACsPerSample = Double(streamMACsPerFeature) / Double(a.poolingFactor)

// MARK: callgrind mode: prepare, then exactly N decisions, nothing else timed.

if let n = argument("--callgrind-decisions").flatMap(Int.init) {
    var (c, _) = makeClassifier(hop: 8)
    var decisions = 0
    var checksum = 0
    var t = 0
    while decisions < n {
        if let d = c.push(dx: input[2 * (t % sampleCount)], dy: input[2 * (t % sampleCount) + 1]) {
            decisions += 1
            checksum &+= Int(d.pLeftQ15)
        }
        t += 1
    }
    print("decisions \(decisions) samples \(t) checksum \(checksum) macs_per_decision \(decisionMACs)")
    exit(0)
}

// MARK: Timed rounds, interleaved

let rounds = argument("--rounds").flatMap(Int.init) ?? 5
var streamPerSample: [Double] = []
var perDecision: [Double] = []
var perWindowScratch: [Double] = []
var floatPerWindow: [Double] = []
var (streaming, _) = makeClassifier(hop: 65536)
var (hopped, _) = makeClassifier(hop: 8)
var (scratch, _) = makeClassifier(hop: 8)
var (compact, _) = makeClassifier(hop: 8, memory: .compact)
var compactPerDecision: [Double] = []
// Every kernel this CPU runs, per decision like `hopped` (which runs `.best`) and per window from scratch.
let kernels = GRUKernel.allCases.filter(\.isAvailable)
var others = kernels.map { makeClassifier(hop: 8, kernel: $0).0 }
var othersScratch = kernels.map { makeClassifier(hop: 8, kernel: $0).0 }
var othersPerDecision = [[Double]](repeating: [], count: others.count)
var othersPerWindow = [[Double]](repeating: [], count: others.count)
var peakMACsPerSecond = [[Double]](repeating: [], count: others.count)
let classifier: Classifier
do { classifier = try Classifier(checkpoint: float.checkpoint(), threads: 1) } catch { fail("\(error)") }
let rawWindow = (0..<(2 * window)).map { Float(motion[2 * 5000 + $0]) }
let normalizedWindow = ExportPipeline.normalized(Array(motion[(2 * 5000)..<(2 * (5000 + window))]), float.preprocessing)
    .map(Float.init)
_ = rawWindow
var sink = 0

for _ in 0..<rounds {
    // 1. Streaming without decisions (hop 65536: none after the first).
    streaming.reset()
    for t in 0...window { sink &+= Int(streaming.push(dx: input[2 * t], dy: input[2 * t + 1])?.pLeftQ15 ?? 0) }
    let n1 = 30_000
    var t0 = now()
    for t in (window + 1)..<(window + 1 + n1) {
        sink &+= Int(streaming.push(dx: input[2 * t], dy: input[2 * t + 1])?.pLeftQ15 ?? 0)
    }
    let sample = (now() - t0) / Double(n1)
    streamPerSample.append(sample)
    // 2. Streaming with a decision every 8 samples.
    hopped.reset()
    for t in 0..<window { _ = hopped.push(dx: input[2 * t], dy: input[2 * t + 1]) }
    var decisions = 0
    t0 = now()
    for t in window..<(window + 8 * 400) {
        if let d = hopped.push(dx: input[2 * t], dy: input[2 * t + 1]) {
            decisions += 1
            sink &+= Int(d.pLeftQ15)
        }
    }
    let hopTime = (now() - t0) / Double(decisions)
    perDecision.append(hopTime - 8 * sample)
    // 2a. The same with the other kernels.
    for k in others.indices {
        others[k].reset()
        for t in 0..<window { _ = others[k].push(dx: input[2 * t], dy: input[2 * t + 1]) }
        decisions = 0
        t0 = now()
        for t in window..<(window + 8 * 200) {
            if let d = others[k].push(dx: input[2 * t], dy: input[2 * t + 1]) {
                decisions += 1
                sink &+= Int(d.pLeftQ15)
            }
        }
        othersPerDecision[k].append((now() - t0) / Double(decisions) - 8 * sample)
        t0 = now()
        for j in 0..<10 {
            othersScratch[k].reset()
            for t in 0..<window {
                let at = 2 * (t + 97 * j)
                sink &+= Int(othersScratch[k].push(dx: input[at], dy: input[at + 1])?.pLeftQ15 ?? 0)
            }
        }
        othersPerWindow[k].append((now() - t0) / 10)
        // The instruction's peak: its multiply on registers, timed the same way.
        let iterations = 2_000_000
        t0 = now()
        if let peak = kernels[k].peakLoop(iterations: iterations) {
            let seconds = now() - t0
            sink &+= Int(peak.checksum & 1)
            peakMACsPerSecond[k].append(Double(peak.macs * iterations) / seconds)
        }
    }
    // 2b. The same in compact memory (weights in place, projections recomputed per step).
    compact.reset()
    for t in 0..<window { _ = compact.push(dx: input[2 * t], dy: input[2 * t + 1]) }
    decisions = 0
    t0 = now()
    for t in window..<(window + 8 * 100) {
        if let d = compact.push(dx: input[2 * t], dy: input[2 * t + 1]) {
            decisions += 1
            sink &+= Int(d.pLeftQ15)
        }
    }
    compactPerDecision.append((now() - t0) / Double(decisions) - 8 * sample)
    // 3. A window from scratch: reset, W samples, one decision.
    t0 = now()
    for k in 0..<20 {
        scratch.reset()
        for t in 0..<window {
            sink &+= Int(scratch.push(dx: input[2 * (t + 97 * k)], dy: input[2 * (t + 97 * k) + 1])?.pLeftQ15 ?? 0)
        }
    }
    perWindowScratch.append((now() - t0) / 20)
    // 4. The trainer's float forward pass, batch 1, one thread.
    t0 = now()
    for _ in 0..<10 { sink &+= Int(classifier.logits(inputs: normalizedWindow)[0] > 0 ? 1 : 0) }
    floatPerWindow.append((now() - t0) / 10)
}

func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
func best(_ v: [Double]) -> Double { v.min()! }
func us(_ s: Double) -> String { String(format: "%.2f us", s * 1e6) }
let arenaBytes = try! StreamingClassifier.arenaByteCount(for: model, hop: 8)
let compactBytes = try! StreamingClassifier.arenaByteCount(for: model, hop: 8, memory: .compact)
func row(_ label: String, _ v: [Double], macs: Int64? = nil) -> String {
    let rate = macs.map { String(format: "   %.1f GMAC/s (best)", Double($0) / best(v) / 1e9) } ?? ""
    return label.padding(toLength: 44, withPad: " ", startingAt: 0) + "best "
        + us(best(v)).padding(toLength: 12, withPad: " ", startingAt: 0)
        + "median " + us(median(v)).padding(toLength: 12, withPad: " ", startingAt: 0) + rate
}
@MainActor func peakText(_ k: Int, _ v: [Double], _ macs: Int64) -> String {
    guard let peak = peakMACsPerSecond[k].max() else { return "" }
    return String(format: ", %.0f%% of %.1f", 100 * Double(macs) / best(v) / peak, peak / 1e9)
}
let otherRows = others.indices.map {
    row("  per decision, \(kernels[$0].name)", othersPerDecision[$0], macs: decisionMACs)
        + peakText($0, othersPerDecision[$0], decisionMACs) + "\n"
        + row("  window from scratch, \(kernels[$0].name)", othersPerWindow[$0], macs: a.macsPerWindow)
        + peakText($0, othersPerWindow[$0], a.macsPerWindow) + "\n"
}.joined()
let peakRows = kernels.indices.compactMap { k -> String? in
    guard let peak = peakMACsPerSecond[k].max() else { return nil }
    let instruction =
        ["portable": "SSE2 pmaddwd xmm", "x86 AVX2": "AVX2 vpmaddwd ymm"][kernels[k].name]
        ?? "AVX-512 VNNI vpdpbusd zmm (2 per 64 int16 x int8 MACs)"
    return String(format: "  peak %@: %.1f GMAC/s (%@, registers only)", kernels[k].name, peak / 1e9, instruction)
}.joined(separator: "\n")
print(
    """
    model: W=\(a.window), convs=\(a.convCount)x(k\(a.convKernel[0]), \(a.convFilters[0])), GRU(\(a.hidden)), T=\(a.steps); file \(bytes.count) bytes, arena \(arenaBytes) bytes (fast) / \(compactBytes) bytes (compact)
    GRU kernel: \(hopped.kernel.name) (the fastest of those this build and CPU run: \(GRUKernel.allCases.filter(\.isAvailable).map(\.name).joined(separator: ", ")))
    MACs: full window \(a.macsPerWindow), per decision (streaming) \(decisionMACs), per sample (streaming) \(String(format: "%.0f", streamMACsPerSample))
    \(rounds) interleaved rounds, one thread (the machine is shared: best is the cleanest estimate):
    \(row("  streaming, per sample (no decision)", streamPerSample))
    \(row("  streaming, per decision (hop 8)", perDecision, macs: decisionMACs))
    every kernel this CPU runs (GMAC/s at the best time, then the fraction of that instruction set's peak, GMAC/s):
    \(otherRows)\(peakRows)
    \(row("  compact memory, per decision (hop 8)", compactPerDecision))
    \(row("  fixed point, one window from scratch", perWindowScratch, macs: a.macsPerWindow))
    \(row("  float trainer forward, batch 1", floatPerWindow, macs: a.macsPerWindow))
      ratio float / fixed (window from scratch):  \(String(format: "%.1f", best(floatPerWindow) / best(perWindowScratch)))x
      ratio float / fixed streaming decision:     \(String(format: "%.1f", best(floatPerWindow) / best(perDecision)))x
    (sink \(sink % 10))
    """)
