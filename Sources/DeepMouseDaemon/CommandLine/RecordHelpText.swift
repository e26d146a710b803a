import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused record --help` around the OPTIONS that `RecordOptions.table` writes.
let recordHelp = HelpPage(
    head: """
        NAME
            deepmoused record - record labelled training data from a touchpad or mouse

        SYNOPSIS
            deepmoused record --hand left|right -o FILE [--device auto|PATH] [--duration 10m]
                              [--person NAME] [--notes TEXT] [--manifest FILE] [--force]

        DESCRIPTION
            Writes every event of one pointing device, with the kernel's timestamp, into an evemu
            recording: the device description, the labels as '# deepmouse-KEY: VALUE' comments
            (hand, person, notes, device, kind, clock, time origin), then 'E:' lines. The file replays
            with 'deepmoused --replay', evemu-play and 'umockdev-run --evemu-events', and trains with
            'deepmouse train --left/--right/--manifest'. Move the pointer with the named hand only.

            Nothing is lost: events go through one 64 KiB buffer that is written out and fdatasync'ed
            every second; the file is FILE.partial until the recording ends (SIGINT, SIGTERM,
            --duration), then synced and renamed to FILE. After a crash or a power cut, FILE.partial
            holds every whole line up to the last second. If writing fails (disk full) or the device
            goes away, the file is cut to its last whole line, kept as FILE, and the exit status says
            so. Key events other than pointer buttons and touch state are never read.

            On a terminal a status line shows the elapsed time, events, touches (mice: strokes),
            seconds of motion (non-empty 100 Hz cells), SYN_DROPPED events, and a warning when the
            pointer has been idle for a while. At the end the timing statistics of the file are printed
            (see deepmoused stats --help).


        """,
    tail: """

        TIMESTAMPS
            Event times are CLOCK_MONOTONIC (the device's own clock when the kernel refuses
            EVIOCSCLOCKID; the 'clock' label says which), minus the whole seconds of the first event
            ('time-origin' label), so the 10 ms grid of the file is the grid the daemon sees live.
            Microseconds are written without leading zeros ('0.5' is 5 us): evemu reads them the same
            way and umockdev 0.17 would read zero-padded fields as octal. SYN_DROPPED is written as
            SYN_DROPPED + SYN_REPORT followed by libevdev's resync frame, and counted.

        EXIT STATUS
            0 finished (SIGINT, SIGTERM, --duration); 64 bad command line; 65 not a pointing device;
            66 no such device; 71 system failure; 73 FILE or FILE.partial exists, or cannot be created;
            74 writing failed or the device went away (what was recorded is kept); 77 permission
            denied (the group that grants access is named).

        EXAMPLES
            deepmoused devices
            deepmoused record --hand left --duration 10m -o left-1.events --manifest data.jsonl
            deepmoused stats left-1.events

        """)

/// `deepmoused stats --help` around the OPTIONS that `StatsCommand.options` writes.
let statsHelp = HelpPage(
    head: """
        NAME
            deepmoused stats - acquisition statistics of evemu recordings

        SYNOPSIS
            deepmoused stats [--gap-ms N] FILE...

        DESCRIPTION
            For each recording (its own description, or NAME.desc next to a bare NAME.events): the
            labels and whether the recording is complete; events, frames (SYN_REPORT) and SYN_DROPPED;
            frame intervals (time between consecutive SYN_REPORTs, in file order): min, median, p99,
            max, over all frames and within activity (intervals up to --gap-ms, default 100); gaps
            (longer intervals); the 100 Hz grid: cells spanned, cells within activity and how many of
            those hold a frame; seconds of motion (non-empty cells, as the daemon resamples them) and
            touches (mice: strokes). Percentiles are nearest-rank: sort -n | awk reproduces them.
            'deepmouse dataset stats' prints the same and draws the acquisition-stability plot.


        """,
    tail: """

        EXIT STATUS
            0 success; 64 bad command line; 65 malformed recording (the line is named; statistics
            cover the lines before it), no events, or no usable description; 66 a file cannot be read.

        """)

/// `deepmoused devices --help` around the OPTIONS that `DevicesOptions.table` writes.
let devicesHelp = HelpPage(
    head: """
        NAME
            deepmoused devices - list the input devices and what DeepMouse would do with each

        SYNOPSIS
            deepmoused devices [--format text|json] [--device PATH]

        DESCRIPTION
            Every input event node: used or skipped (and why: keyboard, virtual device, permission
            denied with the group to join), the kind (touchpad, mouse, pointingstick) and how it was
            classified (udev properties, or capabilities when udev has none), ids, properties, how
            motion is read, and every absolute axis with its range, resolution and size in mm.
            What to run first on a new board. --device PATH also accepts that node if it reports
            keyboard keys. Same as 'deepmoused --list-devices' (JSON by default there). With no
            input devices at all, standard output stays empty, a note goes to standard error and
            the exit status is 0 (an empty list is an answer, not a failure).


        """,
    tail: "")
