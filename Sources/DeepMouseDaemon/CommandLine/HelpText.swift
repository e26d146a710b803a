import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused --help`: the manual page around the OPTIONS that `DaemonOptions.table` writes.
let daemonHelp = HelpPage(
    head: """
        NAME
            deepmoused - tell which hand moves the touchpad or mouse, live, from the motion alone

        SYNOPSIS
            deepmoused [--model FILE] [--device PATH] [--output - | --output fifo:PATH]
                       [--format json|text] [--px-per-mm G] [--decisions] [--motion]
            deepmoused --replay FILE.events [options]
            deepmoused --list-devices [--format text]
            deepmoused record --hand left|right -o FILE [--device auto|PATH] [--duration 10m]
            deepmoused stats FILE...
            deepmoused devices [--format text|json]
            deepmoused --help | --version | record --help | stats --help | devices --help

        DESCRIPTION
            deepmoused finds the pointing devices (touchpads, mice, pointing sticks) through libudev,
            reads their evdev events through libevdev, resamples the motion onto a steady 100 Hz grid
            on the monotonic clock, runs the fixed-point Conv1D+GRU model on it and prints a line each
            time the hand in use changes: left, right, or unknown while the pointer is idle.

            'record' captures labelled training data (an evemu recording with the hand as a label),
            'stats' prints the acquisition statistics of recordings, and 'devices' lists what the
            daemon sees (each has its own --help).

            Devices are found at startup and followed while the daemon runs: a device that appears is
            picked up, one that goes away is dropped and the daemon keeps waiting. Without udev
            properties (boards without udevd) devices are classified from their capabilities.


        """,
    tail: """

        DECISIONS
            Per hop the evidence E <- clamp(R*E + (p_left - 0.5), -C, C) (--evidence-retention R,
            --evidence-cap C); a hand is declared when |E| >= T (--evidence-threshold) and changes only
            when E crosses T on the other side, after at least --min-hops-between-changes hops; the
            hand becomes unknown on the N-th idle hop (--idle-hops N: the first after a window
            without motion, then one per hop). Defaults R 0.9, T 4, C 6 (chosen on the touchpad dev
            data), N 1, no minimum. A model file may carry its own (the mouse models: R 0.99, T 12,
            C 18, chosen the same way on their evaluation twin's dev part; the touchpad model: the
            defaults with 13 idle hops, 2 s of rest before unknown); the flags override them field
            by field, and T must not exceed C wherever each comes from. The startup line (also with
            --replay) says which are used.

            A model file that carries a change detector (deepmouse calibrate; none of the shipped
            ones does) decides by it instead, unless --decider vote: per moving hop
            llr = a*logit + b (Platt scaling fitted on the model's dev part), two CUSUMs
            L <- clamp(L + llr, 0, H) and R <- clamp(R - llr, 0, H) name left or right when one
            reaches H, then restart from 0. The hand stays named through pauses; when motion
            resumes after N idle hops both start from at least S, so a switch after a pause needs
            H - S. The --evidence-*, --idle-hops and --min-hops-between-changes flags set the
            vote only, and are refused while the detector decides.

        OUTPUT
            One JSON object per line (readers must ignore unknown keys), t in seconds on
            CLOCK_MONOTONIC (replay: the recording's clock):
              {"v":1,"t":12.340,"type":"hand","hand":"left","p_left":0.930,"device":"/dev/input/event5"}
              {"v":1,"t":3.100,"type":"device","event":"added","device":"/dev/input/event5",
               "name":"...","vendor":1739,"product":30383,"kind":"touchpad","classified_by":"udev",
               "clock":"monotonic","unit":"mm","units_per_mm":[65,136],"resolution":"kernel"}
              {"v":1,"t":60.020,"type":"device","event":"removed","device":"...","reason":"unplugged"}
              {"v":1,"t":12.500,"type":"buttons","state":"down","device":"/dev/input/event5"}
            A 'buttons' line says that some pointer button is held (down) or that every button is up
            again (up): libinput applies a left-handed setting only once every button is up, and
            deepmouse-follow waits for the same. A reader that connects to the FIFO later first gets
            every device's 'added' line, 'buttons down' if one is held, and its current hand.
            With --decisions: {"type":"decision","p_left":..,"idle":..,"logit_q12":..,"hand":..};
            with --motion: {"type":"motion","dx_units":..,"dy_units":..}. Lines are shorter than
            4096 bytes, so each write to a FIFO is atomic. Diagnostics go to standard error.
            --format text writes one short line per fact, for people, starting with the local time
            of day live (14:03:07.250) and with the recording's seconds in --replay.

        FIFO OUTPUT
            Nobody but the daemon may write into the FIFO: it is given --fifo-mode (read bits only
            beyond the owner's) and --fifo-group whether created or found; a FIFO found writable by
            its group or others, or another user's, is refused. Every folder of PATH is opened
            without following a symbolic link and must be owned by root or the daemon's user and
            writable only by its owner (or sticky, like /tmp); a missing folder is named. The FIFO
            is then opened from that folder's descriptor; one removed while the daemon runs is
            created again, one replaced by something refused is reported (and lines dropped until
            it is fixed).

            With --output fifo:PATH the daemon never blocks on its reader. Without a reader, lines
            are dropped; the FIFO is opened again every 0.5 s (live: of the monotonic clock; --replay:
            of the recording's), and a reader that connects is first told the current hand of every
            device (p_left 0.500), as is one waiting in open(2) when a replay ends. A reader too slow
            to keep up (pipe full) loses lines, but never a hand change: the newest hand change of
            each device that did not fit is written again, before any later line, as soon as the pipe
            has room. At exit a line on standard error sums up: "output fifo:PATH: N lines dropped
            without a reader, M on a full pipe (K hand changes re-sent, J lost); the reader left L
            times".

        UNITS
            Touchpad motion is converted to millimetres with each axis's own resolution (pads differ:
            32, 65, 136 units/mm). A pad reporting resolution 0 is assumed 100 mm wide (square units),
            and says so in its 'added' line. For px models the millimetres are multiplied by
            --px-per-mm. The default, 12 px/mm, is libinput's unaccelerated touchpad pointer speed
            (1000 dpi normalisation x 0.2968 = 11.7 px/mm): the scale of cursor motion the shipped
            models were trained on. Pointer acceleration makes the real factor vary with speed.

        TIMING
            The 100 Hz grid is computed from the events' own timestamps (cells of 10 ms on the event
            clock, motion summed per cell, empty cells are zero motion). A timerfd with absolute
            deadlines closes cells; a late wake-up adds latency, never error or drift. When the kernel
            refuses CLOCK_MONOTONIC timestamps (EVIOCSCLOCKID), they are converted, and the startup line
            says so. While every device is idle the daemon sleeps until the next event.

        SECURITY
            Opens pointing devices only, never keyboards and never virtual devices (unless pinned with
            --device), never grabs them, and discards every key event that is not a pointer button or
            touch state before looking at it. Needs no root: membership in the group owning
            /dev/input/event* (usually 'input') is enough; on EACCES the daemon names the group.

        EXIT STATUS
            0 clean exit (SIGINT, SIGTERM, or end of --replay); 64 bad command line (also a --hop the
            model cannot use); 65 malformed model or recording (the line number is printed; lines
            already printed are kept), a recording without events, or a description that is empty or
            not a pointing device; 66 a named file is missing or is not a recording (a folder, a
            device such as /dev/zero, a FIFO with no writer: never waited for); 71 system facility
            failure; 73 the FIFO was refused; 77 permission denied (a model, recording or device that
            exists but may not be read).

        EXAMPLES
            deepmoused --format text
            deepmoused --output fifo:/run/deepmouse/hand --device /dev/input/event5
            deepmoused --output fifo:/run/deepmouse/hand --fifo-group deepmouse
            deepmoused --replay session.events --decisions > decisions.jsonl

        SEE ALSO
            evemu-record(1), umockdev-run(1), udevadm(8); README.md "Running on a board".

        """)
