#!/bin/sh
# Soak under umockdev (a benchmark, not a test): a long stream of real touchpad motion replayed in
# real time into the live daemon and into `deepmoused record` at once, then checked:
#   - the device is never dropped (no "read failed", "reopened" or "removed", one "added");
#   - the recording holds every event of the stream (the 'E:' lines compared, count and bytes);
#   - the live daemon's hand lines are those `deepmoused --replay` prints for the same stream
#     (hands compared in order, times after aligning the two clocks on the first line);
#   - RSS and CPU of both processes at the start and at the end (growing RSS = growing allocations).
# The stream: the dev touchpad recordings of ../shared/data/deepmouse/touchpad (left.txt, right.txt,
# 8 minutes each) converted with `deepmouse dataset convert --to evemu` onto tools/bench/touchpad.desc
# (the umockdev fixture's pad) at 16 px/mm (the cursor paths span more than the pad at 12), joined
# left, right, left... 1 s apart and cut at --minutes (a lift closes it).
# umockdev 0.17 writes every event of the seconds 32 mod 256 one byte short (its script encoding
# leaves byte 0x20, the low byte of those seconds, unescaped and strips it); the daemon completes
# them (EvdevDevice). --clean-seconds keeps those seconds free of events instead (the stream pauses
# through them), for daemons without that repair.
# Two testbeds, one per process: umockdev emulates the node as one pty, so two readers of one
# testbed would split the stream between them (the kernel gives each reader every event).
# Usage: tools/bench/umockdev-soak.sh [--minutes N] [--model FILE.dmm] [--clean-seconds]   (default
# 30 minutes, the shipped touchpad model; OUT=/tmp/deepmoused-soak; CONFIG=debug runs the debug build,
# as CI does with --minutes 2). Exit status 1 when a check fails; 0 with a message without the data.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$PWD
MINUTES=30
MODEL=firmware-models/touchpad.dmm
CLEAN=0
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES=$2; shift 2 ;;
        --model) MODEL=$2; shift 2 ;;
        --clean-seconds) CLEAN=1; shift ;;
        *) echo "usage: $0 [--minutes N] [--model FILE.dmm] [--clean-seconds]" >&2; exit 64 ;;
    esac
done
DATA=${DEEPMOUSE_SHARED_DATA:-$ROOT/../shared/data}/deepmouse/touchpad
[ -d "$DATA" ] || DATA=/work/shared/data/deepmouse/touchpad
[ -f "$DATA/left.txt" ] || { echo "skipped: no dev touchpad recordings in $DATA (set DEEPMOUSE_SHARED_DATA)"; exit 0; }
command -v umockdev-run > /dev/null || { echo "umockdev-run not found (apt install umockdev)" >&2; exit 1; }
OUT=${OUT:-/tmp/deepmoused-soak}
mkdir -p "$OUT" "$ROOT/.build/tmp"
# The builds' temporary files in .build/tmp (as the Makefile does); umockdev's testbeds stay in the
# caller's TMPDIR (`make test` empties .build/tmp when it ends).
GAIN=16
F=$ROOT/Tests/Fixtures/umockdev

CONFIG=${CONFIG:-release}
TMPDIR=$ROOT/.build/tmp swift build -c "$CONFIG" --product deepmoused > /dev/null
TMPDIR=$ROOT/.build/tmp swift build --product deepmouse > /dev/null
BIN=$ROOT/.build/$CONFIG/deepmoused
for h in left right; do
    .build/debug/deepmouse dataset convert "$DATA/$h.txt" --to evemu --description tools/bench/touchpad.desc \
        --px-per-mm $GAIN -o "$OUT/$h.events" --force
done

# The stream: events only for umockdev (soak-events.events), the description in front for --replay.
# Times are "S.U" with U in microseconds, no leading zeros (the project's evemu convention).
awk -v limit=$((MINUTES * 60)) -v clean=$CLEAN -v left="$OUT/left.events" -v right="$OUT/right.events" '
    function emit(t, rest) { printf "E: %d.%d %s\n", int(t / 1000000), t % 1000000, rest; emitted = t }
    BEGIN {
        limit_us = limit * 1000000; offset = 0; piece = 0
        while (1) {
            file = piece % 2 == 0 ? left : right; piece++; last = 0
            while ((getline line < file) > 0) {
                if (line !~ /^E: /) continue
                split(line, f, " "); split(f[2], s, ".")
                t = offset + s[1] * 1000000 + s[2]
                while (clean && int(t / 1000000) % 256 == 32) { offset += 1000000; t += 1000000 }
                if (t > limit_us) { close(file); exit }
                rest = f[3] " " f[4] " " f[5]; emit(t, rest); last = t
            }
            close(file)
            offset = last + 1000000
        }
    }
    END {
        # close the touch that the cut interrupted (a lift frame 10 ms after the last event)
        if (t > limit_us) { t = emitted + 10000; emit(t, "0003 0039 -1"); emit(t, "0001 014a 0");
            emit(t, "0001 0145 0"); emit(t, "0000 0000 0") }
    }' > "$OUT/soak-events.events"
grep -v '^E: \|^# deepmouse-' "$OUT/left.events" > "$OUT/soak.events"
cat "$OUT/soak-events.events" >> "$OUT/soak.events"
EVENTS=$(wc -l < "$OUT/soak-events.events")
LAST=$(tail -1 "$OUT/soak-events.events" | awk '{split($2, s, "."); print s[1]}')
DAMAGED=$(awk '{ split($2, s, "."); if (s[1] % 256 == 32) n++ } END { print n + 0 }' "$OUT/soak-events.events")
echo "stream: $EVENTS events, $LAST s ($MINUTES minutes asked), $DAMAGED in seconds 32 mod 256, model $MODEL, gain $GAIN px/mm"

# The reference: the same stream through --replay.
"$BIN" --model "$MODEL" --px-per-mm $GAIN --replay "$OUT/soak.events" > "$OUT/replay.jsonl"

rm -f "$OUT/recording.events"
umockdev-run -d "$F/touchpad.umockdev" -i "/dev/input/event5=$F/touchpad.ioctl" \
    -e "/dev/input/event5=$OUT/soak-events.events" \
    -- "$BIN" --model "$MODEL" --px-per-mm $GAIN --device /dev/input/event5 > "$OUT/live.jsonl" 2> "$OUT/live.err" &
LIVE_RUNNER=$!
umockdev-run -d "$F/touchpad.umockdev" -i "/dev/input/event5=$F/touchpad.ioctl" \
    -e "/dev/input/event5=$OUT/soak-events.events" \
    -- "$BIN" record --device /dev/input/event5 --hand left --duration $((LAST + LAST / 10 + 60))s \
    -o "$OUT/recording.events" > "$OUT/record.out" 2> "$OUT/record.err" &
RECORD_RUNNER=$!
# Whatever ends this script (a failed check, set -e), nothing it started stays behind.
trap 'kill -KILL ${LIVE:-} ${RECORD:-} $LIVE_RUNNER $RECORD_RUNNER 2> /dev/null || true' EXIT
sleep 3
LIVE=$(pgrep -P $LIVE_RUNNER -x deepmoused || true)
RECORD=$(pgrep -P $RECORD_RUNNER -x deepmoused || true)
[ -n "$LIVE" ] && [ -n "$RECORD" ] || { echo "a process did not start"; cat "$OUT/live.err" "$OUT/record.err"; exit 1; }

# "rss_kb cpu_ticks" of a process (user + system, in clock ticks).
sample() { echo "$(awk '/^VmRSS/ {print $2}' /proc/"$1"/status) $(sed 's/.*) //' /proc/"$1"/stat | awk '{print $12 + $13}')"; }
TICK=$(getconf CLK_TCK)
START=$(date +%s)
echo "minute live_rss_kb live_cpu_ticks record_rss_kb record_cpu_ticks" > "$OUT/samples.txt"
# Sample every minute until the recorder has every event (its status line every 10 s says so):
# umockdev's replay runs about 1.4% slower than the stream's clock. At most LAST + 10% + 30 s.
m=0
next=0
while [ $(($(date +%s) - START)) -lt $((LAST + LAST / 10 + 30)) ]; do
    kill -0 "$LIVE" 2> /dev/null && kill -0 "$RECORD" 2> /dev/null || break
    if [ $(($(date +%s) - START)) -ge $next ]; then
        echo "$m $(sample "$LIVE") $(sample "$RECORD")" >> "$OUT/samples.txt"
        m=$((m + 1))
        next=$((next + 60))
    fi
    grep -q "events $EVENTS," "$OUT/record.out" && break
    sleep 5
done
sleep 3
END_SAMPLE="$(sample "$LIVE" 2> /dev/null || echo "- -") $(sample "$RECORD" 2> /dev/null || echo "- -")"
echo "end $END_SAMPLE" >> "$OUT/samples.txt"
LIVE_HWM=$(awk '/^VmHWM/ {print $2}' /proc/"$LIVE"/status 2> /dev/null || echo -)
PLAYED=$(($(date +%s) - START))
kill -TERM "$LIVE" 2> /dev/null || true
kill -INT "$RECORD" 2> /dev/null || true
# umockdev-run can outlive its child, blocked and deaf to SIGTERM (seen under load): 20 s, then KILL.
for runner in $LIVE_RUNNER $RECORD_RUNNER; do
    i=0
    while kill -0 "$runner" 2> /dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$runner" 2> /dev/null || true
    wait "$runner" 2> /dev/null || true
done
ELAPSED=$(($(date +%s) - START))

FAIL=0
check() { if [ "$1" = yes ]; then echo "  ok   $2"; else echo "  FAIL $2"; FAIL=1; fi; }
echo "== after ${ELAPSED} s of wall time (the stream played in about ${PLAYED} s)"
echo "-- device (live)"
grep -h 'realigned' "$OUT/live.err" "$OUT/record.err" | tail -2 | sed 's/^/  /' || true
lost=$(grep -c 'read failed\|reopened\|removed' "$OUT/live.err" || true)
added=$(grep -c '"event":"added"' "$OUT/live.jsonl" || true)
removed=$(grep -c '"event":"removed"' "$OUT/live.jsonl" || true)
check "$([ "$lost" -eq 0 ] && [ "$added" -eq 1 ] && [ "$removed" -eq 0 ] && echo yes)" \
    "never dropped: $added added, $removed removed, $lost read failures"
echo "-- recording"
grep '^E: ' "$OUT/recording.events" > "$OUT/recorded-events.events" 2> /dev/null || true
recorded=$(wc -l < "$OUT/recorded-events.events")
check "$(grep -q 'read failed' "$OUT/record.err" "$OUT/record.out" && echo no || echo yes)" "never dropped (record)"
check "$(cmp -s "$OUT/recorded-events.events" "$OUT/soak-events.events" && echo yes)" \
    "every event: $recorded of $EVENTS events, $(wc -c < "$OUT/recorded-events.events") of $(wc -c < "$OUT/soak-events.events") bytes of E: lines identical"
echo "-- hand lines (live against --replay)"
hands() { grep '"type":"hand"' "$1" | sed 's/.*"t":\([0-9.]*\),"type":"hand","hand":"\([a-z]*\)".*/\1 \2/'; }
hands "$OUT/live.jsonl" > "$OUT/live-hands.txt"
hands "$OUT/replay.jsonl" > "$OUT/replay-hands.txt"
# The live clock is the board's monotonic clock, the replay's the stream's: aligned on the first line.
t0=$(awk 'NR == 1 { print $1 }' "$OUT/live-hands.txt")
r0=$(awk 'NR == 1 { print $1 }' "$OUT/replay-hands.txt")
awk -v t0="${t0:-0}" -v r0="${r0:-0}" '{ printf "%.3f %s\n", $1 - t0 + r0, $2 }' "$OUT/live-hands.txt" \
    > "$OUT/live-hands-aligned.txt"
nl=$(wc -l < "$OUT/live-hands.txt")
nr=$(wc -l < "$OUT/replay-hands.txt")
cut -d' ' -f2 "$OUT/live-hands.txt" > "$OUT/live-hand-sequence.txt"
cut -d' ' -f2 "$OUT/replay-hands.txt" > "$OUT/replay-hand-sequence.txt"
same=$(cmp -s "$OUT/live-hand-sequence.txt" "$OUT/replay-hand-sequence.txt" && echo yes || echo no)
paste -d' ' "$OUT/live-hands-aligned.txt" "$OUT/replay-hands.txt" | awk '
    NF == 4 { n++; d = $1 - $3; if (d < 0) d = -d; s += d; if (d > max) max = d; if ($2 == $4) same++ }
    END { printf "  %d pairs, %d with the same hand; |time difference| mean %.3f s, max %.3f s\n", n, same, n ? s / n : 0, max }'
check "$same" "$nl live hand lines, $nr from --replay, the same hands in the same order"
echo "-- resources (RSS KB, CPU; ${TICK} Hz ticks)"
awk -v tick="$TICK" 'NR == 2 { l0 = $3; r0 = $5; print "  start (minute 0): live RSS " $2 " KB, record RSS " $4 " KB" }
    $1 == "end" { print "  end: live RSS " $2 " KB, record RSS " $4 " KB"
        printf "  CPU over the run: live %.1f s, record %.1f s\n", ($3 - l0) / tick, ($5 - r0) / tick }
    NR > 2 && $1 != "end" { if ($2 > lmax) lmax = $2; if ($4 > rmax) rmax = $4 }
    END { print "  largest minute sample: live " lmax " KB, record " rmax " KB" }' "$OUT/samples.txt"
echo "  live peak RSS (VmHWM) $LIVE_HWM KB; per-minute samples in $OUT/samples.txt"
exit $FAIL
