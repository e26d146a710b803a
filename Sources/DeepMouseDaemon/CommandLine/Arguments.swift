import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// The command line, parsed by hand and byte-wise (the daemon depends on libc, libevdev, libudev
/// and the project's core only, and stays buildable with Embedded Swift: no Foundation, no
/// String-heavy parsing).
enum Command {
    case run(DaemonConfiguration)
    case listDevices(DaemonConfiguration)
    case help
    case version
}

/// A command-line mistake; printed with a pointer to `--help`, exit status 64.
struct UsageError: Error {
    var message: [UInt8]

    init(_ parts: [UInt8]...) {
        message = parts.flatMap { $0 }
    }
}

@inline(__always)
func bytes(_ s: StaticString) -> [UInt8] {
    Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
}

enum Arguments {
    static func parse(_ args: [[UInt8]]) throws(UsageError) -> Command {
        var c = DaemonConfiguration()
        var list = false
        var option = OptionCursor(args)
        while option.advance() {
            let arg = option.name
            func string() throws(UsageError) -> String { String(decoding: try option.value(), as: UTF8.self) }
            func number(min: Double, max: Double) throws(UsageError) -> Double {
                let v = try option.value()
                guard let d = parseDecimal(v), d >= min, d <= max else {
                    throw UsageError(
                        arg, bytes(": '"), v, bytes("' is not a number from "), decimalText(min), bytes(" to "),
                        decimalText(max))
                }
                return d
            }
            func integer(min: Int64, max: Int64) throws(UsageError) -> Int32 {
                let v = try option.value()
                guard let d = parseDecimal(v), d == d.rounded(), d >= Double(min), d <= Double(max) else {
                    throw UsageError(
                        arg, bytes(": '"), v, bytes("' is not an integer from "), decimalText(Double(min)),
                        bytes(" to "), decimalText(Double(max)))
                }
                return Int32(d)
            }
            if option.is("-h", "--help") { return .help }
            if option.is("-V", "--version") { return .version }
            if option.is("-m", "--model") {
                c.modelPath = try string()
            } else if option.is("-d", "--device") {
                c.devicePath = try string()
            } else if option.is("-o", "--output") {
                let v = try option.value()
                if v == bytes("-") || v == bytes("stdout") {
                    c.output = .standardOutput
                } else if v.starts(with: bytes("fifo:")), v.count > 5 {
                    c.output = .fifo(path: String(decoding: v[5...], as: UTF8.self))
                } else {
                    throw UsageError(bytes("--output: expected '-' or 'fifo:PATH', got '"), v, bytes("'"))
                }
            } else if option.is("-f", "--format") {
                let v = try option.value()
                if v == bytes("json") {
                    c.format = .json
                } else if v == bytes("text") {
                    c.format = .text
                } else {
                    throw UsageError(bytes("--format: expected 'json' or 'text', got '"), v, bytes("'"))
                }
            } else if option.is("--px-per-mm") {
                c.pixelsPerMillimetre = try number(min: 0.01, max: 1000)
            } else if option.is("--px-per-count") {
                c.pixelsPerCount = try number(min: 0.001, max: 1000)
            } else if option.is("-r", "--replay") {
                let path = try option.value()
                if let first = c.replayPath {
                    throw UsageError(
                        bytes("--replay given twice ('"), Array(first.utf8), bytes("', then '"), path,
                        bytes("'): one recording per run"))
                }
                c.replayPath = String(decoding: path, as: UTF8.self)
            } else if option.is("-l", "--list-devices") {
                list = true
            } else if option.is("--decisions") {
                c.printDecisions = true
            } else if option.is("--motion") {
                c.printMotion = true
            } else if option.is("--hop") {
                c.hop = try integer(min: 1, max: 65536)
            } else if option.is("--max-devices") {
                c.maximumDevices = Int(try integer(min: 1, max: 12))
            } else if option.is("--fifo-mode") {
                let v = try option.value()
                var mode: UInt32 = 0
                for b in v {
                    guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "7"), mode <= 0o777 else {
                        mode = .max
                        break
                    }
                    mode = mode * 8 + UInt32(b - UInt8(ascii: "0"))
                }
                guard !v.isEmpty, mode <= 0o666 else {
                    throw UsageError(
                        bytes("--fifo-mode: expected an octal mode such as 600 or 660, got '"), v, bytes("'"))
                }
                c.fifoPermissions = mode
            } else if option.is("--evidence-retention") {
                c.decisionParameters.retentionQ15 = Int32((try number(min: 0, max: 0.9999) * 32768).rounded())
                c.decisionFlags |= DaemonConfiguration.retentionFlag
            } else if option.is("--evidence-threshold") {
                c.decisionParameters.thresholdQ8 = Int32((try number(min: 0.004, max: 256) * 256).rounded())
                c.decisionFlags |= DaemonConfiguration.thresholdFlag
            } else if option.is("--evidence-cap") {
                c.decisionParameters.capQ8 = Int32((try number(min: 0.004, max: 256) * 256).rounded())
                c.decisionFlags |= DaemonConfiguration.capFlag
            } else if option.is("--idle-hops") {
                c.decisionParameters.idleHopsToUnknown = try integer(min: 1, max: 1_000_000)
                c.decisionFlags |= DaemonConfiguration.idleHopsFlag
            } else if option.is("--min-hops-between-changes") {
                c.decisionParameters.minimumHopsBetweenChanges = try integer(min: 0, max: 1_000_000)
                c.decisionFlags |= DaemonConfiguration.minimumHopsFlag
            } else {
                throw UsageError(bytes("unknown option '"), option.given, bytes("'"))
            }
        }
        let both = DaemonConfiguration.thresholdFlag | DaemonConfiguration.capFlag
        if c.decisionFlags & both == both, c.decisionParameters.thresholdQ8 > c.decisionParameters.capQ8 {
            throw UsageError(bytes("--evidence-threshold must not exceed --evidence-cap"))
        }
        if c.replayPath != nil && c.devicePath != nil {
            throw UsageError(bytes("--replay and --device cannot be combined"))
        }
        return list ? .listDevices(c) : .run(c)
    }

    /// `value` as the shortest decimal of at most 4 places (`0.01`, `1000`): for range messages.
    static func decimalText(_ value: Double) -> [UInt8] {
        let tenThousandths = Int64((value * 10_000).rounded())
        var text: [UInt8] = []
        text.append(fixed: tenThousandths, decimals: 4)
        while text.contains(UInt8(ascii: ".")), let last = text.last,
            last == UInt8(ascii: "0") || last == UInt8(ascii: ".")
        {
            text.removeLast()
            if last == UInt8(ascii: ".") { break }
        }
        return text
    }

    /// Parses `[-]digits[.digits]` (no exponent) exactly enough for gains and thresholds.
    static func parseDecimal(_ text: [UInt8]) -> Double? {
        var i = 0
        var negative = false
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var whole: UInt64 = 0
        var fraction: UInt64 = 0
        var scale: UInt64 = 1
        var digits = 0
        var seenDot = false
        while i < text.count {
            let b = text[i]
            if b == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 15 else { return nil }
                if seenDot {
                    fraction = fraction * 10 + UInt64(b - UInt8(ascii: "0"))
                    scale *= 10
                } else {
                    whole = whole * 10 + UInt64(b - UInt8(ascii: "0"))
                }
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let v = Double(whole) + Double(fraction) / Double(scale)
        return negative ? -v : v
    }
}
