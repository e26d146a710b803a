import ArgumentParser
import DeepMouseCore
import DeepMouseExperiments
import DeepMouseTraining
import Testing

@testable import deepmouse

/// `train` and `evaluate` flags parsed in-process: defaults, derived settings, and validate().
@Suite("deepmouse train / evaluate argument parsing")
struct CommandParsingTests {
    @Test func trainDefaultsComeFromTheRecipeOfTheMouseSplit() throws {
        let train = try DeepMouse.Train.parse([])
        #expect(train.window == nil && train.stride == nil && train.epochs == nil && train.batchSize == 32)
        #expect(train.recipe == nil && train.model.hidden == nil && train.model.readout == nil)
        #expect(train.data.defaultTrainingSplit == "mouse")
        // The study's pixels take the original network.
        let config = try train.model.config(window: 800, recipe: .original)
        #expect(config.conv.count == 3 && config.conv.allSatisfy { $0.filters == 32 && $0.kernel == 3 })
        #expect(config.recurrent == .gru && config.hidden == 128 && config.readout == .last)
        // A touchpad's recipe, and flags that win over it.
        let touchpad = try train.model.config(window: 104, recipe: .touchpad)
        #expect(touchpad.hidden == 64 && touchpad.readout == .mean)
        let flags = try DeepMouse.Train.parse(["--recipe", "touchpad", "--hidden", "16", "--readout", "last"])
        #expect(flags.recipe == .touchpad)
        let given = try flags.model.config(window: 104, recipe: .touchpad)
        #expect(given.hidden == 16 && given.readout == .last)
        #expect(throws: (any Error).self) { try DeepMouse.Train.parse(["--recipe", "keyboard"]) }
        #expect(throws: (any Error).self) { try DeepMouse.Train.parse(["--moving-samples-only", "--all-samples"]) }
    }

    @Test func readoutFlag() throws {
        let mean = try DeepMouse.Train.parse(["--readout", "mean", "--recurrent", "lstm"])
        #expect(try mean.model.config(window: 800, recipe: .original).readout == .mean)
        #expect(
            try DeepMouse.Train.parse(["--readout", "last"]).model.config(window: 800, recipe: .touchpad).readout
                == .last)
        #expect(throws: (any Error).self) { try DeepMouse.Train.parse(["--readout", "max"]) }
    }

    @Test func weightAverageAndDistillationFlags() throws {
        let plain = try DeepMouse.Train.parse([])
        #expect(plain.weightAverage == nil && plain.teachers.isEmpty && plain.teacherWeight == 0.5)
        let student = try DeepMouse.Train.parse([
            "--weight-average", "0.99", "--teacher", "a.json", "--teacher", "b.json",
            "--teacher-weight", "0.3"
        ])
        #expect(
            student.weightAverage == 0.99 && student.teachers == ["a.json", "b.json"] && student.teacherWeight == 0.3)
        #expect(throws: (any Error).self) { try DeepMouse.Train.parse(["--weight-average", "1"]) }
        #expect(throws: (any Error).self) { try DeepMouse.Train.parse(["--weight-average", "0"]) }
        #expect(throws: (any Error).self) { try DeepMouse.Train.parse(["--teacher-weight", "1.5"]) }
    }

    /// Every parameter a sweep may vary is a deepmouse train option that takes the parameter's values.
    @Test
    func sweepParametersAreTrainFlags() throws {
        for parameter in TrainingParameter.all {
            let value: String
            switch parameter.kind {
            case .real(let range): value = String(range.lowerBound)
            case .integer(let range): value = String(range.lowerBound)
            case .choice(let options): value = options.last!
            }
            let arguments = parameter.isFlag ? ["--\(parameter.name)"] : ["--\(parameter.name)", value]
            #expect(throws: Never.self, "\(arguments)") { _ = try DeepMouse.Train.parseAsRoot(arguments) }
        }
    }

    @Test func perBlockFiltersAndKernels() throws {
        let train = try DeepMouse.Train.parse([
            "--conv-layers", "2", "--filters", "16,32", "--kernel", "5", "--recurrent", "lstm"
        ])
        let config = try train.model.config(window: 400, recipe: .original)
        #expect(config.conv.map(\.filters) == [16, 32] && config.conv.map(\.kernel) == [5, 5])
        #expect(config.recurrent == .lstm && config.window == 400)
        #expect(throws: (any Error).self) { try DeepMouse.Train.parse(["--conv-layers", "2", "--filters", "16,32,64"]) }
    }

    @Test func dataSourcesAndSplits() throws {
        let files = try DeepMouse.Train.parse(["--left", "a.txt", "b.txt", "--right", "c.txt"])
        #expect(files.data.left == ["a.txt", "b.txt"] && files.data.right == ["c.txt"])
        #expect(files.data.defaultTrainingSplit == "tail")
        #expect(try DeepMouse.Train.parse(["--manifest", "m.jsonl"]).data.defaultTrainingSplit == "manifest")
        let random = try DeepMouse.Train.parse(["--split", "random", "--fractions", "0.8,0.1,0.1", "--seed", "9"])
        let strategy = try random.data.strategy(named: "random", seed: random.seed)
        #expect(strategy == .random(try .init(train: 0.8, dev: 0.1, test: 0.1), seed: 9))
        let fold = try DeepMouse.Train.parse(["--split", "mouse", "--test-session", "3"])
        #expect(try fold.data.strategy(named: "mouse", seed: 1) == .mouse(testSession: "3", devFraction: 0.15))
    }

    @Test func invalidCombinationsAreRejectedBeforeRunning() throws {
        let rejected: [[String]] = [
            ["--left", "a", "--manifest", "m"],
            ["--split", "manifest"],
            ["--fractions", "0.5,0.5"],
            ["--fractions", "0.7,0.2,0.2"],
            ["--window", "1"],
            ["--window", "4", "--conv-layers", "3"],
            ["--monitor", "train-loss"],
            ["--balance", "smote"],
            ["--normalization", "zscore"],
            ["--input-dropout", "1"],
            ["--recurrent", "rnn"],
            ["--lr", "0"]
        ]
        for arguments in rejected {
            #expect(throws: (any Error).self, "\(arguments)") { try DeepMouse.Train.parse(arguments) }
        }
        #expect(throws: (any Error).self) { try DeepMouse.Evaluate.parse(["--model", "m.json"]) }
        #expect((try? DeepMouse.Evaluate.parse(["--model", "m.dmm", "--left", "a", "--right", "b"])) != nil)
        #expect(throws: (any Error).self) {
            try DeepMouse.Evaluate.parse(["--model", "m.dmm", "--split", "touchpad", "--window", "200"])
        }
        #expect((try? DeepMouse.Evaluate.parse(["--model", "m.json", "--split", "touchpad"])) != nil)
        let ensemble = try DeepMouse.Evaluate.parse(["--model", "a.json", "--model", "b.json", "--split", "mouse"])
        #expect(ensemble.model == ["a.json", "b.json"])
        #expect(throws: (any Error).self) { try DeepMouse.Evaluate.parse(["--split", "mouse"]) }
        // --decide-over sets the scored window itself, also for a .dmm; with --window it is ambiguous.
        #expect(
            try DeepMouse.Evaluate.parse(["--model", "m.dmm", "--split", "mouse", "--decide-over", "800"]).decideOver
                == 800)
        #expect(throws: (any Error).self) {
            try DeepMouse.Evaluate.parse([
                "--model", "m.json", "--split", "mouse", "--decide-over", "800", "--window", "400"
            ])
        }
        #expect(
            try DeepMouse.Evaluate.parse([
                "--model", "m.json", "--split", "mouse", "--decide-over", "800", "--decide-stride", "50"
            ]).decideStride == 50)
        #expect(throws: (any Error).self) {
            try DeepMouse.Evaluate.parse(["--model", "m.json", "--split", "mouse", "--decide-stride", "50"])
        }
        // export --evidence-*: decision parameters for the file, checked like the daemon's flags.
        let export = try DeepMouse.Export.parse([
            "m.json", "-o", "m.dmm", "--evidence-retention", "0.99", "--evidence-threshold", "12",
            "--evidence-cap", "18"
        ])
        #expect(export.decision == DecisionParameters(retentionQ15: 32440, thresholdQ8: 3072, capQ8: 4608))
        #expect(try DeepMouse.Export.parse(["m.json", "-o", "m.dmm"]).decision == nil)
        // The idle and minimum hops alone also store an entry, the evidence fields at their defaults.
        #expect(
            try DeepMouse.Export.parse(["m.json", "-o", "m.dmm", "--idle-hops", "12"]).decision
                == DecisionParameters(idleHopsToUnknown: 12))
        #expect(
            try DeepMouse.Export.parse(["m.json", "-o", "m.dmm", "--min-hops-between-changes", "25"]).decision
                == DecisionParameters(minimumHopsBetweenChanges: 25))
        for bad in [
            ["--evidence-threshold", "8"], ["--evidence-retention", "1"], ["--evidence-cap", "300"],
            ["--idle-hops", "0"], ["--idle-hops", "1000001"], ["--min-hops-between-changes=-1"],
            ["--min-hops-between-changes", "1000001"]
        ] {
            #expect(throws: (any Error).self, "\(bad)") { try DeepMouse.Export.parse(["m.json", "-o", "m.dmm"] + bad) }
        }
    }
}
