import ArgumentParser
import DeepMouseExperiments
import DeepMouseTraining
import Foundation

/// A comma-separated option value ("16,32,32") whose items ArgumentParser parses as `Element`, so a
/// bad item is refused, with the option's name and its valid values, before the command runs.
struct CommaList<Element: ExpressibleByArgument>: ExpressibleByArgument {
    var values: [Element]

    init(_ values: [Element]) { self.values = values }

    init?(argument: String) {
        var values: [Element] = []
        for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Element(argument: item.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }

    var defaultValueDescription: String { values.map(\.defaultValueDescription).joined(separator: ",") }
}

// The trainer's choices as option values: ArgumentParser refuses anything else and lists the
// valid values in the help text and in its error.
extension NormalizationChoice: ExpressibleByArgument {}
extension TrainingConfig.Monitor: ExpressibleByArgument {}
extension TrainingConfig.Balance: ExpressibleByArgument {}
extension ModelConfig.RecurrentKind: ExpressibleByArgument {}
extension ModelConfig.Readout: ExpressibleByArgument {}
extension KernelKind: ExpressibleByArgument {}
extension BaselineRun.Model: ExpressibleByArgument {}
extension TrainingRecipe.Name: ExpressibleByArgument {}
