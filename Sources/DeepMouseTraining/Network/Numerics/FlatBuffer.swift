/// A zero-initialised, 64-byte-aligned run of scalars with a stable address: the storage behind parameters,
/// gradients, Adam moments and activations. Hot code takes `pointer` once and indexes it directly.
final class FlatBuffer<S: NetworkScalar>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<S>
    let count: Int

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<S>.stride, alignment: 64)
        pointer = raw.bindMemory(to: S.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    func zero() { pointer.update(repeating: 0, count: count) }

    var array: [S] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
