import DeepMouseCore
import DeepMouseTraining
import Foundation
import TestSupport

/// Synthetic recordings and temporary files for the workbench tests.
enum Fixtures {
    /// A recording of `count` samples of deterministic pseudo-random motion (never still).
    static func moving(_ hand: Hand, count: Int, seed: UInt64, session: String? = nil) -> Recording {
        var g = SeededShuffler(seed: seed)
        let samples = (0..<(2 * count)).map { _ in Float(Int(g.next() % 9) - 4) }
        return Recording(
            source: RecordingSource(path: "\(hand)-\(seed).txt", byteCount: 0, sha256: "", format: .legacy),
            hand: hand, stream: MotionStream(unit: .px, samples: samples),
            metadata: RecordingMetadata(session: session))
    }

    /// Legacy `x,y` text of a random walk that drifts `drift` px per sample along x.
    static func driftingText(lines: Int, seed: UInt64, drift: Int) -> String {
        var g = SeededShuffler(seed: seed)
        var x = 5000
        var y = 5000
        var text = ""
        for _ in 0..<lines {
            x += Int(g.next() % 5) - 2 + drift
            y += Int(g.next() % 5) - 2
            text += "\(x),\(y)\n"
        }
        return text
    }

    static func temporaryDirectory() -> URL {
        try! TestTemporaryDirectory.make("deepmouse-lab")
    }

    @discardableResult
    static func write(_ text: String, to folder: URL, name: String) -> URL {
        let url = folder.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url
    }
}
