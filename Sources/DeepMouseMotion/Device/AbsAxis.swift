/// One absolute axis as the kernel describes it (`struct input_absinfo`, evemu `A:` line).
///
/// Touchpad motion is measured in these units; `resolution` (units per millimetre for x/y) is
/// what turns them into millimetres, and real pads differ a lot (e.g. 32, 65 or 136 units/mm).
public struct AbsAxis: Equatable, Sendable {
    /// `ABS_*` code.
    public var code: UInt16
    public var minimum: Int32
    public var maximum: Int32
    public var fuzz: Int32
    public var flat: Int32
    /// Units per millimetre for position axes (0 = the kernel does not know).
    public var resolution: Int32
    /// The current value (`EVIOCGABS`; evemu files do not carry it, so it is usually 0).
    public var value: Int32

    public init(
        code: UInt16, minimum: Int32, maximum: Int32, fuzz: Int32 = 0, flat: Int32 = 0,
        resolution: Int32 = 0, value: Int32 = 0
    ) {
        self.code = code
        self.minimum = minimum
        self.maximum = maximum
        self.fuzz = fuzz
        self.flat = flat
        self.resolution = resolution
        self.value = value
    }

    /// The axis span in device units.
    public var span: Int64 { Int64(maximum) - Int64(minimum) }
}

/// How device units on one axis become millimetres.
///
/// When the kernel reports a resolution, that is used as is. When it reports 0 (older drivers,
/// e.g. the Elantech pad in ../shared: 1280 x 704 units, resolution 0) we assume the axis spans
/// `AxisScale.fallbackSpanMillimetres` (100 mm, a typical laptop touchpad width) and say so:
/// `isFallback` is set and the daemon prints it at startup. A y axis without resolution uses the
/// x axis's units/mm (square units) when x has a real one, the fallback span otherwise.
public struct AxisScale: Equatable, Sendable {
    /// Device units per millimetre (always > 0).
    public var unitsPerMillimetre: Int32
    /// True when `unitsPerMillimetre` was guessed because the kernel reported no resolution.
    public var isFallback: Bool

    public init(unitsPerMillimetre: Int32, isFallback: Bool) {
        self.unitsPerMillimetre = unitsPerMillimetre > 0 ? unitsPerMillimetre : 1
        self.isFallback = isFallback
    }

    /// The span assumed for an axis whose resolution is 0.
    public static let fallbackSpanMillimetres: Int64 = 100

    /// The scale of `axis`, or the fallback for it.
    public static func of(_ axis: AbsAxis) -> AxisScale {
        if axis.resolution > 0 { return AxisScale(unitsPerMillimetre: axis.resolution, isFallback: false) }
        let guess = (axis.span + fallbackSpanMillimetres / 2) / fallbackSpanMillimetres
        return AxisScale(unitsPerMillimetre: Int32(clamping: max(guess, 1)), isFallback: true)
    }

    /// Scales for an x/y pair, applying the square-units rule for a y axis without resolution.
    public static func pair(x: AbsAxis, y: AbsAxis) -> (x: AxisScale, y: AxisScale) {
        let sx = of(x)
        var sy = of(y)
        if sy.isFallback && !sx.isFallback {
            sy = AxisScale(unitsPerMillimetre: sx.unitsPerMillimetre, isFallback: true)
        }
        if sy.isFallback && sx.isFallback { sy = sx }
        return (sx, sy)
    }
}
