/// The state of one LED or switch code (evemu `L:` / `S:` lines).
public struct CodeState: Equatable, Sendable {
    public var code: UInt16
    public var value: Int32
    public init(code: UInt16, value: Int32) {
        self.code = code
        self.value = value
    }
}

/// The bus, vendor, product and version of an input device (`struct input_id`, evemu `I:` line).
public struct InputID: Equatable, Sendable {
    public var bustype: UInt16
    public var vendor: UInt16
    public var product: UInt16
    public var version: UInt16

    public init(bustype: UInt16 = 0, vendor: UInt16 = 0, product: UInt16 = 0, version: UInt16 = 0) {
        self.bustype = bustype
        self.vendor = vendor
        self.product = product
        self.version = version
    }
}

/// Everything DeepMouse knows about a device before its first event: what an evemu header holds
/// and what libevdev reports after `libevdev_new_from_fd`.
///
/// Live devices and recordings are described the same way, so classification, touch tracking
/// and unit conversion cannot tell them apart.
public struct DeviceDescription: Equatable, Sendable {
    /// The kernel's device name, as bytes (names are not guaranteed to be UTF-8).
    public var nameBytes: [UInt8]
    public var id: InputID
    /// `INPUT_PROP_*` bits.
    public var properties: CodeSet
    /// Supported codes per event type, indexed by `EV_*` (0 ... `EventType.max`).
    public var capabilities: [CodeSet]
    /// Absolute axes, ascending by code.
    public var absAxes: [AbsAxis]
    /// `L:` lines (LED code and state), kept so that a description round-trips.
    public var ledStates: [CodeState]
    /// `S:` lines (switch code and state), kept so that a description round-trips.
    public var switchStates: [CodeState]

    /// An empty description (no capabilities).
    public init(name: String = "", id: InputID = InputID()) {
        nameBytes = Array(name.utf8)
        self.id = id
        properties = CodeSet(byteCount: 8)
        capabilities = []
        for type in 0...EventType.max {
            capabilities.append(CodeSet(byteCount: CodeSet.byteCount(forType: type)))
        }
        absAxes = []
        ledStates = []
        switchStates = []
    }

    /// The name decoded as UTF-8 (invalid bytes become U+FFFD).
    public var name: String {
        get { String(decoding: nameBytes, as: UTF8.self) }
        set { nameBytes = Array(newValue.utf8) }
    }

    /// True when the device reports event type `type`.
    public func has(type: UInt16) -> Bool {
        capabilities[Int(EventType.syn)].contains(type)
    }

    /// True when the device reports `code` of `type`.
    public func has(type: UInt16, code: UInt16) -> Bool {
        guard Int(type) < capabilities.count else { return false }
        return capabilities[Int(type)].contains(code)
    }

    /// True when the device has property `property` (`INPUT_PROP_*`).
    public func has(property: UInt16) -> Bool { properties.contains(property) }

    /// Declares `code` of `type` (and the type itself) as supported.
    public mutating func enable(type: UInt16, code: UInt16) {
        capabilities[Int(EventType.syn)].insert(type)
        if type != EventType.syn { capabilities[Int(type)].insert(code) }
    }

    /// Adds or replaces an absolute axis and enables it.
    public mutating func setAbsAxis(_ axis: AbsAxis) {
        enable(type: EventType.abs, code: axis.code)
        if let i = absAxes.firstIndex(where: { $0.code == axis.code }) {
            absAxes[i] = axis
        } else {
            absAxes.append(axis)
            absAxes.sort { $0.code < $1.code }
        }
    }

    /// The absolute axis `code`, if the device has it.
    public func absAxis(_ code: UInt16) -> AbsAxis? {
        for a in absAxes where a.code == code { return a }
        return nil
    }
}
