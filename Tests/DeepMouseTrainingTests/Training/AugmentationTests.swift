import Testing

@testable import DeepMouseTraining

/// Augmentation changes training batches only as documented, and reproducibly.
struct AugmentationTests {
    /// Two windows of W=3 with distinct values, labels right then left.
    func batch() -> ([Float], [Float]) {
        ([1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6], [0, 1])
    }

    @Test func identityLeavesTheBatchAlone() {
        var (x, y) = batch()
        var g = SeededShuffler(seed: 3)
        Augmentation().apply(batch: &x, labels: &y, window: 3, using: &g)
        #expect(x == batch().0)
        #expect(y == batch().1)
    }

    @Test func scaleMultipliesBothAxesOfAWindowByOneFactor() {
        var (x, y) = batch()
        var g = SeededShuffler(seed: 3)
        Augmentation(scaleSigma: 0.5).apply(batch: &x, labels: &y, window: 3, using: &g)
        let original = batch().0
        for w in 0..<2 {
            let factor = x[w * 6] / original[w * 6]
            #expect(factor > 0 && factor != 1)
            for i in 0..<6 { #expect(abs(x[w * 6 + i] - original[w * 6 + i] * factor) < 1e-5) }
        }
        #expect(y == batch().1)
    }

    @Test func mirrorNegatesDxAndSwapsTheLabelOfAboutHalf() {
        let count = 400
        var x = [Float](repeating: 0, count: count * 2 * 2)
        for i in 0..<x.count { x[i] = Float(i % 7) + 1 }
        var y = (0..<count).map { Float($0 % 2) }
        let (x0, y0) = (x, y)
        var g = SeededShuffler(seed: 9)
        Augmentation(mirror: true).apply(batch: &x, labels: &y, window: 2, using: &g)
        var mirrored = 0
        for b in 0..<count {
            let flipped = y[b] != y0[b]
            if flipped {
                mirrored += 1
                #expect(y[b] == 1 - y0[b])
            }
            for t in 0..<2 {
                let i = (b * 2 + t) * 2
                #expect(x[i] == (flipped ? -x0[i] : x0[i]))  // dx
                #expect(x[i + 1] == x0[i + 1])  // dy untouched
            }
        }
        #expect(mirrored > 150 && mirrored < 250)
    }

    @Test func sameSeedSameBatch() {
        var (a, ya) = batch()
        var (b, yb) = batch()
        var g1 = SeededShuffler(seed: 5)
        var g2 = SeededShuffler(seed: 5)
        let aug = Augmentation(scaleSigma: 0.3, mirror: true)
        aug.apply(batch: &a, labels: &ya, window: 3, using: &g1)
        aug.apply(batch: &b, labels: &yb, window: 3, using: &g2)
        #expect(a == b && ya == yb)
    }
}
