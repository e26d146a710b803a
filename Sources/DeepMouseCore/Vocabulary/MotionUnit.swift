/// The unit of a motion stream's deltas: what a model was trained on and reads, what a
/// recording holds, and what the daemon maps each device's motion into.
///
/// The raw values are the model file's `arch.inputUnit` field.
public enum MotionUnit: Int32, Sendable {
    /// Screen-cursor pixels: the legacy DeepMouse recordings and the shipped models.
    case px = 0
    /// Millimetres of finger travel on a touchpad (evemu touchpads with a resolution).
    case mm = 1
    /// Mouse and pointing-stick REL counts.
    case counts = 2

    /// The unit's name in files, manifests and output lines: `px`, `mm`, `counts`.
    public var name: StaticString {
        switch self {
        case .px: return "px"
        case .mm: return "mm"
        case .counts: return "counts"
        }
    }

    /// The unit called `name`, if any.
    public init?<Bytes: Collection<UInt8>>(name bytes: Bytes) {
        var raw: Int32 = 0
        while let unit = MotionUnit(rawValue: raw) {
            if bytes.elementsEqual(unit.name.bytes) {
                self = unit
                return
            }
            raw += 1
        }
        return nil
    }
}
