import DeepMouseCore

/// What turns a device and a model into a `HandPipeline`, besides the two: the gains that map
/// the device's motion into the model's unit, the decision layer and the hop.
public struct PipelineSettings: Equatable, Sendable {
    /// Touchpad gain for px models: screen pixels per millimetre of finger travel.
    public var pixelsPerMillimetre: Double = UnitMapping.defaultPixelsPerMillimetre
    /// Mouse and pointing-stick gain for px models: pixels per REL count.
    public var pixelsPerCount: Double = 1
    /// The decision layer's knobs.
    public var decisionParameters = DecisionParameters()
    /// The calibrated change detector, which decides instead of the vote when set.
    public var changeDetector: ChangeDetectorParameters?
    /// Samples between decisions (nil: the model's own).
    public var hop: Int32?

    public init(
        pixelsPerMillimetre: Double = UnitMapping.defaultPixelsPerMillimetre, pixelsPerCount: Double = 1,
        decisionParameters: DecisionParameters = DecisionParameters(), changeDetector: ChangeDetectorParameters? = nil,
        hop: Int32? = nil
    ) {
        self.pixelsPerMillimetre = pixelsPerMillimetre
        self.pixelsPerCount = pixelsPerCount
        self.decisionParameters = decisionParameters
        self.changeDetector = changeDetector
        self.hop = hop
    }
}

/// The one setup of a device's pipeline, shared by the live daemon, `--replay` and the tools that
/// stream recordings (benchmarks, the firmware check): unit mapping first, then the engine.
public enum DevicePipeline {
    /// Why a device and a model cannot make a pipeline.
    public enum Failure: Error, Sendable {
        /// The device's motion cannot be put in the model's unit.
        case unitMismatch(UnitMapping.Mismatch, modelUnit: MotionUnit)
        /// The engine refused the model (or the hop).
        case model(ModelFileError)

        /// One line saying why (without the device's name: the caller prefixes it).
        public func write<Sink: ByteSink>(to s: inout Sink) {
            switch self {
            case .unitMismatch(.touchWithoutAxes, _):
                s.append(TouchAxes.missingText)
            case .unitMismatch(.modelNeedsTouchpad, _):
                s.append("the model reads touchpad millimetres; this device is not a touchpad")
            case .unitMismatch(.modelNeedsRelativeDevice, let unit):
                s.append(
                    unit == .counts
                        ? "the model reads relative counts; this device is not a mouse or pointing stick"
                        : "the model reads px; this device has neither relative axes nor a touch position")
            case .model(let error):
                s.append("model: ")
                error.write(to: &s)
            }
        }
    }

    /// Prepares the pipeline for `device` running `model` in `arena` (which must hold
    /// `StreamingClassifier.arenaByteCount(for:hop:)` bytes and outlive the pipeline).
    public static func prepare(
        device: DeviceDescription, model: ModelFile, arena: UnsafeMutableRawBufferPointer,
        settings: PipelineSettings
    ) throws(Failure) -> HandPipeline {
        let source = TouchTracker(device: device).source
        let unit = model.architecture.inputUnit
        let mapping: UnitMapping
        do {
            mapping = try UnitMapping.forDevice(
                device, source: source, modelUnit: unit,
                pixelsPerMillimetre: settings.pixelsPerMillimetre,
                pixelsPerCount: settings.pixelsPerCount)
        } catch {
            throw .unitMismatch(error, modelUnit: unit)
        }
        do {
            return try HandPipeline(
                device: device, model: model, arena: arena, mapping: mapping,
                decisionParameters: settings.decisionParameters, changeDetector: settings.changeDetector,
                hop: settings.hop)
        } catch {
            throw .model(error)
        }
    }
}
