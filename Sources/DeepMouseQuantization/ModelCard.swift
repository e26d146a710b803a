import DeepMouseCore
import DeepMouseTraining
import Foundation

/// The Markdown card written next to every exported `.dmm`: what it was trained on, how it
/// scores (float and fixed point, by-recording test split, or the dev part of a final fit), what it costs, how to
/// rebuild it.
public enum ModelCard {
    /// The heading of the float-vs-fixed-point section: what the windows were and what their accuracy means.
    static func scoredTitle(_ part: SplitPart) -> String {
        switch part {
        case .test: return "Accuracy on the by-recording test split"
        case .dev:
            return "Float vs fixed point on the dev part (no test split, or too short a test part for one "
                + "window; the dev part chose the epoch, so its accuracy flatters the model)"
        case .train:
            return "Float vs fixed point on the training windows (no dev or test windows: their agreement "
                + "checks the quantization, their accuracy says nothing)"
        }
    }

    static func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }

    /// The card's note on decision parameters stored in the file (empty when there are none).
    static func decisionSection(_ d: DecisionParameters?) -> String {
        guard let d else { return "" }
        return """
            ## Decisions
            - stored in the file: \(ModelInspection.describe(d)); `deepmoused` decides with these, and its \
            `--evidence-*`, `--idle-hops` and `--min-hops-between-changes` flags override them field by field


            """
    }

    public static func markdown(_ r: ModelExport.Report, output: URL, commandLine: String) -> String {
        let a = r.quantized.architecture
        let c = r.checkpoint
        let p = r.test
        let convs = (0..<Int(a.convCount)).map {
            "Conv1D(\(a.convFilters[$0]), k\(a.convKernel[$0]), same) + ReLU + MaxPool(2)"
        }
        var files = c.provenance.files.map {
            "| `\($0.path)` | \($0.label ?? "") | \($0.role ?? "") | \($0.bytes) | `\($0.sha256.prefix(16))…` |"
        }
        if files.isEmpty { files = ["| (not recorded in the checkpoint) | | | | |"] }
        let n = r.quantized.normalization
        return """
            # \(output.deletingPathExtension().lastPathComponent)

            Fixed-point DeepMouse model (`.dmm` format v\(ModelFileFormat.version), see `firmware-models/README.md`):
            tells left (p_left >= 0.5) from right hand from the last \(a.window) \(a.inputCells == .moving ? "moving samples (100 Hz cells with motion; still cells are skipped, so the window spans at least \(Double(a.window) / Double(a.sampleRateHz)) s)" : "samples (\(Double(a.window) / Double(a.sampleRateHz)) s at \(a.sampleRateHz) Hz)") of \(a.inputUnit.description) motion.

            ## Network
            - input (W=\(a.window), 2) = per-axis (d - offset) / scale, offset (\(n[0]), \(n[1])), scale (\(n[2]), \(n[3])); windows with std(dx) or std(dy) <= \(n[4]) \(a.inputUnit.description) are idle
            - \(convs.isEmpty ? "no conv blocks" : convs.joined(separator: "\n- "))
            - GRU(\(a.hidden), reset_after, gates z,r,n) over T=\(a.steps) steps from zero state -> \(a.readout == .mean ? "mean of h_1..h_T" : "h_T") -> Dense(1) -> sigmoid
            - readout: \(a.readout.name)\(a.readout == .mean ? " (Dense reads (1/T) Σ h_t, Q0.15, rounded to nearest, ties up)" : " (Dense reads the last hidden state)")
            - int8 weights (per-output-channel scales), int16 activations, Q0.15 hidden state, Q3.12 gate inputs, 513-entry sigmoid/tanh tables

            ## Data and split
            - split `\(r.splitName)`: \(r.splitSummary)
            - calibration: \(r.calibrationWindows) of the \(r.trainWindows) training windows (activation ranges through the float model)
            - training: seed \(c.training.seed), \(c.training.epochs) epochs, best epoch \(c.training.bestEpoch.map(String.init) ?? "-"), batch \(c.training.batchSize)\(c.training.devMetrics.isEmpty ? "" : ", dev " + c.training.devMetrics.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4f", $0.value))" }.joined(separator: ", "))

            | file | hand | role | bytes | sha256 |
            |---|---|---|---|---|
            \(files.joined(separator: "\n"))

            ## \(Self.scoredTitle(r.scoredPart)) (\(p.windows) non-overlapping windows, still ones dropped)
            | | accuracy |
            |---|---|
            | float checkpoint | \(percent(p.floatAccuracy)) |
            | fixed point (this file, the board's engine) | \(percent(p.fixedAccuracy)) |

            Float and fixed-point decisions agree on \(percent(p.agreement)) of the windows; |p_float - p_fixed| is \(String(format: "%.4f", p.meanAbsDifference)) on average, \(String(format: "%.4f", p.maxAbsDifference)) at most.\(p.stillDisagreements > 0 ? " (\(p.stillDisagreements) windows were still for the integer rule but not the float one; scored anyway.)" : "")

            ## Cost
            - file: \(r.bytes.count) bytes; engine RAM (arena): \(r.arenaBytes) bytes in `.fast` memory (weights widened to int16, cached GRU input projections), \(r.compactArenaBytes) bytes in `.compact` memory (weights used in place from the file)
            - MACs: \(a.macsPerWindow) per full window; \(r.decisionMACs) per streaming decision (hop \(a.defaultHop) samples = \(Int(a.defaultHop) * 1000 / Int(a.sampleRateHz)) ms; convs and GRU input projections are cached, the GRU re-runs over T steps)

            \(decisionSection(r.quantized.decision))## Reproduce
            ```
            \(c.provenance.command.map { $0 + "\n" } ?? "")\(commandLine)
            ```
            """
    }
}
