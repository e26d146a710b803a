import Foundation

/// Scratch space for tests: every directory lives under one root per test process
/// (`$TMPDIR/deepmouse-tests.XXXXXX`), removed when the process exits, so a test that fails
/// before its own clean-up (or a shared fixture that outlives every test) leaves nothing behind.
public enum TestTemporaryDirectory {
    /// This process's root, made on first use; an `atexit` handler removes it.
    public static let root: URL = {
        var template = Array(
            FileManager.default.temporaryDirectory.appendingPathComponent("deepmouse-tests.XXXXXX").path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        precondition(made, "cannot create a temporary directory in \(FileManager.default.temporaryDirectory.path)")
        let url = URL(fileURLWithPath: String(cString: template), isDirectory: true)
        chmod(url.path, 0o755)  // mkdtemp makes it 0700; tests that drop to another user reach inside
        atexit { try? FileManager.default.removeItem(at: TestTemporaryDirectory.root) }
        return url
    }()

    /// A fresh directory `prefix-UUID` under the root.
    public static func make(_ prefix: String = "test") throws -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
