import DeepMouseCore

/// Why an evemu file could not be read, and where (1-based line number).
public struct EvemuError: Error, Equatable, Sendable {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The line starts with something other than `#`, `N:`, `I:`, `P:`, `B:`, `A:`, `L:`, `S:`, `E:`.
        case unknownLineType
        /// A field is missing (its name given).
        case missingField(StaticString)
        /// A field is not a number of the expected base, or does not fit its type.
        case badNumber(StaticString)
        /// The microseconds of an `E:` timestamp are 1_000_000 or more.
        case microsecondsOutOfRange
        /// A `B:` or `P:` line sets bits beyond what the kernel defines for its type.
        case bitmaskTooLong
        /// A description line (`N:`, `B:`, ...) after the first event.
        case descriptionAfterEvents
        /// Extra text after the last field.
        case trailingGarbage
        /// A description line given twice: a second `N:` or `I:` (`tag`), or a `B:` line repeating the
        /// one before it that makes the mask overflow (`firstLine`: where the first one is).
        case duplicateLine(tag: UInt8, firstLine: Int)

        public static func == (a: Problem, b: Problem) -> Bool {
            switch (a, b) {
            case (.unknownLineType, .unknownLineType), (.microsecondsOutOfRange, .microsecondsOutOfRange),
                (.bitmaskTooLong, .bitmaskTooLong), (.descriptionAfterEvents, .descriptionAfterEvents),
                (.trailingGarbage, .trailingGarbage):
                return true
            case (.duplicateLine(let t, let l), .duplicateLine(let u, let m)):
                return t == u && l == m
            case (.missingField(let x), .missingField(let y)), (.badNumber(let x), .badNumber(let y)):
                return x.utf8CodeUnitCount == y.utf8CodeUnitCount
                    && zip(
                        UnsafeBufferPointer(start: x.utf8Start, count: x.utf8CodeUnitCount),
                        UnsafeBufferPointer(start: y.utf8Start, count: y.utf8CodeUnitCount)
                    ).allSatisfy { $0 == $1 }
            default:
                return false
            }
        }
    }

    /// 1-based line number in the file.
    public var line: Int
    public var problem: Problem

    public init(line: Int, problem: Problem) {
        self.line = line
        self.problem = problem
    }

    /// Writes "line N: message" (the caller prefixes the file name).
    public func write<Sink: ByteSink>(to sink: inout Sink) {
        sink.append("line ")
        sink.append(decimal: Int64(line))
        sink.append(": ")
        switch problem {
        case .unknownLineType:
            sink.append("unknown line type (expected #, N:, I:, P:, B:, A:, L:, S: or E:)")
        case .missingField(let field):
            sink.append("missing field '")
            sink.append(field)
            sink.append("'")
        case .badNumber(let field):
            sink.append("field '")
            sink.append(field)
            sink.append("' is not a valid number")
        case .microsecondsOutOfRange:
            sink.append("microseconds must be below 1000000 (the field after '.' is a count of microseconds)")
        case .bitmaskTooLong:
            sink.append("bitmask sets codes beyond the kernel's maximum for this type")
        case .descriptionAfterEvents:
            sink.append("device description line after the first event")
        case .trailingGarbage:
            sink.append("unexpected text after the last field")
        case .duplicateLine(let tag, let first):
            sink.append(byte: tag)
            sink.append(": line given twice (the first is line ")
            sink.append(decimal: Int64(first))
            sink.append(
                tag == UInt8(ascii: "B") ? "; a type's B: lines continue its mask, and this one overflows it)" : ")")
        }
    }

    /// The message as a `String` ("line N: ...").
    public var message: String {
        var bytes: [UInt8] = []
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
