import DeepMouseCore

/// Walks a command line one option at a time (`-x value`, `--name value`, `--name=value`, bare flags)
/// and reads the current option's value as the type its table entry wants, with the one wording of
/// each mistake ("--hop: '2.5' is not an integer from 1 to 65536").
struct OptionCursor {
    private let args: [[UInt8]]
    private var next = 0
    /// The current argument as given (`--name=value` whole): for "unknown option" messages.
    private(set) var given: [UInt8] = []
    /// The current option's name (`--name` of `--name=value`).
    private(set) var name: [UInt8] = []
    private var inline: [UInt8]?

    init(_ args: [[UInt8]]) { self.args = args }

    /// Moves to the next argument; false after the last.
    mutating func advance() -> Bool {
        guard next < args.count else { return false }
        given = args[next]
        next += 1
        name = given
        inline = nil
        if given.starts(with: bytes("--")), let eq = given.firstIndex(of: UInt8(ascii: "=")) {
            inline = Array(given[(eq + 1)...])
            name = Array(given[..<eq])
        }
        return true
    }

    /// The current option's value: after `=`, or the next argument.
    mutating func value() throws(UsageError) -> [UInt8] {
        if let inline { return inline }
        guard next < args.count else { throw UsageError(bytes("option "), name, bytes(" needs a value")) }
        next += 1
        return args[next - 1]
    }

    /// A flag given as `--flag=value` is a mistake, not a silent `--flag`.
    func refuseInlineValue() throws(UsageError) {
        if inline != nil { throw UsageError(name, bytes(" takes no value (given '"), given, bytes("')")) }
    }

    /// The value as a path or name.
    mutating func string() throws(UsageError) -> String { String(decoding: try value(), as: UTF8.self) }

    /// The value as a decimal number in `min...max`.
    mutating func number(min: Double, max: Double) throws(UsageError) -> Double {
        let v = try value()
        guard let d = DecimalText.parse(v), d >= min, d <= max else {
            throw UsageError(
                name, bytes(": '"), v, bytes("' is not a number from "), DecimalText.shortest(min), bytes(" to "),
                DecimalText.shortest(max))
        }
        return d
    }

    /// The value as a whole number in `min...max`.
    mutating func integer(min: Int64, max: Int64) throws(UsageError) -> Int32 {
        let v = try value()
        guard let d = DecimalText.parse(v), d == d.rounded(), d >= Double(min), d <= Double(max) else {
            throw UsageError(
                name, bytes(": '"), v, bytes("' is not an integer from "), DecimalText.shortest(Double(min)),
                bytes(" to "), DecimalText.shortest(Double(max)))
        }
        return Int32(d)
    }

    /// The value as a duration (`90`, `90s`, `10m`, `1.5h`, `250ms`) in microseconds, above zero.
    mutating func duration() throws(UsageError) -> Int64 {
        let v = try value()
        guard let us = DecimalText.duration(v), us > 0 else {
            throw UsageError(name, bytes(": '"), v, bytes("' is not a duration (e.g. 90, 90s, 10m, 1.5h)"))
        }
        return us
    }

    /// The value, which must be one of `choices` (`--format: expected 'json' or 'text', got 'xml'`).
    mutating func choice(_ choices: StaticString...) throws(UsageError) -> Int {
        let v = try value()
        for (i, c) in choices.enumerated() where v == bytes(c) { return i }
        var message = name + bytes(": expected ")
        for (i, c) in choices.enumerated() {
            if i > 0 { message += bytes(i == choices.count - 1 ? " or " : ", ") }
            message += bytes("'") + bytes(c) + bytes("'")
        }
        throw UsageError(message, bytes(", got '"), v, bytes("'"))
    }
}
