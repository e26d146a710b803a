import ArgumentParser
import DeepMouseCore
import DeepMouseQuantization
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse inspect MODEL`: a `.dmm` file for people (validates it, runs its self-test).
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a .dmm model file: architecture, tensors, scales, tables, self-test, provenance.")

        @Argument(help: "The .dmm model file.")
        var model: String

        @Flag(help: "Also list every quantization multiplier/shift pair.")
        var multipliers = false

        func run() throws {
            let data = try InputFile.read(URL(fileURLWithPath: model))
            let inspection = try ModelInspection.inspect(bytes: [UInt8](data), name: model, multipliers: multipliers)
            print(inspection.text, terminator: "")
            if let failure = inspection.selfTestFailure {
                throw ModelInspection.Failure(description: "\(model): \(failure)")
            }
        }
    }
}
