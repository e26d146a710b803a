import DeepMouseCore
import Foundation
import TestSupport

/// The daemon's fixture models (Tests/Fixtures/models, written by tools/test-fixtures): a 1-conv GRU-8 px model
/// with a 64-sample window (0.64 s), hop 8, with random weights: the same code paths as the shipped models.
enum ModelFixture {
    /// The plain fixture; `decision` picks one that stores decision parameters (see GoldenFixtures.daemon).
    enum Stored: String {
        case none = "pipeline"
        case someParameters = "pipeline-stored-decisions"
        case neverDecides = "pipeline-never-decides"
        case decidesAtOnce = "pipeline-decides-at-once"
        case changeDetector = "pipeline-cusum"
    }

    static func bytes(_ stored: Stored = .none) throws -> [UInt8] { try FixtureModels.bytes(stored.rawValue) }

    /// The model file's path (read in place: tests never write to it).
    static func file(_ stored: Stored = .none) -> URL { FixtureModels.url(stored.rawValue) }
}

/// A fresh directory under this test process's scratch root (removed at exit).
enum TemporaryDirectory {
    static func make() throws -> URL { try TestTemporaryDirectory.make("deepmouse-test") }
}
