import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// The checked-in ioctl dumps are exactly what the fixture declarations render to.
@Suite struct UmockdevFixtureTests {
    @Test func ioctlDumpsMatchTheDeclaredDevices() throws {
        let regenerate = ProcessInfo.processInfo.environment["DEEPMOUSE_REGENERATE_FIXTURES"] != nil
        for dump in UmockdevFixtures.dumps {
            let text = UmockdevFixtures.ioctlDump(dump.device, node: dump.node)
            let url = UmockdevFixtures.url(dump.file)
            if regenerate { try Data(text.utf8).write(to: url) }
            let onDisk = try String(contentsOf: url, encoding: .utf8)
            #expect(onDisk == text, "\(dump.file) is stale: run the tests with DEEPMOUSE_REGENERATE_FIXTURES=1")
        }
    }

    @Test func strokeFixturesParseAndHaveNoLeadingZeroMicroseconds() throws {
        for name in ["touchpad-stroke.events", "mouse-stroke.events"] {
            let text = try String(contentsOf: UmockdevFixtures.url(name), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("E:") {
                let time = line.split(separator: " ")[1]
                let micros = time.split(separator: ".")[1]
                #expect(micros == "0" || !micros.hasPrefix("0"), "\(name): \(line)")
            }
            _ = try EvemuMotion.stream(
                evemu: Array(text.utf8),
                descriptionBytes: {
                    var d: [UInt8] = []
                    EvemuWriter.writeDescription(
                        name.hasPrefix("mouse") ? TestDevices.mouse : TestDevices.touchpad, to: &d)
                    return d
                }())
        }
    }
}
