import DeepMouseCore
import DeepMouseMotion

/// How one device's motion is mapped into a model's input unit: the per-axis gain in model
/// units per device unit that `InputScaler` is built with.
///
/// - model in px (the shipped models, trained on screen-cursor pixels): touchpads use
///   `pixelsPerMillimetre` (`--px-per-mm`, default `UnitMapping.defaultPixelsPerMillimetre`)
///   divided by each axis's units/mm; mice and pointing sticks use `pixelsPerCount` (1).
/// - model in mm: touchpads only, 1 / (units/mm) per axis.
/// - model in counts: mice and pointing sticks only, 1.
public struct UnitMapping: Equatable, Sendable {
    /// The default touchpad gain, px per mm of finger travel: the factor that puts touchpad
    /// motion on the scale of the legacy cursor data. libinput's touchpad pointer runs at about
    /// 4-12 px/mm depending on speed (its 1000-dpi normalisation times TP_MAGIC_SLOWDOWN, plus
    /// acceleration); 8 is the ratio of the legacy data's per-axis spread (3.4 / 2.9 px per
    /// 10 ms) to the spread of finger motion in the real touchpad recordings. See the README.
    public static let defaultPixelsPerMillimetre = 8.0

    /// Model units per device unit, per axis.
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Why a device cannot feed a model.
    public enum Mismatch: Error, Equatable, Sendable {
        case modelNeedsTouchpad
        case modelNeedsRelativeDevice
    }

    /// The mapping for `device` feeding a model with input unit `unit`.
    public static func forDevice(_ device: DeviceDescription, source: TouchTracker.Source, modelUnit: InputUnit,
                                 pixelsPerMillimetre: Double, pixelsPerCount: Double = 1) throws(Mismatch) -> UnitMapping {
        let isRelative = source == .relative
        let scale = device.touchScale
        switch modelUnit {
        case .px:
            if isRelative { return UnitMapping(x: pixelsPerCount, y: pixelsPerCount) }
            guard let scale else { throw .modelNeedsRelativeDevice }
            return UnitMapping(x: pixelsPerMillimetre / Double(scale.x.unitsPerMillimetre),
                               y: pixelsPerMillimetre / Double(scale.y.unitsPerMillimetre))
        case .mm:
            guard !isRelative, let scale else { throw .modelNeedsTouchpad }
            return UnitMapping(x: 1 / Double(scale.x.unitsPerMillimetre), y: 1 / Double(scale.y.unitsPerMillimetre))
        case .counts:
            guard isRelative else { throw .modelNeedsRelativeDevice }
            return UnitMapping(x: 1, y: 1)
        }
    }
}
