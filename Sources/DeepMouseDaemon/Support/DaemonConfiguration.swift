import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Everything `deepmoused` was told on its command line.
public struct DaemonConfiguration: Sendable {
    /// Where lines go.
    public enum Output: Equatable, Sendable {
        case standardOutput
        case fifo(path: String)

        /// Paths compare as bytes, as the kernel compares them (the synthesized == would apply
        /// Unicode equivalence, and link Unicode tables into the embedded daemon).
        public static func == (a: Output, b: Output) -> Bool {
            switch (a, b) {
            case (.standardOutput, .standardOutput): return true
            case (.fifo(let x), .fifo(let y)): return x.utf8.elementsEqual(y.utf8)
            default: return false
            }
        }
    }

    /// `--model FILE`; nil for the default model (`DefaultModel`, found next to the executable).
    public var modelPath: String?
    /// `--device PATH`: read only this device (and accept it even if it also reports keys).
    public var devicePath: String?
    public var output: Output = .standardOutput
    public var format: OutputFormat = .json
    /// `--px-per-mm G`: touchpad millimetres to the px unit of the shipped models.
    public var pixelsPerMillimetre: Double = UnitMapping.defaultPixelsPerMillimetre
    /// `--px-per-count G`: mouse counts to px.
    public var pixelsPerCount: Double = 1
    /// `--replay FILE`: drive the pipeline from an evemu recording instead of devices.
    public var replayPath: String?
    /// `--decisions`: also print every per-hop decision.
    public var printDecisions = false
    /// `--motion`: also print every non-empty 100 Hz cell.
    public var printMotion = false
    /// The decision layer's parameters: the command line's `decisionOverrides`, the rest from the model file
    /// when it carries its own, else the defaults (`adoptDecisionParameters(of:)` merges them into this).
    public var decisionParameters = DecisionParameters()
    /// The decision-layer fields the command line set (`--evidence-*`, `--idle-hops`, ...).
    public var decisionOverrides = DecisionOverrides()
    /// `--decider vote|cusum` (nil: the change detector when the model file carries one, else the vote).
    public var decider: Decider?
    /// The change detector decided with (resolved from the model file), or nil: the vote decides.
    public var changeDetector: ChangeDetectorParameters?
    /// `--hop N`: samples between decisions (default: the model's).
    public var hop: Int32?
    /// Devices read at the same time (each has its own classifier arena, allocated at startup).
    public var maximumDevices = 4
    /// `--fifo-mode`: the FIFO's permissions (nil: 0600, or 0640 with `--fifo-group`).
    public var fifoMode: UInt32?
    /// `--fifo-group NAME`: the group the FIFO is given (its members may read it).
    public var fifoGroup: String?

    /// The FIFO's permissions: `--fifo-mode`, else 0600, or 0640 with a group.
    public var fifoPermissions: UInt32 { fifoMode ?? FifoSink.defaultPermissions(withGroup: fifoGroup != nil) }

    public init() {}

    /// The parameters to decide with for `model`: the command line's where given, else the model's, else the
    /// defaults. Nil when the merge leaves the threshold above the cap (`adoptDecisionParameters` says so).
    public func resolveDecisionParameters(for model: ModelFile) -> DecisionParameters? {
        let p = mergedDecisionParameters(model.decisionParameters)
        return p.thresholdQ8 <= p.capQ8 ? p : nil
    }

    func mergedDecisionParameters(_ stored: DecisionParameters?) -> DecisionParameters {
        decisionOverrides.applied(to: stored ?? DecisionParameters())
    }

    /// The change detector to decide with for `model`: the file's `decision.cusum` unless `--decider vote`; nil
    /// (the vote) when the file carries none. `--decider cusum` without one is refused by `adoptDecisionParameters`.
    public func resolveChangeDetector(for model: ModelFile) -> ChangeDetectorParameters? {
        decider == .vote ? nil : model.changeDetectorParameters
    }

    /// Resolves the decision layer for `model` into `decisionParameters` and `changeDetector`, or logs why not
    /// (threshold above cap, with both values and where each came from; `--decider cusum` on a file without a
    /// change detector; vote flags given while the change detector decides).
    mutating func adoptDecisionParameters(of model: ModelFile) -> Bool {
        changeDetector = resolveChangeDetector(for: model)
        if decider == .cusum && changeDetector == nil {
            Log.line { l in
                l.append("--decider cusum: the model file carries no change detector (entry decision.cusum); ")
                l.append("add one with deepmouse calibrate, or decide by the vote (--decider vote)")
            }
            return false
        }
        if changeDetector != nil && !decisionOverrides.isEmpty {
            Log.line { l in
                l.append("--evidence-*, --idle-hops and --min-hops-between-changes set the vote, but this model ")
                l.append("decides by its change detector: add --decider vote to use them")
            }
            return false
        }
        let stored = model.decisionParameters
        let p = mergedDecisionParameters(stored)
        guard p.thresholdQ8 <= p.capQ8 else {
            let given = decisionOverrides
            Log.line { l in
                l.append("evidence threshold ")
                Self.appendQ8(p.thresholdQ8, to: &l)
                l.append(
                    given.thresholdQ8 != nil
                        ? " (--evidence-threshold)" : (stored != nil ? " (the model's)" : " (default)"))
                l.append(" exceeds the cap ")
                Self.appendQ8(p.capQ8, to: &l)
                l.append(
                    given.capQ8 != nil ? " (--evidence-cap)" : (stored != nil ? " (the model's)" : " (default)"))
                l.append(": give both --evidence-threshold and --evidence-cap")
            }
            return false
        }
        decisionParameters = p
        return true
    }

    /// "retention R, threshold T, cap C, idle hops N, min hops M (source)" for the startup line.
    func appendDecisionParameters<Sink: ByteSink>(to l: inout Sink, modelHasOwn: Bool) {
        if let c = changeDetector {
            Self.appendChangeDetector(c, to: &l)
            return
        }
        let p = decisionParameters
        l.append("retention ")
        l.append(fixed: (Int64(p.retentionQ15) * 10000 + 16384) / 32768, decimals: 4)
        l.append(", threshold ")
        Self.appendQ8(p.thresholdQ8, to: &l)
        l.append(", cap ")
        Self.appendQ8(p.capQ8, to: &l)
        l.append(", idle hops ")
        l.append(decimal: Int64(p.idleHopsToUnknown))
        l.append(", min hops ")
        l.append(decimal: Int64(p.minimumHopsBetweenChanges))
        l.append(
            !decisionOverrides.isEmpty
                ? (modelHasOwn ? " (command line over the model's)" : " (command line over the defaults)")
                : (modelHasOwn ? " (the model's)" : " (defaults)"))
    }

    /// "CUSUM, llr = A * logit + B, threshold H, head start S after N idle hops[, idle hops to unknown M]
    /// (the model's)" for the startup line.
    static func appendChangeDetector<Sink: ByteSink>(_ c: ChangeDetectorParameters, to l: inout Sink) {
        let offset = c.plattOffsetQ16 < 0 ? -Int64(c.plattOffsetQ16) : Int64(c.plattOffsetQ16)
        l.append("CUSUM, llr = ")
        l.append(fixed: (Int64(c.plattScaleQ16) * 10000 + 32768) >> 16, decimals: 4)
        l.append(c.plattOffsetQ16 < 0 ? " * logit - " : " * logit + ")
        l.append(fixed: (offset * 10000 + 32768) >> 16, decimals: 4)
        l.append(", threshold ")
        l.append(fixed: (Int64(c.thresholdQ12) * 1000 + 2048) >> 12, decimals: 3)
        l.append(", head start ")
        l.append(fixed: (Int64(c.headStartQ12) * 1000 + 2048) >> 12, decimals: 3)
        l.append(" after ")
        l.append(decimal: Int64(c.pauseHops))
        l.append(" idle hops")
        if c.idleHopsToUnknown != ChangeDetectorParameters.never {
            l.append(", idle hops to unknown ")
            l.append(decimal: Int64(c.idleHopsToUnknown))
        }
        l.append(" (the model's)")
    }

    /// A Q8 value with 3 decimals (1/256 shows as 0.004).
    static func appendQ8<Sink: ByteSink>(_ q: Int32, to l: inout Sink) {
        l.append(fixed: (Int64(q) * 1000 + 128) / 256, decimals: 3)
    }
}

/// `--decider`: which decision layer turns the classifier's hops into hand changes.
public enum Decider: Sendable, Equatable {
    /// The evidence vote (`HandDecider`) with `decisionParameters`.
    case vote
    /// The calibrated change detector stored in the model file (`ChangeDetector`).
    case cusum
}

/// The decision-layer fields given on the command line; each replaces the model's (or the default) value.
public struct DecisionOverrides: Sendable, Equatable {
    public var retentionQ15: Int32?
    public var thresholdQ8: Int32?
    public var capQ8: Int32?
    public var idleHopsToUnknown: Int32?
    public var minimumHopsBetweenChanges: Int32?

    public init() {}

    /// True when the command line set none.
    public var isEmpty: Bool { self == DecisionOverrides() }

    /// `base` with each field given here replaced.
    public func applied(to base: DecisionParameters) -> DecisionParameters {
        var p = base
        if let v = retentionQ15 { p.retentionQ15 = v }
        if let v = thresholdQ8 { p.thresholdQ8 = v }
        if let v = capQ8 { p.capQ8 = v }
        if let v = idleHopsToUnknown { p.idleHopsToUnknown = v }
        if let v = minimumHopsBetweenChanges { p.minimumHopsBetweenChanges = v }
        return p
    }
}
