#!/bin/sh
# Instructions per decision of the Embedded Swift daemon on arm64 (the NEON kernels it picks at run time, as an
# arm64 board runs them), counted by qemu-aarch64: `-singlestep -d exec,nochain` logs one line per executed guest
# instruction, and the log goes through a FIFO into `wc -l`. An instruction count, not a time: qemu models no
# pipeline or cache. The emulated CPU decides the kernel: QEMU_CPU=cortex-a53 (no dot-product extension: plain
# NEON, `smlal`), QEMU_CPU=max (the default of qemu-aarch64: `sdot`), or any of `qemu-aarch64 -cpu help`.
#
# Per decision = the difference of two replays of the same synthetic touchpad recording, one deciding every 8
# samples and one every 64, divided by the difference in their decisions, so startup, evemu parsing, resampling
# and the per-sample work cancel out. The decisions are counted by an untraced replay with --decisions; the traced
# replays print only hand changes.
#
#   tools/bench/aarch64-instructions.sh [MODEL.dmm ...]     (default: the three shipped models)
#   SECONDS_OF_INPUT=8 (default) sets the recording's length; QEMU_CPU (qemu's own variable) the emulated CPU.
# Needs `make embedded-daemon-aarch64` (it builds it if absent) and qemu-user. Slow: a few minutes per model.
set -eu
cd "$(dirname "$0")/../.."
daemon=.build/embedded/aarch64-unknown-linux-gnu/deepmoused
[ -x "$daemon" ] || tools/embedded-daemon --target aarch64
command -v qemu-aarch64 > /dev/null || { echo "$0: qemu-aarch64 not found (apt-get install qemu-user)" >&2; exit 69; }
[ $# -gt 0 ] || set -- firmware-models/touchpad.dmm firmware-models/mouse-small.dmm firmware-models/mouse.dmm

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds=${SECONDS_OF_INPUT:-8}
(cat tools/bench/touchpad.desc; awk -v seconds="$seconds" -v seed=3 -f tools/bench/make-touchpad-recording.awk) \
    > "$work/input.events"
mkfifo "$work/trace"

replay() {  # the daemon's stderr (its startup line) is shown only if it fails
    "$@" 2> "$work/stderr" || { cat "$work/stderr" >&2; echo "$0: failed: $*" >&2; exit 1; }
}
decisions() {  # model hop
    replay qemu-aarch64 -L / "$daemon" --model "$1" --replay "$work/input.events" --format json --decisions \
        --hop "$2" > "$work/decisions"
    grep -c '"p_left"' "$work/decisions" || true
}
instructions() {  # model hop
    wc -l < "$work/trace" > "$work/count" &
    replay qemu-aarch64 -L / -singlestep -d exec,nochain -D "$work/trace" "$daemon" --model "$1" \
        --replay "$work/input.events" --format json --hop "$2" > /dev/null
    wait
    cat "$work/count"
}

echo "arm64 guest instructions (qemu-aarch64 $(qemu-aarch64 --version | head -1 | awk '{print $3}'), -cpu ${QEMU_CPU:-max}), $seconds s of synthetic touchpad strokes"
for model in "$@"; do
    d8=$(decisions "$model" 8); d64=$(decisions "$model" 64)
    [ "$d8" -gt "$d64" ] || { echo "$model: too few decisions ($d8 at hop 8, $d64 at hop 64): raise SECONDS_OF_INPUT" >&2; exit 1; }
    n8=$(instructions "$model" 8); n64=$(instructions "$model" 64)
    echo "$model: $d8 decisions at hop 8 ($n8 instructions), $d64 at hop 64 ($n64):" \
        "$(( (n8 - n64) / (d8 - d64) )) instructions per decision"
done
