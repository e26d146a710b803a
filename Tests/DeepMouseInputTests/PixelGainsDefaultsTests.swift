import DeepMouseInput
import DeepMouseMotion
import DeepMouseTraining
import Testing

@testable import DeepMouseDaemon

/// `deepmouse evaluate` feeds a px model mm and counts with the daemon's gains (`PixelGains.daemonDefaults`); the
/// trainer cannot import the daemon's constants, so this keeps the two copies equal.
@Suite struct PixelGainsDefaultsTests {
    @Test func evaluateUsesTheDaemonsDefaultGains() {
        let daemon = DaemonConfiguration()
        #expect(PixelGains.daemonDefaults.pixelsPerMillimetre == daemon.pixelsPerMillimetre)
        #expect(PixelGains.daemonDefaults.pixelsPerMillimetre == UnitMapping.defaultPixelsPerMillimetre)
        #expect(PixelGains.daemonDefaults.pixelsPerCount == daemon.pixelsPerCount)
    }
}
