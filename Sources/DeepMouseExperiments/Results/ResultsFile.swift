import Foundation

/// One line of a results file (JSON Lines): a header saying what it is and which schema
/// version wrote it, then the payload of its kind. Sweeps, searches, baselines and benchmarks
/// all append these; `deepmouse report` reads any mix of them.
///
///     {"schema":"deepmouse-results","version":1,"kind":"baseline","experiment":"baselines-mouse","baseline":{...}}
public struct ResultRecord: Codable, Sendable {
    public static let schemaName = "deepmouse-results"
    /// Bump when a field changes meaning; readers refuse other versions with a clear message.
    public static let currentVersion = 1

    /// What a line of the results file records.
    public enum Kind: String, Codable, Sendable {
        case baseline
        /// One training run of a sweep or search point (one seed or fold).
        case run
        /// A Bayesian or random search trial over training parameters (aggregated over its runs).
        case trial
        /// Bayes vs random search on a test function, one seed.
        case benchmark
        /// Deciders' delay against false changes on switching streams (hand-switch-bench --curve).
        case switchCurve = "switch-curve"
    }

    public var schema: String
    public var version: Int
    public var kind: Kind
    /// The experiment (sweep, search, baseline set) the line belongs to.
    public var experiment: String
    public var baseline: BaselineResult?
    public var run: RunResult?
    public var trial: TrialResult?
    public var benchmark: BenchmarkResult?
    public var switchCurve: SwitchCurveResult?

    public init(
        kind: Kind, experiment: String, baseline: BaselineResult? = nil, run: RunResult? = nil,
        trial: TrialResult? = nil, benchmark: BenchmarkResult? = nil, switchCurve: SwitchCurveResult? = nil
    ) {
        schema = Self.schemaName
        version = Self.currentVersion
        self.kind = kind
        self.experiment = experiment
        self.baseline = baseline
        self.run = run
        self.trial = trial
        self.benchmark = benchmark
        self.switchCurve = switchCurve
    }
}

/// A Bayes-vs-random comparison on one test function and seed.
public struct BenchmarkResult: Codable, Sendable, Equatable {
    public var function: String
    public var kernel: String
    public var budget: Int
    public var seed: UInt64
    public var bayesRegret: [Double]
    public var randomRegret: [Double]

    public init(
        function: String, kernel: String, budget: Int, seed: UInt64, bayesRegret: [Double], randomRegret: [Double]
    ) {
        self.function = function
        self.kernel = kernel
        self.budget = budget
        self.seed = seed
        self.bayesRegret = bayesRegret
        self.randomRegret = randomRegret
    }
}

/// Why a results file cannot be used, naming the file and line.
public enum ResultsError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case unreadable(file: String, reason: String)
    case malformed(file: String, line: Int, reason: String)
    case notResults(file: String, line: Int)
    case version(file: String, line: Int, found: Int, expected: Int)
    case mismatch(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .malformed(let file, let line, let reason): return "\(file):\(line): not a valid results line: \(reason)"
        case .notResults(let file, let line):
            return
                "\(file):\(line): not a DeepMouse results line (no \"schema\": \"\(ResultRecord.schemaName)\"); is this a training log or another file?"
        case .version(let file, let line, let found, let expected):
            let age = found < expected ? "an older" : "a newer"
            return
                "\(file):\(line): results schema version \(found) was written by \(age) deepmouse (this one reads version \(expected)); rerun the experiment into a new file"
        case .mismatch(let file, let reason): return "\(file): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// Reading and appending results files. Appends are one `write` of a whole line to a file
/// opened with O_APPEND, so parallel workers never interleave and an interrupted run keeps
/// every finished line; a truncated last line (killed mid-write) is skipped when reading.
public enum ResultsFile {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }()

    /// The record as one JSON line (with the newline).
    public static func line(_ record: ResultRecord) throws -> Data {
        var data = try encoder.encode(record)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Appends records to `url` (created if missing).
    public static func append(_ records: [ResultRecord], to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw ResultsError.unreadable(file: url.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        for record in records {
            let data = try line(record)
            let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == data.count else {
                throw ResultsError.unreadable(
                    file: url.path, reason: "short write (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Every record of `url`; a missing file is empty when `allowMissing`.
    public static func read(_ url: URL, allowMissing: Bool = false) throws -> [ResultRecord] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            if allowMissing { return [] }
            throw ResultsError.unreadable(file: url.path, reason: "no such file")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ResultsError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let endsWithNewline = data.last == UInt8(ascii: "\n")
        var records: [ResultRecord] = []
        for (index, line) in lines.enumerated() {
            let text = line.drop { $0 == 32 || $0 == 9 }
            if text.isEmpty || text.first == UInt8(ascii: "#") { continue }
            let isTruncatedTail = index == lines.count - 1 && !endsWithNewline
            do {
                records.append(try parse(Data(text), file: url.path, line: index + 1))
            } catch let error as ResultsError {
                if isTruncatedTail, case .malformed = error { continue }  // killed mid-write
                throw error
            }
        }
        return records
    }

    struct Header: Decodable {
        var schema: String?
        var version: Int?
    }

    static func parse(_ data: Data, file: String, line: Int) throws -> ResultRecord {
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch {
            throw ResultsError.malformed(file: file, line: line, reason: "invalid JSON")
        }
        guard header.schema == ResultRecord.schemaName, let version = header.version else {
            throw ResultsError.notResults(file: file, line: line)
        }
        guard version == ResultRecord.currentVersion else {
            throw ResultsError.version(file: file, line: line, found: version, expected: ResultRecord.currentVersion)
        }
        do { return try decoder.decode(ResultRecord.self, from: data) } catch let DecodingError.keyNotFound(
            key, context)
        {
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw ResultsError.malformed(file: file, line: line, reason: "missing field '\(path)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ResultsError.malformed(
                file: file, line: line,
                reason: "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch {
            throw ResultsError.malformed(file: file, line: line, reason: "\(error)")
        }
    }
}
