// The DeepMouse engine on a Cortex-M4: loads the .dmm model linked into flash (validated: CRC,
// shapes, quantization ranges), prepares the streaming classifier in the RAM the linker left for
// it (weights used in place from flash: EngineMemory.compact), which runs the model's golden
// self-test, then streams the windows linked beside it and prints every decision. Lines without
// '#' are compared bit for bit with `firmware-reference run` (the normal x86 build); '#' lines
// report costs (instructions from SysTick under qemu -icount, RAM).
import Board
import DeepMouseCore

/// Instruction counts of a kind of push (SysTick ticks; 32-bit sums are enough for a run).
struct Cost {
    var count: UInt32 = 0
    var ticks: UInt32 = 0
    var minimum: UInt32 = .max
    var maximum: UInt32 = 0

    mutating func add(_ t: UInt32) {
        count &+= 1
        ticks &+= t
        minimum = min(minimum, t)
        maximum = max(maximum, t)
    }

    func report(_ what: StaticString) {
        guard count > 0 else { return }
        let k = UInt32(BOARD_INSTRUCTIONS_PER_TICK)
        Console.line { c in
            c.append("# instructions per ")
            c.append(what)
            c.append(": mean ")
            c.append(ticks / count * k)
            c.append(", min ")
            c.append(minimum * k)
            c.append(", max ")
            c.append(maximum * k)
            c.append(" (over ")
            c.append(count)
            c.append(")")
        }
    }
}

func fail(_ what: StaticString, status: Int32) -> Never {
    Console.line { c in
        c.append("firmware: ")
        c.append(what)
    }
    board_exit(status)
}

func report(_ error: ModelFileError) -> Never {
    Console.line { c in
        c.append("firmware: model rejected: ")
        switch error {
        case .selfTestFailed(let field, let expected, let actual):
            c.append("golden self-test failed, expected ")
            c.append(field)
            c.append(" ")
            c.append(expected)
            c.append(", got ")
            c.append(actual)
        case .checksumMismatch: c.append("CRC-32 mismatch")
        case .badMagic: c.append("not a .dmm file")
        case .arenaTooSmall(let needed, let available):
            c.append("arena needs ")
            c.append(needed)
            c.append(" bytes, RAM leaves ")
            c.append(available)
        default: c.append("invalid or unsupported model (run deepmouse inspect on it)")
        }
    }
    board_exit(65)
}

func ticks(since start: UInt32) -> UInt32 { board_cycle_counter_ticks() &- start }

@_cdecl("firmware_main")
func firmwareMain() {
    board_cycle_counter_start()
    let modelBytes = UnsafeRawBufferPointer(start: board_model_start(), count: Int(board_model_size()))
    let arena = UnsafeMutableRawBufferPointer(start: board_arena_start(), count: Int(board_arena_size()))
    var start = board_cycle_counter_ticks()
    let model: ModelFile
    do { model = try ModelFile(bytes: modelBytes) } catch { report(error) }
    let loadTicks = ticks(since: start)
    start = board_cycle_counter_ticks()
    var engine: StreamingClassifier
    do { engine = try StreamingClassifier(model: model, arena: arena, hop: nil, memory: .compact) } catch {
        report(error)
    }
    let prepareTicks = ticks(since: start)
    let a = model.architecture
    let k = UInt32(BOARD_INSTRUCTIONS_PER_TICK)
    Console.line { c in
        c.append("model window ")
        c.append(a.window)
        c.append(" hop ")
        c.append(engine.hop)
        c.append(" convs ")
        c.append(a.convCount)
        c.append(" hidden ")
        c.append(a.hidden)
    }
    Console.line { c in
        c.append("# model: ")
        c.append(modelBytes.count)
        c.append(" bytes in flash, validated in ")
        c.append(loadTicks * k)
        c.append(" instructions; engine prepared (golden self-test passed) in ")
        c.append(prepareTicks * k)
        c.append(" instructions")
    }
    Console.line { c in
        c.append("# RAM: arena ")
        c.append(engine.arenaBytesUsed)
        c.append(" bytes (of ")
        c.append(arena.count)
        c.append(" free), engine state ")
        c.append(MemoryLayout<StreamingClassifier>.size)
        c.append(" bytes, statics ")
        c.append(board_static_ram())
        c.append(" bytes")
    }

    // The golden input once more, to print what the self-test compared.
    let golden = model.tensors.goldenInput
    var decision: StreamingDecision? = nil
    for i in 0..<Int(a.window) {
        decision = engine.push(dx: model.int16(golden, 2 * i), dy: model.int16(golden, 2 * i + 1))
    }
    if let d = decision { printDecision("golden", d, segment: nil, sample: Int(a.window) - 1) }

    let windows: WindowFile
    do {
        windows = try WindowFile(
            bytes: UnsafeRawBufferPointer(start: board_windows_start(), count: Int(board_windows_size())))
    } catch { fail("the linked windows file is malformed", status: 65) }
    var decisions = Cost()
    var samples = Cost()
    var index = 0
    do {
        try windows.forEachSegment { s in
            engine.reset()
            Console.line { c in
                c.append("segment ")
                c.append(index)
                c.append(" hand ")
                c.append(s.hand == 1 ? "left" : "right")
                c.append(" start ")
                c.append(s.start)
                c.append(" samples ")
                c.append(s.count)
            }
            for i in 0..<s.count {
                let t0 = board_cycle_counter_ticks()
                let d = engine.push(dx: s.dx(i), dy: s.dy(i))
                let t = ticks(since: t0)
                if let d {
                    decisions.add(t)
                    printDecision("decision", d, segment: index, sample: i)
                } else {
                    samples.add(t)
                }
            }
            index += 1
        }
    } catch { fail("the linked windows file is truncated", status: 65) }
    decisions.report("push with a decision (hop)")
    samples.report("push without a decision (sample)")
    Console.line { c in
        c.append("# stack: ")
        c.append(board_stack_high_water())
        c.append(" bytes used of ")
        c.append(board_stack_size())
    }
    board_exit(0)
}

func printDecision(_ kind: StaticString, _ d: StreamingDecision, segment: Int?, sample: Int) {
    Console.line { c in
        c.append(kind)
        if let segment {
            c.append(" segment ")
            c.append(segment)
        }
        c.append(" sample ")
        c.append(sample)
        c.append(" p_left_q15 ")
        c.append(Int32(d.pLeftQ15))
        c.append(" logit_q12 ")
        c.append(d.logitQ12)
        c.append(" idle ")
        c.append(d.idle ? 1 : 0)
    }
}
