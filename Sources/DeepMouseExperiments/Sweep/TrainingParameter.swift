import Foundation

/// A training setting a sweep or search may vary: its `deepmouse train` flag (without the
/// dashes), what values it takes, and how to label it on a plot.
public struct TrainingParameter: Sendable {
    /// The values a parameter takes: a real or integer range, or named choices.
    public enum Kind: Sendable, Equatable {
        case real(ClosedRange<Double>)
        case integer(ClosedRange<Int>)
        case choice([String])
    }

    public var name: String
    /// Axis label with units.
    public var label: String
    public var kind: Kind
    /// Plot (and search, by default) on a log axis.
    public var logarithmic: Bool
    /// A `deepmouse train` flag without a value (choice `false`/`true`: the flag is given for `true`).
    public var isFlag: Bool = false

    public static let all: [TrainingParameter] = [
        .init(name: "lr", label: "learning rate (Adam)", kind: .real(1e-6...1), logarithmic: true),
        .init(name: "batch-size", label: "batch size (windows)", kind: .integer(1...4096), logarithmic: true),
        .init(name: "window", label: "window W (samples at 100 Hz)", kind: .integer(8...20000), logarithmic: false),
        .init(name: "stride", label: "training stride (samples)", kind: .integer(1...20000), logarithmic: false),
        .init(
            name: "train-fraction", label: "training set used (fraction of train windows)", kind: .real(0.01...1),
            logarithmic: false),
        .init(name: "conv-layers", label: "conv blocks", kind: .integer(0...3), logarithmic: false),
        .init(name: "filters", label: "filters per conv block", kind: .integer(1...512), logarithmic: true),
        .init(name: "kernel", label: "conv kernel size (samples)", kind: .integer(1...64), logarithmic: false),
        .init(name: "recurrent", label: "recurrent layer", kind: .choice(["gru", "lstm"]), logarithmic: false),
        .init(name: "hidden", label: "recurrent units", kind: .integer(1...1024), logarithmic: true),
        .init(name: "input-dropout", label: "input dropout (probability)", kind: .real(0...0.95), logarithmic: false),
        .init(
            name: "recurrent-dropout", label: "recurrent dropout (probability)", kind: .real(0...0.95),
            logarithmic: false),
        .init(name: "conv-dropout", label: "conv dropout (probability)", kind: .real(0...0.95), logarithmic: false),
        .init(name: "l1", label: "L1 penalty (per weight)", kind: .real(0...1), logarithmic: true),
        .init(name: "l2", label: "L2 penalty (per weight)", kind: .real(0...1), logarithmic: true),
        .init(name: "epochs", label: "maximum epochs", kind: .integer(1...10000), logarithmic: false),
        .init(
            name: "patience", label: "early-stopping patience (epochs)", kind: .integer(0...1000), logarithmic: false),
        .init(
            name: "balance", label: "class balancing", kind: .choice(["none", "oversample", "weights"]),
            logarithmic: false),
        .init(
            name: "normalization", label: "normalisation", kind: .choice(["global", "fitted", "auto"]),
            logarithmic: false),
        .init(
            name: "monitor", label: "early-stopping metric", kind: .choice(["dev-loss", "dev-accuracy"]),
            logarithmic: false),
        .init(
            name: "still-threshold", label: "no-motion threshold (std, data unit)", kind: .real(0...100),
            logarithmic: false),
        .init(
            name: "readout", label: "recurrent readout (last step or mean over steps)", kind: .choice(["last", "mean"]),
            logarithmic: false),
        .init(
            name: "moving-samples-only", label: "moving samples only (still cells dropped)",
            kind: .choice(["false", "true"]),
            logarithmic: false, isFlag: true),
        .init(
            name: "dev-fraction", label: "dev part (fraction at the end of each train file)", kind: .real(0.01...0.9),
            logarithmic: false),
        .init(
            name: "weight-average", label: "weight average decay (EMA per Adam step)", kind: .real(0.5...0.9999),
            logarithmic: false)
    ]

    public static func named(_ name: String) -> TrainingParameter? { all.first { $0.name == name } }

    /// The plot label of `name` (the name itself for unknown ones).
    public static func label(_ name: String) -> String { named(name)?.label ?? name }

    /// Parses and checks one value given on the command line.
    public func value(_ text: String) throws -> ParameterValue {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .real(let range):
            guard let x = Double(t), x.isFinite else {
                throw SweepError.badValue(parameter: name, value: t, reason: "is not a number")
            }
            guard range.contains(x) else {
                throw SweepError.badValue(
                    parameter: name, value: t, reason: "must be in \(range.lowerBound)...\(range.upperBound)")
            }
            return .number(x)
        case .integer(let range):
            guard let x = Int(t) else {
                throw SweepError.badValue(parameter: name, value: t, reason: "is not a whole number")
            }
            guard range.contains(x) else {
                throw SweepError.badValue(
                    parameter: name, value: t, reason: "must be in \(range.lowerBound)...\(range.upperBound)")
            }
            return .number(Double(x))
        case .choice(let options):
            guard options.contains(t) else {
                throw SweepError.badValue(
                    parameter: name, value: t, reason: "must be one of \(options.joined(separator: ", "))")
            }
            return .text(t)
        }
    }
}

/// Why a sweep or search cannot run: names the parameter, value or file.
public enum SweepError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case unknownParameter(String, known: [String])
    case badValue(parameter: String, value: String, reason: String)
    case badGrid(String)
    case emptyGrid(parameter: String?)
    case duplicateParameter(String)
    case conflictingOption(String)
    case resultsMismatch(file: String, reason: String)

    public var description: String {
        switch self {
        case .unknownParameter(let name, let known):
            return "unknown training parameter '\(name)' (known: \(known.joined(separator: ", ")))"
        case .badValue(let parameter, let value, let reason):
            return "parameter '\(parameter)': value '\(value)' \(reason)"
        case .badGrid(let reason): return "grid: \(reason)"
        case .emptyGrid(let parameter):
            return parameter.map { "grid: parameter '\($0)' has no values" }
                ?? "grid: no parameters to sweep (give --grid name=v1,v2,...)"
        case .duplicateParameter(let name): return "parameter '\(name)' is given twice"
        case .conflictingOption(let reason): return reason
        case .resultsMismatch(let file, let reason): return "\(file): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
