import ArgumentParser
import DeepMouseExperiments
import DeepMouseTraining
import Foundation

extension DeepMouse {
    /// `deepmouse report`: results files in, one self-contained HTML page out.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Make an HTML report (inline SVG plots, no scripts) from sweep, search, baseline and benchmark results.",
            discussion: """
                Reads any mix of JSON Lines results files written by sweep, search, baseline and search --benchmark. \
                With --data-dir, adds movement-amplitude histograms of the recordings before and after normalisation.
                """)

        @Argument(help: ArgumentHelp("Results files (JSON Lines).", valueName: "results"))
        var results: [String] = []

        @Option(name: [.customShort("o"), .customLong("output")], help: "The HTML file to write.")
        var output: String = "report.html"

        @Option(help: "Page title.")
        var title: String = "DeepMouse experiments"

        @Option(
            name: .customLong("data-dir"),
            help: ArgumentHelp(
                "Also describe the recordings of this folder (DeepMouse layout: mouse/, touchpad/).", valueName: "dir"))
        var dataDirectory: String?

        func validate() throws {
            guard !results.isEmpty || dataDirectory != nil else {
                throw ValidationError("give at least one results file")
            }
        }

        func run() throws {
            var builder = try ReportBuilder.load(results.map { URL(fileURLWithPath: $0) })
            if let dataDirectory {
                let root = URL(fileURLWithPath: dataDirectory)
                for device in ["mouse", "touchpad"] {
                    let folder = root.appendingPathComponent(device)
                    guard FileManager.default.fileExists(atPath: folder.path) else { continue }
                    let dataset = try Dataset.load(directory: folder, device: device)
                    let normalization =
                        Normalization.global(for: dataset.unit) ?? Normalization(offset: [0, 0], scale: [1, 1])
                    builder.datasets.append((device, dataset, normalization))
                }
                if builder.datasets.isEmpty {
                    throw ValidationError("--data-dir \(dataDirectory): no mouse/ or touchpad/ folder")
                }
            }
            let page = builder.page(title: title)
            let url = URL(fileURLWithPath: output)
            do { try Data(page.html.utf8).write(to: url, options: .atomic) } catch {
                throw ValidationError("\(output): cannot write: \(error.localizedDescription)")
            }
            print("report: \(output) (\(page.sections.count) sections from \(builder.records.count) results)")
        }
    }
}
