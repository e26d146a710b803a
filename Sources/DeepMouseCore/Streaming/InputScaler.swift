/// Maps device motion (Int32 device units summed per 10 ms cell) to the model's int16 input,
/// with the model's normalisation folded in, per axis:
///
///     q = saturate16((d * multiplier - offset + 2^(shift-1)) >> shift)
///       ≈ round((d * modelUnitsPerDeviceUnit - normOffset) / (normScale * inputScale))
///
/// The fixed-point gain and offset are computed once at setup (Double there, integer after).
public struct InputScaler: Sendable {
    /// One axis: gain `multiplier / 2^shift` and the offset in the same 2^-shift units.
    public struct Axis: Sendable {
        public var gain: QuantizedMultiplier
        public var offset: Int64

        /// `q = round(d * gain - offset)` for real `gain > 0` and `offset` (in q units).
        public init?(gain: Double, offset: Double) {
            guard let q = QuantizedMultiplier.approximating(gain) else { return nil }
            var o = offset
            for _ in 0..<Int(q.shift) { o *= 2 }
            guard o.isFinite, o.magnitude < 4.0e18 else { return nil }
            self.gain = q
            self.offset = roundedToNearestS64(o)
        }

        @inline(__always)
        public func scaled(_ d: Int32) -> Int16 {
            let v = shiftedRightRoundingHalfUp(productS64(d, gain.multiplier) &- offset, by: widenedS64(gain.shift))
            return Int16(truncatingIfNeeded: min(max(v, -32768), 32767))
        }
    }

    public var x: Axis
    public var y: Axis

    public init(x: Axis, y: Axis) {
        self.x = x
        self.y = y
    }

    /// The scaler for `model`, for a device whose unit is `modelUnitsPerDeviceUnit` model
    /// units (1 when the device already reports the model's unit, e.g. px for the legacy data).
    public init(model: ModelFile, modelUnitsPerDeviceUnit: (x: Double, y: Double) = (1, 1)) throws(ModelFileError) {
        let n = model.tensors.normalization
        let offsetX = Double(model.float32(n, 0))
        let offsetY = Double(model.float32(n, 1))
        let scaleX = Double(model.float32(n, 2))
        let scaleY = Double(model.float32(n, 3))
        let inputScale = Double(model.float32(n, 5))
        guard scaleX > 0, scaleY > 0, inputScale > 0 else {
            throw .invalidField(field: "input.normalization", value: 0)
        }
        guard
            let ax = Axis(
                gain: modelUnitsPerDeviceUnit.x / (scaleX * inputScale), offset: offsetX / (scaleX * inputScale)),
            let ay = Axis(
                gain: modelUnitsPerDeviceUnit.y / (scaleY * inputScale), offset: offsetY / (scaleY * inputScale))
        else { throw .invalidField(field: "input.normalization (gain out of range)", value: 0) }
        x = ax
        y = ay
    }

    /// One cell's motion in the model's input scale.
    @inline(__always)
    public func scaled(dx: Int32, dy: Int32) -> (dx: Int16, dy: Int16) { (x.scaled(dx), y.scaled(dy)) }
}
