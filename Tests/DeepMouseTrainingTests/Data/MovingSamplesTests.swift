import Foundation
import Testing

@testable import DeepMouseTraining

/// `--moving-samples-only`: windows are cut from streams without their still samples, and the
/// choice travels with the model (checkpoint preprocessing) so evaluation cuts the same way.
@Suite("Moving samples only")
struct MovingSamplesTests {
    @Test func stillSamplesAreRemovedInOrder() {
        let stream = MotionStream(unit: .px, samples: [0, 0, 1, 0, 0, 0, 0, -2, 3, 4, 0, 0])
        let moving = stream.movingSamplesOnly()
        #expect(moving.samples == [1, 0, 0, -2, 3, 4])
        #expect(moving.unit == .px && moving.sampleRate == 100)
        #expect(MotionStream(unit: .px, samples: [0, 0]).movingSamplesOnly().count == 0)
    }

    @Test func preparedWindowsContainNoStillSamples() throws {
        // Each hand: 60 samples alternating a moving sample and a still one.
        var samples: [Float] = []
        for i in 0..<60 { samples += i % 2 == 0 ? [Float(i % 7) - 3, Float(i % 5) + 1] : [0, 0] }
        let dataset = try Dataset(recordings: [
            Fixtures.recording(.left, samples: samples),
            Fixtures.recording(.right, samples: samples.map { -$0 })
        ])
        let windowing = WindowingParameters(window: 10, stride: 5, stillThreshold: 0, movingSamplesOnly: true)
        let data = try PreparedData.prepare(dataset, split: .tail(.standard), windowing: windowing)
        #expect(data.dataset.recordings.allSatisfy { $0.stream.count == 30 })
        for set in [data.train, data.dev, data.test] {
            #expect(set.stillFractions.allSatisfy { $0 == 0 })
        }
        #expect(data.train.count > 0)
        let kept = try PreparedData.prepare(
            dataset, split: .tail(.standard),
            windowing: WindowingParameters(window: 10, stride: 5, stillThreshold: 0))
        #expect(kept.dataset.recordings.allSatisfy { $0.stream.count == 60 })
        #expect(kept.train.stillFractions.allSatisfy { $0 == 0.5 })
    }

    @Test func theChoiceIsStoredAndOldRecordsReadAsFalse() throws {
        let record = PreprocessingRecord(
            unit: "px", window: 8, offset: [0, 0], scale: [1, 1], normalization: "global",
            movingSamplesOnly: true)
        let data = try JSONEncoder().encode(record)
        #expect(String(decoding: data, as: UTF8.self).contains("\"moving_samples_only\":true"))
        #expect(try JSONDecoder().decode(PreprocessingRecord.self, from: data).movingSamplesOnly)
        let old =
            #"{"unit":"px","sample_rate_hz":100,"window":8,"still_threshold":0.1,"offset":[0,0],"scale":[1,1],"normalization":"global"}"#
        #expect(try JSONDecoder().decode(PreprocessingRecord.self, from: Data(old.utf8)).movingSamplesOnly == false)
        let w = WindowingParameters(window: 8, movingSamplesOnly: true)
        #expect(try JSONDecoder().decode(WindowingParameters.self, from: JSONEncoder().encode(w)) == w)
        #expect(w.nonOverlapping.movingSamplesOnly && w.with(stride: 2).movingSamplesOnly)
    }
}
