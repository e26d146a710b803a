import DeepMouseCore

/// A trained float Conv1D+GRU network as the exporter sees it: the architecture (readout included), the
/// preprocessing it was trained with, and its tensors under the checkpoint's names and
/// layouts (`conv{i}.weight` (K, Cin, Cout), `gru.w_x` (Cin, 3H), ... see ARCHITECTURE.md).
public struct FloatGRUModel: Sendable {
    /// One conv block: Conv1D(filters, kernel, "same") + ReLU + MaxPool(2).
    public struct Conv: Sendable, Equatable {
        public var kernel: Int
        public var filters: Int
        public init(kernel: Int, filters: Int) {
            self.kernel = kernel
            self.filters = filters
        }
    }

    /// Per-axis normalisation `(d - offset) / scale` and the no-motion threshold, in `unit`.
    public struct Preprocessing: Sendable, Equatable {
        public var unit: MotionUnit
        public var sampleRateHz: Int
        public var window: Int
        public var offset: (x: Double, y: Double)
        public var scale: (x: Double, y: Double)
        public var stillThreshold: Double
        /// Trained on moving samples only: the board skips empty cells (`InputCells.moving`).
        public var movingSamplesOnly: Bool

        public init(
            unit: MotionUnit = .px, sampleRateHz: Int = 100, window: Int,
            offset: (x: Double, y: Double) = (0, 0), scale: (x: Double, y: Double) = (3.398, 2.926),
            stillThreshold: Double = 0.1, movingSamplesOnly: Bool = false
        ) {
            self.unit = unit
            self.sampleRateHz = sampleRateHz
            self.window = window
            self.offset = offset
            self.scale = scale
            self.stillThreshold = stillThreshold
            self.movingSamplesOnly = movingSamplesOnly
        }

        public static func == (a: Preprocessing, b: Preprocessing) -> Bool {
            a.unit == b.unit && a.sampleRateHz == b.sampleRateHz && a.window == b.window
                && a.offset == b.offset && a.scale == b.scale && a.stillThreshold == b.stillThreshold
                && a.movingSamplesOnly == b.movingSamplesOnly
        }
    }

    public var convs: [Conv]
    public var hidden: Int
    /// What Dense reads: h_T or the mean of h_1..h_T (the checkpoint's `"readout"`).
    public var readout: ReadoutKind
    public var preprocessing: Preprocessing
    /// name -> row-major values (shapes as in ARCHITECTURE.md).
    public var tensors: [String: [Float]]

    public init(
        convs: [Conv], hidden: Int, readout: ReadoutKind = .last, preprocessing: Preprocessing,
        tensors: [String: [Float]]
    ) {
        self.convs = convs
        self.hidden = hidden
        self.readout = readout
        self.preprocessing = preprocessing
        self.tensors = tensors
    }

    public var window: Int { preprocessing.window }
    public func channels(enteringLayer i: Int) -> Int { i == 0 ? 2 : convs[i - 1].filters }
    public var featureChannels: Int { channels(enteringLayer: convs.count) }
    public var steps: Int { window >> convs.count }

    /// The expected shape of every tensor.
    public var expectedShapes: [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for (i, c) in convs.enumerated() {
            shapes["conv\(i).weight"] = [c.kernel, channels(enteringLayer: i), c.filters]
            shapes["conv\(i).bias"] = [c.filters]
        }
        shapes["gru.w_x"] = [featureChannels, 3 * hidden]
        shapes["gru.w_h"] = [hidden, 3 * hidden]
        shapes["gru.b_x"] = [3 * hidden]
        shapes["gru.b_h"] = [3 * hidden]
        shapes["dense.weight"] = [hidden, 1]
        shapes["dense.bias"] = [1]
        return shapes
    }

    /// Throws when a tensor is missing or has the wrong number of values.
    public func validate() throws(ExportError) {
        for (name, shape) in expectedShapes {
            guard let t = tensors[name] else { throw .missingTensor(name) }
            guard t.count == shape.reduce(1, *) else { throw .badTensorShape(name, expected: shape, count: t.count) }
        }
        guard window % (1 << convs.count) == 0 else {
            throw .unsupported("window \(window) is not a multiple of 2^\(convs.count)")
        }
    }

    public func tensor(_ name: String) -> [Float] { tensors[name] ?? [] }
}

/// Why an export failed.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    case missingTensor(String)
    case badTensorShape(String, expected: [Int], count: Int)
    case unsupported(String)
    case noCalibrationData
    case checkpoint(String)

    public var description: String {
        switch self {
        case .missingTensor(let n): return "checkpoint has no tensor '\(n)'"
        case .badTensorShape(let n, let s, let c): return "tensor '\(n)' has \(c) values, expected shape \(s)"
        case .unsupported(let what): return "not supported by the fixed-point engine: \(what)"
        case .noCalibrationData: return "no calibration windows (all windows were still?)"
        case .checkpoint(let why): return why
        }
    }
}
