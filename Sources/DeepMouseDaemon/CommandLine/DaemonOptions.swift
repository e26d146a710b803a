import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// What `deepmoused`'s own options say: the configuration to run with, or to list the devices or
/// print the version instead.
struct DaemonArguments {
    var configuration = DaemonConfiguration()
    var listDevices = false
    var version = false
}

/// The daemon's option table: the one place each of its options is parsed and documented.
enum DaemonOptions {
    typealias Option = CommandOption<DaemonArguments>

    static let table: [Option] = [
        Option(
            "-m", "--model", "FILE",
            help: """
                Model file (.dmm). Default: touchpad.dmm, looked for next to the
                executable: PREFIX/share/deepmouse/models/ for PREFIX/bin/deepmoused
                (make install), else firmware-models/ in the source tree holding it
                (its folder or up to 3 above); never in the working directory. When
                none is there the daemon names every path it tried (exit 66).
                """
        ) { s, cursor throws(UsageError) in s.configuration.modelPath = try cursor.string() },
        Option(
            "-d", "--device", "PATH",
            help: """
                Read only this device node (e.g. /dev/input/event5); waits for it if
                absent. Also accepts a mouse that reports keyboard keys (their events
                are ignored all the same); a keyboard is refused, from its udev record
                before its node is opened when udev knows it.
                """
        ) { s, cursor throws(UsageError) in s.configuration.devicePath = try cursor.string() },
        Option(
            "-o", "--output", "DEST",
            help: """
                '-' for standard output (default) or 'fifo:PATH' for a named pipe.
                The FIFO is created if missing and given --fifo-mode and --fifo-group;
                a symbolic link, a regular file, a FIFO owned by another user or
                writable by its group or others is refused, and so is a path through
                a symbolic link, a missing folder, or a folder another user may
                change (see FIFO OUTPUT).
                """
        ) { a, cursor throws(UsageError) in
            let v = try cursor.value()
            if v == bytes("-") || v == bytes("stdout") {
                a.configuration.output = .standardOutput
            } else if v.starts(with: bytes("fifo:")), v.count > 5 {
                a.configuration.output = .fifo(path: String(decoding: v[5...], as: UTF8.self))
            } else {
                throw UsageError(bytes("--output: expected '-' or 'fifo:PATH', got '"), v, bytes("'"))
            }
        },
        Option(
            "", "--fifo-mode", "MODE",
            help: """
                Octal permissions of the FIFO (default 600, 640 with --fifo-group):
                read bits only beyond the owner's, never writable by group or others.
                """
        ) { s, cursor throws(UsageError) in s.configuration.fifoMode = try fifoMode(&cursor) },
        Option(
            "", "--fifo-group", "NAME",
            help: """
                Give the FIFO this group (mode 640 by default), so that its members
                may read it (the systemd unit uses 'deepmouse').
                """
        ) { s, cursor throws(UsageError) in
            let name = try cursor.value()
            guard !name.isEmpty, OutputSink.groupID(named: String(decoding: name, as: UTF8.self)) != nil else {
                throw UsageError(bytes("--fifo-group: no group named '"), name, bytes("'"))
            }
            s.configuration.fifoGroup = String(decoding: name, as: UTF8.self)
        },
        Option("-f", "--format", "FORMAT", help: "'json' (JSON Lines, default) or 'text' (for people).") {
            s, cursor throws(UsageError) in
            s.configuration.format = try cursor.choice("json", "text") == 0 ? .json : .text
        },
        Option(
            "", "--px-per-mm", "G",
            help: """
                Touchpad gain: screen pixels per millimetre of finger travel, used
                when the model's input unit is px (the shipped models were trained on
                cursor pixels). Default 12 (see UNITS).
                """
        ) { s, cursor throws(UsageError) in
            s.configuration.pixelsPerMillimetre = try cursor.number(min: 0.01, max: 1000)
        },
        Option("", "--px-per-count", "G", help: "Mouse gain: pixels per REL count for px models. Default 1.") {
            s, cursor throws(UsageError) in
            s.configuration.pixelsPerCount = try cursor.number(min: 0.001, max: 1000)
        },
        Option(
            "-r", "--replay", "FILE",
            help: """
                Run the same pipeline on an evemu recording, on its timestamps, as
                fast as possible, and print what the live daemon would have printed
                ('device' is the file, 't' the recording's clock). A bare .events
                file uses the .desc file next to it.
                """
        ) { a, cursor throws(UsageError) in
            let path = try cursor.value()
            if let first = a.configuration.replayPath {
                throw UsageError(
                    bytes("--replay given twice ('"), Array(first.utf8), bytes("', then '"), path,
                    bytes("'): one recording per run"))
            }
            a.configuration.replayPath = String(decoding: path, as: UTF8.self)
        },
        Option(
            "-l", "--list-devices",
            help: """
                List every input event node: used or skipped (and why), kind, how it
                was classified, ids, properties and axes with ranges and resolutions
                (as 'deepmoused devices --format json').
                """
        ) { a, _ throws(UsageError) in a.listDevices = true },
        Option(
            "", "--decisions",
            help: """
                Also print every per-hop decision (p_left, idle, current hand); none
                while the daemon sleeps through a long still stretch.
                """
        ) { a, _ throws(UsageError) in a.configuration.printDecisions = true },
        Option("", "--motion", help: "Also print every non-empty 100 Hz cell (device units).") {
            a, _ throws(UsageError) in
            a.configuration.printMotion = true
        },
        Option(
            "", "--hop", "N",
            help: """
                Samples between decisions (default: the model's, 8 = 80 ms); a
                multiple of the model's pooling factor (2^conv layers).
                """
        ) { s, cursor throws(UsageError) in s.configuration.hop = try cursor.integer(min: 1, max: 65536) },
        Option("", "--max-devices", "N", help: "Devices read at once (default 4).") { s, cursor throws(UsageError) in
            s.configuration.maximumDevices = Int(try cursor.integer(min: 1, max: 12))
        },
        Option(
            "", "--decider", "RULE",
            help: """
                'cusum' (the calibrated change detector stored in the model file,
                the default when it carries one) or 'vote' (the evidence vote; see
                DECISIONS).
                """
        ) { s, cursor throws(UsageError) in
            s.configuration.decider = try cursor.choice("vote", "cusum") == 0 ? .vote : .cusum
        },
        Option("", "--evidence-retention", "R", help: "Decision layer: evidence kept per hop (see DECISIONS).") {
            s, cursor throws(UsageError) in
            s.configuration.decisionOverrides.retentionQ15 = Int32(
                (try cursor.number(min: 0, max: 0.9999) * 32768).rounded())
        },
        Option("", "--evidence-threshold", "T", help: "Evidence that declares a hand (see DECISIONS).") {
            s, cursor throws(UsageError) in
            s.configuration.decisionOverrides.thresholdQ8 = Int32(
                (try cursor.number(min: 0.004, max: 256) * 256).rounded())
        },
        Option("", "--evidence-cap", "C", help: "Largest evidence kept (see DECISIONS).") {
            s, cursor throws(UsageError) in
            s.configuration.decisionOverrides.capQ8 = Int32((try cursor.number(min: 0.004, max: 256) * 256).rounded())
        },
        Option("", "--idle-hops", "N", help: "Idle hops before the hand is unknown (see DECISIONS).") {
            s, cursor throws(UsageError) in
            s.configuration.decisionOverrides.idleHopsToUnknown = try cursor.integer(min: 1, max: 1_000_000)
        },
        Option("", "--min-hops-between-changes", "N", help: "Fewest hops between two hand changes (see DECISIONS).") {
            s, cursor throws(UsageError) in
            s.configuration.decisionOverrides.minimumHopsBetweenChanges = try cursor.integer(min: 0, max: 1_000_000)
        },
        Option("-V", "--version", help: "Version, model format and libraries.") { a, _ throws(UsageError) in
            a.version = true
        }
    ]

    /// `--fifo-mode`: octal, owner read and write, read bits only beyond (a writer could inject hand lines).
    static func fifoMode(_ cursor: inout OptionCursor) throws(UsageError) -> UInt32 {
        let v = try cursor.value()
        var mode: UInt32 = 0
        for b in v {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "7"), mode <= 0o777 else {
                mode = .max
                break
            }
            mode = mode * 8 + UInt32(b - UInt8(ascii: "0"))
        }
        guard !v.isEmpty, mode <= 0o777 else {
            throw UsageError(bytes("--fifo-mode: expected an octal mode such as 600 or 640, got '"), v, bytes("'"))
        }
        guard mode & 0o022 == 0 else {
            throw UsageError(
                bytes("--fifo-mode: "), v,
                bytes(" lets group or others write hand lines into the FIFO; give read bits only (such as 640)"))
        }
        guard mode & 0o111 == 0, mode & 0o600 == 0o600 else {
            throw UsageError(
                bytes("--fifo-mode: "), v, bytes(" must give the owner read and write and nobody execute (such as 600)")
            )
        }
        return mode
    }

    /// The daemon's command line: `.help`, or its arguments checked across options.
    static func parse(_ args: [[UInt8]]) throws(UsageError) -> OptionTable.Outcome<DaemonArguments> {
        guard case .parsed(let a) = try OptionTable.parse(args, into: DaemonArguments(), options: table) else {
            return .help
        }
        let c = a.configuration
        if let t = c.decisionOverrides.thresholdQ8, let cap = c.decisionOverrides.capQ8, t > cap {
            throw UsageError(bytes("--evidence-threshold must not exceed --evidence-cap"))
        }
        if c.replayPath != nil && c.devicePath != nil {
            throw UsageError(bytes("--replay and --device cannot be combined"))
        }
        return .parsed(a)
    }
}
