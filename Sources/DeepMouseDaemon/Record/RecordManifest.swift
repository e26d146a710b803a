import CLinux
import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused record --manifest FILE`: appends the finished recording to a JSON Lines
/// manifest that `deepmouse train --manifest` and `deepmouse dataset validate` read:
///
///     {"recording":"left-1.events","hand":"left","device":"touchpad","person":"ada"}
///
/// The recording's path is relative to the manifest's folder when it is in that folder (so the
/// folder can be copied to a workstation as it is), absolute otherwise.
enum RecordManifest {
    static func append(to manifest: String, recording: String, config: RecordConfiguration, kind: DeviceKind) -> Int32 {
        var path = Array(recording.utf8)
        if let dir = FilePaths.canonical(FilePaths.directory(of: manifest)),
            let file = FilePaths.canonical(recording)
        {
            let prefix = dir.utf8.elementsEqual("/".utf8) ? Array(dir.utf8) : Array(dir.utf8) + [UInt8(ascii: "/")]
            let canonical = Array(file.utf8)
            if canonical.starts(with: prefix), !canonical[prefix.count...].contains(UInt8(ascii: "/")) {
                path = Array(canonical[prefix.count...])
            } else {
                path = canonical
            }
        }
        var line = LineBuffer()
        line.append("{\"recording\":")
        line.append(jsonString: path)
        line.append(",\"hand\":")
        line.append(jsonString: config.hand)
        line.append(",\"device\":\"")
        line.append(kind.label)
        line.append("\"")
        if let p = config.person {
            line.append(",\"person\":")
            line.append(jsonString: p)
        }
        if let n = config.notes {
            line.append(",\"notes\":")
            line.append(jsonString: n)
        }
        line.append("}\n")
        do throws(Errno) {
            let fd = try FileDescriptor.open(manifest, O_WRONLY | O_APPEND | O_CREAT, permissions: 0o644)
            defer { try? fd.close() }
            var writeError: Errno?
            line.withBytes { b in
                do throws(Errno) { try fd.writeAll(b) } catch { writeError = error }
            }
            if let writeError { throw writeError }
            try fd.synchronize()
        } catch {
            Log.line { l in
                l.append(terminalSafe: Array(manifest.utf8))
                l.append(": cannot append the manifest entry: ")
                error.write(to: &l)
                l.append(" (the recording itself is complete)")
            }
            return ExitCode.cannotCreate
        }
        Log.line(file: manifest, "entry added")
        return ExitCode.success
    }
}
