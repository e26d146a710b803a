import ArgumentParser
import DeepMouseTraining

/// The network's shape and regularisation, as `deepmouse train` flags.
struct ModelOptions: ParsableArguments {
    @Option(help: "Conv1D+ReLU+MaxPool(2) blocks before the recurrent layer (0-3).")
    var convLayers: Int = 3

    @Option(help: "Filters per conv block: one number for all, or a comma list per block (e.g. 16,32,32).")
    var filters = CommaList([32])

    @Option(help: "Kernel size per conv block: one number for all, or a comma list per block.")
    var kernel = CommaList([3])

    @Option(help: "Recurrent layer: gru (Keras reset_after) or lstm.")
    var recurrent: ModelConfig.RecurrentKind = .gru

    @Option(help: "Hidden units of the recurrent layer (default: the recipe's, 128 for original).")
    var hidden: Int?

    @Option(
        help:
            "What the dense layer reads from the recurrent layer: last (h_T) or mean (the mean of h_1..h_T; default: the recipe's, last for original)."
    )
    var readout: ModelConfig.Readout?

    @Option(help: "Dropout on the recurrent layer's input (one mask per sequence).")
    var inputDropout: Float = 0

    @Option(help: "Dropout on the recurrent state inside the recurrent matmul.")
    var recurrentDropout: Float = 0

    @Option(help: "Dropout between conv blocks.")
    var convDropout: Float = 0

    @Option(help: "L1 penalty on all weights.")
    var l1: Float = 0

    @Option(help: "L2 penalty on all weights.")
    var l2: Float = 0

    func validate() throws {
        guard (0...3).contains(convLayers) else { throw ValidationError("--conv-layers must be 0-3") }
        if let hidden, hidden < 1 { throw ValidationError("--hidden must be at least 1") }
        for (name, p) in [
            ("--input-dropout", inputDropout), ("--recurrent-dropout", recurrentDropout),
            ("--conv-dropout", convDropout)
        ] {
            guard p >= 0 && p < 1 else { throw ValidationError("\(name) must be in [0, 1)") }
        }
        guard l1 >= 0 && l2 >= 0 else { throw ValidationError("--l1 and --l2 must be >= 0") }
        _ = try perBlock(filters, "--filters")
        _ = try perBlock(kernel, "--kernel")
    }

    /// One value per conv block from "32" or "16,32,32".
    func perBlock(_ list: CommaList<Int>, _ name: String) throws -> [Int] {
        let ints = list.values
        guard ints.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("\(name) must be positive integers, one or one per conv block")
        }
        if ints.count == 1 { return Array(repeating: ints[0], count: convLayers) }
        guard ints.count == convLayers else {
            throw ValidationError("\(name) lists \(ints.count) values for \(convLayers) conv blocks")
        }
        return ints
    }

    func config(window: Int, recipe: TrainingRecipe) throws -> ModelConfig {
        let f = try perBlock(filters, "--filters")
        let k = try perBlock(kernel, "--kernel")
        return ModelConfig(
            window: window, conv: (0..<convLayers).map { ModelConfig.ConvLayer(filters: f[$0], kernel: k[$0]) },
            recurrent: recurrent, hidden: hidden ?? recipe.hidden,
            inputDropout: inputDropout, recurrentDropout: recurrentDropout, convDropout: convDropout,
            l1: l1, l2: l2, readout: readout ?? recipe.readout)
    }
}
