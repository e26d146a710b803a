import Foundation
import TestSupport
import Testing

/// The research workbench's commands (`baseline`, `search`, `sweep`, `report`) run as built.
@Suite("deepmouse workbench commands (built binary)")
struct WorkbenchCLITests {
    let product = BuiltProduct("deepmouse")

    func run(_ arguments: [String], in directory: URL? = nil) throws -> BuiltProduct.Result {
        let product = try #require(product, "build the deepmouse product first (swift build --build-tests builds it)")
        return try product.run(arguments, in: directory)
    }

    func temporaryDirectory() -> URL {
        try! TestTemporaryDirectory.make("deepmouse-lab-cli")
    }

    /// Legacy `x,y` text of a random walk drifting `drift` px per sample along x.
    func walk(_ name: String, in folder: URL, lines: Int, seed: UInt64, drift: Int) throws -> String {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 5) - 2
        }
        var x = 5000
        var y = 5000
        var text = ""
        for _ in 0..<lines {
            x += next() + drift
            y += next()
            text += "\(x),\(y)\n"
        }
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Three sessions per hand, session 3 held out.
    func sessions(in folder: URL) throws -> [String] {
        var left: [String] = []
        var right: [String] = []
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
        #expect(baseline["moving_samples_only"] as? Bool == false)
        // On moving samples only, as a --moving-samples-only network reads them: said in the results.
        let moving = try run(
            ["baseline"] + data + [
                "--window", "100", "--models", "features-logreg", "--moving-samples-only", "-o", results
            ])
        #expect(moving.status == 0, "\(moving.stderr)")
        let all = try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n")
        let last = try JSONSerialization.jsonObject(with: Data(all[all.count - 1].utf8)) as! [String: Any]
        #expect(last["experiment"] as? String == "baselines-mouse-w100-moving")
        #expect((last["baseline"] as? [String: Any])?["moving_samples_only"] as? Bool == true)

        let bad = try run(["baseline"] + data + ["--models", "features-logreg,knn"])
        #expect(
            bad.status != 0 && bad.stderr.contains("'features-logreg,knn' is invalid for '--models"), "\(bad.stderr)")
    }

    static let tiny = [
        "--set", "window=100", "--set", "conv-layers=0", "--set", "hidden=2", "--set", "epochs=1", "--set",
        "batch-size=16"
    ]

    /// A 2-point grid x 2 seeds through `deepmouse train` processes, resumed, then reported.
    @Test func sweepRunsResumesAndReports() throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try sessions(in: folder)
        let results = folder.appendingPathComponent("sweep.jsonl").path
        let sweep =
            ["sweep"] + data + ["--grid", "lr=1e-3,1e-2", "--seeds", "1,2", "--jobs", "2", "-o", results] + Self.tiny
        let first = try run(sweep)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("sweep lr: 4 runs, 0 already in the results file, 4 to do on 2 workers"))
        #expect(first.stderr.contains("[4/4]"))
        #expect(first.stdout.contains("lr=0.01") && first.stdout.contains("lr=0.001"))
        let lines = try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        let firstRun = try #require(
            (try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])?["run"] as? [String: Any])
        #expect(firstRun["status"] as? String == "ok" && (firstRun["curve"] as? [Any])?.count == 1)
        #expect((firstRun["test"] as? [String: Any])?["window_accuracy"] is Double)

        let second = try run(sweep)
        #expect(
            second.status == 0 && second.stderr.contains("4 already in the results file, 0 to do"), "\(second.stderr)")
        #expect(try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n").count == 4)

        let html = folder.appendingPathComponent("report.html").path
        let report = try run(["report", results, "-o", html])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("Sweep: lr") && page.contains("<svg") && page.contains("lr: accuracy vs lr"))

        // A search over lr with a budget of 3, resumable like the sweep.
        let search = try run(
            ["search"] + data + ["--param", "lr:1e-3:1e-2:log", "--budget", "3", "--jobs", "1", "-o", results]
                + Self.tiny)
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stdout.contains("trial 3/3") && search.stdout.contains("best: lr="))
        let records = try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n")
        #expect(records.filter { $0.contains("\"kind\":\"trial\"") }.count == 3)
    }

    @Test func sweepAndSearchRejectBadInput() throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try sessions(in: folder)
        let results = folder.appendingPathComponent("r.jsonl").path
        func expectFailure(_ arguments: [String], mentions text: String) throws {
            let result = try run(arguments)
            #expect(result.status != 0, "\(arguments) should fail")
            #expect(result.stderr.contains(text), "stderr of \(arguments): \(result.stderr)")
        }
        try expectFailure(
            ["sweep"] + data + ["--grid", "learning-rate=1e-3", "-o", results],
            mentions: "unknown training parameter 'learning-rate'")
        try expectFailure(["sweep"] + data + ["-o", results], mentions: "no parameters to sweep")
        try expectFailure(["sweep"] + data + ["--grid", "lr=", "-o", results], mentions: "parameter 'lr' has no values")
        try expectFailure(["sweep"] + data + ["--preset", "nope", "-o", results], mentions: "unknown --preset 'nope'")
        // No data given and none next to the working folder: one clear error before any run, no results written.
        let nowhere = try run(["sweep", "--grid", "lr=1e-3", "-o", results + ".none"] + Self.tiny, in: folder)
        #expect(
            nowhere.status != 0 && nowhere.stderr.contains("no data: give --left/--right"), "stderr: \(nowhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: results + ".none"))
        try expectFailure(["search"] + data + ["--param", "lr:1e-3", "-o", results], mentions: "is not name:low:high")
        try expectFailure(["search"] + data + ["--param", "recurrent:0:1", "-o", results], mentions: "is a choice")
        try expectFailure(
            ["search", "--benchmark", "rosenbrock", "-o", results], mentions: "unknown test function 'rosenbrock'")
        try Data("{\"schema\":\"deepmouse-results\",\"version\":0,\"kind\":\"run\",\"experiment\":\"lr\"}\n".utf8)
            .write(to: URL(fileURLWithPath: results))
        try expectFailure(
            ["sweep"] + data + ["--grid", "lr=1e-3", "-o", results] + Self.tiny,
            mentions: "\(results):1: results schema version 0 was written by an older deepmouse")
        try expectFailure(
            ["report", results, "-o", folder.appendingPathComponent("r.html").path], mentions: "schema version 0")
    }
}
