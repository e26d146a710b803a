import Foundation

/// One tunable parameter of a search: a name, a range and the scale the surrogate sees it on.
///
/// The optimiser works in the unit cube: `unit(of:)` maps a value into [0, 1] on the parameter's
/// scale and `value(at:)` maps back (rounding integer parameters), so a learning rate searched on
/// a log scale gets as much attention between 1e-4 and 1e-3 as between 1e-3 and 1e-2.
public struct SearchParameter: Codable, Sendable, Equatable {
    /// How the parameter is sampled between its bounds.
    public enum Scale: String, Codable, Sendable, CaseIterable {
        /// Uniform between the bounds.
        case linear
        /// Uniform in log(value); bounds must be positive.
        case log
        /// Whole numbers, uniform between the bounds.
        case integer
        /// Whole numbers, uniform in log(value) (sizes such as a recurrent width 16..512).
        case logInteger = "log-integer"

        public var isInteger: Bool { self == .integer || self == .logInteger }
        public var isLogarithmic: Bool { self == .log || self == .logInteger }
    }

    public var name: String
    public var lower: Double
    public var upper: Double
    public var scale: Scale

    /// Checks the bounds: finite, `lower < upper`, positive on log scales, whole on integer scales.
    public init(_ name: String, _ lower: Double, _ upper: Double, scale: Scale = .linear) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw SearchError.badParameter(
                name: name, reason: "bounds \(lower)...\(upper) must be finite with lower < upper")
        }
        if scale.isLogarithmic && lower <= 0 {
            throw SearchError.badParameter(
                name: name, reason: "a log scale needs positive bounds (got \(lower)...\(upper))")
        }
        if scale.isInteger && (lower != lower.rounded() || upper != upper.rounded()) {
            throw SearchError.badParameter(
                name: name, reason: "an integer parameter needs whole bounds (got \(lower)...\(upper))")
        }
        self.name = name
        self.lower = lower
        self.upper = upper
        self.scale = scale
    }

    /// The value at unit coordinate `u` in [0, 1] (clamped; integers rounded to the nearest).
    public func value(at u: Double) -> Double {
        let t = min(max(u, 0), 1)
        let raw: Double
        if scale.isLogarithmic {
            raw = exp(Foundation.log(lower) + t * (Foundation.log(upper) - Foundation.log(lower)))
        } else {
            raw = lower + t * (upper - lower)
        }
        return scale.isInteger ? min(max(raw.rounded(), lower), upper) : min(max(raw, lower), upper)
    }

    /// The value at `u` without rounding integers (for smooth surrogate maps).
    public func continuousValue(at u: Double) -> Double {
        let t = min(max(u, 0), 1)
        return scale.isLogarithmic
            ? exp(Foundation.log(lower) + t * (Foundation.log(upper) - Foundation.log(lower)))
            : lower + t * (upper - lower)
    }

    /// The unit coordinate of `value` (clamped to [0, 1]).
    public func unit(of value: Double) -> Double {
        let t: Double
        if scale.isLogarithmic {
            t =
                (Foundation.log(max(value, lower)) - Foundation.log(lower))
                / (Foundation.log(upper) - Foundation.log(lower))
        } else {
            t = (value - lower) / (upper - lower)
        }
        return min(max(t, 0), 1)
    }

    /// The unit coordinate of the value `u` rounds to (identity for continuous scales).
    public func snapped(_ u: Double) -> Double {
        scale.isInteger ? unit(of: value(at: u)) : min(max(u, 0), 1)
    }
}

/// The parameters of a search, in order. Points are arrays of values in that order.
public struct SearchSpace: Codable, Sendable, Equatable {
    public var parameters: [SearchParameter]

    public init(_ parameters: [SearchParameter]) throws {
        guard !parameters.isEmpty else { throw SearchError.emptySpace }
        var seen = Set<String>()
        for p in parameters where !seen.insert(p.name).inserted {
            throw SearchError.badParameter(name: p.name, reason: "appears twice")
        }
        self.parameters = parameters
    }

    public var dimension: Int { parameters.count }
    public var names: [String] { parameters.map(\.name) }

    /// Values at a unit-cube point.
    public func values(at unit: [Double]) -> [Double] {
        precondition(unit.count == dimension)
        return zip(parameters, unit).map { $0.value(at: $1) }
    }

    /// The unit-cube point of `values`.
    public func unit(of values: [Double]) -> [Double] {
        precondition(values.count == dimension)
        return zip(parameters, values).map { $0.unit(of: $1) }
    }

    /// Snaps a unit point onto the integer grid of the integer parameters.
    public func snapped(_ unit: [Double]) -> [Double] {
        zip(parameters, unit).map { $0.snapped($1) }
    }
}

/// Why a search cannot run: named so the user can fix the command line or the file.
public enum SearchError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case emptySpace
    case badParameter(name: String, reason: String)
    case badBudget(String)
    case nonFiniteObjective(trial: Int, value: Double)

    public var description: String {
        switch self {
        case .emptySpace: "the search space has no parameters"
        case .badParameter(let name, let reason): "search parameter '\(name)': \(reason)"
        case .badBudget(let reason): "search budget: \(reason)"
        case .nonFiniteObjective(let trial, let value): "trial \(trial) returned a non-finite objective (\(value))"
        }
    }

    public var errorDescription: String? { description }
}
