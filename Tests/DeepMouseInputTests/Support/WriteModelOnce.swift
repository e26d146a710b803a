import Foundation
import Testing

/// Writes a fixture model to $DEEPMOUSE_WRITE_MODEL (a developer convenience for manual runs).
@Test(.enabled(if: ProcessInfo.processInfo.environment["DEEPMOUSE_WRITE_MODEL"] != nil))
func writeFixtureModel() throws {
    let path = ProcessInfo.processInfo.environment["DEEPMOUSE_WRITE_MODEL"]!
    try Data(try ModelFixture.bytes()).write(to: URL(fileURLWithPath: path))
}
