/// Writes commands for people to read (`--dry-run`, the log): each argument as a POSIX shell word
/// that a shell would read back as the same argument, so that a device name cannot fake another
/// command or move the terminal: plain words as they are, others in single quotes, and control
/// characters as `$'\xNN'`. Only printed, never given to a shell by the follower.
public enum ShellQuote {
    /// One argument as a shell word.
    public static func word(_ s: String) -> String {
        let plain = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-"
        if !s.isEmpty && s.unicodeScalars.allSatisfy({ plain.unicodeScalars.contains($0) }) { return s }
        var out = ""
        var quoted = false  // inside '...'
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value)
                || scalar.properties.generalCategory == .format
            {
                if quoted {
                    out += "'"
                    quoted = false
                }
                for byte in String(scalar).utf8 { out += "$'\\x" + hex(byte) + "'" }
            } else if scalar == "'" {
                if quoted {
                    out += "'"
                    quoted = false
                }
                out += "\\'"
            } else {
                if !quoted {
                    out += "'"
                    quoted = true
                }
                out.unicodeScalars.append(scalar)
            }
        }
        if quoted { out += "'" }
        return out.isEmpty ? "''" : out
    }

    /// A command line: `NAME=value ... program arg ...`.
    public static func line(_ command: FollowCommand) -> String {
        (command.environment.map { $0.name + "=" + word($0.value) } + command.arguments.map(word))
            .joined(separator: " ")
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }
}
