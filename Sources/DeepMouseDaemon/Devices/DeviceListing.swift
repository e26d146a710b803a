import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused --list-devices`: every input event node with what the daemon would do with it
/// (used or skipped, and why), and for pointing devices their ids, properties and axes with
/// ranges and resolutions. What a person runs first on a new board.
public enum DeviceListing {
    public static func run(_ config: DaemonConfiguration) -> Int32 {
        guard let udev = Udev() else {
            Log.line { $0.append("libudev could not start (is /sys mounted?)") }
            return ExitCode.osError
        }
        defer { udev.close() }
        let json = config.format == .json
        var line = LineBuffer()
        var listed = 0
        for u in udev.enumerateEventDevices() {
            guard let node = u.devnode else { continue }
            listed += 1
            line.removeAll()
            if json { line.append("{\"v\":1,\"type\":\"device\",\"device\":") } else { line.append(contentsOf: node) }
            let formatter = LineFormatter(format: config.format)
            if json { line.append(jsonString: node, limit: LineFormatter.maximumNameBytes) }
            let pinned = config.devicePath.map { Array($0.utf8) == node } ?? false
            var udevKind: DeviceKind?
            var skipReason: StaticString?
            switch DevicePolicy.screen(u) {
            case .rejected(let reason): skipReason = pinned ? nil : reason
            case .pointer(let kind): udevKind = kind
            case .probeCapabilities: break
            }
            if let skipReason {
                append(json, &line, used: false, reason: skipReason)
                finish(json, &line)
                continue
            }
            let device: EvdevDevice
            do { device = try EvdevDevice.open(path: String(decoding: node, as: UTF8.self)) } catch {
                if json { line.append(",\"used\":false,\"reason\":") } else { line.append(" skipped: ") }
                var why = LineBuffer()
                error.write(to: &why)
                let text = why.bytes()
                if json {
                    line.append(jsonString: text, limit: LineFormatter.maximumNameBytes)
                } else {
                    line.append(contentsOf: text)
                }
                finish(json, &line)
                continue
            }
            defer { device.close() }
            let d = device.description
            switch DevicePolicy.check(d, udevKind: udevKind, pinned: pinned) {
            case .failure(let error):
                append(
                    json, &line, used: false,
                    reason: error.isKeyboardRefusal ? "reports keyboard keys" : "not a pointing device")
            case .success(let kind):
                append(json, &line, used: true, reason: nil)
                if json {
                    line.append(",\"kind\":\"")
                    line.append(kind.label)
                    line.append(
                        udevKind != nil ? "\",\"classified_by\":\"udev\"" : "\",\"classified_by\":\"capabilities\"")
                } else {
                    line.append(" ")
                    line.append(kind.label)
                    line.append(udevKind != nil ? " (udev)" : " (capabilities)")
                }
            }
            describe(d, json: json, formatter: formatter, into: &line)
            finish(json, &line)
        }
        // Stdout stays the listing (JSON lines are read by programs); an empty one is still a
        // successful answer, so the note goes to stderr and the status stays 0.
        if listed == 0 { Log.line { $0.append("no input devices (/dev/input has none, or does not exist)") } }
        return ExitCode.success
    }

    private static func append(_ json: Bool, _ line: inout LineBuffer, used: Bool, reason: StaticString?) {
        if json {
            line.append(used ? ",\"used\":true" : ",\"used\":false")
            if let reason {
                line.append(",\"reason\":\"")
                line.append(reason)
                line.append("\"")
            }
        } else {
            line.append(used ? " used" : " skipped")
            if let reason {
                line.append(": ")
                line.append(reason)
            }
        }
    }

    private static func describe(
        _ d: DeviceDescription, json: Bool, formatter: LineFormatter, into line: inout LineBuffer
    ) {
        if json {
            line.append(",\"name\":")
            line.append(jsonString: d.nameBytes, limit: LineFormatter.maximumNameBytes)
            line.append(",\"id\":[")
            for (i, v) in [d.id.bustype, d.id.vendor, d.id.product, d.id.version].enumerated() {
                if i > 0 { line.append(",") }
                line.append(decimal: Int64(v))
            }
            line.append("],\"properties\":[")
            var first = true
            d.properties.forEach { p in
                if !first { line.append(",") }
                first = false
                line.append(decimal: Int64(p))
            }
            line.append("],\"rel\":[")
            first = true
            d.capabilities[Int(EventType.rel)].forEach { r in
                if !first { line.append(",") }
                first = false
                line.append(decimal: Int64(r))
            }
            line.append("],\"abs\":[")
            for (i, a) in d.absAxes.prefix(24).enumerated() {
                if i > 0 { line.append(",") }
                line.append("{\"code\":")
                line.append(decimal: Int64(a.code))
                line.append(",\"min\":")
                line.append(decimal: Int64(a.minimum))
                line.append(",\"max\":")
                line.append(decimal: Int64(a.maximum))
                line.append(",\"fuzz\":")
                line.append(decimal: Int64(a.fuzz))
                line.append(",\"flat\":")
                line.append(decimal: Int64(a.flat))
                line.append(",\"resolution\":")
                line.append(decimal: Int64(a.resolution))
                line.append("}")
            }
            line.append("],\"keyboard_keys\":")
            line.append(d.reportsKeyboardKeys ? "true" : "false")
        } else {
            appendDetails(d, into: &line)  // DeviceListing+Text.swift
        }
    }

    private static func finish(_ json: Bool, _ line: inout LineBuffer) {
        line.append(json ? "}\n" : "\n")
        if !line.overflowed { line.withBytes { try? FileDescriptor.standardOutput.writeAll($0) } }
    }
}
