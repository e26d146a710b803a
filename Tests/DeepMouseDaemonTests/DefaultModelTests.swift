import DeepMouseDaemon
import Foundation
import TestSupport
import Testing

/// Without `--model`, deepmoused finds touchpad.dmm next to its executable (installed, then the source tree),
/// wherever it is run from, and names every path it tried when there is none.
@Suite struct DefaultModelTests {
    static let recording = SharedData.repositoryRoot.appendingPathComponent("tools/demo/demo.events").path

    func candidates(_ executable: String) -> [String] {
        DefaultModel.candidates(executable: Array(executable.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theInstalledPathComesFirstThenTheSourceTreeUpwards() {
        #expect(
            candidates("/opt/dm/bin/deepmoused") == [
                "/opt/dm/share/deepmouse/models/touchpad.dmm",
                "/opt/dm/bin/firmware-models/touchpad.dmm",
                "/opt/dm/firmware-models/touchpad.dmm",
                "/opt/firmware-models/touchpad.dmm",
                "/firmware-models/touchpad.dmm"
            ])
        #expect(
            candidates("/repo/.build/x86_64-unknown-linux-gnu/release/deepmoused").contains(
                "/repo/firmware-models/touchpad.dmm"))
        #expect(
            candidates("/usr/bin/deepmoused") == [
                "/usr/share/deepmouse/models/touchpad.dmm", "/usr/bin/firmware-models/touchpad.dmm",
                "/usr/firmware-models/touchpad.dmm", "/firmware-models/touchpad.dmm"
            ])
        #expect(candidates("/deepmoused") == ["/share/deepmouse/models/touchpad.dmm", "/firmware-models/touchpad.dmm"])
    }

    /// The built daemon, run from `/`, finds the source tree's model (it used to look in the working directory).
    @Test func theBuiltDaemonFindsTheSourceTreesModelFromAnywhere() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused not built")
        let r = try Executables.run(daemon, ["--replay", Self.recording], in: URL(fileURLWithPath: "/"))
        #expect(r.status == 0, "\(r.stderr)")
        let model = SharedData.repositoryRoot.appendingPathComponent("firmware-models/touchpad.dmm").path
        #expect(r.stderr.contains("model \(model) (the default); decisions:"), "\(r.stderr)")
        #expect(r.objects(type: "hand").count == 2)
    }

    /// A copy of the daemon in PREFIX/bin: no model anywhere is an error naming each path; then
    /// PREFIX/share/deepmouse/models/touchpad.dmm is used.
    @Test func aCopyInABinFolderNamesThePathsThenUsesTheInstalledModel() throws {
        let daemon = try #require(Executables.deepmoused, "deepmoused not built")
        // The embedded daemon is built elsewhere; the SwiftPM one is what can be copied on its own.
        let prefix = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let bin = prefix.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("deepmoused")
        try FileManager.default.copyItem(at: daemon, to: copy)
        let root = URL(fileURLWithPath: "/")

        let missing = try Executables.run(copy, ["--replay", Self.recording], in: root)
        #expect(missing.status == 66, "\(missing.stderr)")
        let installed = prefix.appendingPathComponent("share/deepmouse/models/touchpad.dmm")
        for tried in [installed.path, bin.appendingPathComponent("firmware-models/touchpad.dmm").path] {
            #expect(missing.stderr.contains(tried), "\(missing.stderr)")
        }
        #expect(missing.stderr.contains("no --model given, and no default model in "), "\(missing.stderr)")
        #expect(missing.stderr.contains("give --model FILE.dmm"), "\(missing.stderr)")
        #expect(missing.stdout.isEmpty)

        try FileManager.default.createDirectory(
            at: installed.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: SharedData.repositoryRoot.appendingPathComponent("firmware-models/touchpad.dmm"), to: installed)
        let found = try Executables.run(copy, ["--replay", Self.recording], in: root)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stderr.contains("model \(installed.path) (the default)"), "\(found.stderr)")
        #expect(found.objects(type: "hand").map { $0["hand"] as? String } == ["left", "right"])
    }
}
