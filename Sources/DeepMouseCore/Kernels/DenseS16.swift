/// Dense(1) on the readout (the last hidden state, or the mean of all T): `logit = requant(h·w + b)`
/// in the gate format Q.12.
///
/// - hidden: (H) int16 Q0.15
/// - weights: (H) int16 (widened int8)
/// Scratch: none.
@inline(__always)
public func denseS16(
    hidden: UnsafePointer<Int16>, weights: UnsafePointer<Int16>, bias: Int32,
    multiplier: QuantizedMultiplier, count: Int
) -> Int32 {
    let acc = dotS16(hidden, weights, count: count) &+ bias
    return saturatedGatePreactivation(multiplier.applied(to: acc))
}

/// Scratch bytes `denseS16` needs (none).
public func denseS16ScratchByteCount(hidden: Int) -> Int { 0 }

/// `denseS16` with the model file's int8 weights (H) used in place (compact memory).
@inline(__always)
public func denseS16S8(
    hidden: UnsafePointer<Int16>, weights: UnsafePointer<Int8>, bias: Int32,
    multiplier: QuantizedMultiplier, count: Int
) -> Int32 {
    var acc = bias
    for i in 0..<count { acc &+= Int32(hidden[i]) &* Int32(weights[i]) }
    return saturatedGatePreactivation(multiplier.applied(to: acc))
}
