import ArgumentParser

/// The workstation command: train, evaluate, export, inspect, experiments.
@main
struct DeepMouse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deepmouse",
        abstract: "Train and evaluate left/right-hand classifiers for pointing devices.",
        subcommands: [
            Train.self, Evaluate.self, Inspect.self, Export.self, Calibrate.self, Bench.self, Baseline.self, Sweep.self,
            Search.self,
            Report.self,
            DatasetTools.self
        ])
}
