// The delay / false-change trade-off of several deciders on the same per-hop classifier outputs
// (`--curve`): each decider's threshold is swept over a grid, scored on re-cut dev and test streams,
// and the threshold the comparison rule of docs/switching.md picks on dev (the smallest with at most
// one false change per hour of motion) is marked. The classifier runs once per stream; the deciders
// replay its hops.
import DeepMouseCore
import DeepMouseExperiments
import DeepMouseQuantization
import Foundation

/// One re-cut stream's hops as the daemon's pipeline produced them, with the hand truly moving.
struct HopStream {
    var time: [Int64] = []
    var pLeftQ15: [Int32] = []
    var logitQ12: [Int32] = []
    var idle: [Bool] = []
    /// The hand moving the pointer in the segment of the hop's last cell.
    var truth: [HandState] = []
    /// Calibrated log-likelihood ratio per hop (left positive), filled before the CUSUM runs.
    var llr: [Double] = []
    /// Motion behind one non-idle hop: the model's hop of moving cells, 10 ms each.
    var motionMicrosPerHop: Int64 = 80_000
}

/// A decider under test: the reported hand after every hop of a stream.
struct SweptDecider {
    var name: String
    /// The legend's short name.
    var label: String
    var thresholds: [Double]
    var run: (HopStream, Double) -> [HandState]
}

/// Scores of one decider at one threshold on one set of streams (the results file's type, so that
/// `deepmouse report` draws what this bench measured).
typealias CurvePoint = SwitchCurvePoint

/// Platt scaling of the logit on dev hops whose window lies inside one segment: `llr = a * logit + b`
/// (`PlattScaling`, the fit `deepmouse calibrate` makes on dev windows).
@MainActor func plattFit(_ streams: [HopStream], segmentMicros: Int64, settleMicros: Int64) -> (a: Double, b: Double) {
    var xs: [Double] = []
    var ys: [Bool] = []
    for s in streams {
        for i in s.time.indices where !s.idle[i] && (s.time[i] - 1) % segmentMicros >= settleMicros {
            xs.append(Double(s.logitQ12[i]) / 4096)
            ys.append(s.truth[i] == .left)
        }
    }
    guard let fit = try? PlattScaling.fit(logits: xs, left: ys) else {
        fail("Platt scaling: no dev hops of both hands")
    }
    return (fit.a, fit.b)
}

/// Two one-sided CUSUMs on calibrated per-hop log-likelihood ratios, each floored at 0 and capped at
/// the threshold; a pause of `pauseHops` idle hops gives both a head start (a switch is likelier after a
/// pause); the hand stays known while the pointer rests.
func cusumHands(_ s: HopStream, threshold h: Double, headStart: Double, pauseHops: Int) -> [HandState] {
    var out = [HandState](repeating: .unknown, count: s.time.count)
    var hand = HandState.unknown
    var left = 0.0
    var right = 0.0
    var idleHops = 0
    for i in s.time.indices {
        if s.idle[i] {
            idleHops += 1
            out[i] = hand
            continue
        }
        if idleHops >= pauseHops {
            left = max(left, headStart)
            right = max(right, headStart)
        }
        idleHops = 0
        left = min(max(0, left + s.llr[i]), h)
        right = min(max(0, right - s.llr[i]), h)
        if hand != .left && left >= h {
            hand = .left
        } else if hand != .right && right >= h {
            hand = .right
        } else {
            out[i] = hand
            continue
        }
        left = 0
        right = 0
        out[i] = hand
    }
    return out
}

/// The same rule as the daemon runs it: DeepMouseCore's `ChangeDetector` (a and b in Q16, the LLRs, threshold
/// and head start in Q12) fed each hop's logit.
func coreDetectorHands(_ s: HopStream, platt: (a: Double, b: Double), threshold h: Double, pauseHops: Int32)
    -> [HandState]
{
    var d = ChangeDetector(
        parameters: ChangeDetectorParameters(
            plattScale: platt.a, plattOffset: platt.b, threshold: h, headStart: h / 2, pauseHops: pauseHops))
    return s.time.indices.map { i in
        _ = d.update(logitQ12: s.logitQ12[i], pLeftQ15: s.pLeftQ15[i], idle: s.idle[i])
        return d.hand
    }
}

/// The shipped rule (`HandDecider`) with its threshold replaced and the cap kept in proportion.
func deciderHands(_ s: HopStream, base: DecisionParameters, threshold: Double, keepHandInPauses: Bool)
    -> [HandState]
{
    var p = base
    let capFactor = Double(base.capQ8) / Double(max(1, base.thresholdQ8))
    p.thresholdQ8 = Int32((threshold * 256).rounded())
    p.capQ8 = Int32((threshold * capFactor * 256).rounded())
    if keepHandInPauses { p.idleHopsToUnknown = Int32.max }
    var decider = HandDecider(parameters: p)
    return s.time.indices.map { i in
        _ = decider.update(pLeftQ15: s.pLeftQ15[i], idle: s.idle[i])
        return decider.hand
    }
}

func curvePoint(
    _ streams: [HopStream], threshold: Double, segmentMicros: Int64, hands: (HopStream) -> [HandState]
) -> CurvePoint {
    var delays: [Double] = []
    var switches = 0
    var falseChanges = 0
    var motionMicros: Int64 = 0
    var counts: (right: Int64, wrong: Int64, unknown: Int64) = (0, 0, 0)
    for s in streams where s.time.count > 1 {
        let reported = hands(s)
        var first: [Int: Double] = [:]
        var previous = HandState.unknown
        for i in s.time.indices {
            let r = reported[i]
            if !s.idle[i] { motionMicros += s.motionMicrosPerHop }
            // Time shares weigh each hop by the stream time until the next one (hops come per moving cells).
            let span = i + 1 < s.time.count ? s.time[i + 1] - s.time[i] : s.motionMicrosPerHop
            if r == .unknown {
                counts.unknown += span
            } else if r == s.truth[i] {
                counts.right += span
            } else {
                counts.wrong += span
            }
            defer { previous = r }
            guard r != previous, r != .unknown else { continue }
            let segment = Int((s.time[i] - 1) / segmentMicros)
            if r == s.truth[i] {
                if first[segment] == nil {
                    first[segment] = Double(s.time[i] - Int64(segment) * segmentMicros) / 1e6
                }
            } else {
                falseChanges += 1
            }
        }
        let segments = Int((s.time[s.time.count - 1] - 1) / segmentMicros) + 1
        for k in 1..<segments {  // the first segment is no switch; a last one cut short is not counted
            if k == segments - 1 && s.time[s.time.count - 1] - Int64(k) * segmentMicros < segmentMicros * 9 / 10 {
                continue
            }
            switches += 1
            if let d = first[k] { delays.append(d) }
        }
    }
    delays.sort()
    let total = Double(max(1, counts.right + counts.wrong + counts.unknown))
    return CurvePoint(
        threshold: threshold, switches: switches, missed: switches - delays.count,
        medianDelaySeconds: delays.isEmpty ? nil : delays[delays.count / 2],
        p90DelaySeconds: delays.isEmpty ? nil : delays[min(delays.count - 1, delays.count * 9 / 10)],
        falseChanges: falseChanges,
        falseChangesPerMotionHour: Double(falseChanges) / max(1e-9, Double(motionMicros) / 3.6e9),
        right: Double(counts.right) / total, wrong: Double(counts.wrong) / total,
        unknown: Double(counts.unknown) / total)
}
