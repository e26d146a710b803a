import ArgumentParser
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// Benchmarks, for side-by-side comparisons with the Keras reference (`tools/`).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the trainer's speed.",
            subcommands: [Train.self])
    }
}

extension DeepMouse.Bench {
    /// `deepmouse bench train`: seconds per training epoch of a model on synthetic windows.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time training epochs (forward, backward, Adam) on seeded synthetic windows.",
            discussion: "Defaults are the original DeepMouse model (W=800, 3 x Conv1D(32, k3) + MaxPool(2), "
                + "GRU(128), Dense(1)) on 380 windows in batches of 32, the workload Keras runs in ~1.3 s/epoch. "
                + "OpenBLAS chooses its kernels when it loads: on AVX-512 CPUs it does not recognise (AMD Zen 4 "
                + "with OpenBLAS 0.3.21) OPENBLAS_CORETYPE=SkylakeX selects the AVX-512 ones.")

        @Option(help: "Samples per window.") var window = 800
        @Option(help: "Conv1D+ReLU+MaxPool(2) blocks (0-3).") var convLayers = 3
        @Option(help: "Filters per conv block.") var filters = 32
        @Option(help: "Kernel size per conv block.") var kernel = 3
        @Option(help: "Recurrent layer: gru or lstm.") var recurrent: ModelConfig.RecurrentKind = .gru
        @Option(help: "Hidden units of the recurrent layer.") var hidden = 128
        @Option(help: "Windows per epoch.") var windows = 380
        @Option(help: "Windows per batch.") var batchSize = 32
        @Option(help: "Epochs to time.") var epochs = 3
        @Option(help: "Batch shards run in parallel (each on its own core).") var threads = 2
        @Option(help: "Seed of the weights and windows.") var seed: UInt64 = 1
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func validate() throws {
            guard windows >= 1, batchSize >= 1, epochs >= 1, threads >= 1 else {
                throw ValidationError("--windows, --batch-size, --epochs and --threads must be at least 1")
            }
        }

        func run() throws {
            let config = ModelConfig(
                window: window, conv: Array(repeating: .init(filters: filters, kernel: kernel), count: convLayers),
                recurrent: recurrent, hidden: hidden)
            let result = try TrainingBenchmark.run(
                config: config, windows: windows, batchSize: batchSize, epochs: epochs, threads: threads, seed: seed
            ) { epoch, seconds, loss in
                if !json { print(String(format: "epoch %d: %.3f s (loss %.4f)", epoch, seconds, loss)) }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(
                    String(
                        format: "median %.3f s/epoch, %.3f CPU s/epoch (%d windows, batch %d, %d threads, "
                            + "%d parameters); predict %.3f s for %d windows; OpenBLAS %@ kernels",
                        result.medianSecondsPerEpoch, result.medianCPUSecondsPerEpoch, windows, batchSize, threads,
                        result.parameterCount, result.predictSeconds, windows, result.blasCore))
            }
        }
    }
}
