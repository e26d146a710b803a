/// Accuracy of a decision made over a longer stretch of use than one window: the mean `p_left`
/// over `windowsPerStream` consecutive kept windows of one recording, left when > 0.5.
///
/// `windowsPerStream = ceil(streamSeconds * sampleRate / W)` (30 s at W=800 is 4 windows,
/// 32 s). Each recording's kept windows are taken in time order and grouped without overlap;
/// an incomplete trailing group is dropped, so every stream covers the same amount of motion.
public struct StreamAccuracy: Codable, Sendable, Equatable {
    public var streamSeconds: Double
    public var windowsPerStream: Int
    public var confusion: ConfusionMatrix

    public var streams: Int { confusion.total }
    /// NaN when no recording has enough windows for one stream.
    public var accuracy: Double { confusion.accuracy }
    public var balancedAccuracy: Double { confusion.balancedAccuracy }

    /// The number of windows that cover `streamSeconds`.
    public static func windowsPerStream(
        streamSeconds: Double, window: Int, sampleRate: Int = MotionStream.standardSampleRate
    ) -> Int {
        max(1, Int((streamSeconds * Double(sampleRate) / Double(window)).rounded(.up)))
    }

    /// Groups the windows of `windows` (with their `pLeft`) per recording and scores each group.
    public init(
        windows: WindowSet, pLeft: [Float], streamSeconds: Double, sampleRate: Int = MotionStream.standardSampleRate
    ) {
        precondition(pLeft.count == windows.count)
        self.streamSeconds = streamSeconds
        windowsPerStream = Self.windowsPerStream(
            streamSeconds: streamSeconds, window: windows.window, sampleRate: sampleRate)
        confusion = ConfusionMatrix()
        var byRecording: [Int: [Int]] = [:]
        for (i, ref) in windows.references.enumerated() { byRecording[ref.recording, default: []].append(i) }
        for recording in byRecording.keys.sorted() {
            let ordered = byRecording[recording]!.sorted { windows.references[$0].start < windows.references[$1].start }
            var k = 0
            while k + windowsPerStream <= ordered.count {
                let group = ordered[k..<(k + windowsPerStream)]
                let mean = group.reduce(0.0) { $0 + Double(pLeft[$1]) } / Double(group.count)
                confusion.add(truth: windows.hand(group.first!), predicted: mean > 0.5 ? .left : .right)
                k += windowsPerStream
            }
        }
    }
}
