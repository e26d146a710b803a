import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// The daemon's output format.
public enum OutputFormat: Sendable {
    /// JSON Lines (`{"v":1,...}`), the default: one object per line, readers ignore unknown keys.
    case json
    /// One short line per fact, for people.
    case text
}

/// Formats the daemon's output lines into a `LineBuffer` (no allocation). Every line ends with
/// "\n" and stays under 4096 bytes (device names are cut at 200 bytes), so a FIFO write of one
/// line is atomic (PIPE_BUF).
public struct LineFormatter {
    public var format: OutputFormat
    /// Text lines start with the local time of day (`14:03:07.250`) instead of the event clock's
    /// seconds: set by the live daemon; a replay keeps the recording's own clock.
    public var localTimeOfDay = false
    public static let maximumNameBytes = 200

    public init(format: OutputFormat) { self.format = format }

    /// A hand change: `{"v":1,"t":12.340,"type":"hand","hand":"left","p_left":0.930,"device":"/dev/input/event5"}`.
    public func hand(_ hand: HandState, pLeftQ15: Int32, time: Int64, device: [UInt8], into line: inout LineBuffer) {
        line.removeAll()
        switch format {
        case .json:
            open(&line, time: time, type: "hand")
            line.append(",\"hand\":\"")
            line.append(hand.name)
            line.append("\",\"p_left\":")
            appendProbability(pLeftQ15, &line)
            line.append(",\"device\":")
            line.append(jsonString: device, limit: LineFormatter.maximumNameBytes)
            line.append("}\n")
        case .text:
            appendSeconds(time, &line)
            line.append(" ")
            line.append(contentsOf: device)
            line.append(" hand ")
            line.append(hand.name)
            line.append(" (p_left ")
            appendProbability(pLeftQ15, &line)
            line.append(")\n")
        }
    }

    /// A per-hop decision (`--decisions`): `{"v":1,"t":..,"type":"decision","p_left":0.930,"idle":false,"hand":"left","device":".."}`.
    public func decision(
        _ d: StreamingDecision, hand: HandState, time: Int64, device: [UInt8], into line: inout LineBuffer
    ) {
        line.removeAll()
        switch format {
        case .json:
            open(&line, time: time, type: "decision")
            line.append(",\"p_left\":")
            appendProbability(Int32(d.pLeftQ15), &line)
            line.append(d.idle ? ",\"idle\":true" : ",\"idle\":false")
            line.append(",\"logit_q12\":")
            line.append(decimal: Int64(d.logitQ12))
            line.append(",\"hand\":\"")
            line.append(hand.name)
            line.append("\",\"device\":")
            line.append(jsonString: device, limit: LineFormatter.maximumNameBytes)
            line.append("}\n")
        case .text:
            appendSeconds(time, &line)
            line.append(" ")
            line.append(contentsOf: device)
            line.append(" decision p_left ")
            appendProbability(Int32(d.pLeftQ15), &line)
            line.append(d.idle ? " idle " : " ")
            line.append(hand.name)
            line.append("\n")
        }
    }

    /// A 100 Hz cell (`--motion`): `{"v":1,"t":..,"type":"motion","dx_units":65,"dy_units":-3,"device":".."}`.
    /// `t` is the start of the cell.
    public func motion(_ cell: MotionCell, device: [UInt8], into line: inout LineBuffer) {
        line.removeAll()
        switch format {
        case .json:
            open(&line, time: cell.startTime, type: "motion")
            line.append(",\"dx_units\":")
            line.append(decimal: Int64(cell.dx))
            line.append(",\"dy_units\":")
            line.append(decimal: Int64(cell.dy))
            line.append(",\"device\":")
            line.append(jsonString: device, limit: LineFormatter.maximumNameBytes)
            line.append("}\n")
        case .text:
            appendSeconds(cell.startTime, &line)
            line.append(" ")
            line.append(contentsOf: device)
            line.append(" motion ")
            line.append(decimal: Int64(cell.dx))
            line.append(" ")
            line.append(decimal: Int64(cell.dy))
            line.append("\n")
        }
    }

    /// Some pointer button is held (`down`), or every button is up again (`up`):
    /// `{"v":1,"t":..,"type":"buttons","state":"down","device":".."}`. Printed at each change between
    /// the two (libinput switches `left_handed` only when every button is up; see `PointerButtons`).
    public func buttons(held: Bool, time: Int64, device: [UInt8], into line: inout LineBuffer) {
        line.removeAll()
        switch format {
        case .json:
            open(&line, time: time, type: "buttons")
            line.append(held ? ",\"state\":\"down\",\"device\":" : ",\"state\":\"up\",\"device\":")
            line.append(jsonString: device, limit: LineFormatter.maximumNameBytes)
            line.append("}\n")
        case .text:
            appendSeconds(time, &line)
            line.append(" ")
            line.append(contentsOf: device)
            line.append(held ? " buttons down\n" : " buttons up\n")
        }
    }

    /// What the daemon says about a device it opened.
    public struct DeviceFacts {
        public var path: [UInt8]
        public var name: [UInt8]
        /// The kernel's vendor and product ids (`struct input_id`; sway names a device
        /// `vendor:product:name` with them).
        public var vendor: UInt16
        public var product: UInt16
        public var kind: DeviceKind
        public var classifiedByUdev: Bool
        /// `monotonic`, `converted` (to monotonic, see `EventClock`) or `recording` (replay).
        public var clock: StaticString
        public var unit: MotionUnit
        public var unitsPerMillimetre: (x: Int32, y: Int32)?
        public var resolutionGuessed: Bool

        public init(
            path: [UInt8], name: [UInt8], vendor: UInt16 = 0, product: UInt16 = 0, kind: DeviceKind,
            classifiedByUdev: Bool, clock: StaticString, unit: MotionUnit, unitsPerMillimetre: (x: Int32, y: Int32)?,
            resolutionGuessed: Bool
        ) {
            self.path = path
            self.name = name
            self.vendor = vendor
            self.product = product
            self.kind = kind
            self.classifiedByUdev = classifiedByUdev
            self.clock = clock
            self.unit = unit
            self.unitsPerMillimetre = unitsPerMillimetre
            self.resolutionGuessed = resolutionGuessed
        }
    }

    /// `{"v":1,"t":..,"type":"device","event":"added","device":"..","name":"..","vendor":1739,"product":30383,
    /// "kind":"touchpad",...}` (ids in decimal).
    public func deviceAdded(_ f: DeviceFacts, time: Int64, into line: inout LineBuffer) {
        line.removeAll()
        switch format {
        case .json:
            open(&line, time: time, type: "device")
            line.append(",\"event\":\"added\",\"device\":")
            line.append(jsonString: f.path, limit: LineFormatter.maximumNameBytes)
            line.append(",\"name\":")
            line.append(jsonString: f.name, limit: LineFormatter.maximumNameBytes)
            line.append(",\"vendor\":")
            line.append(decimal: Int64(f.vendor))
            line.append(",\"product\":")
            line.append(decimal: Int64(f.product))
            line.append(",\"kind\":\"")
            line.append(f.kind.label)
            line.append(f.classifiedByUdev ? "\",\"classified_by\":\"udev\"" : "\",\"classified_by\":\"capabilities\"")
            line.append(",\"clock\":\"")
            line.append(f.clock)
            line.append("\"")
            line.append(",\"unit\":\"")
            line.append(f.unit.name)
            line.append("\"")
            if let u = f.unitsPerMillimetre {
                line.append(",\"units_per_mm\":[")
                line.append(decimal: Int64(u.x))
                line.append(",")
                line.append(decimal: Int64(u.y))
                line.append(f.resolutionGuessed ? "],\"resolution\":\"guessed\"" : "],\"resolution\":\"kernel\"")
            }
            line.append("}\n")
        case .text:
            appendSeconds(time, &line)
            line.append(" ")
            line.append(contentsOf: f.path)
            line.append(" added ")
            line.append(f.kind.label)
            line.append(" \"")
            line.append(printableASCII: f.name, limit: LineFormatter.maximumNameBytes)
            line.append("\"\n")
        }
    }

    /// `{"v":1,"t":..,"type":"device","event":"removed","device":"..","reason":".."}`.
    public func deviceRemoved(path: [UInt8], reason: StaticString, time: Int64, into line: inout LineBuffer) {
        line.removeAll()
        switch format {
        case .json:
            open(&line, time: time, type: "device")
            line.append(",\"event\":\"removed\",\"device\":")
            line.append(jsonString: path, limit: LineFormatter.maximumNameBytes)
            line.append(",\"reason\":\"")
            line.append(reason)
            line.append("\"}\n")
        case .text:
            appendSeconds(time, &line)
            line.append(" ")
            line.append(contentsOf: path)
            line.append(" removed (")
            line.append(reason)
            line.append(")\n")
        }
    }

    // MARK: pieces

    private func open(_ line: inout LineBuffer, time: Int64, type: StaticString) {
        line.append("{\"v\":1,\"t\":")
        appendSeconds(time, &line)
        line.append(",\"type\":\"")
        line.append(type)
        line.append("\"")
    }

    /// Microseconds as seconds with millisecond precision (`12.340`), rounded to nearest.
    public func appendSeconds(_ micros: Int64, _ line: inout LineBuffer) {
        if localTimeOfDay && format == .text {
            let t = MonotonicClock.localTimeOfDay(at: micros)
            appendPadded(t.hour, 2, &line)
            line.append(":")
            appendPadded(t.minute, 2, &line)
            line.append(":")
            appendPadded(t.second, 2, &line)
            line.append(".")
            appendPadded(t.millisecond, 3, &line)
            return
        }
        let ms = micros >= 0 ? (micros + 500) / 1000 : -((-micros + 500) / 1000)
        line.append(fixed: ms, decimals: 3)
    }

    /// `value` (0 or more) with leading zeros to `digits` digits.
    func appendPadded(_ value: Int32, _ digits: Int, _ line: inout LineBuffer) {
        var bound: Int32 = 10
        for _ in 1..<digits {
            if value < bound { line.append("0") }
            bound &*= 10
        }
        line.append(decimal: Int64(value))
    }

    /// Q15 probability with three decimals (`0.930`), rounded to nearest.
    public func appendProbability(_ q15: Int32, _ line: inout LineBuffer) {
        let p = Int64(q15 < 0 ? 0 : (q15 > 32_768 ? 32_768 : q15))
        line.append(fixed: (p * 1000 + 16_384) / 32_768, decimals: 3)
    }
}
