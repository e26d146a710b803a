import DeepMouseCore

/// Reads evemu recordings (`evemu-record` / `evemu-describe` output), byte by byte.
///
/// A file is an optional device description (`N:`, `I:`, `P:`, `B:`, `A:`, `L:`, `S:` lines) followed
/// by events (`E: sec.usec type code value`, type and code in hex). `#` starts a comment. The header
/// is parsed once into a `DeviceDescription`; events are then read one at a time by
/// `EvemuEventReader`, which allocates nothing, so `deepmoused --replay` streams a file of any size.
public enum EvemuParser {
    /// The parsed header and where the events start.
    public struct Header: Sendable {
        /// The device, when the file has an `N:`/`I:`/`B:`... header (`hasDescription`).
        public var description: DeviceDescription
        /// False for a bare `.events` file whose description lives in a separate `.desc` file.
        public var hasDescription: Bool
        /// Byte offset of the first line that is not part of the header.
        public var eventsOffset: Int
        /// 1-based line number at `eventsOffset`.
        public var eventsLine: Int
    }

    /// Parses the description at the top of `bytes` and stops at the first `E:` line.
    public static func parseHeader(_ bytes: UnsafeRawBufferPointer) throws(EvemuError) -> Header {
        var d = DeviceDescription()
        var seen = false
        var offsets = [Int](repeating: 0, count: Int(EventType.max) + 1)  // next B: byte per type
        var propertyOffset = 0
        var position = 0
        var number = 1
        var nameLine = 0
        var idLine = 0
        var previousMask = (start: 0, end: 0, line: 0)  // the last B: line's text after "B:"
        while position < bytes.count {
            let lineEnd = endOfLine(bytes, from: position)
            var line = EvemuLine(bytes: bytes, position: position, end: lineEnd, number: number)
            if !line.skipBlanks() {  // blank or comment
                position = nextLine(bytes, lineEnd)
                number += 1
                continue
            }
            let tag = line.bytes[line.position]
            let colon = line.position + 1 < lineEnd ? line.bytes[line.position + 1] : 0
            guard colon == UInt8(ascii: ":") else { throw EvemuError(line: number, problem: .unknownLineType) }
            if tag == UInt8(ascii: "E") { break }
            line.position += 2
            switch tag {
            case UInt8(ascii: "N"):
                if nameLine > 0 {
                    throw EvemuError(line: number, problem: .duplicateLine(tag: tag, firstLine: nameLine))
                }
                nameLine = number
                d.nameBytes = Array(line.rest())
            case UInt8(ascii: "I"):
                if idLine > 0 { throw EvemuError(line: number, problem: .duplicateLine(tag: tag, firstLine: idLine)) }
                idLine = number
                d.id.bustype = UInt16(try line.hex("bustype", max: 0xffff))
                d.id.vendor = UInt16(try line.hex("vendor", max: 0xffff))
                d.id.product = UInt16(try line.hex("product", max: 0xffff))
                d.id.version = UInt16(try line.hex("version", max: 0xffff))
                try line.expectEnd()
            case UInt8(ascii: "P"):
                while line.skipBlanks() {
                    let b = UInt8(try line.hex("property byte", max: 0xff))
                    if !d.properties.setByte(propertyOffset, to: b) && b != 0 {
                        throw EvemuError(line: number, problem: .bitmaskTooLong)
                    }
                    propertyOffset += 1
                }
            case UInt8(ascii: "B"):
                let text = (start: line.position, end: lineEnd, line: number)
                let repeated =
                    previousMask.line == number - 1 && text.end - text.start == previousMask.end - previousMask.start
                    && (0..<(text.end - text.start)).allSatisfy {
                        bytes[text.start + $0] == bytes[previousMask.start + $0]
                    }
                let first = previousMask.line
                previousMask = text
                let type = Int(try line.hex("event type", max: UInt64(EventType.max)))
                while line.skipBlanks() {
                    let b = UInt8(try line.hex("bitmask byte", max: 0xff))
                    if !d.capabilities[type].setByte(offsets[type], to: b) && b != 0 {
                        throw EvemuError(
                            line: number,
                            problem: repeated ? .duplicateLine(tag: tag, firstLine: first) : .bitmaskTooLong)
                    }
                    offsets[type] += 1
                }
            case UInt8(ascii: "A"):
                let code = UInt16(try line.hex("axis code", max: UInt64(AbsCode.max)))
                var axis = AbsAxis(code: code, minimum: try line.int32("min"), maximum: try line.int32("max"))
                axis.fuzz = try line.int32("fuzz")
                axis.flat = try line.int32("flat")
                if line.skipBlanks() { axis.resolution = try line.int32("resolution") }  // absent before evemu 1.1
                try line.expectEnd()
                // Keep the B: bits as written: a recording's axes are listed in both places.
                if let i = d.absAxes.firstIndex(where: { $0.code == code }) {
                    d.absAxes[i] = axis
                } else {
                    d.absAxes.append(axis)
                    d.absAxes.sort { $0.code < $1.code }
                }
            case UInt8(ascii: "L"), UInt8(ascii: "S"):
                let code = UInt16(try line.hex("code", max: 0xffff))
                let state = CodeState(code: code, value: try line.int32("value"))
                try line.expectEnd()
                if tag == UInt8(ascii: "L") { d.ledStates.append(state) } else { d.switchStates.append(state) }
            default:
                throw EvemuError(line: number, problem: .unknownLineType)
            }
            seen = true
            position = nextLine(bytes, lineEnd)
            number += 1
        }
        return Header(description: d, hasDescription: seen, eventsOffset: position, eventsLine: number)
    }

    @inline(__always)
    static func endOfLine(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        while i < bytes.count && bytes[i] != 0x0a { i += 1 }
        return i
    }

    @inline(__always)
    static func nextLine(_ bytes: UnsafeRawBufferPointer, _ lineEnd: Int) -> Int {
        lineEnd < bytes.count ? lineEnd + 1 : lineEnd
    }
}

/// Reads the `E:` lines of an evemu file one event at a time, without allocating.
///
/// `bytes` must stay valid while the reader is used (the daemon maps or loads the file once).
public struct EvemuEventReader {
    private let bytes: UnsafeRawBufferPointer
    private var position: Int
    /// The 1-based number of the next line to read (after an error: the failing line).
    public private(set) var line: Int

    /// A reader starting at `header.eventsOffset` of the same bytes.
    public init(bytes: UnsafeRawBufferPointer, header: EvemuParser.Header) {
        self.init(bytes: bytes, offset: header.eventsOffset, line: header.eventsLine)
    }

    /// A reader starting at byte `offset`, which is line `line` of the file.
    public init(bytes: UnsafeRawBufferPointer, offset: Int, line: Int) {
        self.bytes = bytes
        self.position = offset
        self.line = line
    }

    /// The next event, or nil at the end of the file.
    public mutating func next() throws(EvemuError) -> InputEvent? {
        while position < bytes.count {
            let lineEnd = EvemuParser.endOfLine(bytes, from: position)
            var cursor = EvemuLine(bytes: bytes, position: position, end: lineEnd, number: line)
            if !cursor.skipBlanks() {
                position = EvemuParser.nextLine(bytes, lineEnd)
                line += 1
                continue
            }
            let tag = bytes[cursor.position]
            guard cursor.position + 1 < lineEnd, bytes[cursor.position + 1] == UInt8(ascii: ":") else {
                throw EvemuError(line: line, problem: .unknownLineType)
            }
            guard tag == UInt8(ascii: "E") else {
                switch tag {
                case UInt8(ascii: "N"), UInt8(ascii: "I"), UInt8(ascii: "P"), UInt8(ascii: "B"),
                    UInt8(ascii: "A"), UInt8(ascii: "L"), UInt8(ascii: "S"):
                    throw EvemuError(line: line, problem: .descriptionAfterEvents)
                default:
                    throw EvemuError(line: line, problem: .unknownLineType)
                }
            }
            cursor.position += 2
            let time = try cursor.timestamp()
            let type = UInt16(try cursor.hex("type", max: 0xffff))
            let code = UInt16(try cursor.hex("code", max: 0xffff))
            let value = try cursor.int32("value")
            try cursor.expectEnd()
            position = EvemuParser.nextLine(bytes, lineEnd)
            line += 1
            return InputEvent(time: time, type: type, code: code, value: value)
        }
        return nil
    }
}
