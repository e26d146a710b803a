import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// What `deepmoused --replay` refuses or warns about in a recording, with the file (and line) named.
extension Replay {
    /// The recording's device: its own header, or `X.desc` next to a bare `X.events`. Nil (the reason
    /// logged) when there is none, it does not parse, it is empty, or it is not a pointing device.
    static func description(of file: EvemuFileReader, path: String) -> (DeviceDescription, describedIn: String)? {
        if file.header.hasDescription {
            return pointingDevice(file.header.description, describedIn: path).map { ($0, path) }
        }
        guard let sibling = SiblingDescription.read(for: path) else {
            Log.line(file: path, "no device description (no N:/I:/B: header and no .desc file next to it)")
            return nil
        }
        switch sibling.result {
        case .failure(let error):
            report(error, file: sibling.path)
            return nil
        case .success(let header):
            guard header.hasDescription else {
                Log.line(file: sibling.path, "empty device description (no N:/I:/B: lines; evemu-describe writes one)")
                return nil
            }
            return pointingDevice(header.description, describedIn: sibling.path).map { ($0, sibling.path) }
        }
    }

    /// `d` when the daemon would read such a device (a touchpad, mouse or pointing stick).
    private static func pointingDevice(_ d: DeviceDescription, describedIn path: String) -> DeviceDescription? {
        guard d.kind.isPointer else {
            Log.line(
                file: path,
                "the description is not a pointing device (no ABS_X/ABS_Y with BTN_TOOL_FINGER, no REL_X/REL_Y with a button)"
            )
            return nil
        }
        return d
    }

    /// Said once per replay: the frames are still used (merged into the open 10 ms cell, as the
    /// trainer's reader does and `deepmoused stats` counts), but the timing around them is off.
    static func warnBackwards(file: String, line: Int, by microseconds: Int64) {
        Log.line { l in
            l.append(terminalSafe: Array(file.utf8))
            l.append(": line ")
            l.append(decimal: Int64(line))
            l.append(": time goes backwards by ")
            l.append(fixed: microseconds, decimals: 3)
            l.append(" ms (replayed into the current 10 ms cell; warned once, 'deepmoused stats' counts them)")
        }
    }

    /// For a file that is not evemu from its first line: perhaps a legacy `x,y` recording.
    static func suggestConversion(of path: String) {
        Log.line(
            file: path,
            "a legacy x,y recording? convert it first: deepmouse dataset convert FILE --to evemu -o FILE.events")
    }
}

/// The description of a bare `X.events`: `X.desc` next to it, read and parsed, with its path so
/// that what is wrong in it is reported against it (replay and stats alike).
struct SiblingDescription {
    let path: String
    let result: Result<EvemuParser.Header, EvemuFileReader.Failure>

    /// Nil when `path` does not end in `.events` or there is no `.desc` next to it.
    static func read(for path: String) -> SiblingDescription? {
        guard let descPath = Replay.siblingDescription(of: path) else { return nil }
        let bytes: FileBytes
        do { bytes = try FileBytes.read(path: descPath) } catch {
            if error == .noSuchFileOrDirectory { return nil }
            return SiblingDescription(path: descPath, result: .failure(.file(error)))
        }
        do {
            return SiblingDescription(path: descPath, result: .success(try EvemuParser.parseHeader(bytes.buffer)))
        } catch {
            return SiblingDescription(path: descPath, result: .failure(.parse(error)))
        }
    }
}
