import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Reading and writing the checkpoint JSON (format described on ``Checkpoint``).
extension Checkpoint {
    /// The checkpoint as JSON text: metadata blocks pretty-printed with sorted keys, then one line per tensor.
    public func jsonText() throws(CheckpointError) -> String {
        var out = "{\n"
        out += "  \"format\": \"\(Self.formatName)\",\n"
        out += "  \"version\": \(version),\n"
        out += "  \"architecture\": \(try block(architecture, "architecture")),\n"
        out += "  \"preprocessing\": \(try block(preprocessing, "preprocessing")),\n"
        out += "  \"training\": \(try block(training, "training")),\n"
        out += "  \"provenance\": \(try block(provenance, "provenance")),\n"
        out += "  \"tensors\": {\n"
        for (i, t) in tensors.enumerated() {
            if let bad = t.data.firstIndex(where: { !$0.isFinite }) {
                throw CheckpointError(
                    file: "<memory>", field: "tensors.\(t.name).data[\(bad)]",
                    reason: "cannot save a non-finite weight (\(t.data[bad])): training diverged")
            }
            out += "    \"\(t.name)\": {\"shape\": [\(t.shape.map(String.init).joined(separator: ", "))], \"data\": ["
            out += t.data.map(\.description).joined(separator: ", ")
            out += "]}" + (i + 1 < tensors.count ? ",\n" : "\n")
        }
        out += "  }\n}\n"
        return out
    }

    private func block<T: Encodable>(_ value: T, _ name: String) throws(CheckpointError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let text = String(decoding: try encoder.encode(value), as: UTF8.self)
            return text.replacingOccurrences(of: "\n", with: "\n  ")
        } catch {
            throw CheckpointError(file: "<memory>", field: name, reason: "cannot encode: \(error)")
        }
    }

    /// Validates and writes atomically: a temporary file in the same directory, fsync, rename, fsync of the
    /// directory. An existing file at `url` is replaced only once the new one is complete.
    public func write(to url: URL) throws(CheckpointError) {
        let path = url.path
        try validate(file: path)
        var text: String
        do { text = try jsonText() } catch {
            throw CheckpointError(file: path, field: error.field, reason: error.reason)
        }
        try AtomicFile.write(Array(text.utf8), to: path)
    }

    /// Reads, decodes and validates a checkpoint; every failure names the file and the field.
    public static func read(from url: URL) throws(CheckpointError) -> Checkpoint {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CheckpointError(file: url.path, field: nil, reason: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, file: url.path)
    }

    /// Decodes and validates checkpoint JSON; `file` names the source in errors.
    public static func decode(_ data: Data, file: String) throws(CheckpointError) -> Checkpoint {
        guard !data.isEmpty else { throw CheckpointError(file: file, field: nil, reason: "empty file") }
        if data.starts(with: Array("DMMF".utf8)) {
            throw CheckpointError(
                file: file, field: nil,
                reason: "a board model file (.dmm, what deepmouse export writes), not a training checkpoint: give the "
                    + ".dmcheckpoint.json that deepmouse train wrote ('deepmouse inspect' describes a .dmm)")
        }
        let decoder = JSONDecoder()
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch {
            throw describe(error, file: file)
        }
        guard header.format == formatName else {
            throw CheckpointError(
                file: file, field: "format",
                reason: "expected \"\(formatName)\", found \"\(header.format)\" (not a DeepMouse checkpoint)")
        }
        guard (1...currentVersion).contains(header.version) else {
            throw CheckpointError(
                file: file, field: "version",
                reason: "version \(header.version) is not supported (this build reads versions 1 to "
                    + "\(currentVersion)); use a matching deepmouse build")
        }
        let body: Body
        do { body = try decoder.decode(Body.self, from: data) } catch { throw describe(error, file: file) }
        let needed = version(for: body.architecture)
        guard header.version >= needed else {
            throw CheckpointError(
                file: file, field: "architecture.readout",
                reason: "\"\(body.architecture.readout.rawValue)\" needs checkpoint version \(needed), "
                    + "the file says version \(header.version)")
        }
        let layout = ParameterLayout(config: body.architecture)
        var tensors: [NamedTensor] = []
        for spec in layout.tensors {
            if let t = body.tensors[spec.name] {
                tensors.append(NamedTensor(name: spec.name, shape: t.shape, data: t.data))
            }
        }
        for name in body.tensors.keys.sorted() where layout[name] == nil {
            let t = body.tensors[name]!
            tensors.append(NamedTensor(name: name, shape: t.shape, data: t.data))
        }
        let checkpoint = Checkpoint(
            architecture: body.architecture, preprocessing: body.preprocessing,
            training: body.training, provenance: body.provenance, tensors: tensors)
        try checkpoint.validate(file: file)
        return checkpoint
    }

    private struct Header: Decodable {
        var format: String
        var version: Int
    }

    private struct Body: Decodable {
        struct Tensor: Decodable {
            var shape: [Int]
            var data: [Float]
        }
        var architecture: ModelConfig
        var preprocessing: PreprocessingRecord
        var training: TrainingRecord
        var provenance: ProvenanceRecord
        var tensors: [String: Tensor]
    }

    /// Turns a DecodingError into "file: dotted.path: what is wrong".
    private static func describe(_ error: any Error, file: String) -> CheckpointError {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String? {
            var parts: [String] = []
            for key in keys + (last.map { [$0] } ?? []) {
                if let i = key.intValue {
                    parts.append("[\(i)]")
                } else {
                    parts.append((parts.isEmpty ? "" : ".") + key.stringValue)
                }
            }
            return parts.isEmpty ? nil : parts.joined()
        }
        guard let error = error as? DecodingError else {
            return CheckpointError(file: file, field: nil, reason: "\(error)")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return CheckpointError(file: file, field: path(context.codingPath, key), reason: "missing")
        case .valueNotFound(let type, let context):
            return CheckpointError(
                file: file, field: path(context.codingPath), reason: "null where \(type) was expected")
        case .typeMismatch(let type, let context):
            return CheckpointError(
                file: file, field: path(context.codingPath),
                reason: "expected \(type): \(context.debugDescription)")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            var reason = field == nil ? "not valid JSON (truncated or corrupted?)" : context.debugDescription
            if field == nil, let underlying = context.underlyingError { reason += ": \(underlying)" }
            return CheckpointError(file: file, field: field, reason: reason)
        @unknown default:
            return CheckpointError(file: file, field: nil, reason: "\(error)")
        }
    }
}

/// Write-then-rename, with fsyncs, so readers see the old file or the complete new one, never a torn one.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(CheckpointError) {
        func fail(_ what: String) -> CheckpointError {
            CheckpointError(file: path, field: nil, reason: "\(what): \(String(cString: strerror(errno)))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary =
            (directory.isEmpty ? "" : directory + "/")
            + ".\((path as NSString).lastPathComponent).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = fail("cannot write \(temporary)")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = fail("cannot fsync \(temporary)")
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = fail("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }
}
