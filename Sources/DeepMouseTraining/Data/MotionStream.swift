import DeepMouseCore

/// A fixed-rate stream of motion deltas `(dx, dy)`, one per 10 ms cell at 100 Hz.
///
/// Every reader (legacy `x,y` text, evemu) produces this, so preprocessing, windowing and
/// splits never care where the motion came from.
public struct MotionStream: Sendable, Equatable {
    /// The sample rate every DeepMouse stream has.
    public static let standardSampleRate = 100

    public var unit: MotionUnit
    public var sampleRate: Int
    /// Interleaved deltas: `samples[2*i]` is dx, `samples[2*i+1]` is dy.  // (N, 2)
    public var samples: [Float]

    public init(unit: MotionUnit, sampleRate: Int = MotionStream.standardSampleRate, samples: [Float]) {
        precondition(samples.count % 2 == 0, "samples are (dx, dy) pairs")
        self.unit = unit
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// The number of (dx, dy) samples.
    public var count: Int { samples.count / 2 }

    /// The duration in seconds at the stream's sample rate.
    public var seconds: Double { Double(count) / Double(sampleRate) }

    public func dx(_ i: Int) -> Float { samples[2 * i] }
    public func dy(_ i: Int) -> Float { samples[2 * i + 1] }
}

extension MotionStream {
    /// The stream without its still samples (dx = dy = 0): motion only, in order. Models trained
    /// this way see strokes, never pauses, so they cannot lean on how often the pointer rests.
    public func movingSamplesOnly() -> MotionStream {
        var moving: [Float] = []
        moving.reserveCapacity(samples.count)
        for i in 0..<count where samples[2 * i] != 0 || samples[2 * i + 1] != 0 {
            moving.append(samples[2 * i])
            moving.append(samples[2 * i + 1])
        }
        return MotionStream(unit: unit, sampleRate: sampleRate, samples: moving)
    }
}
