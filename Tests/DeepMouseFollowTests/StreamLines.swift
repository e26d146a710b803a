import DeepMouseCore
import DeepMouseDaemon
import DeepMouseFollow
import DeepMouseInput
import DeepMouseMotion

/// The daemon's own lines (`LineFormatter`), for the follower's tests.
enum DaemonLines {
    static var formatter: LineFormatter { LineFormatter(format: .json) }

    static func text(_ body: (inout LineBuffer) -> Void) -> String {
        var line = LineBuffer()
        body(&line)
        return String(decoding: line.bytes(), as: UTF8.self)
    }

    static func added(
        _ path: String, _ name: String, _ kind: DeviceKind, vendor: UInt16 = 1739, product: UInt16 = 30383, t: Int64 = 0
    ) -> String {
        let facts = LineFormatter.DeviceFacts(
            path: Array(path.utf8), name: Array(name.utf8), vendor: vendor, product: product, kind: kind,
            classifiedByUdev: true, clock: "monotonic", unit: kind == .touchpad ? .mm : .counts,
            unitsPerMillimetre: nil, resolutionGuessed: false)
        return text { formatter.deviceAdded(facts, time: t, into: &$0) }
    }

    static func hand(_ hand: HandState, _ path: String, t: Int64 = 0) -> String {
        text { formatter.hand(hand, pLeftQ15: 16_384, time: t, device: Array(path.utf8), into: &$0) }
    }

    static func buttons(_ held: Bool, _ path: String, t: Int64 = 0) -> String {
        text { formatter.buttons(held: held, time: t, device: Array(path.utf8), into: &$0) }
    }

    static func removed(_ path: String, t: Int64 = 0) -> String {
        text { formatter.deviceRemoved(path: Array(path.utf8), reason: "unplugged", time: t, into: &$0) }
    }
}

extension Follower {
    /// Feeds the lines; returns the argv of every switch, in order.
    mutating func commands(_ lines: [String]) throws -> [[String]] {
        var out: [[String]] = []
        for text in lines {
            let line = try StreamLine.parse(Array(text.utf8.dropLast()))
            out += take(line).map(\.command.arguments)
        }
        return out
    }
}
