import CLinux

/// Ends the process with `status` (`exit(3)`: stdio flushed). Here so the daemon's `main` needs no
/// libc module of its own (DeepMouseInput is the one importer of the C library).
public func exitProcess(_ status: Int32) -> Never {
    exit(status)
}
