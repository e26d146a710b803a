import DeepMouseCore
import Foundation
import TestSupport
import Testing

/// `deepmouse calibrate` as built: stores given constants or fits them on a model's dev part, writes a file the
/// reader accepts with every other entry unchanged, and `inspect` shows the detector.
@Suite("deepmouse calibrate (built binary)")
struct CalibrateCLITests {
    static let deepmouse = BuiltProduct("deepmouse")

    func run(_ arguments: [String]) throws -> BuiltProduct.Result {
        let product = try #require(Self.deepmouse, "deepmouse was not built (swift build --build-tests builds it)")
        return try product.run(arguments)
    }

    func detector(_ path: String) throws -> ChangeDetectorParameters? {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try bytes.withUnsafeBytes { raw throws in try ModelFile(bytes: raw).changeDetectorParameters }
    }

    @Test func givenConstantsAreStoredAndShown() throws {
        let folder = try TestTemporaryDirectory.make("deepmouse-calibrate")
        let out = folder.appendingPathComponent("c.dmm").path
        let model = FixtureModels.url("pipeline").path
        let r = try run([
            "calibrate", model, "-o", out, "--threshold", "8", "--platt-scale", "0.8", "--platt-offset=-0.4",
            "--pause-hops", "20"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            try detector(out)
                == ChangeDetectorParameters(
                    plattScaleQ16: 52_429, plattOffsetQ16: -26_214, thresholdQ12: 8 * 4096, headStartQ12: 4 * 4096,
                    pauseHops: 20))
        let inspect = try run(["inspect", out])
        #expect(inspect.status == 0)
        #expect(
            inspect.stdout.contains(
                "change detector  CUSUM on llr = 0.8000 * logit - 0.4000, threshold 8.000 nats, head start 4.000 after"
                    + " 20 idle hops, hand kept through any pause (stored: deepmoused decides with it)"),
            "\(inspect.stdout)")
        #expect(try run(["inspect", model]).stdout.contains("change detector  (none stored"))
        // Bad input: a head start above the threshold, one Platt constant without the other, a missing file.
        let high = try run(["calibrate", model, "-o", out, "--threshold", "2", "--head-start", "3"])
        #expect(high.status != 0 && high.stderr.contains("--head-start must be 0 to the threshold"), "\(high.stderr)")
        let half = try run(["calibrate", model, "-o", out, "--threshold", "2", "--platt-scale", "1"])
        #expect(half.status != 0 && half.stderr.contains("give both --platt-scale and --platt-offset"))
        let missing = try run(["calibrate", folder.appendingPathComponent("no.dmm").path, "-o", out, "--threshold", "2"]
        )
        #expect(missing.status != 0 && missing.stderr.contains("no.dmm"), "\(missing.stderr)")
    }

    /// On the touchpad evaluation twin's own split: the fit on its dev part predicts the dev hands better than
    /// chance (log loss below ln 2), and what is stored is what was printed.
    @Test(.enabled(if: SharedData.available, SharedData.skipMessage))
    func theDevFitIsStoredAndBeatsChance() throws {
        let folder = try TestTemporaryDirectory.make("deepmouse-calibrate")
        let out = folder.appendingPathComponent("t.dmm").path
        let model = SharedData.repositoryRoot.appendingPathComponent("firmware-models/evaluation/touchpad.dmm").path
        let data = SharedData.root.appendingPathComponent("deepmouse").path
        let r = try run(["calibrate", model, "-o", out, "--threshold", "48", "--data-dir", data])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("dev windows of split touchpad"), "\(r.stdout)")
        let c = try #require(try detector(out))
        let a = Double(c.plattScaleQ16) / 65_536
        let b = Double(c.plattOffsetQ16) / 65_536
        #expect(r.stdout.contains(String(format: "llr = %.4f * logit %@ %.4f", a, b < 0 ? "-" : "+", abs(b))))
        let loss = try #require(r.stdout.split(separator: "log loss ").last.flatMap { Double($0.prefix(6)) })
        #expect(a > 0 && loss < log(2.0), "\(r.stdout)")
        #expect(c.thresholdQ12 == 48 * 4096 && c.headStartQ12 == 24 * 4096 && c.pauseHops == 13)
    }
}
