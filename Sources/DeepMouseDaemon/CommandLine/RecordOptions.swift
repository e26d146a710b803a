import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused record`'s option table: the one place each of its options is parsed and documented.
enum RecordOptions {
    typealias Option = CommandOption<RecordConfiguration>

    static let table: [Option] = [
        Option("", "--hand", "left|right", help: "The hand that will move the device (required).") {
            s, cursor throws(UsageError) in
            s.hand = try cursor.choice("left", "right") == 0 ? bytes("left") : bytes("right")
        },
        Option(
            "-o", "--output", "FILE",
            help: """
                The recording (required). An existing FILE is refused unless --force;
                an existing FILE.partial is always refused (an interrupted recording).
                """
        ) { s, cursor throws(UsageError) in s.outputPath = try cursor.string() },
        Option(
            "-d", "--device", "PATH",
            help: """
                The device node, or 'auto' (default): the first touchpad, else the
                first mouse, else pointing stick (others are listed).
                """
        ) { c, cursor throws(UsageError) in
            let v = try cursor.value()
            c.devicePath = v == bytes("auto") ? nil : String(decoding: v, as: UTF8.self)
        },
        Option("", "--duration", "D", help: "Stop after D (90, 90s, 10m, 1.5h). Default: until SIGINT/SIGTERM.") {
            s, cursor throws(UsageError) in
            s.duration = try cursor.duration()
        },
        Option("", "--person", "NAME", help: "Written as a label and into the manifest entry.") {
            s, cursor throws(UsageError) in
            s.person = try cursor.value()
        },
        Option("", "--notes", "TEXT", help: "Written as a label and into the manifest entry.") {
            s, cursor throws(UsageError) in
            s.notes = try cursor.value()
        },
        Option(
            "", "--manifest", "FILE",
            help: """
                Append {"recording","hand","device","person","notes"} to this JSON
                Lines manifest when the recording is complete.
                """
        ) { s, cursor throws(UsageError) in s.manifestPath = try cursor.string() },
        Option("", "--force", help: "Replace an existing FILE.") { c, _ throws(UsageError) in c.replaceExisting = true
        },
        Option("", "--idle-warning", "D", help: "Warn after the pointer has not moved for D (default 5s).") {
            s, cursor throws(UsageError) in
            s.idleWarning = try cursor.duration()
        },
        Option("", "--status-interval", "D", help: "Without a terminal: a status line every D (default 10s).") {
            s, cursor throws(UsageError) in
            s.statusInterval = try cursor.duration()
        },
        Option("", "--gap-ms", "N", help: "Intervals over N ms are gaps in the statistics (default 100).") {
            s, cursor throws(UsageError) in
            s.gapThreshold = try StatsCommand.gap(&cursor)
        }
    ]

    /// The record command line: `.help`, or a configuration with its required options.
    static func parse(_ args: [[UInt8]]) throws(UsageError) -> OptionTable.Outcome<RecordConfiguration> {
        var start = RecordConfiguration()
        start.recorderName = bytes("deepmoused ") + bytes(DaemonCommand.version)
        guard case .parsed(let c) = try OptionTable.parse(args, into: start, options: table) else { return .help }
        guard !c.hand.isEmpty else {
            throw UsageError(bytes("--hand left|right is required (the label of this recording)"))
        }
        guard !c.outputPath.isEmpty else { throw UsageError(bytes("-o FILE is required (where the recording goes)")) }
        return .parsed(c)
    }
}

/// `deepmoused devices`'s option table: it reads only these (the daemon's other options mean nothing here).
enum DevicesOptions {
    typealias Option = CommandOption<DaemonConfiguration>

    static let table: [Option] = [
        Option("-f", "--format", "FORMAT", help: "'text' (for people, default) or 'json' (JSON Lines).") {
            s, cursor throws(UsageError) in
            s.format = try cursor.choice("text", "json") == 0 ? .text : .json
        },
        Option(
            "-d", "--device", "PATH",
            help: "Accept this node (listed as used) even if it reports keyboard keys."
        ) { s, cursor throws(UsageError) in s.devicePath = try cursor.string() }
    ]

    static func parse(_ args: [[UInt8]]) throws(UsageError) -> OptionTable.Outcome<DaemonConfiguration> {
        var start = DaemonConfiguration()
        start.format = .text
        return try OptionTable.parse(args, into: start, options: table)
    }
}
