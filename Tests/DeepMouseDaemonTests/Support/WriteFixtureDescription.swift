import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// Writes the fixture touchpad's evemu description to $DEEPMOUSE_WRITE_DESCRIPTION (used to
/// refresh tools/bench/touchpad.desc; a developer convenience, skipped otherwise).
@Test(.enabled(if: ProcessInfo.processInfo.environment["DEEPMOUSE_WRITE_DESCRIPTION"] != nil))
func writeFixtureTouchpadDescription() throws {
    var out: [UInt8] = []
    EvemuWriter.writeDescription(TestDevices.touchpad, to: &out)
    try Data(out).write(to: URL(fileURLWithPath: ProcessInfo.processInfo.environment["DEEPMOUSE_WRITE_DESCRIPTION"]!))
}
