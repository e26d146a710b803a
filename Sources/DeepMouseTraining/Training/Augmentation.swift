import Foundation

/// Random transformations of training windows, so a model learns the shape of the motion rather
/// than the speed or the pauses of one session.
///
/// Applied to each training batch after it is gathered (already normalised), never to dev or
/// test windows. Every draw comes from a generator derived from the run seed and the epoch, so a
/// run stays reproducible.
public struct Augmentation: Codable, Sendable, Equatable {
    /// Each window's amplitude is multiplied by `exp(N(0, scaleSigma))` (0: off). Pointer speed
    /// depends on the session (game, acceleration settings) more than on the hand.
    public var scaleSigma: Float
    /// With probability 1/2 a window is mirrored left-right (dx negated) and its label swapped: the
    /// left hand's wrist arcs are the mirror image of the right's.
    public var mirror: Bool

    public init(scaleSigma: Float = 0, mirror: Bool = false) {
        self.scaleSigma = scaleSigma
        self.mirror = mirror
    }

    /// True when no transformation is applied.
    public var isIdentity: Bool { scaleSigma == 0 && !mirror }

    /// Transforms a batch in place.  // batch (B, W, 2), labels (B)
    public func apply(
        batch: inout [Float], labels: inout [Float], window: Int,
        using generator: inout SeededShuffler
    ) {
        guard !isIdentity else { return }
        let count = labels.count
        precondition(batch.count == count * window * 2)
        batch.withUnsafeMutableBufferPointer { x in
            for b in 0..<count {
                var gainX: Float = 1
                var gainY: Float = 1
                if scaleSigma > 0 {
                    let s = Float(exp(Double(scaleSigma * Self.gaussian(&generator))))
                    gainX = s
                    gainY = s
                }
                if mirror && generator.next() & 1 == 1 {
                    gainX = -gainX
                    labels[b] = 1 - labels[b]
                }
                let base = b * window * 2
                for t in 0..<window {
                    x[base + 2 * t] *= gainX
                    x[base + 2 * t + 1] *= gainY
                }
            }
        }
    }

    /// A standard normal draw (Box-Muller) from the seeded generator.
    static func gaussian(_ generator: inout SeededShuffler) -> Float {
        let u1 = (Double(generator.next() >> 11) + 0.5) / Double(1 << 53)
        let u2 = Double(generator.next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
