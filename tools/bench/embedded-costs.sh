#!/bin/sh
# The costs of the small targets (issue 7), side by side in one run, for each shipped model:
#  - binary sizes: deepmoused normal (release, stripped; plus the Swift runtime's shared
#    libraries) vs Embedded Swift (stripped); the M4 firmware's text/data/bss;
#  - engine RAM: arena + classifier state, x86_64 (fast and compact memory) and Cortex-M4
#    (compact: weights in flash), plus the firmware's stack high-water mark;
#  - instructions per decision (a push that returns one) and per other sample: Cortex-M4 from
#    qemu -icount + SysTick (tools/embedded-firmware), x86_64 from callgrind on
#    firmware-reference (release build, x86-64 baseline as `swift build -c release`), same windows.
# Not a test; needs ../shared/data/deepmouse, valgrind and qemu-system-arm. Run after or without
# make embedded-test:   tools/bench/embedded-costs.sh
set -eu
cd "$(dirname "$0")/../.."
SHARED=${DEEPMOUSE_SHARED_DATA:-../shared/data}
OUT=.build/embedded/costs
mkdir -p "$OUT"
SCRATCH=.build-bench-embedded

echo "== builds"
swift build -c release --product firmware-reference --scratch-path "$SCRATCH" > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
swift build -c release --product deepmoused --scratch-path "$SCRATCH" >> "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
strip -o "$OUT/deepmoused-normal" "$SCRATCH/release/deepmoused"
tools/embedded-daemon > /dev/null
EMBEDDED=.build/embedded/x86_64-unknown-linux-gnu/deepmoused
REFERENCE=$SCRATCH/release/firmware-reference
runtime=0
for lib in $(ldd "$SCRATCH/release/deepmoused" | awk '/swift|Foundation|dispatch|icu|BlocksRuntime/ {print $3}'); do
    runtime=$((runtime + $(wc -c < "$lib")))
done
echo "deepmoused normal (release, stripped): $(wc -c < "$OUT/deepmoused-normal") bytes + $runtime bytes of Swift runtime shared libraries"
echo "deepmoused Embedded Swift (stripped):  $(wc -c < "$EMBEDDED") bytes, links $(ldd "$EMBEDDED" | awk '/=>/ {print $1}' | tr '\n' ' ')"

callgrind() {  # model windows memory function -> instructions in calls to function
    valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.out" --toggle-collect="*$4*" \
        "$REFERENCE" run --model "$1" --windows "$2" --memory "$3" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'
}

for model in touchpad mouse; do
    echo "== $model"
    windows="$OUT/windows-$model.bin"
    case $model in
        touchpad) data="--left $SHARED/deepmouse/touchpad/left.txt --right $SHARED/deepmouse/touchpad/right.txt --from 0.8" ;;
        mouse) data="--left $SHARED/deepmouse/mouse/left-6.txt --right $SHARED/deepmouse/mouse/right-6.txt --from 0" ;;
    esac
    # shellcheck disable=SC2086
    "$REFERENCE" windows --model firmware-models/$model.dmm $data --segments 3 --decisions 4 --out "$windows" > /dev/null
    tools/embedded-firmware --model firmware-models/$model.dmm --windows "$windows" --out ".build/embedded/firmware-$model" \
        --run > "$OUT/firmware-$model.out" 2> "$OUT/firmware-$model.err"
    sed -n 's/^embedded-firmware: //p' "$OUT/firmware-$model.err"
    sed -n 's/^# /M4: /p' "$OUT/firmware-$model.out"
    "$REFERENCE" run --model firmware-models/$model.dmm --windows "$windows" --costs | sed -n 's/^# /x86: /p'
    decisions=$(grep -c '^golden\|^decision' "$OUT/firmware-$model.out")
    samples=$(( $(awk '/^segment/ {n += $NF} END {print n}' "$OUT/firmware-$model.out") + $(sed -n 's/^model window \([0-9]*\).*/\1/p' "$OUT/firmware-$model.out") - decisions ))
    if command -v valgrind > /dev/null; then
        for memory in fast compact; do
            d=$(callgrind firmware-models/$model.dmm "$windows" $memory pushWithDecision)
            s=$(callgrind firmware-models/$model.dmm "$windows" $memory pushWithoutDecision)
            echo "x86 callgrind ($memory): $((d / decisions)) instructions per push with a decision, $((s / samples)) per other push (over $decisions and $samples)"
        done
    fi
done
rm -f "$OUT/cg.out"
