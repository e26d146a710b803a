import Foundation
import TestSupport
import Testing

/// `deepmouse bench train` as built: the JSON the Keras-side comparison script reads, and argument checks.
/// (A tiny model: this checks the command works, it does not time anything.)
@Suite("deepmouse bench train (built binary)")
struct BenchCLITests {
    let product = BuiltProduct("deepmouse")

    func run(_ arguments: [String]) throws -> BuiltProduct.Result {
        let product = try #require(product, "build the deepmouse product first (swift build --build-tests builds it)")
        return try product.run(arguments)
    }

    /// --json prints one object with per-epoch times, losses and the BLAS kernels.
    @Test
    func json() throws {
        let result = try run([
            "bench", "train", "--window", "32", "--conv-layers", "1", "--filters", "4",
            "--hidden", "8", "--windows", "10", "--batch-size", "4", "--epochs", "2", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["seconds_per_epoch"] as? [Double])?.count == 2)
        #expect((object["cpu_seconds_per_epoch"] as? [Double])?.count == 2)
        #expect((object["loss_per_epoch"] as? [Double])?.allSatisfy { $0.isFinite } == true)
        #expect(object["median_seconds_per_epoch"] is Double)
        #expect(object["windows"] as? Int == 10 && object["batch_size"] as? Int == 4 && object["threads"] as? Int == 2)
        #expect(!(object["blas_core"] as? String ?? "").isEmpty)
        #expect((object["architecture"] as? [String: Any])?["window"] as? Int == 32)
    }

    /// Bad arguments are refused with a message and a non-zero exit.
    @Test
    func badArguments() throws {
        let lstm = try run(["bench", "train", "--recurrent", "rnn"])
        #expect(lstm.status != 0 && lstm.stderr.contains("'rnn' is invalid for '--recurrent"))
        let empty = try run(["bench", "train", "--windows", "0"])
        #expect(empty.status != 0 && empty.stderr.contains("at least 1"))
        let tooShort = try run(["bench", "train", "--window", "4", "--conv-layers", "3", "--epochs", "1"])
        #expect(tooShort.status != 0 && tooShort.stderr.contains("window"), "\(tooShort.stderr)")
    }
}
