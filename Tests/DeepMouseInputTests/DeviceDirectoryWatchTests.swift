import DeepMouseInput
import Foundation
import TestSupport
import Testing

/// The inotify hotplug source (used where netlink is unavailable, e.g. PrivateNetwork=yes).
@Suite struct DeviceDirectoryWatchTests {
    @Test func eventNodesAppearingAndVanishingAreReported() throws {
        let dir = try TestTemporaryDirectory.make("deepmouse-test")
        let watch = try #require(DeviceDirectoryWatch(directory: dir.path))
        defer { watch.close() }
        FileManager.default.createFile(atPath: dir.appendingPathComponent("event3").path, contents: nil)
        // not an event node
        FileManager.default.createFile(atPath: dir.appendingPathComponent("mouse0").path, contents: nil)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("event3"))
        var changes: [String] = []
        watch.drain { change in
            switch change {
            case .appeared(let p): changes.append("+" + String(decoding: p, as: UTF8.self))
            case .vanished(let p): changes.append("-" + String(decoding: p, as: UTF8.self))
            }
        }
        #expect(changes == ["+\(dir.path)/event3", "-\(dir.path)/event3"])
        #expect(DeviceDirectoryWatch(directory: dir.appendingPathComponent("missing").path) == nil)
    }
}
