import Foundation

/// Training progress on a terminal: a live bar per epoch (batches, running loss and accuracy,
/// ETA) when the stream is a TTY, and one plain line per epoch otherwise (logs, CI, pipes).
public final class TrainingProgress {
    private let output: FileHandle
    /// Redraw the bar in place (`\r`); false prints only whole lines.
    public let interactive: Bool
    private var lastDraw = Date.distantPast
    private var barShown = false

    /// Progress on `output` (stderr by default); `interactive` defaults to whether it is a TTY.
    public init(output: FileHandle = .standardError, interactive: Bool? = nil) {
        self.output = output
        self.interactive = interactive ?? (isatty(output.fileDescriptor) == 1)
    }

    /// Called after every batch; redraws the bar at most 10 times a second.
    public func batch(
        epoch: Int, of epochs: Int, batch: Int, of batches: Int, loss: Double, accuracy: Double,
        elapsed: TimeInterval
    ) {
        guard interactive else { return }
        let now = Date()
        guard batch == batches || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let done = Double(epoch - 1) + Double(batch) / Double(batches)
        let eta = elapsed / done * (Double(epochs) - done)
        let width = 24
        let filled = min(width, width * batch / batches)
        let bar =
            String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(0, width - filled - 1))
        write(
            "\r\u{1B}[Kepoch \(epoch)/\(epochs) [\(bar)] \(batch)/\(batches)"
                + String(format: "  loss %.4f  acc %.4f", loss, accuracy) + "  ETA \(Self.duration(eta))")
        barShown = true
    }

    /// The epoch's summary line (replaces the bar on a TTY).
    public func epochEnded(_ r: EpochRecord, of epochs: Int, elapsed: TimeInterval, monitor: String) {
        let eta = elapsed / Double(r.epoch) * Double(epochs - r.epoch)
        var line = String(format: "epoch %d/%d  loss %.4f  acc %.4f", r.epoch, epochs, r.loss, r.accuracy)
        if let devLoss = r.devLoss, let devAccuracy = r.devAccuracy {
            line += String(format: "  dev_loss %.4f  dev_acc %.4f", devLoss, devAccuracy)
        }
        line += String(format: "  %.1fs", r.seconds) + "  ETA \(Self.duration(eta))"
        if r.best { line += "  * best \(monitor)" }
        clearBar()
        write(line + "\n")
    }

    /// A message on its own line.
    public func note(_ message: String) {
        clearBar()
        write(message + "\n")
    }

    private func clearBar() {
        if barShown { write("\r\u{1B}[K") }
        barShown = false
    }

    private func write(_ text: String) { output.write(Data(text.utf8)) }

    /// `75` -> "1m15s", `3725` -> "1h02m".
    static func duration(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}
