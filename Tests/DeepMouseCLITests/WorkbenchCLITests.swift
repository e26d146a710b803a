import Foundation
import Testing
import TestSupport

/// The research workbench's commands (`baseline`, `search`, `sweep`, `report`) run as built.
@Suite("deepmouse workbench commands (built binary)")
struct WorkbenchCLITests {
    let product = BuiltProduct("deepmouse")

    func run(_ arguments: [String], in directory: URL? = nil) throws -> BuiltProduct.Result {
        let product = try #require(product, "build the deepmouse product first (swift build --build-tests builds it)")
        return try product.run(arguments, in: directory)
    }

    func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deepmouse-lab-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Legacy `x,y` text of a random walk drifting `drift` px per sample along x.
    func walk(_ name: String, in folder: URL, lines: Int, seed: UInt64, drift: Int) throws -> String {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> Int { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return Int(state % 5) - 2 }
        var x = 5000, y = 5000, text = ""
        for _ in 0..<lines { x += next() + drift; y += next(); text += "\(x),\(y)\n" }
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Three sessions per hand, session 3 held out.
    func sessions(in folder: URL) throws -> [String] {
        var left: [String] = [], right: [String] = []
        for s in 1...3 {
            left.append(try walk("left-\(s).txt", in: folder, lines: 1601, seed: UInt64(s), drift: 1))
            right.append(try walk("right-\(s).txt", in: folder, lines: 1601, seed: UInt64(10 + s), drift: -1))
        }
        return ["--left"] + left + ["--right"] + right + ["--split", "mouse", "--test-session", "3"]
    }

    @Test func baselinePrintsEachModelAndAppendsResultLines() throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = folder.appendingPathComponent("results.jsonl").path
        let data = try sessions(in: folder)
        let text = try run(["baseline"] + data + ["--window", "100", "--svm-budget", "3", "-o", results])
        #expect(text.status == 0, "\(text.stderr)")
        for model in ["still-fraction", "features-logreg", "svm-rbf"] { #expect(text.stdout.contains(model)) }
        #expect(text.stdout.contains("test window acc"))
        let lines = try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as! [String: Any]
        #expect(first["schema"] as? String == "deepmouse-results" && first["version"] as? Int == 1)
        #expect(first["kind"] as? String == "baseline" && first["experiment"] as? String == "baselines-mouse-w100")
        let baseline = try #require(first["baseline"] as? [String: Any])
        let test = try #require(baseline["test"] as? [String: Any])
        #expect((test["window_accuracy"] as? Double ?? 0) > 0.9)

        let bad = try run(["baseline"] + data + ["--models", "features-logreg,knn"])
        #expect(bad.status != 0 && bad.stderr.contains("unknown model 'knn'"), "\(bad.stderr)")
    }
}
