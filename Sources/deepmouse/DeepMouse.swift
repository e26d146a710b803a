import ArgumentParser
import DeepMouseCore
import DeepMouseQuantization
import DeepMouseTraining
import Foundation

/// The workstation command: train, evaluate, export, inspect, experiments.
@main
struct DeepMouse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deepmouse",
        abstract: "Train and evaluate left/right-hand classifiers for pointing devices.",
        discussion: """
            EXIT STATUS (sysexits.h, as deepmoused): 0 success; 64 bad command line; 65 bad data (a malformed \
            recording, manifest or model, an invalid manifest, a failed self-test); 66 an input file is missing \
            or is not a regular file (a folder, a FIFO, a device); 73 an output cannot be written; 74 a read \
            error; 77 permission denied; 1 any other failure. Messages go to standard error with control \
            characters escaped (\\xNN).
            """,
        version: "deepmouse \(DeepMouseVersion.string) (model format \(ModelFileFormat.version))",
        subcommands: [
            Train.self, Evaluate.self, Inspect.self, Export.self, Calibrate.self, Bench.self, Baseline.self, Sweep.self,
            Search.self,
            Report.self,
            DatasetTools.self
        ])

    /// ArgumentParser's entry point with the exit statuses above: a `DataError` exits with its own
    /// status, and every message is escaped for the terminal (file names and quoted lines come from
    /// files).
    static func main() {
        let command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            var running = command
            try running.run()
        } catch let error as DataError {
            fail(error.description, status: error.exitCode)
        } catch let error as ModelInspection.Failure {
            fail(error.description, status: 65)
        } catch let error as CheckpointError {
            fail(error.description, status: 65)
        } catch let error as ExitCode {
            exit(withError: error)
        } catch {
            let status = exitCode(for: error).rawValue
            if status == 0 { exit(withError: error) }  // help and version requests
            // One "Error: " (fail adds it), then where the failing subcommand's help is.
            let path = commandPath(of: type(of: command))
            fail(message(for: error) + "\nSee '\(path) --help' for more information.", status: status)
        }
    }

    /// "deepmouse dataset convert" for `DatasetTools.Convert`: the words that run `command`.
    static func commandPath(of command: ParsableCommand.Type) -> String {
        func search(_ node: ParsableCommand.Type, _ path: [String]) -> [String]? {
            if node == command { return path }
            for sub in node.configuration.subcommands {
                if let found = search(sub, path + [sub._commandName]) { return found }
            }
            return nil
        }
        return (search(DeepMouse.self, ["deepmouse"]) ?? ["deepmouse"]).joined(separator: " ")
    }

    /// "Error: MESSAGE" on stderr, each line escaped for the terminal, then exit.
    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data(("Error: " + TerminalText.safe(message) + "\n").utf8))
        Foundation.exit(status)
    }
}

/// Text from files made safe for a terminal: the core's escaper (`append(terminalSafe:)`) line by line.
enum TerminalText {
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var out: [UInt8] = []
            out.append(terminalSafe: Array(line.utf8))
            return String(decoding: out, as: UTF8.self)
        }.joined(separator: "\n")
    }
}
