// firmware-reference: the x86 side of the Cortex-M4 firmware check (tools/firmware, make
// embedded-test), built by SwiftPM as the normal build.
//
//   firmware-reference windows --model M.dmm --left FILE... --right FILE... [--from F]
//                              [--segments N] [--decisions D] --out WINDOWS.bin
//       Cuts N segments per hand of W + (D-1)*hop consecutive samples from the part [F, 1) of
//       each legacy x,y recording (default F 0.8: the touchpad split's test part), preferring
//       windows that move, quantizes them into the model's int16 input (InputScaler, px) and
//       writes them in the firmware's windows format (Firmware/App/WindowFile.swift).
//   firmware-reference run --model M.dmm --windows WINDOWS.bin [--memory fast|compact] [--costs]
//       Streams the windows through DeepMouseCore's StreamingClassifier and prints the lines the
//       firmware prints (model, golden, segment, decision); --costs adds '#' lines with RAM.
import DeepMouseCore
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("firmware-reference: " + message + "\n").utf8))
    exit(64)
}

let arguments = Array(CommandLine.arguments.dropFirst())
func values(_ name: String) -> [String] {
    guard let i = arguments.firstIndex(of: name) else { return [] }
    return Array(arguments[(i + 1)...].prefix { !$0.hasPrefix("--") })
}
func value(_ name: String) -> String? { values(name).first }
func flag(_ name: String) -> Bool { arguments.contains(name) }

/// The model bytes in a 16-aligned buffer that lives until exit.
func loadModel(_ path: String) -> ModelFile {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 16)
    buffer.copyBytes(from: data)
    do { return try ModelFile(bytes: UnsafeRawBufferPointer(buffer)) } catch { fail("\(path): \(error)") }
}

func line(_ kind: String, _ d: StreamingDecision, segment: Int?, sample: Int) -> String {
    (segment.map { "\(kind) segment \($0)" } ?? kind)
        + " sample \(sample) p_left_q15 \(d.pLeftQ15) logit_q12 \(d.logitQ12) idle \(d.idle ? 1 : 0)"
}

// MARK: windows

/// Legacy `x,y` positions -> per-sample deltas (px).
func deltas(_ path: String) -> [(Int32, Int32)] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
    var previous: (Int32, Int32)?
    var out: [(Int32, Int32)] = []
    for (n, row) in text.split(whereSeparator: \.isNewline).enumerated() {
        let parts = row.split(separator: ",")
        guard parts.count == 2, let x = Int32(parts[0].trimmingCharacters(in: .whitespaces)),
            let y = Int32(parts[1].trimmingCharacters(in: .whitespaces))
        else { fail("\(path):\(n + 1): expected x,y") }
        if let p = previous { out.append((x - p.0, y - p.1)) }
        previous = (x, y)
    }
    return out
}

/// Population std of both axes above the still threshold (the no-motion rule).
func moves(_ d: ArraySlice<(Int32, Int32)>, threshold: Double) -> Bool {
    func std(_ v: [Double]) -> Double {
        let m = v.reduce(0, +) / Double(v.count)
        return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count)).squareRoot()
    }
    return std(d.map { Double($0.0) }) > threshold && std(d.map { Double($0.1) }) > threshold
}

func writeWindows() {
    guard let modelPath = value("--model"), let out = value("--out") else { fail("windows needs --model and --out") }
    let model = loadModel(modelPath)
    let scaler: InputScaler
    do { scaler = try InputScaler(model: model) } catch { fail("\(error)") }
    let w = Int(model.architecture.window)
    let hop = Int(model.architecture.defaultHop)
    let from = Double(value("--from") ?? "0.8") ?? 0.8
    let perHand = Int(value("--segments") ?? "3") ?? 3
    let decisions = Int(value("--decisions") ?? "4") ?? 4
    let length = w + (decisions - 1) * hop
    let threshold = Double(model.float32(model.tensors.normalization, 4))
    var file = Data("DMWN".utf8)
    var segments: [(hand: UInt8, start: Int, samples: ArraySlice<(Int32, Int32)>)] = []
    for (hand, paths) in [(UInt8(1), values("--left")), (UInt8(0), values("--right"))] {
        guard !paths.isEmpty else { fail("windows needs --left and --right recordings") }
        var candidates: [(Int, ArraySlice<(Int32, Int32)>)] = []
        for path in paths {
            let d = deltas(path)
            var s = Int(Double(d.count) * from)
            while s + length <= d.count {
                if moves(d[s..<(s + w)], threshold: threshold) { candidates.append((s, d[s..<(s + length)])) }
                s += length
            }
        }
        guard candidates.count >= perHand else { fail("only \(candidates.count) moving segments for hand \(hand)") }
        for i in 0..<perHand {
            let c = candidates[i * candidates.count / perHand]
            segments.append((hand, c.0, c.1))
        }
    }
    func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { file.append(contentsOf: $0) } }
    le(UInt16(1))
    le(UInt16(segments.count))
    for s in segments {
        file.append(s.hand)
        file.append(0)
        le(UInt16(0))
        le(UInt32(s.start))
        le(UInt32(s.samples.count))
        for (dx, dy) in s.samples {
            let q = scaler.scaled(dx: dx, dy: dy)
            le(q.dx)
            le(q.dy)
        }
    }
    guard FileManager.default.createFile(atPath: out, contents: file) else { fail("cannot write \(out)") }
    print("firmware-reference: wrote \(segments.count) segments of \(length) samples (\(file.count) bytes) to \(out)")
}

// MARK: run

// Pushes go through one of these two (never inlined), chosen from the known schedule (a decision
// after W samples, then every hop), so that callgrind can count the instructions of a push that
// returns a decision apart from the others (tools/bench/embedded-costs.sh): the quantity the
// firmware measures with SysTick on the M4.
// (Their bodies differ, each checking the schedule, so that the optimizer cannot merge them.)
@inline(never)
func pushWithDecision(_ engine: inout StreamingClassifier, _ dx: Int16, _ dy: Int16) -> StreamingDecision? {
    let d = engine.push(dx: dx, dy: dy)
    guard d != nil else { fail("expected a decision at this push") }
    return d
}

@inline(never)
func pushWithoutDecision(_ engine: inout StreamingClassifier, _ dx: Int16, _ dy: Int16) -> StreamingDecision? {
    let d = engine.push(dx: dx, dy: dy)
    guard d == nil else { fail("unexpected decision at this push") }
    return nil
}

/// Push number `i` (from 0) since the last reset.
func push(_ engine: inout StreamingClassifier, _ i: Int, _ dx: Int16, _ dy: Int16) -> StreamingDecision? {
    let seen = i + 1
    let w = Int(engine.window)
    let hop = Int(engine.hop)
    return seen >= w && (seen - w) % hop == 0 ? pushWithDecision(&engine, dx, dy) : pushWithoutDecision(&engine, dx, dy)
}

func run() {
    guard let modelPath = value("--model"), let windowsPath = value("--windows") else {
        fail("run needs --model and --windows")
    }
    let model = loadModel(modelPath)
    let memory: EngineMemory = value("--memory") == "compact" ? .compact : .fast
    let arena: UnsafeMutableRawBufferPointer
    var engine: StreamingClassifier
    do {
        arena = .allocate(
            byteCount: try StreamingClassifier.arenaByteCount(for: model, hop: nil, memory: memory), alignment: 64)
        engine = try StreamingClassifier(model: model, arena: arena, hop: nil, memory: memory)
    } catch { fail("\(error)") }
    let a = model.architecture
    print("model window \(a.window) hop \(engine.hop) convs \(a.convCount) hidden \(a.hidden)")
    if flag("--costs") {
        let fast = (try? StreamingClassifier.arenaByteCount(for: model, hop: nil, memory: .fast)) ?? -1
        let compact = (try? StreamingClassifier.arenaByteCount(for: model, hop: nil, memory: .compact)) ?? -1
        print(
            "# RAM (x86_64): arena \(fast) bytes fast, \(compact) bytes compact (with 64 bytes of alignment slack); "
                + "engine state \(MemoryLayout<StreamingClassifier>.size) bytes")
    }
    var decision: StreamingDecision?
    for i in 0..<Int(a.window) {
        decision = push(
            &engine, i, model.int16(model.tensors.goldenInput, 2 * i), model.int16(model.tensors.goldenInput, 2 * i + 1)
        )
    }
    if let decision { print(line("golden", decision, segment: nil, sample: Int(a.window) - 1)) }

    guard let data = FileManager.default.contents(atPath: windowsPath), data.count >= 8,
        data.prefix(4) == Data("DMWN".utf8)
    else { fail("\(windowsPath): not a windows file") }
    let bytes = [UInt8](data)
    func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
    func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
    func i16(_ o: Int) -> Int16 { Int16(bitPattern: UInt16(u16(o))) }
    var offset = 8
    for index in 0..<u16(6) {
        let count = u32(offset + 8)
        guard offset + 12 + 4 * count <= bytes.count else { fail("\(windowsPath): truncated") }
        print(
            "segment \(index) hand \(bytes[offset] == 1 ? "left" : "right") start \(u32(offset + 4)) samples \(count)")
        engine.reset()
        for i in 0..<count {
            let o = offset + 12 + 4 * i
            if let d = push(&engine, i, i16(o), i16(o + 2)) { print(line("decision", d, segment: index, sample: i)) }
        }
        offset += 12 + 4 * count
    }
}

switch arguments.first {
case "windows": writeWindows()
case "run": run()
default: fail("usage: firmware-reference windows|run ... (see tools/firmware-reference/main.swift)")
}
