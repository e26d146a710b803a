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

# What dominates the embedded daemon: its defined symbols' sizes by module (demangled).
TOOLS=$(dirname "$(command -v swiftc)")
"$TOOLS/llvm-nm" -S --defined-only .build/embedded/x86_64-unknown-linux-gnu/deepmoused.debug | awk 'NF == 4' > "$OUT/symbols"
awk '{print $4}' "$OUT/symbols" | swift demangle > "$OUT/demangled"
paste "$OUT/symbols" "$OUT/demangled" | awk -F'\t' '
    { split($1, f, " "); size = 0; n = length(f[2]); hex = "0123456789abcdef"
      for (i = 1; i <= n; i++) size = size * 16 + index(hex, substr(f[2], i, 1)) - 1
      kind = tolower(f[3]); name = $2; module = "C runtime, libc glue"
      if (match(name, /(DeepMouseCore|DeepMouseMotion|DeepMouseInput|deepmoused)\./)) module = substr(name, RSTART, RLENGTH - 1)
      else if (name ~ /Swift\.|^\$e/) module = "Swift standard library (specialized)"
      if (kind == "t") code[module] += size; else data[module] += size; total += size }
    END { for (m in code) printf "  %-40s %7d bytes of code\n", m, code[m]
          for (m in data) if (data[m] > 256) printf "  %-40s %7d bytes of data\n", m, data[m] }' | sort -k2 -nr
sections=""
while read -r _ name size _; do
    case "$name" in .text|.rodata|.data|.eh_frame) sections="$sections $name $((0x$size))" ;; esac
done <<SECTIONS
$("$TOOLS/llvm-objdump" -h .build/embedded/x86_64-unknown-linux-gnu/deepmoused)
SECTIONS
echo "  sections (bytes):$sections"

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
