import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Why the model could not be used.
public enum ModelLoadError: Error, Sendable {
    case file(Errno)
    case model(ModelFileError)
    /// The file is JSON (a trainer's checkpoint, `.dmcheckpoint.json`), not a `.dmm`.
    case checkpoint
    /// `--hop` is not a positive multiple of the model's pooling factor (a command-line mistake).
    case hopNotAMultiple(hop: Int32, poolingFactor: Int32)

    public func write<Sink: ByteSink>(to s: inout Sink) {
        switch self {
        case .file(let e): e.write(to: &s)
        case .model(let e): e.write(to: &s)
        case .checkpoint:
            s.append("a training checkpoint (JSON), not a model file: make the .dmm the daemon runs with ")
            s.append("'deepmouse export CHECKPOINT -o MODEL.dmm'")
        case .hopNotAMultiple(let hop, let poolingFactor):
            s.append("--hop ")
            s.append(decimal: Int64(hop))
            s.append(" must be a positive multiple of ")
            s.append(decimal: Int64(poolingFactor))
            s.append(", the model's pooling factor")
        }
    }

    /// Logs "model PATH: why" and returns the exit status: no input for an unreadable file, usage
    /// for a bad `--hop`, data error for a bad model.
    public func report(modelPath: String) -> Int32 {
        Log.line { l in
            l.append("model ")
            l.append(terminalSafe: Array(modelPath.utf8))
            l.append(": ")
            write(to: &l)
            if case .hopNotAMultiple = self { l.append(" (see deepmoused --help)") }
        }
        switch self {
        case .file(let e): return ExitCode.forFile(e)
        case .model, .checkpoint: return ExitCode.dataError
        case .hopNotAMultiple: return ExitCode.usage
        }
    }
}

/// The model file read and validated once at startup; its bytes live until exit.
public struct LoadedModel {
    public let file: FileBytes
    public let model: ModelFile
    /// Bytes of classifier arena one device needs.
    public let arenaByteCount: Int
    /// The kind of device the model was trained on, as its provenance says (`--device touchpad`, a
    /// `touchpad/` data folder...): `.touchpad`, `.mouse`, or nil when it does not say.
    public let trainedOn: DeviceKind?

    public static func load(path: String, hop: Int32?) throws(ModelLoadError) -> LoadedModel {
        let file: FileBytes
        do { file = try FileBytes.read(path: path, limit: 64 << 20) } catch { throw .file(error) }
        let model: ModelFile
        do { model = try ModelFile(bytes: file.buffer) } catch {
            if case .badMagic = error, file.buffer.first(where: { $0 > 0x20 }) == UInt8(ascii: "{") {
                throw .checkpoint
            }
            throw .model(error)
        }
        do {
            let arena = try StreamingClassifier.arenaByteCount(for: model, hop: hop)
            return LoadedModel(file: file, model: model, arenaByteCount: arena, trainedOn: trainedOn(model))
        } catch {
            // The engine's own hop rule, broken by `--hop`: a command-line mistake, not a bad model.
            if case .badHop(let bad) = error, hop != nil {
                throw .hopNotAMultiple(hop: bad, poolingFactor: model.architecture.poolingFactor)
            }
            throw .model(error)
        }
    }

    private init(file: FileBytes, model: ModelFile, arenaByteCount: Int, trainedOn: DeviceKind?) {
        self.file = file
        self.model = model
        self.arenaByteCount = arenaByteCount
        self.trainedOn = trainedOn
    }

    /// Reads the training device from the provenance text: the first of "touchpad" and "mouse" it
    /// names after `--device `, or in a data path (`/touchpad/`, `/mouse/`). Setup only (allocates).
    static func trainedOn(_ model: ModelFile) -> DeviceKind? {
        guard let t = model.tensors.provenance else { return nil }
        let text = Array(model.raw(t, byteCount: t.count))
        func first(_ pairs: [(String, DeviceKind)]) -> DeviceKind? {
            var best: (at: Int, kind: DeviceKind)?
            for (needle, kind) in pairs {
                if let at = find(Array(needle.utf8), in: text), at < (best?.at ?? Int.max) { best = (at, kind) }
            }
            return best?.kind
        }
        return first([("--device touchpad", .touchpad), ("--device mouse", .mouse)])
            ?? first([("/touchpad/", .touchpad), ("/mouse/", .mouse)])
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Logs once per device when the model was trained on another kind of device: a touchpad model
    /// runs on a mouse, but what it decides there was never measured.
    public func noteKindMismatch(path: [UInt8], kind: DeviceKind) {
        guard let trained = trainedOn, kind != .other else { return }
        let deviceIsTouchpad = kind == .touchpad
        guard deviceIsTouchpad != (trained == .touchpad) else { return }
        Log.line { l in
            l.append(terminalSafe: path)
            l.append(": a ")
            l.append(kind.label)
            l.append(", but the model was trained on ")
            l.append(trained == .touchpad ? "touchpad" : "mouse")
            l.append(" recordings (its provenance): its decisions here were never measured; ")
            l.append(
                trained == .touchpad
                    ? "for a mouse, give --model mouse.dmm or mouse-small.dmm"
                    : "for a touchpad, give --model touchpad.dmm")
        }
    }
}

/// Device facts for the "added" line.
extension LineFormatter.DeviceFacts {
    init(
        path: [UInt8], description d: DeviceDescription, kind: DeviceKind, source: TouchTracker.Source,
        classifiedByUdev: Bool, clock: StaticString
    ) {
        let relative = source == .relative
        let scale = relative ? nil : d.touchScale
        self.init(
            path: path, name: d.nameBytes, vendor: d.id.vendor, product: d.id.product, kind: kind,
            classifiedByUdev: classifiedByUdev, clock: clock,
            unit: relative ? .counts : .mm,
            unitsPerMillimetre: scale.map { ($0.x.unitsPerMillimetre, $0.y.unitsPerMillimetre) },
            resolutionGuessed: scale.map { $0.x.isFallback || $0.y.isFallback } ?? false)
    }
}
