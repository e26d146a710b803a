import ArgumentParser
import DeepMouseFollow
import Foundation

/// `deepmouse-follow`: applies the hand deepmoused reports to each device's button setting.
@main
struct FollowCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deepmouse-follow",
        abstract: "Make each pointing device left- or right-handed as deepmoused says which hand moves it.",
        discussion: """
            Reads deepmoused's JSON Lines stream (--from: a FIFO, a file, or standard input) and, per \
            device, swaps the buttons to follow the hand: a left hand on the device gives left-handed \
            buttons (the primary button is the one under the left index finger), a right hand \
            right-handed ones. 'unknown' (the pointer is idle) keeps the last setting. Mice (pointing \
            sticks with them) and touchpads are set separately, from the kind in each device's 'added' \
            line.

            A setting is changed once per change of hand, and only while every button of its devices \
            is up: a change that comes while a button is held (the daemon's 'buttons' lines) is made \
            when the last button is released, with the hand asked for last (libinput itself applies \
            left_handed only then).

            Commands (looked up on PATH, run one at a time, their arguments passed as they are, never \
            through a shell):
              gnome  mice: gsettings set org.gnome.desktop.peripherals.mouse
                       left-handed true|false
                     touchpads: gsettings set org.gnome.desktop.peripherals.touchpad
                       left-handed left|right
                     (one key per kind: every mouse shares the mouse key)
              sway   swaymsg input VENDOR:PRODUCT:NAME left_handed enabled|disabled
                     (type:touchpad or type:pointer for a name with characters that
                     sway's command parser would read as syntax)
              x11    xinput set-prop pointer:NAME 'libinput Left Handed Enabled' 1|0
              --exec PROGRAM [--exec-arg ARG]...
                     PROGRAM ARG... HAND KIND DEVICE NAME, with DEEPMOUSE_HAND
                     (left|right), DEEPMOUSE_LEFT_HANDED (1|0), DEEPMOUSE_KIND,
                     DEEPMOUSE_DEVICE and DEEPMOUSE_NAME set (the name comes from
                     the device: never eval it)
            --desktop auto (the default) picks sway when SWAYSOCK is set, gnome when \
            XDG_CURRENT_DESKTOP names GNOME, x11 when DISPLAY is set.

            Each command run is logged on standard error; one that fails is logged and tried again at \
            the next hand line that asks for it. --dry-run prints the commands on standard output \
            instead (as shell words) and runs nothing.

            A FIFO is opened again when the daemon goes away, and followed when it is back (the daemon \
            repeats its devices and their hands to a reader that connects); a file or standard input \
            is read to its end. Lines that are not the daemon's JSON are skipped with a message \
            (--format text output cannot be followed).

            Exit status: 0 at the end of a file or of standard input; 64 bad command line; 66 the \
            --from path does not exist; 74 the stream cannot be read.

            Example (docs/follow.md):
              deepmoused --output fifo:$XDG_RUNTIME_DIR/hand &
              deepmouse-follow --from $XDG_RUNTIME_DIR/hand --desktop gnome
            """)

    enum DesktopChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, gnome, sway, x11
    }

    @Option(
        help: ArgumentHelp("The stream: a FIFO the daemon writes, a file, or - for standard input.", valueName: "path"))
    var from = "-"

    @Option(help: "Where to apply the hand: auto, gnome, sway or x11 (not with --exec).")
    var desktop: DesktopChoice?

    @Option(help: ArgumentHelp("Run PROGRAM for each change instead of a desktop's command.", valueName: "program"))
    var exec: String?

    @Option(
        name: .customLong("exec-arg"),
        help: ArgumentHelp("An argument given to the --exec program before the hand (repeatable).", valueName: "arg"))
    var execArguments: [String] = []

    @Flag(help: "Print each command (shell-quoted) on standard output instead of running it.")
    var dryRun = false

    func validate() throws {
        if exec != nil && desktop != nil { throw ValidationError("--exec and --desktop exclude each other") }
        if exec == nil && !execArguments.isEmpty { throw ValidationError("--exec-arg needs --exec") }
        if let exec, exec.isEmpty { throw ValidationError("--exec needs a program") }
        if exec == nil && (desktop ?? .auto) == .auto && Self.detectedDesktop() == nil {
            throw ValidationError(
                "cannot tell the desktop (no SWAYSOCK, no GNOME in XDG_CURRENT_DESKTOP, no DISPLAY): "
                    + "give --desktop gnome|sway|x11 or --exec PROGRAM")
        }
    }

    static func detectedDesktop(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Desktop? {
        if environment["SWAYSOCK"].map({ !$0.isEmpty }) == true { return .sway }
        if let d = environment["XDG_CURRENT_DESKTOP"],
            d.split(separator: ":").contains(where: { $0.hasSuffix("GNOME") })
        {
            return .gnome
        }
        if environment["DISPLAY"].map({ !$0.isEmpty }) == true { return .x11 }
        return nil
    }

    func run() throws {
        // A follower runs for as long as the session: SIGTERM and SIGINT must end it even when it was
        // started with them blocked (a blocked mask is inherited; the commands it runs inherit its own).
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        let chosen: Desktop
        if let exec {
            chosen = .exec(program: exec, arguments: execArguments)
        } else {
            switch desktop ?? .auto {
            case .auto: chosen = Self.detectedDesktop()!
            case .gnome: chosen = .gnome
            case .sway: chosen = .sway
            case .x11: chosen = .x11
            }
        }
        let source: StreamSource
        do { source = try StreamSource(path: from) } catch {
            FollowSession.standardError("deepmouse-follow: \(error)")
            throw ExitCode(error == .missing(path: from) ? 66 : 74)
        }
        var session = FollowSession(desktop: chosen, dryRun: dryRun)
        do { try session.run(source) } catch {
            FollowSession.standardError("deepmouse-follow: \(error)")
            throw ExitCode(74)
        }
    }
}
