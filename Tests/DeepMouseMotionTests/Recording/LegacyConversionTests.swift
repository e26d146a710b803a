import DeepMouseCore
import DeepMouseMotion
import TestSupport
import Testing

@Suite struct LegacyConversionTests {
    /// Positions with a still start, a still middle and a still end.
    static let positions: [(x: Double, y: Double)] = [
        (100, 50), (100, 50), (103, 48), (103, 48), (90, 60.4), (91, 61), (91, 61)
    ]

    @Test func theReplayPadGivesThePixelDeltasInDeviceUnits() throws {
        let bytes = try LegacyConversion.evemu(positions: Self.positions)
        let stream = try EvemuMotion.stream(evemu: bytes)
        // Legacy deltas d[1...6]: (0,0) (3,-2) (0,0) (-13,12) (1,1) (0,0) [60.4 rounds to 60]; the
        // still d[1] is not motion offline, and the lift adds one empty cell (7) at the end.
        #expect(stream.firstCell == 2)
        #expect(stream.dxUnits == [3, 0, -13, 1, 0, 0])
        #expect(stream.dyUnits == [-2, 0, 12, 1, 0, 0])
        #expect(stream.unit == .mm)
        for (mm, px) in zip(stream.dx, [3.0, 0, -13, 1, 0, 0]) { #expect(abs(Double(mm) * 10 - px) < 1e-5) }
        // Timestamps without leading zeros: position 2's frame at 25 ms.
        #expect(String(decoding: bytes, as: UTF8.self).contains("\nE: 0.25000 0003 0035 "))
    }

    @Test func aRealPadAtAGivenGainGetsItsOwnUnitsPerAxis() throws {
        var pad = TestDevices.multitouchPad  // 65 x 136 units/mm, 0...6500 x 0...8160
        pad.name = "Real Pad"
        let bytes = try LegacyConversion.evemu(positions: Self.positions, device: pad, pixelsPerMillimetre: 13)
        let stream = try EvemuMotion.stream(evemu: bytes)
        // x: 5 units per px; y: 136/13 units per px, absolute positions rounded.
        #expect(stream.dxUnits == [15, 0, -65, 5, 0, 0])
        let y = Self.positions.map { ($0.y * 136 / 13).rounded() }
        #expect(stream.dyUnits == [Int32(y[2] - y[1]), 0, Int32(y[4] - y[3]), Int32(y[5] - y[4]), 0, 0])
        // Millimetres times the gain are the pixel deltas (up to the rounding of positions).
        for (mm, px) in zip(stream.dx, [3.0, 0, -13, 1]) { #expect(abs(Double(mm) * 13 - px) < 1e-4) }
        let header = try bytes.withUnsafeBytes { try EvemuParser.parseHeader($0) }
        #expect(header.description == pad)
    }

    @Test func impossibleConversionsSayWhy() {
        #expect(throws: LegacyConversion.Failure.notATouchpad) {
            _ = try LegacyConversion.evemu(
                positions: Self.positions, device: TestDevices.mouse, pixelsPerMillimetre: 10)
        }
        #expect(throws: LegacyConversion.Failure.badGain) {
            _ = try LegacyConversion.evemu(positions: Self.positions, pixelsPerMillimetre: 0)
        }
        #expect(throws: LegacyConversion.Failure.noPositions) { _ = try LegacyConversion.evemu(positions: []) }
        #expect(throws: LegacyConversion.Failure.badPosition(index: 1)) {
            _ = try LegacyConversion.evemu(positions: [(0, 0), (.nan, 1)])
        }
        // 2000 px at 65 units/mm and 1 px/mm is 130000 units: more than the 6500-unit pad.
        #expect(throws: LegacyConversion.Failure.doesNotFit(axis: AbsCode.mtPositionX, span: 130_000, range: 6500)) {
            _ = try LegacyConversion.evemu(
                positions: [(0, 0), (2000, 0)], device: TestDevices.multitouchPad, pixelsPerMillimetre: 1)
        }
        var out: [UInt8] = []
        LegacyConversion.Failure.doesNotFit(axis: AbsCode.x, span: 9, range: 5).write(to: &out)
        #expect(String(decoding: out, as: UTF8.self).contains("spans 9 units in x, more than the pad's range of 5"))
    }
}
