import DeepMouseCore

/// The settings `deepmouse train` starts from, per kind of data, so that a touchpad recording is not
/// trained with the mouse study's 8-s windows. The touchpad and mouse recipes are those of the shipped
/// models (their cards give the runs that chose them); every flag given on the command line wins.
public struct TrainingRecipe: Equatable, Sendable {
    /// Which recipe: `original` is the study's network on all samples.
    public enum Name: String, CaseIterable, Sendable {
        case original, touchpad, mouse
    }

    public var name: Name
    /// Samples per window (moving samples when `movingSamplesOnly`).
    public var window: Int
    /// Samples between training windows.
    public var stride: Int
    public var hidden: Int
    public var readout: ModelConfig.Readout
    public var movingSamplesOnly: Bool
    public var epochs: Int
    public var patience: Int

    /// The original study's Conv3 + GRU(128) on 8-s windows of every sample.
    public static let original = TrainingRecipe(
        name: .original, window: 800, stride: 200, hidden: 128, readout: .last, movingSamplesOnly: false,
        epochs: 30, patience: 5)
    /// `firmware-models/touchpad.dmm`'s recipe: 1.04 s of motion, GRU 64, mean readout.
    public static let touchpad = TrainingRecipe(
        name: .touchpad, window: 104, stride: 13, hidden: 64, readout: .mean, movingSamplesOnly: true,
        epochs: 40, patience: 10)
    /// `firmware-models/mouse.dmm`'s recipe: 4 s of motion, GRU 128.
    public static let mouse = TrainingRecipe(
        name: .mouse, window: 400, stride: 50, hidden: 128, readout: .last, movingSamplesOnly: true,
        epochs: 40, patience: 10)

    public static func named(_ name: Name) -> TrainingRecipe {
        switch name {
        case .original: return .original
        case .touchpad: return .touchpad
        case .mouse: return .mouse
        }
    }

    /// The recipe for data in `unit`: touchpad millimetres and mouse counts (what `deepmoused record`
    /// writes) get their device's recipe; the study's screen pixels keep the original one.
    public static func forData(in unit: MotionUnit) -> TrainingRecipe {
        switch unit {
        case .mm: return .touchpad
        case .counts: return .mouse
        case .px: return .original
        }
    }

    /// One line for the log: the recipe and what it sets.
    public var summary: String {
        "window \(window)\(movingSamplesOnly ? " moving" : "") samples, stride \(stride), GRU \(hidden), "
            + "\(readout.rawValue) readout, \(epochs) epochs, patience \(patience)"
    }
}
