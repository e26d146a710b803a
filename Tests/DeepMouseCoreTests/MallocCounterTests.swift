import MallocCounter
import Testing

/// The allocation counter that other tests rely on must itself see allocations.
@Test func mallocCounterSeesAllocations() {
    #expect(malloc_counter_is_active() != 0)
    malloc_counter_start()
    let array = [Int](repeating: 7, count: 1000)
    let allocations = malloc_counter_stop()
    #expect(array.count == 1000)
    #expect(allocations >= 1)
    malloc_counter_start()
    var sum = 0
    for i in 0..<1000 { sum &+= i }
    #expect(malloc_counter_stop() == 0)
    #expect(sum == 499_500)
}
