import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// Walks a command line's options for the hand-written parsers (`deepmoused` and `deepmoused
/// record`): `-x value`, `--name value`, `--name=value` and bare flags, one option at a time.
struct OptionCursor {
    private let args: [[UInt8]]
    private var next = 0
    /// The current option as given (`--name=value` whole): for "unknown option" messages.
    private(set) var given: [UInt8] = []
    /// The current option's name (`--name` of `--name=value`).
    private(set) var name: [UInt8] = []
    private var inline: [UInt8]?

    init(_ args: [[UInt8]]) { self.args = args }

    /// Moves to the next option; false after the last.
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

    /// True when the current option is one of `names`.
    func `is`(_ names: StaticString...) -> Bool {
        for n in names where name == bytes(n) { return true }
        return false
    }

    /// The current option's value: after `=`, or the next argument.
    mutating func value() throws(UsageError) -> [UInt8] {
        if let inline { return inline }
        guard next < args.count else { throw UsageError(bytes("option "), name, bytes(" needs a value")) }
        next += 1
        return args[next - 1]
    }
}
