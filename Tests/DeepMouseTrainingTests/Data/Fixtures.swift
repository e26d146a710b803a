import DeepMouseCore
import Foundation
import TestSupport

@testable import DeepMouseTraining

/// Small synthetic recordings and temporary files shared by the data, evaluation and training tests.
enum Fixtures {
    /// A recording from explicit interleaved (dx, dy) samples.
    static func recording(
        _ hand: Hand, samples: [Float], name: String = "synthetic.txt", session: String? = nil,
        role: SplitPart? = nil, unit: MotionUnit = .px
    ) -> Recording {
        Recording(
            source: RecordingSource(path: name, byteCount: 0, sha256: "", format: .legacy), hand: hand,
            stream: MotionStream(unit: unit, samples: samples),
            metadata: RecordingMetadata(role: role, session: session))
    }

    /// A recording of `count` samples of deterministic pseudo-random motion (never still).
    static func moving(
        _ hand: Hand, count: Int, seed: UInt64 = 1, name: String? = nil, session: String? = nil,
        role: SplitPart? = nil
    ) -> Recording {
        var g = SeededShuffler(seed: seed)
        let samples = (0..<(2 * count)).map { _ in Float(Int(g.next() % 9) - 4) }
        return recording(hand, samples: samples, name: name ?? "\(hand)-\(seed).txt", session: session, role: role)
    }

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    static func temporaryDirectory() -> URL {
        try! TestTemporaryDirectory.make("deepmouse-tests")
    }

    @discardableResult
    static func write(_ text: String, to folder: URL, name: String) -> URL {
        let url = folder.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url
    }

    /// Legacy `x,y` text for a random walk of `lines` positions.
    static func legacyText(lines: Int, seed: UInt64) -> String {
        var g = SeededShuffler(seed: seed)
        var x = 500
        var y = 400
        var text = ""
        for _ in 0..<lines {
            x += Int(g.next() % 7) - 3
            y += Int(g.next() % 7) - 3
            text += "\(x),\(y)\n"
        }
        return text
    }
}
