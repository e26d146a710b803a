import Foundation
import Testing

@testable import DeepMouseTraining

/// A recording given where a manifest belongs: one error that names the file and says what to do (it used to be
/// one "not a JSON object" per line, 2,112 for an evemu recording).
@Suite struct ManifestOfARecordingTests {
    static let evemu =
        "# EVEMU 1.3\nN: Pad\nI: 0018 06cb ce7e 0100\n" + String(repeating: "E: 0.5000 0000 0000 0\n", count: 50)

    @Test(arguments: [(evemu, "an evemu recording"), ("805,445\n806,447\n807,450\n", "a legacy x,y recording")])
    func validateAndLoadSayItIsARecording(text: String, kind: String) throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = Fixtures.write(text, to: folder, name: "session.events")
        let v = DatasetValidation.run(manifest: url)
        #expect(v.errors.count == 1, "\(v.errors.prefix(3))")
        let message = try #require(v.errors.first)
        #expect(message.hasPrefix("\(url.path):1: \(kind), not a manifest (JSON Lines"), "\(message)")
        #expect(message.contains("deepmouse dataset manifest RECORDING... -o data.jsonl"))
        #expect(throws: DataError.self) { try Manifest.entries(url) }
        do { _ = try Manifest.entries(url) } catch { #expect("\(error)" == message) }
    }

    /// Manifests themselves (and their comments) are not mistaken for recordings.
    @Test func aManifestIsStillRead() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        Fixtures.write("1,1\n2,2\n", to: folder, name: "a.txt")
        let url = Fixtures.write(
            "# my data\n\n{\"recording\": \"a.txt\", \"hand\": \"left\"}\n", to: folder, name: "m.jsonl")
        #expect(try Manifest.entries(url).map(\.line) == [3])
    }
}
