import DeepMouseCore

/// One option of a `deepmoused` command: the names a user types, the help line that documents
/// it, and what it does to the command's settings. Each command has one table of these, and the
/// table drives both its parser (`OptionTable.parse`) and its `--help` OPTIONS section
/// (`OptionTable.writeOptions`), so an option cannot be parsed without being documented.
struct CommandOption<Settings>: Sendable {
    /// `-m`, or "" when the option has no short name.
    var short: StaticString
    /// `--model`.
    var long: StaticString
    /// The value's placeholder in the help (`FILE`), or "" for a flag that takes none.
    var value: StaticString
    /// The help, wrapped at 70 columns, lines separated by `\n`.
    var help: StaticString
    /// Reads the option's value (if any) from the cursor and applies it.
    var apply: @Sendable (inout Settings, inout OptionCursor) throws(UsageError) -> Void

    init(
        _ short: StaticString = "", _ long: StaticString, _ value: StaticString = "", help: StaticString,
        apply: @escaping @Sendable (inout Settings, inout OptionCursor) throws(UsageError) -> Void
    ) {
        self.short = short
        self.long = long
        self.value = value
        self.help = help
        self.apply = apply
    }

    /// True when the cursor's current option names this one.
    func matches(_ cursor: OptionCursor) -> Bool {
        cursor.name == bytes(long) || (short.utf8CodeUnitCount > 0 && cursor.name == bytes(short))
    }
}

/// A command's `--help`: the page around its OPTIONS section, which the option table writes.
struct HelpPage {
    /// NAME, SYNOPSIS, DESCRIPTION (ends with a blank line).
    var head: StaticString
    /// The sections after OPTIONS (starts with a blank line, or is empty).
    var tail: StaticString
}

/// Parsing and documenting a command line from its option table.
enum OptionTable {
    /// What parsing found: settings to run with, or a request for the help page.
    enum Outcome<Settings> {
        case parsed(Settings)
        case help
    }

    /// Applies each option of `args` to `settings` in order; `-h`/`--help` anywhere asks for the help
    /// page. Arguments that are not options go to `operand` (an unknown-option error when nil).
    static func parse<Settings>(
        _ args: [[UInt8]], into settings: Settings, options: [CommandOption<Settings>],
        operand: ((inout Settings, [UInt8]) throws(UsageError) -> Void)? = nil
    ) throws(UsageError) -> Outcome<Settings> {
        if args.contains(bytes("--help")) || args.contains(bytes("-h")) { return .help }
        var settings = settings
        var cursor = OptionCursor(args)
        while cursor.advance() {
            if let operand, !cursor.name.starts(with: bytes("-")) || cursor.name == bytes("-") {
                try operand(&settings, cursor.name)
                continue
            }
            guard let option = options.first(where: { $0.matches(cursor) }) else {
                throw UsageError(bytes("unknown option '"), cursor.given, bytes("'"))
            }
            if option.value.utf8CodeUnitCount == 0 { try cursor.refuseInlineValue() }
            try option.apply(&settings, &cursor)
        }
        return .parsed(settings)
    }

    /// The help column: names in 4...25, help from column 26 (or on the next line when the names are longer).
    static let helpColumn = 26

    /// The page: head, an OPTIONS section listing `options` and `-h, --help`, then the tail.
    static func write<Settings, Sink: ByteSink>(
        _ page: HelpPage, options: [CommandOption<Settings>], to out: inout Sink
    ) {
        out.append(page.head)
        out.append("OPTIONS\n")
        for option in options { writeOption(option.short, option.long, option.value, option.help, to: &out) }
        writeOption("-h", "--help", "", "This text.", to: &out)
        out.append(page.tail)
    }

    static func writeOption<Sink: ByteSink>(
        _ short: StaticString, _ long: StaticString, _ value: StaticString, _ help: StaticString, to out: inout Sink
    ) {
        var names: [UInt8] = bytes("    ")
        names += short.utf8CodeUnitCount > 0 ? bytes(short) + bytes(", ") : bytes("    ")
        names += bytes(long)
        if value.utf8CodeUnitCount > 0 { names += [UInt8(ascii: " ")] + bytes(value) }
        out.append(contentsOf: names)
        var column = names.count
        if column >= helpColumn - 1 {
            out.append(byte: 0x0a)
            column = 0
        }
        for line in bytes(help).split(separator: 0x0a, omittingEmptySubsequences: false) {
            while column < helpColumn {
                out.append(byte: 0x20)
                column += 1
            }
            out.append(contentsOf: Array(line))
            out.append(byte: 0x0a)
            column = 0
        }
    }
}
