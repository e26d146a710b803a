import ArgumentParser
import DeepMouseTraining
import Foundation

/// Where the recordings come from and how they are split; shared by `train` and `evaluate`.
struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Folder in the DeepMouse layout (mouse/left-N.txt, touchpad/left.txt) or of left*/right* files (default: ../shared/data/deepmouse when present).",
            valueName: "dir"))
    var dataDirectory: String?

    @Option(help: "Sub-folder of --data-dir used by the tail and random splits: mouse or touchpad (default: mouse).")
    var device: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Left-hand recordings (legacy x,y text or evemu).", valueName: "file"))
    var left: [String] = []

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Right-hand recordings (legacy x,y text or evemu).", valueName: "file"))
    var right: [String] = []

    @Option(
        help: ArgumentHelp(
            "A JSON Lines manifest, one {\"recording\": path, \"hand\": left|right, \"role\": train|dev|test, ...} per line.",
            valueName: "file"))
    var manifest: String?

    @Flag(help: "Let the manifest name recordings outside its own folder (absolute paths, '..', links out).")
    var allowOutside = false

    @Option(
        help:
            "How to split: mouse (test = one session), touchpad (68/12/20 per file), tail (time-contiguous fractions), random (windows, seeded), manifest (roles)."
    )
    var split: String?

    @Option(help: "train,dev,test fractions for the tail and random splits.")
    var fractions: String = "0.7,0.15,0.15"

    @Option(help: "The session held out as test by the mouse split (files left-N/right-N).")
    var testSession: String = "6"

    @Option(
        help:
            "Fraction at the end of each train file used as dev (mouse and manifest splits; default 0.15, or for evaluate the model's own when it names the same mouse split)."
    )
    var devFraction: Double?

    /// `--dev-fraction` as given, else 0.15.
    var devFractionOrDefault: Double { devFraction ?? 0.15 }

    @Option(help: "Seed of the random split (default: train's --seed; evaluate: the seed stored in the model, or 1).")
    var splitSeed: UInt64?

    var hasFiles: Bool { !left.isEmpty || !right.isEmpty }

    func validate() throws {
        let sources = [hasFiles, manifest != nil, dataDirectory != nil].filter { $0 }.count
        guard sources <= 1 else {
            throw ValidationError("give one data source: --left/--right, --manifest or --data-dir")
        }
        if let split, !SplitStrategy.names.contains(split) && split != "random-windows" {
            throw ValidationError("unknown --split '\(split)' (known: \(SplitStrategy.names.joined(separator: ", ")))")
        }
        if split == "manifest" && manifest == nil { throw ValidationError("--split manifest needs --manifest") }
        if let device, !["mouse", "touchpad"].contains(device) {
            throw ValidationError("--device must be mouse or touchpad")
        }
        _ = try parsedFractions()
        guard devFractionOrDefault >= 0 && devFractionOrDefault < 1 else {
            throw ValidationError("--dev-fraction must be in [0, 1)")
        }
    }

    func parsedFractions() throws -> SplitFractions {
        let parts = fractions.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let train = parts[0], let dev = parts[1], let test = parts[2] else {
            throw ValidationError("--fractions must be three numbers train,dev,test (e.g. 0.7,0.15,0.15)")
        }
        do { return try SplitFractions(train: train, dev: dev, test: test) } catch {
            throw ValidationError("--fractions: \(error)")
        }
    }

    /// The split `train` uses when none is given: manifest roles, a tail split of explicit files,
    /// or the standard mouse split of the data folder.
    var defaultTrainingSplit: String {
        if manifest != nil { return "manifest" }
        if hasFiles { return "tail" }
        return "mouse"
    }

    /// The data source; `splitName` picks the sub-folder of a data directory.
    func source(splitName: String?) throws -> DataSource {
        if hasFiles {
            return .files(left: left.map { URL(fileURLWithPath: $0) }, right: right.map { URL(fileURLWithPath: $0) })
        }
        if let manifest { return .manifest(URL(fileURLWithPath: manifest), allowOutside: allowOutside) }
        guard let root = dataDirectory.map({ URL(fileURLWithPath: $0) }) ?? DataSource.defaultDataDirectory else {
            throw ValidationError(
                "no data: give --left/--right, --manifest or --data-dir (../shared/data/deepmouse was not found)")
        }
        let folder = splitName == "touchpad" ? "touchpad" : (splitName == "mouse" ? "mouse" : (device ?? "mouse"))
        return DataSource.standardLayout(root: root, device: folder)
    }

    func strategy(named name: String, seed: UInt64) throws -> SplitStrategy {
        try SplitStrategy.named(
            name, fractions: parsedFractions(), seed: splitSeed ?? seed,
            testSession: testSession, devFraction: devFractionOrDefault)
    }

    /// `strategy(named:seed:)`, except that a mouse split of the model's own test session keeps the dev fraction the
    /// model was trained with unless `--dev-fraction` is given (the test part is the same; its description is right).
    func strategy(named name: String, seed: UInt64, modelSplit: SplitStrategy?) throws -> SplitStrategy {
        let chosen = try strategy(named: name, seed: seed)
        if devFraction == nil, case .mouse(let session, _) = chosen,
            case .mouse(let trained, let fraction)? = modelSplit,
            session == trained
        {
            return .mouse(testSession: session, devFraction: fraction)
        }
        return chosen
    }
}
