import Foundation

/// Mean and spread of a number over the runs of a point.
public struct Spread: Sendable, Equatable {
    public var mean: Double
    /// Sample standard deviation (0 for a single value).
    public var standardDeviation: Double
    public var count: Int

    public init?(_ values: [Double]) {
        let v = values.filter(\.isFinite)
        guard !v.isEmpty else { return nil }
        count = v.count
        mean = v.reduce(0, +) / Double(v.count)
        let m = mean
        standardDeviation =
            v.count > 1 ? (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot() : 0
    }

    public var text: String {
        count > 1 ? String(format: "%.4f ± %.4f", mean, standardDeviation) : String(format: "%.4f", mean)
    }
}

/// The runs of one sweep point (all seeds / folds) summarised: what tables and plots show.
public struct PointSummary: Sendable {
    public var point: String
    public var parameters: [String: ParameterValue]
    public var runs: [RunResult]

    public var succeeded: [RunResult] { runs.filter { $0.status == .ok } }
    public var testAccuracy: Spread? { Spread(succeeded.compactMap { $0.test?.windowAccuracy }) }
    public var testBalancedAccuracy: Spread? { Spread(succeeded.compactMap { $0.test?.balancedAccuracy }) }
    public var streamAccuracy: Spread? { Spread(succeeded.compactMap { $0.test?.streamAccuracy }) }
    public var devAccuracy: Spread? { Spread(succeeded.compactMap(\.devAccuracy)) }
    public var bestEpoch: Spread? { Spread(succeeded.compactMap { $0.bestEpoch.map(Double.init) }) }
    public var seconds: Spread? { Spread(succeeded.map(\.seconds)) }
    public var stillBaseline: Spread? { Spread(succeeded.compactMap(\.stillBaselineAccuracy)) }

    /// Test confusion summed over the runs.
    public var confusion: [[Int]] {
        var c = [[0, 0], [0, 0]]
        for r in succeeded { if let t = r.test { for i in 0..<2 { for j in 0..<2 { c[i][j] += t.confusion[i][j] } } } }
        return c
    }

    /// Mean ± one standard deviation of a per-epoch quantity over the runs that reached each epoch.
    public func curve(_ value: (CurvePoint) -> Double?) -> [(
        epoch: Int, mean: Double, low: Double, high: Double, count: Int
    )] {
        let longest = succeeded.map(\.curve.count).max() ?? 0
        return (0..<longest).compactMap { e in
            let values = succeeded.compactMap { $0.curve.count > e ? value($0.curve[e]) : nil }.filter(\.isFinite)
            guard let s = Spread(values) else { return nil }
            return (e + 1, s.mean, s.mean - s.standardDeviation, s.mean + s.standardDeviation, s.count)
        }
    }

    /// Groups runs by point, in first-seen order.
    public static func group(_ runs: [RunResult]) -> [PointSummary] {
        var order: [String] = []
        var byPoint: [String: [RunResult]] = [:]
        for r in runs {
            if byPoint[r.point] == nil { order.append(r.point) }
            byPoint[r.point, default: []].append(r)
        }
        return order.map { PointSummary(point: $0, parameters: byPoint[$0]![0].parameters, runs: byPoint[$0]!) }
    }
}
