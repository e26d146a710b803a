import DeepMouseMotion
import Foundation

/// Turns a legacy `x,y` cursor recording (screen px, nominal 100 Hz) into an evemu touchpad
/// recording that the daemon reads back as exactly the same deltas: one long touch on a pad
/// of `unitsPerMillimetre` (so `--px-per-mm` equal to it maps 1 unit to 1 px exactly), sample
/// `i`'s frame in the middle of 10 ms cell `i`, the touch-down frame early in cell 1, so the
/// daemon's 100 Hz stream starts with the file's first delta (what `deepmouse evaluate` windows).
enum LegacyToEvemu {
    static let unitsPerMillimetre: Int32 = 10
    static let origin: Int32 = 50_000  // positions are shifted into the pad's positive range

    static var pad: DeviceDescription {
        var d = DeviceDescription(name: "DeepMouse legacy replay pad", id: InputID(bustype: 0x18, vendor: 1, product: 1, version: 1))
        d.properties.insert(InputProperty.pointer)
        for k in [KeyCode.btnLeft, KeyCode.btnToolFinger, KeyCode.btnTouch, KeyCode.btnToolDoubleTap] { d.enable(type: EventType.key, code: k) }
        d.enable(type: EventType.syn, code: SynCode.report)
        for code in [AbsCode.x, AbsCode.y, AbsCode.mtPositionX, AbsCode.mtPositionY] {
            d.setAbsAxis(AbsAxis(code: code, minimum: 0, maximum: 100_000, resolution: unitsPerMillimetre))
        }
        d.setAbsAxis(AbsAxis(code: AbsCode.mtSlot, minimum: 0, maximum: 1))
        d.setAbsAxis(AbsAxis(code: AbsCode.mtTrackingID, minimum: 0, maximum: 65535))
        return d
    }

    /// Reads `x,y` lines (integers or decimals rounded to integers).
    static func positions(_ text: String) -> [(Int32, Int32)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: ",")
            guard parts.count == 2, let x = Double(parts[0].trimmingCharacters(in: .whitespaces)),
                  let y = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
            return (Int32(x.rounded()), Int32(y.rounded()))
        }
    }

    static func evemu(_ p: [(Int32, Int32)]) -> [UInt8] {
        var out: [UInt8] = []
        EvemuWriter.writeDescription(pad, to: &out)
        func ev(_ t: Int64, _ type: UInt16, _ code: UInt16, _ v: Int32) {
            EvemuWriter.writeEvent(InputEvent(time: t, type: type, code: code, value: v), style: .unpadded, to: &out)
        }
        var t: Int64 = 11_000  // touch down in cell 1
        ev(t, EventType.abs, AbsCode.mtSlot, 0)
        ev(t, EventType.abs, AbsCode.mtTrackingID, 1)
        for (code, v) in [(AbsCode.mtPositionX, p[0].0), (AbsCode.mtPositionY, p[0].1), (AbsCode.x, p[0].0), (AbsCode.y, p[0].1)] {
            ev(t, EventType.abs, code, origin + v)
        }
        ev(t, EventType.key, KeyCode.btnTouch, 1)
        ev(t, EventType.key, KeyCode.btnToolFinger, 1)
        ev(t, EventType.syn, SynCode.report, 0)
        for i in 1 ..< p.count {
            t = Int64(i) * 10_000 + 5_000
            let changedX = p[i].0 != p[i - 1].0, changedY = p[i].1 != p[i - 1].1
            guard changedX || changedY else { continue }  // no change, no frame (as evdev)
            if changedX { ev(t, EventType.abs, AbsCode.mtPositionX, origin + p[i].0) }
            if changedY { ev(t, EventType.abs, AbsCode.mtPositionY, origin + p[i].1) }
            if changedX { ev(t, EventType.abs, AbsCode.x, origin + p[i].0) }
            if changedY { ev(t, EventType.abs, AbsCode.y, origin + p[i].1) }
            ev(t, EventType.syn, SynCode.report, 0)
        }
        // Lift just after the last sample's cell.
        t = Int64(p.count) * 10_000 + 1_000
        ev(t, EventType.abs, AbsCode.mtTrackingID, -1)
        ev(t, EventType.key, KeyCode.btnTouch, 0)
        ev(t, EventType.key, KeyCode.btnToolFinger, 0)
        ev(t, EventType.syn, SynCode.report, 0)
        return out
    }
}
