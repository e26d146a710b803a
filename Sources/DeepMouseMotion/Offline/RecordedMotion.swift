import DeepMouseCore

/// A fixed-rate 100 Hz motion stream made offline from an evemu recording: the trainer's input.
///
/// `dxUnits`/`dyUnits` are the exact per-cell sums in device units; `dx`/`dy` are the same cells in
/// `unit` (millimetres for touchpads, using each axis's own resolution; counts for mice and
/// pointing sticks). Cell `i` covers `[(firstCell + i) * 10 ms, ... + 10 ms)` on the recording's clock.
public struct RecordedMotion: Sendable {
    /// The device the recording describes.
    public var device: DeviceDescription
    /// How the tracker read motion from it.
    public var source: TouchTracker.Source
    /// `.mm` (touchpads) or `.counts` (mice, pointing sticks).
    public var unit: MotionUnit
    /// Device units per millimetre on x and y (1 for counts).
    public var scaleX: AxisScale
    public var scaleY: AxisScale
    /// Index of the first cell on the recording's clock.
    public var firstCell: Int64
    /// Per-cell motion in device units.
    public var dxUnits: [Int32]
    public var dyUnits: [Int32]
    /// Per-cell motion in `unit`.
    public var dx: [Float]
    public var dy: [Float]
    /// Events read, and frames that came late (time going backwards in the file).
    public var eventCount: Int
    public var lateFrames: Int

    /// The number of 10 ms samples.
    public var count: Int { dx.count }
}

/// The offline entry point: evemu bytes in, 100 Hz `(dx, dy)` out, through the same tracker and
/// grid as the daemon.
public enum EvemuMotion {
    /// Parses a recording that carries its own description (`evemu-record` output), or a bare
    /// `.events` file together with the `.desc` file that describes it (`descriptionBytes`).
    ///
    /// The stream runs from the cell of the first motion frame to the cell of the last event.
    /// Errors name the line (of `descriptionBytes` when that one fails; see `EvemuFileError`).
    public static func stream(evemu bytes: [UInt8], descriptionBytes: [UInt8]? = nil) throws(EvemuFileError)
        -> RecordedMotion
    {
        var device: DeviceDescription
        var header: EvemuParser.Header
        switch parseHeader(bytes) {
        case .success(let h): header = h
        case .failure(let error): throw EvemuFileError(part: .events, error: error)
        }
        if let descriptionBytes {
            switch parseHeader(descriptionBytes) {
            case .success(let h): device = h.description
            case .failure(let error): throw EvemuFileError(part: .description, error: error)
            }
            if header.hasDescription { device = header.description }
        } else {
            device = header.description
        }
        guard header.hasDescription || descriptionBytes != nil else {
            throw EvemuFileError(
                part: .events,
                error: EvemuError(
                    line: 1, problem: .missingField("device description (N:/I:/B: lines or a .desc file)")))
        }

        var tracker = TouchTracker(device: device)
        var grid = MotionGrid()
        var dxUnits: [Int32] = []
        var dyUnits: [Int32] = []
        var firstCell: Int64 = 0
        var events = 0
        var lastTime: Int64?
        let failure: EvemuError? = bytes.withUnsafeBytes { raw in
            var reader = EvemuEventReader(bytes: raw, header: header)
            do throws(EvemuError) {
                while let e = try reader.next() {
                    events += 1
                    lastTime = e.time
                    if let m = tracker.process(e) {
                        if grid.openCell == nil { firstCell = MotionGrid.cell(containing: m.time) }
                        grid.add(m) {
                            dxUnits.append($0.dx)
                            dyUnits.append($0.dy)
                        }
                    }
                }
            } catch { return error }
            return nil
        }
        if let failure { throw EvemuFileError(part: .events, error: failure) }
        if let lastTime {
            grid.close(through: lastTime) {
                dxUnits.append($0.dx)
                dyUnits.append($0.dy)
            }
        }
        grid.flush {
            dxUnits.append($0.dx)
            dyUnits.append($0.dy)
        }

        let scale: (x: AxisScale, y: AxisScale)
        let unit: MotionUnit
        if case .relative = tracker.source {
            scale = (
                AxisScale(unitsPerMillimetre: 1, isFallback: false), AxisScale(unitsPerMillimetre: 1, isFallback: false)
            )
            unit = .counts
        } else {
            // As the daemon's UnitMapping: touch motion without axis ranges has no millimetres.
            guard let touch = device.touchScale else {
                throw EvemuFileError(
                    part: header.hasDescription ? .events : .description,
                    error: EvemuError(line: 1, problem: .missingField(TouchAxes.missingField)))
            }
            scale = touch
            unit = .mm
        }
        let fx = 1 / Float(scale.x.unitsPerMillimetre)
        let fy = 1 / Float(scale.y.unitsPerMillimetre)
        return RecordedMotion(
            device: device, source: tracker.source, unit: unit, scaleX: scale.x, scaleY: scale.y,
            firstCell: firstCell, dxUnits: dxUnits, dyUnits: dyUnits,
            dx: dxUnits.map { Float($0) * fx }, dy: dyUnits.map { Float($0) * fy },
            eventCount: events, lateFrames: grid.lateFrames)
    }
}

extension EvemuMotion {
    static func parseHeader(_ bytes: [UInt8]) -> Result<EvemuParser.Header, EvemuError> {
        bytes.withUnsafeBytes { raw in
            do throws(EvemuError) { return .success(try EvemuParser.parseHeader(raw)) } catch { return .failure(error) }
        }
    }
}

/// An `EvemuError` together with which of the two inputs it came from.
public struct EvemuFileError: Error, Equatable, Sendable {
    /// The events file, or the separate `.desc` file.
    public enum Part: Equatable, Sendable { case events, description }
    public var part: Part
    public var error: EvemuError

    public init(part: Part, error: EvemuError) {
        self.part = part
        self.error = error
    }

    /// "line N: ..." (the caller knows the file names).
    public var message: String { error.message }
}
