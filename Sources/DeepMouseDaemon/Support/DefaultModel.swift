import DeepMouseCore
import DeepMouseInput

/// Where `deepmoused` looks for its model when `--model` is not given, relative to its own executable
/// (`/proc/self/exe`, symbolic links resolved), never to the working directory: first the installed layout
/// (`PREFIX/bin/deepmoused` reads `PREFIX/share/deepmouse/models/touchpad.dmm`, as `make install` puts it),
/// then the source tree's `firmware-models/touchpad.dmm` in the executable's folder or one of the
/// `sourceTreeLevels` above it (`.build/x86_64-unknown-linux-gnu/release/deepmoused`,
/// `.build/embedded/x86_64-unknown-linux-gnu/deepmoused`). Paths are bytes, as the kernel sees them (and String
/// operations would grow the embedded daemon).
public enum DefaultModel {
    /// The model under the installation prefix.
    static let installed: StaticString = "share/deepmouse/models/touchpad.dmm"
    /// The model in the source tree.
    static let sourceTree: StaticString = "firmware-models/touchpad.dmm"
    /// How many folders above the executable's the source tree may be.
    static let sourceTreeLevels = 3

    /// The paths tried, in order, for an executable at `executable` (an absolute path).
    public static func candidates(executable: [UInt8]) -> [[UInt8]] {
        let bin = parent(executable)
        var paths = [joined(parent(bin), installed)]
        var directory = bin
        for _ in 0...sourceTreeLevels {
            paths.append(joined(directory, sourceTree))
            if directory.count <= 1 { break }  // "/"
            directory = parent(directory)
        }
        return paths
    }

    /// The paths tried for the running executable; empty when `/proc/self/exe` cannot be read.
    static func candidates() -> [[UInt8]] {
        guard let executable = FilePaths.canonical("/proc/self/exe") else { return [] }
        return candidates(executable: Array(executable.utf8))
    }

    /// The first candidate that exists for the running executable; nil when none does (`reportNotFound` says so).
    public static func locate() -> String? {
        for path in candidates() where FilePaths.exists(path) { return String(decoding: path, as: UTF8.self) }
        return nil
    }

    /// Logs the paths `locate` tried and what to do; returns the exit status (no input).
    public static func reportNotFound() -> Int32 {
        let tried = candidates()
        Log.line { l in
            l.append("no --model given, and no default model ")
            if tried.isEmpty { l.append("(the executable's path could not be read from /proc/self/exe)") }
            for i in tried.indices {
                l.append(i == 0 ? "in " : i == tried.count - 1 ? " or " : ", ")
                l.append(terminalSafe: tried[i])
            }
            l.append(": give --model FILE.dmm (make install puts touchpad.dmm into PREFIX/share/deepmouse/models)")
        }
        return ExitCode.noInput
    }

    /// The folder holding `path` (`/` for a file at the root).
    static func parent(_ path: [UInt8]) -> [UInt8] {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")), slash > 0 else { return [UInt8(ascii: "/")] }
        return Array(path[..<slash])
    }

    /// `directory/name`, without doubling the slash of `/`.
    static func joined(_ directory: [UInt8], _ name: StaticString) -> [UInt8] {
        var path = directory
        if path.last != UInt8(ascii: "/") { path.append(UInt8(ascii: "/")) }
        path.append(contentsOf: name.bytes)
        return path
    }
}
