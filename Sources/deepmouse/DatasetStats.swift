import ArgumentParser
import DeepMouseExperiments
import DeepMouseMotion
import DeepMouseTraining
import Foundation

extension DeepMouse.DatasetTools {
    /// `deepmouse dataset stats`: acquisition statistics and the stability plot of recordings.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Acquisition statistics of evemu recordings (frame intervals, gaps, 100 Hz grid coverage, motion) and the stability plot.",
            discussion: """
                The same figures as 'deepmoused stats' (shared code). Frame intervals are the times between \
                consecutive SYN_REPORTs, percentiles nearest-rank; intervals over --gap-ms are gaps. --svg writes \
                the counterpart of the original study's 'data acquisition stability' figure: the device's frame \
                intervals over time against the 100 Hz grid's fixed 10 ms, and their distribution.
                """)

        @Argument(help: ArgumentHelp("Evemu recordings (a bare NAME.events uses NAME.desc).", valueName: "recording"))
        var recordings: [String]

        @Option(name: .customLong("gap-ms"), help: "Intervals longer than this many milliseconds are gaps.")
        var gapMilliseconds: Double = 100

        @Option(
            help: ArgumentHelp(
                "Write the stability plot (SVG); with several recordings, NAME is suffixed per file.", valueName: "file"
            ))
        var svg: String?

        @Flag(help: "Print one JSON object per recording instead of text.")
        var json = false

        func validate() throws {
            guard gapMilliseconds >= 1 && gapMilliseconds <= 60_000 else {
                throw ValidationError("--gap-ms must be in 1...60000")
            }
        }

        func run() throws {
            let gap = Int64((gapMilliseconds * 1000).rounded())
            var status: Int32 = 0  // the worst: 65 bad data, 66 missing, 77 permission
            for (n, path) in recordings.enumerated() {
                let url = URL(fileURLWithPath: path)
                let data: Data
                do { data = try InputFile.read(url) } catch {
                    FileHandle.standardError.write(Data(TerminalText.safe("\(error)\n").utf8))
                    status = max(status, error.exitCode)
                    continue
                }
                let desc = url.deletingPathExtension().appendingPathExtension("desc")
                let descBytes =
                    desc.path == url.path ? nil : FileManager.default.contents(atPath: desc.path).map { [UInt8]($0) }
                let result:
                    (
                        statistics: TimingStatistics, description: DeviceDescription, labels: RecordingLabels,
                        failure: EvemuError?
                    )
                do {
                    result = try TimingStatistics.of(
                        evemu: [UInt8](data), descriptionBytes: descBytes, gapThreshold: gap)
                } catch {
                    FileHandle.standardError.write(
                        Data(
                            TerminalText.safe("\(error.part == .description ? desc.path : path): \(error.message)\n")
                                .utf8))
                    status = max(status, 65)
                    continue
                }
                if let failure = result.failure {
                    FileHandle.standardError.write(
                        Data(
                            TerminalText.safe(
                                "\(path): \(failure.message) (the statistics cover the lines before it)\n"
                            ).utf8))
                    status = max(status, 65)
                }
                if json {
                    let summary = AcquisitionSummary(
                        file: path, device: result.description, labels: result.labels,
                        summary: result.statistics.summary())
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    print(String(decoding: try encoder.encode(summary), as: UTF8.self))
                } else {
                    var text: [UInt8] = n > 0 ? [0x0a] : []
                    RecordingReport.write(
                        path: Array(path.utf8), description: result.description,
                        descriptionFromSibling: descBytes != nil && result.failure == nil && !hasOwnDescription(data),
                        labels: result.labels, statistics: result.statistics, to: &text)
                    print(String(decoding: text, as: UTF8.self), terminator: "")
                }
                if let svg {
                    let target = recordings.count == 1 ? svg : svgName(svg, for: url)
                    let plot = AcquisitionStabilityPlot(
                        name: url.lastPathComponent, frameTimes: result.statistics.frameTimes,
                        gapThreshold: gap)
                    try Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + plot.svg.xml + "\n").utf8)
                        .write(to: URL(fileURLWithPath: target), options: .atomic)
                    if !json { print("plot          \(target)") }
                }
            }
            if status != 0 { throw ExitCode(status) }
        }

        /// `plot.svg` + `left-1.events` -> `plot-left-1.svg`.
        func svgName(_ svg: String, for recording: URL) -> String {
            let base = URL(fileURLWithPath: svg)
            let stem =
                base.deletingPathExtension().lastPathComponent + "-"
                + recording.deletingPathExtension().lastPathComponent
            return base.deletingLastPathComponent().appendingPathComponent(stem).appendingPathExtension("svg").path
        }

        func hasOwnDescription(_ data: Data) -> Bool {
            data.prefix(8192).split(separator: 0x0a).contains { $0.starts(with: Array("N:".utf8)) }
        }
    }
}
