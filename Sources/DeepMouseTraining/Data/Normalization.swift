import DeepMouseCore

/// Per-axis affine normalisation of deltas, `(d - offset) / scale`, stored with every model so
/// training, evaluation, export and the board all feed the network the same numbers.
public struct Normalization: Codable, Sendable, Equatable {
    /// (dx, dy) offsets in the stream's unit.
    public var offset: [Float]
    /// (dx, dy) scales in the stream's unit; positive.
    public var scale: [Float]

    public init(offset: [Float], scale: [Float]) {
        precondition(offset.count == 2 && scale.count == 2, "normalisation is per axis (dx, dy)")
        self.offset = offset
        self.scale = scale
    }

    /// The original project's global constants for pixel data: offset 0, scale (3.398, 2.926).
    public static let pixelDefault = Normalization(offset: [0, 0], scale: [3.398, 2.926])

    /// The global constants for `unit`, if DeepMouse has any (only `px` does).
    public static func global(for unit: MotionUnit) -> Normalization? {
        unit == .px ? pixelDefault : nil
    }

    /// Mean and population std per axis over the samples of `windows` (the training split's
    /// kept windows). Throws when an axis has no spread.
    public static func fitted(to windows: WindowSet) throws -> Normalization {
        let n = windows.count * windows.window
        guard n > 0 else { throw DataError.normalization(reason: "no training windows to fit on") }
        var sum = [0.0, 0.0]
        var squares = [0.0, 0.0]
        windows.inputs.withUnsafeBufferPointer { x in
            for i in 0..<n { for a in 0..<2 { sum[a] += Double(x[2 * i + a]) } }
            let mean = sum.map { $0 / Double(n) }
            for i in 0..<n {
                for a in 0..<2 {
                    let d = Double(x[2 * i + a]) - mean[a]
                    squares[a] += d * d
                }
            }
        }
        let mean = sum.map { $0 / Double(n) }
        let std = squares.map { ($0 / Double(n)).squareRoot() }
        guard std.allSatisfy({ $0 > 1e-6 && $0.isFinite }) else {
            throw DataError.normalization(reason: "training data has no spread on an axis (std \(std))")
        }
        return Normalization(offset: mean.map(Float.init), scale: std.map(Float.init))
    }

    /// Normalises interleaved (dx, dy) values in place.  // (N, 2)
    public func apply(to values: inout [Float]) {
        let (ox, oy) = (offset[0], offset[1])
        let (sx, sy) = (scale[0], scale[1])
        values.withUnsafeMutableBufferPointer { v in
            var i = 0
            while i < v.count {
                v[i] = (v[i] - ox) / sx
                v[i + 1] = (v[i + 1] - oy) / sy
                i += 2
            }
        }
    }
}

/// Which normalisation a run uses: the unit's global constants, statistics fitted on the
/// training split only, or `auto`: the global constants when the unit has them (px), else fitted (one's own
/// touchpad recordings in mm, a mouse's counts).
public enum NormalizationChoice: String, Codable, Sendable, CaseIterable {
    case global
    case fitted
    case auto

    /// What this choice means for data in `unit`: `auto` becomes global or fitted.
    public func resolved(for unit: MotionUnit) -> NormalizationChoice {
        self != .auto ? self : (Normalization.global(for: unit) != nil ? .global : .fitted)
    }

    /// The normalisation for `train` windows in `unit`.
    public func normalization(for train: WindowSet, unit: MotionUnit) throws -> Normalization {
        switch self {
        case .fitted: return try .fitted(to: train)
        case .auto: return try resolved(for: unit).normalization(for: train, unit: unit)
        case .global:
            guard let constants = Normalization.global(for: unit) else {
                throw DataError.normalization(
                    reason: "no global constants for unit '\(unit.description)'; use --normalization fitted")
            }
            return constants
        }
    }
}
