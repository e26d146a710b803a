/// How a motion stream is cut into classifier inputs: windows of `window` samples every
/// `stride` samples from a segment's start, never crossing the segment's end, and the
/// original's no-motion filter.
public struct WindowingParameters: Codable, Sendable, Equatable {
    /// W: samples per window (800 = 8 s at 100 Hz is the original's best).
    public var window: Int
    /// Samples between window starts (W = non-overlapping, as evaluation uses).
    public var stride: Int
    /// A window is dropped as "no motion" when the population std of dx or of dy is <= this
    /// (in the stream's unit, before normalisation).
    public var stillThreshold: Float

    /// Windows are cut from the streams without their still samples (dx = dy = 0), so a window is
    /// W samples of motion; the runtime then feeds the model moving cells only.
    public var movingSamplesOnly: Bool

    public static let defaultStillThreshold: Float = 0.1

    public init(
        window: Int, stride: Int? = nil, stillThreshold: Float = WindowingParameters.defaultStillThreshold,
        movingSamplesOnly: Bool = false
    ) {
        precondition(window > 0, "window must be positive")
        self.window = window
        self.stride = stride ?? window
        self.stillThreshold = stillThreshold
        self.movingSamplesOnly = movingSamplesOnly
        precondition(self.stride > 0, "stride must be positive")
    }

    /// The same windows, non-overlapping (for evaluation).
    public var nonOverlapping: WindowingParameters {
        WindowingParameters(
            window: window, stride: window, stillThreshold: stillThreshold,
            movingSamplesOnly: movingSamplesOnly)
    }

    /// The same windowing with another stride.
    public func with(stride: Int) -> WindowingParameters {
        WindowingParameters(
            window: window, stride: stride, stillThreshold: stillThreshold,
            movingSamplesOnly: movingSamplesOnly)
    }

    /// The dataset as windows are cut from it: without still samples when `movingSamplesOnly`.
    public func streams(of dataset: Dataset) -> Dataset {
        movingSamplesOnly ? dataset.movingSamplesOnly() : dataset
    }

    enum CodingKeys: String, CodingKey { case window, stride, stillThreshold, movingSamplesOnly }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            window: try c.decode(Int.self, forKey: .window), stride: try c.decode(Int.self, forKey: .stride),
            stillThreshold: try c.decode(Float.self, forKey: .stillThreshold),
            movingSamplesOnly: try c.decodeIfPresent(Bool.self, forKey: .movingSamplesOnly) ?? false)
    }

    /// Start samples of the windows inside `segment` (`start + k*stride`, window fully inside).
    public func starts(in segment: Range<Int>) -> [Int] {
        guard segment.count >= window else { return [] }
        return Array(Swift.stride(from: segment.lowerBound, through: segment.upperBound - window, by: stride))
    }

    /// True when the window starting at `start` has no motion on an axis (the original's filter).
    public func isStill(_ stream: MotionStream, start: Int) -> Bool {
        let (stdX, stdY) = Windowing.standardDeviations(stream, start: start, count: window)
        return stdX <= Double(stillThreshold) || stdY <= Double(stillThreshold)
    }
}

/// Statistics over stretches of a motion stream.
public enum Windowing {
    /// Population standard deviation (ddof 0) of dx and of dy over `count` samples from `start`.
    public static func standardDeviations(_ stream: MotionStream, start: Int, count: Int) -> (Double, Double) {
        precondition(start >= 0 && start + count <= stream.count && count > 0)
        return stream.samples.withUnsafeBufferPointer {
            standardDeviations(interleaved: $0, start: start, count: count)
        }
    }

    /// The same over interleaved `(dx, dy)` samples (a stream's or a window set's buffer).
    public static func standardDeviations(interleaved s: UnsafeBufferPointer<Float>, start: Int, count: Int) -> (
        Double, Double
    ) {
        precondition(start >= 0 && 2 * (start + count) <= s.count && count > 0)
        var sum = (0.0, 0.0)
        for i in start..<(start + count) {
            sum.0 += Double(s[2 * i])
            sum.1 += Double(s[2 * i + 1])
        }
        let mean = (sum.0 / Double(count), sum.1 / Double(count))
        var squares = (0.0, 0.0)
        for i in start..<(start + count) {
            let x = Double(s[2 * i]) - mean.0
            let y = Double(s[2 * i + 1]) - mean.1
            squares.0 += x * x
            squares.1 += y * y
        }
        return ((squares.0 / Double(count)).squareRoot(), (squares.1 / Double(count)).squareRoot())
    }

    /// The fraction of samples with no motion at all (dx = dy = 0): the "still fraction"
    /// confound (it alone predicts the hand at 0.66 on the mouse data and inverts on the touchpad).
    public static func stillFraction(_ stream: MotionStream, start: Int, count: Int) -> Double {
        precondition(start >= 0 && start + count <= stream.count && count > 0)
        return stream.samples.withUnsafeBufferPointer { stillFraction(interleaved: $0, start: start, count: count) }
    }

    /// The same over interleaved `(dx, dy)` samples.
    public static func stillFraction(interleaved s: UnsafeBufferPointer<Float>, start: Int, count: Int) -> Double {
        precondition(start >= 0 && 2 * (start + count) <= s.count && count > 0)
        var still = 0
        for i in start..<(start + count) where s[2 * i] == 0 && s[2 * i + 1] == 0 { still += 1 }
        return Double(still) / Double(count)
    }
}
