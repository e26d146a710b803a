#!/bin/sh
# Footprint of deepmoused, measured (not a test):
#   - stripped binary size: the normal build (Swift runtime as shared libraries) and with
#     --static-swift-stdlib (self-contained); the Embedded build is issue 7's;
#   - replay: an hour of synthetic touchpad use (strokes with short pauses, so the model runs
#     on every hop) through `deepmoused --replay` as fast as possible: CPU seconds per second of
#     input and peak RSS (/usr/bin/time);
#   - live: the daemon under umockdev with the same motion paced in real time, CPU over 20 s
#     and peak RSS from /proc (the poll loop, timerfd, libevdev and the model), also per thread:
#     umockdev's preload library runs its replay inside the daemon's process. (Longer runs:
#     tools/bench/umockdev-soak.sh.)
# Usage: tools/bench/daemon-bench.sh [MODEL.dmm]   (default: firmware-models/touchpad.dmm, else the
# original architecture W=800, 3 x Conv1D(32), GRU(128) with seeded random weights, via engine-bench)
set -eu
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/deepmoused-bench}
mkdir -p "$OUT"
MODEL=${1:-firmware-models/touchpad.dmm}
if [ ! -f "$MODEL" ]; then
    swift build -c release --product engine-bench --scratch-path .build-bench-generic >/dev/null
    .build-bench-generic/release/engine-bench --write-model "$OUT/model.dmm" --rounds 1 >/dev/null
    MODEL="$OUT/model.dmm"
fi
echo "model: $MODEL"

swift build -c release --product deepmoused >/dev/null
BIN=.build/release/deepmoused
cp "$BIN" "$OUT/deepmoused" && strip "$OUT/deepmoused"
swift build -c release --product deepmoused --static-swift-stdlib --scratch-path .build-static >/dev/null
cp .build-static/release/deepmoused "$OUT/deepmoused-static" && strip "$OUT/deepmoused-static"
echo "== size (stripped)"
echo "  dynamic (needs libswiftCore.so etc.): $(stat -c %s "$OUT/deepmoused") bytes"
echo "  --static-swift-stdlib:                $(stat -c %s "$OUT/deepmoused-static") bytes"

echo "== replay: 3600 s of touchpad strokes"
(cat tools/bench/touchpad.desc; awk -v seconds=3600 -v seed=1 -f tools/bench/make-touchpad-recording.awk) > "$OUT/hour.events"
for bin in "$BIN" "$OUT/deepmoused-static"; do
    /usr/bin/time -f "%U %S %M %e" -o "$OUT/time.txt" "$bin" --model "$MODEL" --replay "$OUT/hour.events" --decisions > "$OUT/replay.jsonl"
    read -r user sys rss wall < "$OUT/time.txt"
    decisions=$(grep -c '"type":"decision"' "$OUT/replay.jsonl")
    active=$(grep -c '"idle":false' "$OUT/replay.jsonl")
    echo "  $(basename "$bin"): cpu ${user}+${sys} s for 3600 s of input = $(echo "($user + $sys) / 3600 * 1000" | bc -l | cut -c1-6) ms/s; peak RSS ${rss} KB; $decisions decisions ($active active)"
done

echo "== live under umockdev: 20 s of input paced in real time"
awk -v seconds=30 -v seed=2 -f tools/bench/make-touchpad-recording.awk > "$OUT/live.events"
F=Tests/Fixtures/umockdev
umockdev-run -d $F/touchpad.umockdev -i /dev/input/event5=$F/touchpad.ioctl -e /dev/input/event5="$OUT/live.events" \
    -- "$BIN" --model "$MODEL" > "$OUT/live.jsonl" 2> "$OUT/live.err" &
RUNNER=$!
sleep 2
PID=$(pgrep -P "$RUNNER" deepmoused || true)
[ -n "$PID" ] || { echo "daemon did not start"; cat "$OUT/live.err"; exit 1; }
# CPU ticks (user + system) of every thread: "tid name ticks" (the name can hold spaces, so the fields
# are counted after the closing parenthesis of stat's comm field).
threads() {
    for t in /proc/"$PID"/task/*; do
        echo "${t##*/} $(tr ' ' _ < "$t"/comm) $(sed 's/.*) //' "$t"/stat | awk '{print $12 + $13}')"
    done
}
T0=$(awk '{print $14 + $15}' /proc/"$PID"/stat) || exit 1
threads > "$OUT/threads0"
sleep 20
T1=$(awk '{print $14 + $15}' /proc/"$PID"/stat) || { echo "daemon exited"; kill "$RUNNER"; exit 1; }
threads > "$OUT/threads1"
HWM=$(awk '/VmHWM/ {print $2}' /proc/"$PID"/status)
TICK=$(getconf CLK_TCK)
kill -TERM "$PID"
wait "$RUNNER" || true
echo "  cpu $(echo "($T1 - $T0) / $TICK / 20 * 1000" | bc -l | cut -c1-6) ms per second (20 s window, ${TICK} Hz ticks); peak RSS ${HWM} KB"
# Which thread spends it: the daemon runs on its main thread; umockdev's preload library adds its own
# threads to the process (the replay of the event file and its socket), which are not the daemon's cost.
awk -v tick="$TICK" 'NR == FNR { t0[$1] = $3; next }
    { printf "    thread %s (%s): %.3f ms per second\n", $1, $2, ($3 - ($1 in t0 ? t0[$1] : 0)) / tick / 20 * 1000 }' \
    "$OUT/threads0" "$OUT/threads1"
echo "  lines: $(wc -l < "$OUT/live.jsonl") ($(grep -c '"type":"hand"' "$OUT/live.jsonl") hand changes)"
