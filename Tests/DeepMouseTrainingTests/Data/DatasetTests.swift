import Foundation
import TestSupport
import Testing

@testable import DeepMouseTraining

@Suite("Datasets and manifests")
struct DatasetTests {
    @Test func singleHandDatasetIsAnError() {
        let recordings = [Fixtures.moving(.left, count: 10, seed: 1), Fixtures.moving(.left, count: 10, seed: 2)]
        #expect(throws: DataError.singleHand(present: .left)) { try Dataset(recordings: recordings) }
        #expect("\(DataError.singleHand(present: .left))".contains("add right-hand recordings"))
        #expect(throws: DataError.noRecordings(reason: "give recordings with --left/--right, --manifest or --data-dir"))
        {
            try Dataset(recordings: [])
        }
    }

    @Test func mixedUnitsAreAnError() {
        let a = Fixtures.moving(.left, count: 10)
        let b = Fixtures.recording(.right, samples: [1, 1], name: "b.events", unit: .mm)
        #expect(throws: DataError.mixedUnits(file: "b.events", unit: .mm, expected: .px)) {
            try Dataset(recordings: [a, b])
        }
    }

    @Test func loadsFlagsWithHashesAndSessions() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let left = Fixtures.write("1,1\n2,3\n", to: folder, name: "left-7.txt")
        let right = Fixtures.write("abc", to: folder, name: "right.txt")
        #expect(throws: DataError.self) { try Dataset.load(left: [left], right: [right]) }
        Fixtures.write("5,5\n4,4\n4,4\n", to: folder, name: "right.txt")
        let dataset = try Dataset.load(left: [left], right: [right])
        #expect(dataset.recordings.map(\.hand) == [.left, .right])
        #expect(dataset.recordings[0].metadata.session == "7")
        #expect(dataset.recordings[1].metadata.session == nil)
        #expect(dataset.recordings[1].stream.samples == [-1, -1, 0, 0])
        #expect(
            // printf "1,1\n2,3\n" | sha256sum
            dataset.recordings[0].source.sha256 == "0cf03bc608e2a9fa614bbc02d099ab1ea3eec84c7a7ee1c4ad4131b9da83f48e")
        #expect(dataset.recordings[0].source.byteCount == 8)
        #expect(dataset.samplesPerHand == [.left: 1, .right: 2])
    }

    @Test func manifestResolvesPathsAndReadsFields() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("rec"), withIntermediateDirectories: true)
        Fixtures.write(Fixtures.legacyText(lines: 50, seed: 1), to: folder, name: "rec/a.txt")
        Fixtures.write(Fixtures.legacyText(lines: 60, seed: 2), to: folder, name: "rec/b.txt")
        let manifest = Fixtures.write(
            """
            # DeepMouse manifest
            {"recording": "rec/a.txt", "hand": "left", "device": "mouse", "person": "p1", "role": "train", "session": "1"}

            {"recording": "rec/b.txt", "hand": "Right", "notes": "evening", "role": "test"}
            """, to: folder, name: "data.jsonl")
        let dataset = try Manifest.load(manifest)
        #expect(dataset.recordings.count == 2)
        #expect(dataset.recordings[0].hand == .left)
        #expect(
            dataset.recordings[0].metadata
                == RecordingMetadata(device: "mouse", person: "p1", role: .train, session: "1"))
        #expect(dataset.recordings[1].metadata.role == .test)
        #expect(dataset.recordings[1].metadata.notes == "evening")
        #expect(dataset.recordings[1].stream.count == 59)
        #expect(try Manifest.entries(manifest).map(\.line) == [2, 4])
    }

    @Test func manifestErrorsNameLineAndField() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        Fixtures.write("1,1\n2,2\n", to: folder, name: "a.txt")
        func error(_ text: String) -> String {
            let url = Fixtures.write(text, to: folder, name: "m.jsonl")
            do {
                _ = try Manifest.entries(url)
                return "no error"
            } catch { return "\(error)" }
        }
        let m = folder.appendingPathComponent("m.jsonl").path
        #expect(
            error("{\"recording\": \"a.txt\", \"hand\": \"left\"}\n{\"recording\": \"a.txt\", \"hnad\": \"right\"}")
                .hasPrefix("\(m):2: field 'hnad' unknown field"))
        #expect(error("{\"recording\": \"a.txt\"}") == "\(m):1: field 'hand' missing")
        #expect(
            error("{\"recording\": \"a.txt\", \"hand\": \"both\"}")
                == "\(m):1: field 'hand' must be 'left' or 'right', not 'both'")
        #expect(
            error("{\"recording\": \"a.txt\", \"hand\": \"left\", \"role\": \"val\"}")
                == "\(m):1: field 'role' must be 'train', 'dev' or 'test', not 'val'")
        #expect(
            error("{\"recording\": \"missing.txt\", \"hand\": \"left\"}").hasPrefix(
                "\(m):1: field 'recording' file not found"))
        #expect(
            error("{\"recording\": 3, \"hand\": \"left\"}") == "\(m):1: field 'recording' must be a non-empty string")
        #expect(error("\n[1, 2]\n") == "\(m):2: not a JSON object")
        #expect(error("# nothing\n") == "\(m):0: manifest lists no recordings")
    }

    @Test func directoryLoaderLabelsByFileName() throws {
        let folder = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        Fixtures.write("1,1\n2,2\n", to: folder, name: "left-1.txt")
        Fixtures.write("1,1\n2,2\n3,3\n", to: folder, name: "right-1.txt")
        Fixtures.write("ignored", to: folder, name: "README.md")
        let dataset = try Dataset.load(directory: folder, device: "mouse")
        #expect(dataset.recordings.map(\.name) == ["left-1.txt", "right-1.txt"])
        #expect(dataset.recordings.map(\.hand) == [.left, .right])
        #expect(dataset.recordings.allSatisfy { $0.metadata.device == "mouse" && $0.metadata.session == "1" })
    }

    @Test func sessionNamesComeFromFileNames() {
        #expect(Recording.sessionName(fromFileName: "left-6.txt") == "6")
        #expect(Recording.sessionName(fromFileName: "right-12.events") == "12")
        #expect(Recording.sessionName(fromFileName: "right.txt") == nil)
        #expect(Recording.sessionName(fromFileName: "left-.txt") == nil)
    }
}
