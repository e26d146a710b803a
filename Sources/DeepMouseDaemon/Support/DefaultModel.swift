import DeepMouseCore
import DeepMouseInput

/// Where `deepmoused` looks for its model when `--model` is not given, relative to its own executable
/// (`/proc/self/exe`, symbolic links resolved), never to the working directory: first the installed layout
/// (`PREFIX/bin/deepmoused` reads `PREFIX/share/deepmouse/models/touchpad.dmm`, as `make install` puts it),
/// then the source tree's `firmware-models/touchpad.dmm` in the executable's folder or one of the
/// `sourceTreeLevels` above it (`.build/x86_64-unknown-linux-gnu/release/deepmoused`,
/// `.build/embedded/x86_64-unknown-linux-gnu/deepmoused`).
public enum DefaultModel {
    /// The model file's name.
    public static let fileName = "touchpad.dmm"
    /// Its place under the installation prefix.
    public static let installedDirectory = "share/deepmouse/models"
    /// Its place in the source tree.
    public static let sourceDirectory = "firmware-models"
    /// How many folders above the executable's the source tree may be.
    static let sourceTreeLevels = 3

    /// The paths tried, in order, for an executable at `executable` (an absolute path).
    public static func candidates(executable: String) -> [String] {
        var directory = FilePaths.directory(of: executable)
        let bin = directory
        var paths = [join(FilePaths.directory(of: bin), installedDirectory + "/" + fileName)]
        for _ in 0...sourceTreeLevels {
            paths.append(join(directory, sourceDirectory + "/" + fileName))
            if isRoot(directory) { break }
            directory = FilePaths.directory(of: directory)
        }
        return paths
    }

    /// The first candidate that exists for the running executable, or why none does.
    public static func locate() -> Result<String, NotFound> {
        guard let executable = FilePaths.canonical("/proc/self/exe") else { return .failure(NotFound(tried: [])) }
        let tried = candidates(executable: executable)
        if let found = tried.first(where: { FilePaths.exists($0) }) { return .success(found) }
        return .failure(NotFound(tried: tried))
    }

    /// No default model where it was looked for.
    public struct NotFound: Error {
        /// The paths tried (empty when the executable's own path could not be read).
        public var tried: [String]

        /// Logs what was tried and what to do; returns the exit status (no input).
        public func report() -> Int32 {
            Log.line { l in
                l.append("no --model given, and no default model ")
                if tried.isEmpty {
                    l.append("(the executable's path could not be read from /proc/self/exe)")
                } else {
                    l.append("in ")
                    for (i, path) in tried.enumerated() {
                        if i > 0 { l.append(i == tried.count - 1 ? " or " : ", ") }
                        l.append(terminalSafe: Array(path.utf8))
                    }
                }
                l.append(": give --model FILE.dmm (make install puts touchpad.dmm into PREFIX/share/deepmouse/models)")
            }
            return ExitCode.noInput
        }
    }

    /// `directory/name`, without doubling the slash of `/`.
    static func join(_ directory: String, _ name: String) -> String {
        isRoot(directory) ? "/" + name : directory + "/" + name
    }

    /// True for `/` (compared as bytes: String's == would link Unicode tables into the embedded daemon).
    static func isRoot(_ path: String) -> Bool { path.utf8.count == 1 && path.utf8.first == UInt8(ascii: "/") }
}
