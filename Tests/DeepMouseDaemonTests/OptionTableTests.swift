import Testing

@testable import DeepMouseDaemon

/// The option tables drive both parsing and `--help`: every option a command parses is on its help page
/// under its own names, every command reads only its own options, and a flag takes no value.
@Suite struct OptionTableTests {
    static func page<Settings>(_ help: HelpPage, _ table: [CommandOption<Settings>]) -> String {
        var text: [UInt8] = []
        OptionTable.write(help, options: table, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    static func names<Settings>(_ table: [CommandOption<Settings>]) -> [String] {
        table.flatMap { o in [o.long, o.short].filter { $0.utf8CodeUnitCount > 0 }.map { "\($0)" } }
    }

    static func optionsSection(_ page: String) -> String {
        let start = page.range(of: "\nOPTIONS\n")!.upperBound
        let rest = page[start...]
        let end = rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func everyParsedOptionIsDocumentedOnItsOwnLine() {
        let pages = [
            ("deepmoused", Self.page(daemonHelp, DaemonOptions.table), Self.names(DaemonOptions.table)),
            ("record", Self.page(recordHelp, RecordOptions.table), Self.names(RecordOptions.table)),
            ("stats", Self.page(statsHelp, StatsCommand.options), Self.names(StatsCommand.options)),
            ("devices", Self.page(devicesHelp, DevicesOptions.table), Self.names(DevicesOptions.table))
        ]
        for (command, page, names) in pages {
            let section = Self.optionsSection(page)
            let lines = section.split(separator: "\n")
            for name in names + ["--help", "-h"] {
                #expect(
                    lines.contains {
                        $0.hasPrefix("    \(name)") || $0.contains(" \(name) ") || $0.contains(" \(name),")
                            || $0.hasSuffix(" \(name)")
                    },
                    "\(command): \(name) missing from OPTIONS")
            }
            #expect(!page.split(separator: "\n").contains { $0.count > 100 }, "\(command): a line over 100 columns")
            // Help text continues under the help column, never under the names.
            for line in lines where !line.hasPrefix("    -") && !line.hasPrefix("        --") {
                #expect(line.hasPrefix(String(repeating: " ", count: OptionTable.helpColumn)), "\(command): '\(line)'")
            }
        }
    }

    @Test func eachNameParsesAndUnknownOnesAreRefused() throws {
        for option in DaemonOptions.table {
            var args = [bytes(option.long)]
            // A value that every typed option accepts or refuses by its own rule, never as unknown.
            if option.value.utf8CodeUnitCount > 0 { args.append(bytes("1")) }
            do {
                _ = try DaemonOptions.parse(args)
            } catch {
                let message = String(decoding: error.message, as: UTF8.self)
                #expect(!message.hasPrefix("unknown option"), "\(option.long): \(message)")
            }
        }
        #expect(throws: UsageError.self) { try DevicesOptions.parse([bytes("--hop"), bytes("8")]) }
        #expect(throws: UsageError.self) { try DaemonOptions.parse([bytes("--motion=yes")]) }
        guard case .parsed(let c) = try DevicesOptions.parse([]) else {
            Issue.record("no help asked")
            return
        }
        #expect(c.format == .text)
        guard case .help = try RecordOptions.parse([bytes("--bogus"), bytes("-h")]) else {
            Issue.record("-h anywhere asks for the help page")
            return
        }
    }

    @Test func valuesLandInTheConfiguration() throws {
        let args = ["--evidence-threshold=3", "--idle-hops", "5", "-f", "text", "--output", "fifo:/run/x/hand"]
        guard case .parsed(let a) = try DaemonOptions.parse(args.map { Array($0.utf8) }) else {
            Issue.record("parsed as help")
            return
        }
        #expect(a.configuration.decisionOverrides.thresholdQ8 == 768)
        #expect(a.configuration.decisionOverrides.idleHopsToUnknown == 5)
        #expect(a.configuration.decisionOverrides.capQ8 == nil)
        #expect(a.configuration.format == .text)
        #expect(a.configuration.output == .fifo(path: "/run/x/hand"))
    }
}
