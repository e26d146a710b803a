import Foundation
import Testing

/// Locates the real recordings in `../shared/data` (next to the repository), which tests
/// use but the repository must not contain. Tests that need them are skipped with
/// `SharedData.skipMessage` when the folder is absent; `DEEPMOUSE_SHARED_DATA` overrides it.
public enum SharedData {
    /// The repository root, found from this file's path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository

    /// `../shared/data` relative to the repository, or `$DEEPMOUSE_SHARED_DATA`.
    public static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["DEEPMOUSE_SHARED_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    /// True when the shared recordings are present.
    public static var available: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("deepmouse/README.md").path)
    }

    /// Why a data-dependent test did not run.
    public static var skipMessage: Comment {
        "skipped: real recordings not found at \(root.path) (clone next to ../shared or set DEEPMOUSE_SHARED_DATA)"
    }

    /// `deepmouse/<relative>` inside the shared data.
    public static func deepmouse(_ relative: String) -> URL {
        root.appendingPathComponent("deepmouse").appendingPathComponent(relative)
    }

    /// `evemu/<relative>` inside the shared data.
    public static func evemu(_ relative: String) -> URL {
        root.appendingPathComponent("evemu").appendingPathComponent(relative)
    }
}
