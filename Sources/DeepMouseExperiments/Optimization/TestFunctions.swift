import Foundation

/// Standard optimisation test functions with known minima, to check that the Bayesian search
/// finds optima in few trials and beats random search at equal budget (`deepmouse search
/// --benchmark`, and the tests).
public struct TestFunction: Sendable {
    public let name: String
    public let space: SearchSpace
    /// The global minimum value.
    public let minimum: Double
    public let evaluate: @Sendable ([Double]) -> Double

    public static let all: [TestFunction] = [branin, sixHumpCamel, hartmann3, hartmann6]

    public static func named(_ name: String) -> TestFunction? { all.first { $0.name == name } }

    /// Branin-Hoo on [-5, 10] x [0, 15]: three global minima of 0.397887.
    public static let branin = TestFunction(
        name: "branin",
        space: try! SearchSpace([SearchParameter("x1", -5, 10), SearchParameter("x2", 0, 15)]),
        minimum: 0.397887357729739
    ) { x in
        let (a, b, c) = (1.0, 5.1 / (4 * Double.pi * Double.pi), 5 / Double.pi)
        let (r, s, t) = (6.0, 10.0, 1 / (8 * Double.pi))
        let u = x[1] - b * x[0] * x[0] + c * x[0] - r
        return a * u * u + s * (1 - t) * cos(x[0]) + s
    }

    /// Six-hump camel on [-3, 3] x [-2, 2]: two global minima of -1.0316.
    public static let sixHumpCamel = TestFunction(
        name: "six-hump-camel",
        space: try! SearchSpace([SearchParameter("x1", -3, 3), SearchParameter("x2", -2, 2)]),
        minimum: -1.031628453489877
    ) { x in
        let (a, b) = (x[0], x[1])
        return (4 - 2.1 * a * a + a * a * a * a / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b
    }

    /// Hartmann 3-D on [0, 1]^3: minimum -3.86278 at (0.114614, 0.555649, 0.852547).
    public static let hartmann3 = TestFunction(
        name: "hartmann3",
        space: try! SearchSpace((1...3).map { try SearchParameter("x\($0)", 0, 1) }),
        minimum: -3.86278214782076
    ) { x in
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
        let p: [[Double]] = [
            [0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470],
            [0.1091, 0.8732, 0.5547], [0.0381, 0.5743, 0.8828]
        ]
        return hartmann(x, alpha: alpha, a: a, p: p)
    }

    /// Hartmann 6-D on [0, 1]^6: minimum -3.32237.
    public static let hartmann6 = TestFunction(
        name: "hartmann6",
        space: try! SearchSpace((1...6).map { try SearchParameter("x\($0)", 0, 1) }),
        minimum: -3.32236801141551
    ) { x in
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [
            [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
            [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]
        ]
        let p: [[Double]] = [
            [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
            [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
            [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
            [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]
        ]
        return hartmann(x, alpha: alpha, a: a, p: p)
    }

    private static func hartmann(_ x: [Double], alpha: [Double], a: [[Double]], p: [[Double]]) -> Double {
        var total = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in x.indices { inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
            total -= alpha[i] * exp(-inner)
        }
        return total
    }
}
