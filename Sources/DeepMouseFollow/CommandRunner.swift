import Glibc

/// Runs a `FollowCommand` with `posix_spawnp` (the program looked up on PATH, the arguments
/// given as they are: no shell; standard input /dev/null, output and errors the follower's) and
/// waits for it.
public enum CommandRunner {
    /// How a run ended.
    public enum Outcome: Equatable, Sendable {
        case exited(Int32)
        case killed(signal: Int32)
        /// The program could not be started (errno: ENOENT when it is not on PATH).
        case notStarted(errno: Int32)

        public var succeeded: Bool { self == .exited(0) }

        public var description: String {
            switch self {
            case .exited(let status): return "exited with status \(status)"
            case .killed(let signal): return "killed by signal \(signal)"
            case .notStarted(let e):
                return e == ENOENT ? "not found on PATH" : "could not be started (\(String(cString: strerror(e))))"
            }
        }
    }

    public static func run(_ command: FollowCommand) -> Outcome {
        // argv and envp entries are C strings: a NUL (from a \u0000 in a name) cannot be passed.
        func c(_ s: String) -> UnsafeMutablePointer<CChar>? { strdup(s.replacingNULs) }
        var argv = command.arguments.map(c) + [nil]
        let names = Set(command.environment.map { $0.name })
        var inherited: [String] = []
        var e = environ
        while let entry = e.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "="), !names.contains(String(s[..<eq])) { inherited.append(s) }
            e += 1
        }
        var envp = (inherited + command.environment.map { $0.name + "=" + $0.value }).map(c) + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        // Standard input is /dev/null: when the stream comes on the follower's standard input, a
        // command that reads its own must not eat the stream.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, argv[0]!, &actions, nil, &argv, &envp)
        guard status == 0 else { return .notStarted(errno: status) }
        var wstatus: Int32 = 0
        while waitpid(pid, &wstatus, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        if wstatus & 0x7f == 0 { return .exited((wstatus >> 8) & 0xff) }
        return .killed(signal: wstatus & 0x7f)
    }
}

extension String {
    fileprivate var replacingNULs: String { String(map { $0 == "\0" ? "_" : $0 }) }
}
