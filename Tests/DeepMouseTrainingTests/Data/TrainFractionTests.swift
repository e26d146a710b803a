import Foundation
import Testing

@testable import DeepMouseTraining

/// `PreparedData.prepare(trainFraction:)`: training-set-size curves keep the first part of each
/// train segment and leave dev and test alone.
@Suite struct TrainFractionTests {
    @Test func keepsTheFirstPartOfEachTrainSegment() throws {
        let dataset = try Dataset(recordings: [
            Fixtures.moving(.left, count: 1000, seed: 1), Fixtures.moving(.right, count: 1000, seed: 2)
        ])
        let windowing = WindowingParameters(window: 50)
        let full = try PreparedData.prepare(dataset, split: .tail(.standard), windowing: windowing)
        let quarter = try PreparedData.prepare(
            dataset, split: .tail(.standard), windowing: windowing, trainFraction: 0.25)
        #expect(full.train.count == 28 && quarter.train.count == 6)  // 700 -> 175 samples per file: 3 windows each
        #expect(quarter.train.references.allSatisfy { $0.start + 50 <= 175 })
        #expect(quarter.dev.count == full.dev.count && quarter.test.count == full.test.count)
        #expect(quarter.plan.summary.hasSuffix("train parts cut to their first 25%"))
        #expect(throws: DataError.self) {
            try PreparedData.prepare(dataset, split: .tail(.standard), windowing: windowing, trainFraction: 0)
        }
    }
}
