import DeepMouseCore

/// How one device's motion is mapped into a model's input unit: the per-axis gain in model
/// units per device unit that `InputScaler` is built with.
///
/// - model in px (the shipped models, trained on screen-cursor pixels): touchpads use
///   `pixelsPerMillimetre` (`--px-per-mm`, default `UnitMapping.defaultPixelsPerMillimetre`)
///   divided by each axis's units/mm; mice and pointing sticks use `pixelsPerCount` (1).
/// - model in mm: touchpads only, 1 / (units/mm) per axis.
/// - model in counts: mice and pointing sticks only, 1.
public struct UnitMapping: Equatable, Sendable {
    /// The default touchpad gain, px per mm of finger travel, that puts touchpad motion on the
    /// scale of the legacy cursor data the shipped models learned from: libinput's unaccelerated
    /// touchpad pointer speed (motion normalised to 1000 dpi = 39.37 units/mm, times its
    /// TP_MAGIC_SLOWDOWN 0.2968 = 11.7 px/mm), rounded to 12. A data check agrees within its
    /// (large) spread: the legacy touchpad cursor moves 5.8-8.4 px per 10 ms while moving, the
    /// touchpad recordings in ../shared 0.19-0.95 mm per 10 ms, ratios 7-40, median about 15.
    public static let defaultPixelsPerMillimetre = 12.0

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
        /// A touch device whose description gives no ABS_X/ABS_Y ranges (no `A:` lines in a
        /// recording): its motion cannot be put in millimetres.
        case touchWithoutAxes
    }

    /// The mapping for `device` feeding a model with input unit `unit`.
    public static func forDevice(
        _ device: DeviceDescription, source: TouchTracker.Source, modelUnit: MotionUnit,
        pixelsPerMillimetre: Double, pixelsPerCount: Double = 1
    ) throws(Mismatch) -> UnitMapping {
        let isRelative = source == .relative
        let scale = device.touchScale
        if !isRelative && scale == nil && modelUnit != .counts { throw .touchWithoutAxes }
        switch modelUnit {
        case .px:
            if isRelative { return UnitMapping(x: pixelsPerCount, y: pixelsPerCount) }
            guard let scale else { throw .modelNeedsRelativeDevice }
            return UnitMapping(
                x: pixelsPerMillimetre / Double(scale.x.unitsPerMillimetre),
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
