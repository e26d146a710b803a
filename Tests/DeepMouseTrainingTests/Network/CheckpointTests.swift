import Foundation
import TestSupport
import Testing

@testable import DeepMouseTraining

@Suite("Checkpoint JSON")
struct CheckpointTests {
    static let config = ModelConfig(
        window: 16, conv: [.init(filters: 3, kernel: 3)], recurrent: .gru, hidden: 4,
        recurrentDropout: 0.2, l2: 1e-4)

    static func trainedModel() throws -> Classifier {
        let model = try Classifier(config: config, seed: 42)
        let (x, y) = ClassifierTests.separable(count: 6, window: config.window, seed: 5)
        for _ in 0..<3 { model.trainStep(inputs: x, labels: y) }
        return model
    }

    static let training = TrainingRecord(
        seed: 42, epochs: 3, bestEpoch: 2, batchSize: 6,
        devMetrics: ["loss": 0.5, "accuracy": 0.75], settings: ["stride": "4"])
    static let provenance = ProvenanceRecord(
        files: [
            .init(
                path: "../shared/data/deepmouse/mouse/left-1.txt", bytes: 123,
                sha256: "ab" + String(repeating: "0", count: 62),
                label: "left", role: "train")
        ],
        split: "mouse", createdAt: "2025-01-01T00:00:00Z", software: "deepmouse test", command: "deepmouse train")

    func temporaryURL(_ name: String = "model") -> URL {
        TestTemporaryDirectory.root
            .appendingPathComponent("deepmouse-ckpt-\(UUID().uuidString)")
            .appendingPathComponent(name + Checkpoint.fileSuffix)
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Save then load gives bit-identical tensors, the same predictions and the same records.
    @Test
    func roundTrip() throws {
        let model = try Self.trainedModel()
        let url = temporaryURL()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try model.save(
            to: url, preprocessing: .legacyPixels(window: 16), training: Self.training,
            provenance: Self.provenance)
        let (loaded, checkpoint) = try Classifier.load(from: url)
        #expect(loaded.snapshot().values == model.snapshot().values)
        let (x, _) = ClassifierTests.separable(count: 4, window: 16, seed: 9)
        #expect(loaded.predict(inputs: x) == model.predict(inputs: x))
        #expect(checkpoint.architecture == Self.config)
        #expect(checkpoint.preprocessing == .legacyPixels(window: 16))
        var expectedTraining = Self.training
        expectedTraining.adamSteps = 3
        #expect(checkpoint.training == expectedTraining)
        #expect(checkpoint.provenance == Self.provenance)
        #expect(
            checkpoint.tensors.map(\.name) == [
                "conv0.weight", "conv0.bias", "gru.w_x", "gru.w_h", "gru.b_x",
                "gru.b_h", "dense.weight", "dense.bias"
            ])
        // No temporary file is left behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(files == [url.lastPathComponent])
    }

    /// Float values survive the decimal round trip bit for bit.
    @Test
    func floatRoundTrip() throws {
        var rng = Xoshiro256StarStar(seed: 8)
        var values: [Float] = [
            0, -0.0, 1, -1, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
            1e-7, 0.1, 3.398, -2.926, Float(bitPattern: 0x3E99_999A), Float(bitPattern: 0x0000_0001)
        ]
        for _ in 0..<2000 {
            values.append(
                Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())).isFinite
                    ? Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) : 0.5)
        }
        values = values.map { $0.isFinite ? $0 : 0.25 }
        let model = try Classifier(config: ModelConfig(window: 4, conv: [], hidden: 1), seed: 1)
        var checkpoint = model.checkpoint(
            preprocessing: .legacyPixels(window: 4), training: Self.training,
            provenance: Self.provenance)
        checkpoint.tensors.append(NamedTensor(name: "extra", shape: [values.count], data: values))
        let text = try checkpoint.jsonText()
        // Decode without validation (the extra tensor is not part of the architecture) to compare bits.
        struct Probe: Decodable {
            struct T: Decodable { var data: [Float] }
            var tensors: [String: T]
        }
        let decoded = try JSONDecoder().decode(Probe.self, from: Data(text.utf8)).tensors["extra"]!.data
        #expect(decoded.map(\.bitPattern) == values.map(\.bitPattern))
    }

    /// The JSON has the documented top-level layout.
    @Test
    func layout() throws {
        let model = try Self.trainedModel()
        let text = try model.checkpoint(
            preprocessing: .legacyPixels(window: 16), training: Self.training,
            provenance: Self.provenance
        ).jsonText()
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(
            Set(object.keys) == [
                "format", "version", "architecture", "preprocessing", "training", "provenance",
                "tensors"
            ])
        #expect(object["format"] as? String == "deepmouse-checkpoint")
        #expect(object["version"] as? Int == 1)
        let architecture = object["architecture"] as! [String: Any]
        #expect(architecture["gru_variant"] as? String == "reset_after")
        #expect(architecture["gate_order"] as? String == "zrn")
        #expect(architecture["conv_padding"] as? String == "same")
        let tensors = object["tensors"] as! [String: [String: Any]]
        #expect(tensors["gru.w_h"]?["shape"] as? [Int] == [4, 12])
        #expect((tensors["gru.w_h"]?["data"] as? [Double])?.count == 48)
        let preprocessing = object["preprocessing"] as! [String: Any]
        #expect(preprocessing["scale"] as? [Double] == [3.398, 2.926])
    }

    func expectError(_ text: String, field: String?, containing: String = "") throws {
        let url = temporaryURL()
        try write(text, to: url)
        do {
            _ = try Classifier.load(from: url)
            Issue.record("loading should fail for field \(field ?? "nil")")
        } catch {
            #expect(error.file == url.path)
            #expect(error.field == field, "\(error)")
            #expect(error.description.contains(url.path))
            if !containing.isEmpty { #expect(error.description.contains(containing), "\(error)") }
        }
    }

    func validText() throws -> String {
        try Self.trainedModel().checkpoint(
            preprocessing: .legacyPixels(window: 16), training: Self.training,
            provenance: Self.provenance
        ).jsonText()
    }

    /// Truncated, empty and non-JSON files are clear errors.
    @Test
    func truncated() throws {
        let text = try validText()
        try expectError(String(text.prefix(text.count / 2)), field: nil, containing: "not valid JSON")
        try expectError("", field: nil, containing: "empty")
        try expectError("x,y\n1,2\n", field: nil, containing: "not valid JSON")
    }

    /// Wrong format, version, shapes and missing fields name the field.
    @Test
    func mismatched() throws {
        let text = try validText()
        try expectError(text.replacingOccurrences(of: "\"deepmouse-checkpoint\"", with: "\"keras\""), field: "format")
        try expectError(
            text.replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 7,"), field: "version",
            containing: "version 7")
        // GRU with 5 hidden units: the stored (4, 12) w_h no longer fits.
        try expectError(
            text.replacingOccurrences(of: "\"hidden\" : 4", with: "\"hidden\" : 5"),
            field: "tensors.gru.w_x.shape", containing: "expected [3, 15] for this architecture, found [3, 12]")
        try expectError(
            text.replacingOccurrences(of: "\"dense.bias\": {\"shape\": [1]", with: "\"dense.bias\": {\"shape\": [2]"),
            field: "tensors.dense.bias.shape")
        try expectError(
            text.replacingOccurrences(of: "\"gru.b_h\"", with: "\"gru.b_hh\""), field: "tensors.gru.b_h",
            containing: "missing")
        try expectError(
            text.replacingOccurrences(of: "\"recurrent\" : \"gru\"", with: "\"recurrent\" : \"rnn\""),
            field: "architecture.recurrent")
        try expectError(
            text.replacingOccurrences(
                of: "\"gru_variant\" : \"reset_after\"",
                with: "\"gru_variant\" : \"reset_before\""),
            field: "architecture.gru_variant")
        var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var preprocessing = object["preprocessing"] as! [String: Any]
        preprocessing["window"] = 15
        object["preprocessing"] = preprocessing
        try expectError(
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self),
            field: "preprocessing.window", containing: "differs from architecture.window 16")
        object.removeValue(forKey: "preprocessing")
        try expectError(
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self),
            field: "preprocessing", containing: "missing")
        // Data shorter than the shape.
        object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var tensors = object["tensors"] as! [String: [String: Any]]
        tensors["conv0.bias"]!["data"] = [0.1, 0.2]
        object["tensors"] = tensors
        try expectError(
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self),
            field: "tensors.conv0.bias.data", containing: "needs 3 values")
        tensors["conv0.bias"]!["data"] = ["a", "b", "c"]
        object["tensors"] = tensors
        try expectError(
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self),
            field: "tensors.conv0.bias.data[0]")
    }

    /// A missing file is a clear error; a diverged model is not saved.
    @Test
    func missingAndNonFinite() throws {
        let url = temporaryURL("absent")
        #expect { try Checkpoint.read(from: url) } throws: { error in
            (error as? CheckpointError)?.description.contains(url.path) == true
        }
        let model = try Self.trainedModel()
        var checkpoint = model.checkpoint(
            preprocessing: .legacyPixels(window: 16), training: Self.training,
            provenance: Self.provenance)
        checkpoint.tensors[1].data[0] = .nan
        let target = temporaryURL("nan")
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(throws: CheckpointError.self) { try checkpoint.write(to: target) }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }
}
