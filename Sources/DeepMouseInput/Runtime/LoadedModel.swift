import DeepMouseCore
import DeepMouseMotion

/// Why the model could not be used.
public enum ModelLoadError: Error, Sendable {
    case file(Errno)
    case model(ModelFileError)

    public func write<Sink: ByteSink>(to s: inout Sink) {
        switch self {
        case .file(let e): e.write(to: &s)
        case .model(let e): e.write(to: &s)
        }
    }
}

/// The model file read and validated once at startup; its bytes live until exit.
public struct LoadedModel {
    public let file: FileBytes
    public let model: ModelFile
    /// Bytes of classifier arena one device needs.
    public let arenaByteCount: Int

    public static func load(path: String, hop: Int32?) throws(ModelLoadError) -> LoadedModel {
        let file: FileBytes
        do { file = try FileBytes.read(path: path, limit: 64 << 20) } catch { throw .file(error) }
        do {
            let model = try ModelFile(bytes: file.buffer)
            let arena = try StreamingClassifier.arenaByteCount(for: model, hop: hop)
            return LoadedModel(file: file, model: model, arenaByteCount: arena)
        } catch {
            throw .model(error)
        }
    }

    private init(file: FileBytes, model: ModelFile, arenaByteCount: Int) {
        self.file = file
        self.model = model
        self.arenaByteCount = arenaByteCount
    }
}

/// Device facts for the "added" line.
extension LineFormatter.DeviceFacts {
    init(path: [UInt8], description d: DeviceDescription, kind: DeviceKind, source: TouchTracker.Source,
         classifiedByUdev: Bool, clock: StaticString) {
        let relative = source == .relative
        let scale = relative ? nil : d.touchScale
        self.init(path: path, name: d.nameBytes, kind: kind, classifiedByUdev: classifiedByUdev, clock: clock,
                  unit: relative ? .counts : .millimetres,
                  unitsPerMillimetre: scale.map { ($0.x.unitsPerMillimetre, $0.y.unitsPerMillimetre) },
                  resolutionGuessed: scale.map { $0.x.isFallback || $0.y.isFallback } ?? false)
    }
}
