/// The original study's experiments as named recipes: `deepmouse sweep --preset NAME` (or
/// `deepmouse search --preset NAME`) runs one with the grid, seeds or folds it needs. Every
/// setting can still be overridden on the command line.
public struct ExperimentPreset: Sendable {
    public var name: String
    public var summary: String
    /// `--grid` specs (sweeps) or `--param` specs (searches).
    public var grid: [String]
    public var seeds: String
    public var crossValidation: Bool
    /// Search presets: the trial budget.
    public var budget: Int?

    public static let sweeps: [ExperimentPreset] = [
        .init(
            name: "lr", summary: "learning-rate comparison over 3 seeds",
            grid: ["lr=1e-4,3e-4,1e-3,3e-3,1e-2"], seeds: "1,2,3", crossValidation: false),
        .init(
            name: "batch-size", summary: "batch size with cross-validation by session",
            grid: ["batch-size=8,16,32,64,128"], seeds: "1", crossValidation: true),
        .init(
            name: "dropout", summary: "input x recurrent dropout grid",
            grid: ["input-dropout=0,0.2,0.4", "recurrent-dropout=0,0.2,0.4"], seeds: "1,2", crossValidation: false),
        .init(
            name: "train-size", summary: "training-set size curve (fraction of the train windows)",
            grid: ["train-fraction=0.1,0.25,0.5,0.75,1"], seeds: "1,2,3", crossValidation: false),
        .init(
            name: "recurrent", summary: "LSTM vs GRU",
            grid: ["recurrent=gru,lstm"], seeds: "1,2,3", crossValidation: false),
        .init(
            name: "conv-layers", summary: "number of conv blocks before the recurrent layer",
            grid: ["conv-layers=0,1,2,3"], seeds: "1,2,3", crossValidation: false),
        .init(
            name: "recurrent-conv-dropout", summary: "recurrent dropout x dropout between convs",
            grid: ["recurrent-dropout=0,0.25,0.5", "conv-dropout=0,0.25,0.5"], seeds: "1,2", crossValidation: false),
        .init(
            name: "l1", summary: "L1 penalty on the weights",
            grid: ["l1=0,1e-6,1e-5,1e-4,1e-3"], seeds: "1,2,3", crossValidation: false),
        .init(
            name: "window", summary: "window length 200..1200 samples (2..12 s)",
            grid: ["window=200,300,400,500,600,800,1000,1200"], seeds: "1,2,3", crossValidation: false)
    ]

    public static let searches: [ExperimentPreset] = [
        .init(
            name: "recurrent-lr", summary: "Bayesian search of recurrent size and learning rate (surrogate maps)",
            grid: ["hidden:16:256:log-integer", "lr:1e-4:1e-2:log"], seeds: "1", crossValidation: false, budget: 20),
        .init(
            name: "dropout-lr", summary: "Bayesian search of recurrent dropout and learning rate",
            grid: ["recurrent-dropout:0:0.6", "lr:1e-4:1e-2:log"], seeds: "1", crossValidation: false, budget: 20)
    ]

    public static func sweep(_ name: String) -> ExperimentPreset? { sweeps.first { $0.name == name } }
    public static func search(_ name: String) -> ExperimentPreset? { searches.first { $0.name == name } }
}
