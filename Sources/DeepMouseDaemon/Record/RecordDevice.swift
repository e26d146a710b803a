import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// The device a recording is made from: pinned with `--device PATH`, or chosen among the
/// pointing devices udev (or, without udev properties, libevdev's capabilities) reports, with
/// the daemon's policy: never keyboards, never virtual devices. A touchpad is preferred, then a
/// mouse, then a pointing stick; the others are listed so a person can pin another one.
struct RecordDevice {
    var device: EvdevDevice
    let kind: DeviceKind
    let classifiedByUdev: Bool

    /// Why no device could be opened, as a message and an exit status.
    struct Failure: Error {
        var status: Int32
        var message: [UInt8]
    }

    static func open(pinned path: String?) throws(Failure) -> RecordDevice {
        if let path { return try openPinned(path) }
        guard let udev = Udev() else {
            throw failure(ExitCode.osError) {
                $0.append("libudev could not start (is /sys mounted?); pin the device with --device PATH")
            }
        }
        defer { udev.close() }
        var candidates: [RecordDevice] = []
        var denied: (path: [UInt8], error: DeviceOpenError)?
        for u in udev.enumerateEventDevices() {
            guard let node = u.devnode else { continue }
            var udevKind: DeviceKind?
            switch DevicePolicy.screen(u) {
            case .rejected: continue
            case .pointer(let kind): udevKind = kind
            case .probeCapabilities: break
            }
            let device: EvdevDevice
            do { device = try EvdevDevice.open(path: String(decoding: node, as: UTF8.self)) } catch {
                if case .open(let e) = error.reason, e == .permissionDenied || e == .notPermitted {
                    denied = (node, error)
                }
                continue
            }
            switch DevicePolicy.check(device.description, udevKind: udevKind, pinned: false) {
            case .success(let kind):
                candidates.append(RecordDevice(device: device, kind: kind, classifiedByUdev: udevKind != nil))
            case .failure: device.close()
            }
        }
        func rank(_ k: DeviceKind) -> Int { k == .touchpad ? 0 : k == .mouse ? 1 : 2 }
        guard let best = candidates.indices.min(by: { rank(candidates[$0].kind) < rank(candidates[$1].kind) }) else {
            if let denied {
                throw failure(ExitCode.noPermission) { l in
                    l.append(contentsOf: denied.path)
                    l.append(": ")
                    denied.error.write(to: &l)
                }
            }
            throw failure(ExitCode.noInput) {
                $0.append(
                    "no pointing device found ('deepmoused devices' lists every input device and why it is skipped)")
            }
        }
        for (i, c) in candidates.enumerated() where i != best {
            Log.line { l in
                l.append("also found ")
                l.append(contentsOf: c.device.path)
                l.append(" (")
                l.append(c.kind.label)
                l.append("); record it with --device ")
                l.append(contentsOf: c.device.path)
            }
            c.device.close()
        }
        return candidates[best]
    }

    private static func openPinned(_ path: String) throws(Failure) -> RecordDevice {
        let device: EvdevDevice
        do { device = try EvdevDevice.open(path: path) } catch {
            var status = ExitCode.dataError
            if case .open(let e) = error.reason {
                status = e == .permissionDenied || e == .notPermitted ? ExitCode.noPermission : ExitCode.noInput
            }
            throw failure(status) { l in
                l.append(terminalSafe: Array(path.utf8))
                if case .open(let e) = error.reason, e == .noSuchFileOrDirectory || e == .noSuchDevice {
                    l.append(": unknown device: ")
                } else {
                    l.append(": ")
                }
                error.write(to: &l)
                if case .open(let e) = error.reason, e == .noSuchFileOrDirectory {
                    l.append(" ('deepmoused devices' lists the input devices)")
                }
            }
        }
        switch DevicePolicy.check(device.description, udevKind: nil, pinned: true) {
        case .success(let kind):
            return RecordDevice(device: device, kind: kind, classifiedByUdev: false)
        case .failure(let error):
            device.close()
            throw failure(ExitCode.dataError) { l in
                l.append(terminalSafe: Array(path.utf8))
                l.append(": ")
                error.write(to: &l)
            }
        }
    }

    private static func failure(_ status: Int32, _ body: (inout LineBuffer) -> Void) -> Failure {
        var l = LineBuffer()
        body(&l)
        return Failure(status: status, message: l.bytes())
    }
}
