/// The network a model file describes: input, 0-3 Conv1D(+ReLU, MaxPool(2)) blocks, a GRU,
/// its readout (last or mean hidden state), Dense(1) + sigmoid. Read from the `arch` entry and validated before anything else.
public struct ModelArchitecture: Equatable, Sendable {
    public static let maxConvLayers = 3
    /// Bound on K x Cin and on H, so that no int32 dot product can overflow.
    public static let maxDotProductLength: Int32 = 512

    public var window: Int32
    public var defaultHop: Int32
    public var sampleRateHz: Int32
    public var inputChannels: Int32
    public var inputUnit: MotionUnit
    public var convCount: Int32
    public var convKernel: InlineArray<3, Int32>
    public var convFilters: InlineArray<3, Int32>
    public var recurrentKind: RecurrentKind
    public var hidden: Int32
    /// Every cell, or moving cells only (see `InputCells`).
    public var inputCells: InputCells
    /// What Dense reads: the last hidden state or the mean of all T (see `ReadoutKind`).
    public var readout: ReadoutKind

    public init(
        window: Int32, defaultHop: Int32, sampleRateHz: Int32, inputUnit: MotionUnit,
        convKernel: InlineArray<3, Int32>, convFilters: InlineArray<3, Int32>, convCount: Int32,
        recurrentKind: RecurrentKind, hidden: Int32, inputCells: InputCells = .every,
        readout: ReadoutKind = .last
    ) {
        self.window = window
        self.defaultHop = defaultHop
        self.sampleRateHz = sampleRateHz
        self.inputChannels = 2
        self.inputUnit = inputUnit
        self.convCount = convCount
        self.convKernel = convKernel
        self.convFilters = convFilters
        self.recurrentKind = recurrentKind
        self.hidden = hidden
        self.inputCells = inputCells
        self.readout = readout
    }

    public static func == (a: ModelArchitecture, b: ModelArchitecture) -> Bool {
        guard a.window == b.window, a.defaultHop == b.defaultHop, a.sampleRateHz == b.sampleRateHz,
            a.inputChannels == b.inputChannels, a.inputUnit == b.inputUnit,
            a.convCount == b.convCount, a.recurrentKind == b.recurrentKind, a.hidden == b.hidden,
            a.inputCells == b.inputCells, a.readout == b.readout
        else { return false }
        for i in 0..<3 where a.convKernel[i] != b.convKernel[i] || a.convFilters[i] != b.convFilters[i] {
            return false
        }
        return true
    }

    /// Channels entering conv layer `i` (or the GRU when `i == convCount`).
    public func channels(enteringLayer i: Int) -> Int32 { i == 0 ? inputChannels : convFilters[i - 1] }

    /// Channels of the GRU's input features.
    public var featureChannels: Int32 { channels(enteringLayer: Int(convCount)) }

    /// The pooling factor 2^L between input samples and GRU steps.
    public var poolingFactor: Int32 { (1 as Int32) &<< convCount }

    /// Length of the sequence entering conv layer `i` (the GRU's T when `i == convCount`).
    public func sequenceLength(enteringLayer i: Int) -> Int32 { window &>> Int32(i) }

    /// GRU steps per window.
    public var steps: Int32 { sequenceLength(enteringLayer: Int(convCount)) }

    /// Keras "same" padding of conv layer `i`: left (K-1)/2, right K-1-left.
    public func padLeft(_ i: Int) -> Int32 { (convKernel[i] &- 1) / 2 }
    public func padRight(_ i: Int) -> Int32 { convKernel[i] &- 1 &- padLeft(i) }

    /// Multiply-accumulates for one full window (convs, GRU input and recurrent products, dense).
    public var macsPerWindow: Int64 {
        var total: Int64 = 0
        for i in 0..<Int(convCount) {
            total &+= productS64(
                sequenceLength(enteringLayer: i),
                convKernel[i] &* channels(enteringLayer: i) &* convFilters[i])
        }
        total &+= productS64(steps, 3 &* hidden &* (featureChannels &+ hidden))
        return total &+ widenedS64(hidden)
    }

    /// Reads and validates the int32 fields of an `arch` entry.
    static func parse(_ field: (ArchitectureField) -> Int32) throws(ModelFileError) -> ModelArchitecture {
        func check(_ name: StaticString, _ v: Int32, _ lo: Int32, _ hi: Int32) throws(ModelFileError) -> Int32 {
            guard v >= lo && v <= hi else { throw .invalidField(field: name, value: v) }
            return v
        }
        let convCount = try check("arch.convCount", field(.convCount), 0, 3)
        var kernel = InlineArray<3, Int32>(repeating: 0)
        var filters = InlineArray<3, Int32>(repeating: 0)
        let kernelFields: InlineArray<3, ArchitectureField> = [.conv0Kernel, .conv1Kernel, .conv2Kernel]
        let filterFields: InlineArray<3, ArchitectureField> = [.conv0Filters, .conv1Filters, .conv2Filters]
        for i in 0..<Int(convCount) {
            kernel[i] = try check("arch.convKernel", field(kernelFields[i]), 1, 15)
            filters[i] = try check("arch.convFilters", field(filterFields[i]), 1, 256)
        }
        let window = try check("arch.window", field(.window), 1, 65536)
        let factor = (1 as Int32) &<< convCount
        guard window % factor == 0 else { throw .invalidField(field: "arch.window", value: window) }
        // A decision at least once per window; the engine's grid runs at 100 Hz only.
        let hop = try check("arch.hop", field(.hop), 1, window)
        guard hop % factor == 0 else { throw .invalidField(field: "arch.hop", value: hop) }
        let rate = try check("arch.sampleRateHz", field(.sampleRateHz), 100, 100)
        _ = try check("arch.inputChannels", field(.inputChannels), 2, 2)
        guard let unit = MotionUnit(rawValue: field(.inputUnit)) else {
            throw .invalidField(field: "arch.inputUnit", value: field(.inputUnit))
        }
        _ = try check("arch.poolSize", field(.poolSize), 2, 2)
        guard let kind = RecurrentKind(rawValue: field(.recurrentKind)) else {
            throw .invalidField(field: "arch.recurrentKind", value: field(.recurrentKind))
        }
        guard kind == .gru else { throw .unsupported(field: "arch.recurrentKind (LSTM)", value: kind.rawValue) }
        let hidden = try check("arch.hidden", field(.hidden), 1, 256)
        _ = try check("arch.denseOutputs", field(.denseOutputs), 1, 1)
        _ = try check(
            "arch.gateFractionBits", field(.gateFractionBits), ActivationTable.inputFractionBits,
            ActivationTable.inputFractionBits)
        _ = try check(
            "arch.tableEntries", field(.tableEntries), ActivationTable.entryCount,
            ActivationTable.entryCount)
        guard let cells = InputCells(rawValue: field(.inputCells)) else {
            throw .invalidField(field: "arch.inputCells", value: field(.inputCells))
        }
        guard let readout = ReadoutKind(rawValue: field(.readout)) else {
            throw .invalidField(field: "arch.readout", value: field(.readout))
        }
        let arch = ModelArchitecture(
            window: window, defaultHop: hop, sampleRateHz: rate, inputUnit: unit,
            convKernel: kernel, convFilters: filters, convCount: convCount,
            recurrentKind: kind, hidden: hidden, inputCells: cells, readout: readout)
        for i in 0...Int(convCount) {
            let taps = i < Int(convCount) ? kernel[i] &* arch.channels(enteringLayer: i) : arch.featureChannels
            guard taps <= maxDotProductLength else {
                throw .unsupported(field: "arch.convKernel x channels", value: taps)
            }
        }
        return arch
    }
}
