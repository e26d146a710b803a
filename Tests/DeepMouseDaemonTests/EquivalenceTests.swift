import DeepMouseMotion
import Foundation
import TestSupport
import Testing

/// `deepmoused --replay` agrees with `deepmouse evaluate`: a legacy test recording converted to an
/// evemu touchpad stream with a known gain, replayed through the daemon (tracker, 100 Hz grid,
/// unit mapping, fixed-point streaming classifier), gives the same per-window decisions as the
/// trainer's float evaluation on the same file (>= 98% of windows).
@Suite(.enabled(if: SharedData.available, SharedData.skipMessage), .serialized)
struct EquivalenceTests {
    /// Trains a small model on the first 8000 lines of each touchpad file, exports it, and
    /// compares on 6000 lines of each file's by-recording test part ([0.8, 1.0)).
    @Test func replayAgreesWithEvaluateOnTheTouchpadTestSplit() throws {
        let deepmouse = try #require(Executables.url("deepmouse"), "deepmouse was not built")
        let daemon = try #require(Executables.deepmoused, "deepmoused was not built")
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        func lines(_ name: String, _ range: Range<Int>) throws -> URL {
            let text = try String(contentsOf: SharedData.deepmouse("touchpad/\(name)"), encoding: .utf8)
            let all = text.split(separator: "\n", omittingEmptySubsequences: false)
            let url = dir.appendingPathComponent("\(name.dropLast(4))-\(range.lowerBound).txt")
            try Data((all[range].joined(separator: "\n") + "\n").utf8).write(to: url)
            return url
        }
        let trainLeft = try lines("left.txt", 0..<8000)
        let trainRight = try lines("right.txt", 0..<8000)
        let checkpoint = dir.appendingPathComponent("eq.dmcheckpoint.json").path
        let model = dir.appendingPathComponent("eq.dmm").path
        let train = try Executables.run(
            deepmouse,
            [
                "train", "--left", trainLeft.path, "--right", trainRight.path,
                "--window", "200", "--conv-layers", "1", "--filters", "8", "--hidden", "8",
                "--epochs", "4", "--patience", "0", "--batch-size", "16", "--seed", "5",
                "-o", checkpoint
            ])
        #expect(train.status == 0, "\(train.stderr)")
        let export = try Executables.run(
            deepmouse,
            [
                "export", checkpoint, "-o", model, "--split", "touchpad",
                "--data-dir", SharedData.root.appendingPathComponent("deepmouse").path
            ])
        #expect(export.status == 0, "\(export.stderr)")

        let tests = [
            "left.txt": try lines("left.txt", 38_400..<44_401), "right.txt": try lines("right.txt", 38_400..<44_401)
        ]
        let windows = dir.appendingPathComponent("windows.jsonl")  // 6001 positions each: 6000 deltas, 30 windows
        let evaluate = try Executables.run(
            deepmouse,
            [
                "evaluate", "--model", checkpoint, "--left", tests["left.txt"]!.path,
                "--right", tests["right.txt"]!.path, "--windows-output", windows.path
            ])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let all = try String(contentsOf: windows, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        var agree = 0
        var total = 0
        var moving = 0
        var maxDifference = 0.0
        for name in ["left.txt", "right.txt"] {
            let test = tests[name]!
            let expected = all.filter {
                ($0["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } == test.lastPathComponent
            }
            #expect(expected.count == 30)

            let recording = dir.appendingPathComponent("\(name).events")
            // `dataset convert --to evemu`: the replay pad at 10 units/mm and 10 px/mm, so one unit is one px.
            let convert = try Executables.run(
                deepmouse, ["dataset", "convert", test.path, "--to", "evemu", "-o", recording.path])
            #expect(convert.status == 0, "\(convert.stderr)")
            let replay = try Executables.run(
                daemon,
                [
                    "--model", model, "--replay", recording.path, "--decisions",
                    "--px-per-mm", String(LegacyConversion.replayPadUnitsPerMillimetre)
                ])
            #expect(replay.status == 0, "\(replay.stderr)")
            // The decision after sample (k+1)W covers window k; it is stamped at the end of that
            // sample's cell, cell (k+1)W + 1 on the recording's clock.
            var decisions: [Int: [String: Any]] = [:]
            for d in replay.objects(type: "decision") { decisions[Int(((d["t"] as! Double) * 100).rounded())] = d }
            for w in expected {
                let start = w["start"] as! Int
                let still = w["still"] as! Bool
                total += 1
                // No decision: the daemon was skipping a long still stretch (saturated idle,
                // see HandPipeline), which only happens when the whole window is still.
                guard let d = decisions[start + 200 + 1] else {
                    if still {
                        agree += 1
                    } else {
                        Issue.record("\(name): no daemon decision for the moving window at \(start)")
                    }
                    continue
                }
                let idle = d["idle"] as! Bool
                if still || idle {
                    if still == idle { agree += 1 }
                } else {
                    moving += 1
                    let (pf, pd) = (w["p_left"] as! Double, d["p_left"] as! Double)
                    maxDifference = max(maxDifference, abs(pf - pd))
                    if (pf >= 0.5) == (pd >= 0.5) { agree += 1 }
                }
            }
        }
        #expect(total == 60)
        #expect(moving >= 30, "only \(moving) moving windows compared")
        #expect(maxDifference < 0.01, "float vs daemon p_left differ by up to \(maxDifference)")
        #expect(Double(agree) >= 0.98 * Double(total), "agreement \(agree)/\(total)")
        print(
            "equivalence: daemon replay agrees with deepmouse evaluate on \(agree) of \(total) windows "
                + "(\(moving) moving; max |p_left difference| \(maxDifference))")
    }
}
