import Foundation

/// Where a dataset comes from, as the command line says it: explicit files per hand, a
/// manifest, or a folder in the standard layout (`<root>/mouse/left-N.txt`,
/// `<root>/touchpad/left.txt`, or a folder of `left*`/`right*` files itself).
public enum DataSource: Sendable, Equatable {
    case files(left: [URL], right: [URL])
    /// A manifest; `allowOutside` lets it name recordings outside its folder (`--allow-outside`).
    case manifest(URL, allowOutside: Bool = false)
    /// A folder of `left*`/`right*` recordings; `device` names them ("mouse", "touchpad").
    case directory(URL, device: String?)

    /// The shared data next to the repository, if present: `../shared/data/deepmouse` from the
    /// current directory.
    public static var defaultDataDirectory: URL? {
        let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("../shared/data/deepmouse").standardizedFileURL
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// `root/device` when that folder exists (the standard layout), else `root` itself.
    public static func standardLayout(root: URL, device: String) -> DataSource {
        let sub = root.appendingPathComponent(device)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: sub.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return .directory(sub, device: device)
        }
        return .directory(root, device: device)
    }

    /// Reads every recording. `requireBothHands: false` allows one-hand sets (per-window output).
    public func load(requireBothHands: Bool = true) throws -> Dataset {
        switch self {
        case .files(let left, let right):
            return try Dataset.load(left: left, right: right, requireBothHands: requireBothHands)
        case .manifest(let url, let allowOutside): return try Manifest.load(url, allowOutside: allowOutside)
        case .directory(let url, let device): return try Dataset.load(directory: url, device: device)
        }
    }

    /// A short description for reports.
    public var summary: String {
        switch self {
        case .files(let left, let right):
            return "left: " + left.map(\.lastPathComponent).joined(separator: " ") + "; right: "
                + right.map(\.lastPathComponent).joined(separator: " ")
        case .manifest(let url, _): return "manifest \(url.path)"
        case .directory(let url, _): return url.path
        }
    }
}

extension SplitStrategy {
    /// The split names `--split` accepts.
    public static let names = ["mouse", "touchpad", "tail", "random", "manifest"]

    /// Builds a strategy from its command-line name and parameters.
    public static func named(
        _ name: String, fractions: SplitFractions = .standard, seed: UInt64 = 1,
        testSession: String = "6", devFraction: Double = 0.15
    ) throws -> SplitStrategy {
        switch name {
        case "mouse": return .mouse(testSession: testSession, devFraction: devFraction)
        case "touchpad": return .touchpad
        case "tail": return .tail(fractions)
        case "random", "random-windows": return .random(fractions, seed: seed)
        case "manifest": return .manifest(devFraction: devFraction)
        default: throw DataError.split(reason: "unknown split '\(name)' (known: \(names.joined(separator: ", ")))")
        }
    }
}
