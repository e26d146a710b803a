import DeepMouseCore
import DeepMouseMotion

/// The gains that put a recording in another unit into a px model's input, as `deepmoused` applies them: a
/// touchpad's millimetres times px per mm, a mouse's or pointing stick's counts times px per count. With these
/// `deepmouse evaluate` scores the shipped px models on evemu recordings (`deepmoused record`, `dataset convert`)
/// the way the board would feed them.
public struct PixelGains: Sendable, Equatable {
    /// Screen pixels per millimetre of finger travel (the daemon's `--px-per-mm`).
    public var pixelsPerMillimetre: Double
    /// Screen pixels per mouse count (the daemon's `--px-per-count`).
    public var pixelsPerCount: Double

    /// `deepmoused`'s defaults: the board chain's own (`PipelineSettings`).
    public static let daemonDefaults = PixelGains(
        pixelsPerMillimetre: PipelineSettings().pixelsPerMillimetre, pixelsPerCount: PipelineSettings().pixelsPerCount)

    public init(pixelsPerMillimetre: Double, pixelsPerCount: Double) {
        self.pixelsPerMillimetre = pixelsPerMillimetre
        self.pixelsPerCount = pixelsPerCount
    }

    /// The gain from `unit` to px (1 for px).
    public func gain(from unit: MotionUnit) -> Double {
        switch unit {
        case .px: 1
        case .mm: pixelsPerMillimetre
        case .counts: pixelsPerCount
        }
    }

    /// `recording` with its deltas in px.
    public func inPixels(_ recording: Recording) -> Recording {
        guard recording.stream.unit != .px else { return recording }
        let g = Float(gain(from: recording.stream.unit))
        var converted = recording
        converted.stream = MotionStream(
            unit: .px, sampleRate: recording.stream.sampleRate,
            samples: recording.stream.samples.map { $0 * g })
        return converted
    }
}
