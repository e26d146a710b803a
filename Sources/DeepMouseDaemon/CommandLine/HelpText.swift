import DeepMouseCore
import DeepMouseInput
import DeepMouseMotion

/// `deepmoused --help`: the manual page, kept next to the parser it documents.
let helpText: StaticString = """
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

    OPTIONS
        -m, --model FILE      Model file (.dmm). Default: firmware-models/touchpad.dmm.
        -d, --device PATH     Read only this device node (e.g. /dev/input/event5); waits for it if
                              absent. Also accepts a mouse that reports keyboard keys (their events
                              are ignored all the same).
        -o, --output DEST     '-' for standard output (default) or 'fifo:PATH' for a named pipe.
                              The FIFO is created with mode 0600 if missing; a symbolic link, a
                              regular file or a FIFO owned by another user is refused. Without a
                              reader, lines are dropped and the daemon keeps running; a reader that
                              connects first receives the current hand of every device.
            --fifo-mode MODE  Octal permissions for a FIFO the daemon creates (default 600).
        -f, --format FORMAT   'json' (JSON Lines, default) or 'text' (for people).
            --px-per-mm G     Touchpad gain: screen pixels per millimetre of finger travel, used
                              when the model's input unit is px (the shipped models were trained on
                              cursor pixels). Default 12 (see UNITS).
            --px-per-count G  Mouse gain: pixels per REL count for px models. Default 1.
        -r, --replay FILE     Run the same pipeline on an evemu recording, on its timestamps, as
                              fast as possible, and print what the live daemon would have printed
                              ('device' is the file, 't' the recording's clock). A bare .events
                              file uses the .desc file next to it.
        -l, --list-devices    List every input event node: used or skipped (and why), kind, how it
                              was classified, ids, properties and axes with ranges and resolutions.
            --decisions       Also print every per-hop decision (p_left, idle, current hand); none
                              while the daemon sleeps through a long still stretch.
            --motion          Also print every non-empty 100 Hz cell (device units).
            --hop N           Samples between decisions (default: the model's, 8 = 80 ms); a
                              multiple of the model's pooling factor (2^conv layers).
            --max-devices N   Devices read at once (default 4).
            --evidence-retention R, --evidence-threshold T, --evidence-cap C,
            --idle-hops N, --min-hops-between-changes N
                              Decision layer: evidence E <- clamp(R*E + (p_left - 0.5), -C, C)
                              per hop; a hand is declared when |E| >= T and changes only when E
                              crosses T on the other side; unknown on the N-th idle hop (the
                              first after a window without motion, then one per hop).
                              Defaults R 0.9, T 4, C 6 (chosen on the touchpad dev data),
                              N 1, no minimum. A model file may carry
                              its own (the mouse models: R 0.99, T 12, C 18, chosen the
                              same way on their evaluation twin's dev part; the touchpad
                              model: the defaults with 13 idle hops, 2 s of rest before
                              unknown); these flags override them field by field, and
                              T must not exceed C wherever each comes from. The startup
                              line (also with --replay) says which are used.
        -h, --help            This text.
        -V, --version         Version, model format and libraries.

    OUTPUT
        One JSON object per line (readers must ignore unknown keys), t in seconds on
        CLOCK_MONOTONIC (replay: the recording's clock):
          {"v":1,"t":12.340,"type":"hand","hand":"left","p_left":0.930,"device":"/dev/input/event5"}
          {"v":1,"t":3.100,"type":"device","event":"added","device":"/dev/input/event5",
           "name":"...","kind":"touchpad","classified_by":"udev","clock":"monotonic","unit":"mm",
           "units_per_mm":[65,136],"resolution":"kernel"}
          {"v":1,"t":60.020,"type":"device","event":"removed","device":"...","reason":"unplugged"}
        With --decisions: {"type":"decision","p_left":..,"idle":..,"logit_q12":..,"hand":..};
        with --motion: {"type":"motion","dx_units":..,"dy_units":..}. Lines are shorter than
        4096 bytes, so each write to a FIFO is atomic. Diagnostics go to standard error.

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
        not a pointing device; 66 a named file is missing; 71 system facility failure; 73 the FIFO
        was refused; 77 permission denied.

    EXAMPLES
        deepmoused --format text
        deepmoused --output fifo:/run/deepmouse/hand --device /dev/input/event5
        deepmoused --replay session.events --decisions > decisions.jsonl

    SEE ALSO
        evemu-record(1), umockdev-run(1), udevadm(8); README.md "Running on a board".

    """
