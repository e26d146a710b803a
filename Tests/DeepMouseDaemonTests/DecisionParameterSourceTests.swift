import DeepMouseCore
import Testing

@testable import DeepMouseDaemon
@testable import DeepMouseInput

/// Which decision parameters the daemon uses: the command line's fields where given, else the model file's,
/// else the defaults; a merge with the threshold above the cap is refused.
@Suite struct DecisionParameterSourceTests {
    static let stored = DecisionParameters(
        retentionQ15: 32440, thresholdQ8: 3072, capQ8: 4608, idleHopsToUnknown: 3,
        minimumHopsBetweenChanges: 2)

    func resolve(_ stored: DecisionParameters?, _ configure: (inout DaemonConfiguration) -> Void) throws
        -> DecisionParameters?
    {
        // The fixture's stored parameters are `Self.stored` (GoldenFixtures.daemon).
        let bytes = try ModelFixture.bytes(stored == nil ? .none : .someParameters)
        var config = DaemonConfiguration()
        configure(&config)
        return try bytes.withUnsafeBytes { raw throws in
            config.resolveDecisionParameters(for: try ModelFile(bytes: raw))
        }
    }

    @Test func theFixtureStoresTheParametersTheseTestsExpect() throws {
        let bytes = try ModelFixture.bytes(.someParameters)
        try bytes.withUnsafeBytes { raw throws in
            #expect(try ModelFile(bytes: raw).decisionParameters == Self.stored)
        }
    }

    @Test func noFlagsTakeTheModelsOrTheDefaults() throws {
        #expect(try resolve(Self.stored) { _ in } == Self.stored)
        #expect(try resolve(nil) { _ in } == DecisionParameters())
        // Only the overrides count: a resolved value left in decisionParameters is not a flag.
        #expect(try resolve(Self.stored) { $0.decisionParameters.capQ8 = 1 } == Self.stored)
    }

    @Test func eachFlagOverridesItsOwnField() throws {
        var expected = Self.stored
        expected.thresholdQ8 = 2048
        #expect(
            try resolve(Self.stored) { $0.decisionOverrides.thresholdQ8 = 2048 } == expected)
        expected.idleHopsToUnknown = 7
        expected.minimumHopsBetweenChanges = 0
        expected.retentionQ15 = 0
        #expect(
            try resolve(Self.stored) { c in
                c.decisionOverrides.retentionQ15 = 0
                c.decisionOverrides.thresholdQ8 = 2048
                c.decisionOverrides.idleHopsToUnknown = 7
                c.decisionOverrides.minimumHopsBetweenChanges = 0
            } == expected)
    }

    @Test func aThresholdAboveTheMergedCapIsRefused() throws {
        // 20 over the model's cap of 18; 8 over the default cap of 6.
        #expect(
            try resolve(Self.stored) { $0.decisionOverrides.thresholdQ8 = 20 * 256 } == nil)
        #expect(
            try resolve(nil) { $0.decisionOverrides.thresholdQ8 = 8 * 256 } == nil)
        #expect(
            try resolve(Self.stored) { $0.decisionOverrides.capQ8 = 2 * 256 } == nil)
    }

    /// The change detector decides when the model file carries one, unless `--decider vote`.
    @Test func theModelsChangeDetectorDecidesUnlessTheVoteIsAsked() throws {
        func detector(_ stored: ModelFixture.Stored, _ decider: Decider?) throws -> ChangeDetectorParameters? {
            var config = DaemonConfiguration()
            config.decider = decider
            return try ModelFixture.bytes(stored).withUnsafeBytes { raw throws in
                config.resolveChangeDetector(for: try ModelFile(bytes: raw))
            }
        }
        let fixture = ChangeDetectorParameters(thresholdQ12: 2 * 4096, headStartQ12: 4096, pauseHops: 3)
        #expect(try detector(.changeDetector, nil) == fixture)
        #expect(try detector(.changeDetector, .cusum) == fixture)
        #expect(try detector(.changeDetector, .vote) == nil)
        #expect(try detector(.none, nil) == nil)
        #expect(try detector(.someParameters, nil) == nil)
    }
}
