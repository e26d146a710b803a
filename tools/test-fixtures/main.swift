// test-fixtures: writes the small model files and golden vectors the core's and the daemon's tests read
// (Tests/Fixtures/models), from DeepMouseQuantization's GoldenFixtures. Run it after changing the quantizer,
// the model file writer or the reference, then commit the files:
//
//   swift run test-fixtures [DIR]      (default Tests/Fixtures/models)
//
// GoldenFixturesTests fails while the committed files differ from what this writes.
import DeepMouseQuantization
import Foundation

let directory = URL(
    fileURLWithPath: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Tests/Fixtures/models")
do {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var count = 0
    for fixture in GoldenFixtures.all {
        for file in try GoldenFixtures.files(fixture) {
            try Data(file.bytes).write(to: directory.appendingPathComponent(file.name), options: .atomic)
            count += 1
        }
    }
    print("test-fixtures: \(count) files in \(directory.path)")
} catch {
    FileHandle.standardError.write(Data("test-fixtures: \(error)\n".utf8))
    exit(1)
}
