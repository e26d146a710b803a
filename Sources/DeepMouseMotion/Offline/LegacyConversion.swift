import DeepMouseCore

/// Turns a legacy `x,y` cursor recording (screen pixels, one position per 10 ms) into an evemu
/// touchpad recording: one long touch on a given pad, at a given gain (`pixelsPerMillimetre`),
/// that the daemon and the trainer read back as the same motion. The one implementation behind
/// `deepmouse dataset convert --to evemu` and the daemon's equivalence test.
///
/// Positions become device units per axis as `round(p * unitsPerMillimetre / pixelsPerMillimetre)`
/// (absolute positions are rounded, so rounding never accumulates), shifted to the middle of the
/// pad's range. Timing: the touch-down frame early in cell 1 (11 ms), position `i`'s frame in
/// the middle of cell `i` (`i * 10 ms + 5 ms`; none when nothing changed, as evdev), the lift
/// early in cell N (N positions). So delta `d[i] = p[i] - p[i-1]` lands in cell `i`:
/// - `deepmoused --replay` (grid started at the first event) sees cells 1 ... N-1 = d[1] ... d[N-1],
///   exactly the trainer's legacy stream, and closes them all (the lift's cell N comes after);
/// - the offline `EvemuMotion` stream starts at the first motion frame (a still start is not
///   motion: leading zero deltas are dropped) and ends with the lift's empty cell N.
public enum LegacyConversion {
    /// Why a conversion is impossible.
    public enum Failure: Error, Equatable, Sendable {
        /// The description is not a touchpad (no ABS_X/ABS_Y with BTN_TOOL_FINGER).
        case notATouchpad
        /// `pixelsPerMillimetre` is not a positive finite number.
        case badGain
        /// No positions.
        case noPositions
        /// The positions span `span` device units on `axis`, more than its range `range`: use a
        /// larger pad or a larger `--px-per-mm`.
        case doesNotFit(axis: UInt16, span: Int64, range: Int64)
        /// Position `index` (0-based) is not a finite number of a sensible size.
        case badPosition(index: Int)

        /// A one-line explanation.
        public func write<Sink: ByteSink>(to out: inout Sink) {
            switch self {
            case .notATouchpad: out.append("the device description is not a touchpad (ABS_X/ABS_Y and BTN_TOOL_FINGER)")
            case .badGain: out.append("--px-per-mm must be a positive number")
            case .noPositions: out.append("no positions to convert")
            case .badPosition(let index):
                out.append("position ")
                out.append(decimal: Int64(index) + 1)
                out.append(" is not a finite coordinate below 1e9")
            case .doesNotFit(let axis, let span, let range):
                out.append("the cursor path spans ")
                out.append(decimal: span)
                out.append(axis == AbsCode.x || axis == AbsCode.mtPositionX ? " units in x" : " units in y")
                out.append(", more than the pad's range of ")
                out.append(decimal: range)
                out.append(" (use a larger pad description or a larger --px-per-mm)")
            }
        }
    }

    /// The pad used when no description is given: 10 units/mm on 0 ... 100000 in x and y, two
    /// slots, so at `pixelsPerMillimetre` 10 one device unit is exactly one pixel.
    public static var replayPad: DeviceDescription {
        var d = DeviceDescription(
            name: "DeepMouse legacy replay pad", id: InputID(bustype: 0x18, vendor: 1, product: 1, version: 1))
        d.properties.insert(InputProperty.pointer)
        for k in [KeyCode.btnLeft, KeyCode.btnToolFinger, KeyCode.btnTouch, KeyCode.btnToolDoubleTap] {
            d.enable(type: EventType.key, code: k)
        }
        d.enable(type: EventType.syn, code: SynCode.report)
        for code in [AbsCode.x, AbsCode.y, AbsCode.mtPositionX, AbsCode.mtPositionY] {
            d.setAbsAxis(AbsAxis(code: code, minimum: 0, maximum: 100_000, resolution: replayPadUnitsPerMillimetre))
        }
        d.setAbsAxis(AbsAxis(code: AbsCode.mtSlot, minimum: 0, maximum: 1))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtTrackingID, minimum: 0, maximum: 65535))
        return d
    }

    /// The replay pad's resolution (units per millimetre).
    public static let replayPadUnitsPerMillimetre: Int32 = 10

    /// Writes the `E:` lines for `positions` (x, y in pixels) on `device` (microseconds without
    /// leading zeros, as everything DeepMouse writes).
    public static func writeEvents<Sink: ByteSink>(
        positions: [(x: Double, y: Double)], device: DeviceDescription,
        pixelsPerMillimetre: Double, to out: inout Sink
    ) throws(Failure) {
        guard device.kind == .touchpad, let scale = device.touchScale else { throw .notATouchpad }
        guard pixelsPerMillimetre > 0, pixelsPerMillimetre.isFinite else { throw .badGain }
        guard !positions.isEmpty else { throw .noPositions }
        var k = 0
        while k < positions.count {
            let p = positions[k]
            guard p.x.isFinite, p.y.isFinite, p.x.magnitude < 1e9, p.y.magnitude < 1e9 else {
                throw .badPosition(index: k)
            }
            k += 1
        }
        let multitouch = device.hasMultitouchSlots
        let xAxis = device.absAxis(multitouch ? AbsCode.mtPositionX : AbsCode.x)!
        let yAxis = device.absAxis(multitouch ? AbsCode.mtPositionY : AbsCode.y)!
        let kx = Double(scale.x.unitsPerMillimetre) / pixelsPerMillimetre
        let ky = Double(scale.y.unitsPerMillimetre) / pixelsPerMillimetre
        guard kx < 1e6, ky < 1e6 else { throw .badGain }
        let offsetX = try offset(positions.map { ($0.x * kx).rounded() }, axis: xAxis)
        let offsetY = try offset(positions.map { ($0.y * ky).rounded() }, axis: yAxis)
        func units(_ i: Int) -> (Int32, Int32) {
            (
                Int32(Int64((positions[i].x * kx).rounded()) + offsetX),
                Int32(Int64((positions[i].y * ky).rounded()) + offsetY)
            )
        }
        func ev(_ t: Int64, _ type: UInt16, _ code: UInt16, _ value: Int32) {
            guard type == EventType.syn || device.has(type: type, code: code) else { return }
            EvemuWriter.writeEvent(
                InputEvent(time: t, type: type, code: code, value: value), style: .unpadded, to: &out)
        }
        var t: Int64 = 11_000
        var (x, y) = units(0)
        if multitouch {
            ev(t, EventType.abs, AbsCode.mtSlot, 0)
            ev(t, EventType.abs, AbsCode.mtTrackingID, 1)
            ev(t, EventType.abs, AbsCode.mtPositionX, x)
            ev(t, EventType.abs, AbsCode.mtPositionY, y)
        }
        ev(t, EventType.abs, AbsCode.x, x)
        ev(t, EventType.abs, AbsCode.y, y)
        ev(t, EventType.key, KeyCode.btnTouch, 1)
        ev(t, EventType.key, KeyCode.btnToolFinger, 1)
        ev(t, EventType.syn, SynCode.report, 0)
        var i = 1
        while i < positions.count {
            let (nx, ny) = units(i)
            if nx != x || ny != y {
                t = Int64(i) * MotionGrid.cellMicroseconds + 5_000
                if multitouch && nx != x { ev(t, EventType.abs, AbsCode.mtPositionX, nx) }
                if multitouch && ny != y { ev(t, EventType.abs, AbsCode.mtPositionY, ny) }
                if nx != x { ev(t, EventType.abs, AbsCode.x, nx) }
                if ny != y { ev(t, EventType.abs, AbsCode.y, ny) }
                ev(t, EventType.syn, SynCode.report, 0)
                (x, y) = (nx, ny)
            }
            i += 1
        }
        t = Int64(positions.count) * MotionGrid.cellMicroseconds + 1_000
        if multitouch { ev(t, EventType.abs, AbsCode.mtTrackingID, -1) }
        ev(t, EventType.key, KeyCode.btnTouch, 0)
        ev(t, EventType.key, KeyCode.btnToolFinger, 0)
        ev(t, EventType.syn, SynCode.report, 0)
    }

    /// A whole recording: `# EVEMU` line, `labels`, the description, the events.
    public static func evemu(
        positions: [(x: Double, y: Double)], device: DeviceDescription = replayPad,
        pixelsPerMillimetre: Double = Double(replayPadUnitsPerMillimetre),
        labels: RecordingLabels = RecordingLabels()
    ) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        RecordingLabels.writeHeader(device, labels: labels, to: &out)
        try writeEvents(positions: positions, device: device, pixelsPerMillimetre: pixelsPerMillimetre, to: &out)
        return out
    }

    /// The shift that centres `values` (rounded units) in `axis`'s range.
    private static func offset(_ values: [Double], axis: AbsAxis) throws(Failure) -> Int64 {
        var lo = Int64.max
        var hi = Int64.min
        for v in values {
            lo = min(lo, Int64(v))
            hi = max(hi, Int64(v))
        }
        let span = hi - lo
        guard span <= axis.span else { throw .doesNotFit(axis: axis.code, span: span, range: axis.span) }
        return Int64(axis.minimum) + (axis.span - span) / 2 - lo
    }
}

extension RecordingLabels {
    /// Writes `# EVEMU 1.3`, the labels, then the rest of `device`'s description.
    public static func writeHeader<Sink: ByteSink>(
        _ device: DeviceDescription, labels: RecordingLabels, to out: inout Sink
    ) {
        var description: [UInt8] = []
        EvemuWriter.writeDescription(device, to: &description)
        var i = 0
        while i < description.count {
            out.append(byte: description[i])
            i += 1
            if description[i - 1] == 0x0a { break }
        }
        labels.write(to: &out)
        while i < description.count {
            out.append(byte: description[i])
            i += 1
        }
    }
}
