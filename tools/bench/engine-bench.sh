#!/bin/sh
# Inference cost of one model side by side, in one run, one thread: the fixed-point engine (every GRU
# kernel this CPU runs) and the trainer's float forward pass (engine-bench), onnxruntime and TFLite
# (tools/reference/infer_bench.py, when tools/reference/.venv exists: tools/reference/setup-venv), then
# callgrind instruction counts per decision and per sample, MACs per decision, instructions per MAC.
#
#   tools/bench/engine-bench.sh [--checkpoint FILE] [--rounds N] [--seconds S]
#
# One release build with the default flags (`swift build -c release`: what CI and users build; the
# engine picks its kernel at run time). valgrind does not run AVX-512 and hides it from CPUID, so
# callgrind counts the AVX2 kernel of the same binary (the portable one on a CPU without AVX2).
set -eu
cd "$(dirname "$0")/../.."
checkpoint="" rounds=7 seconds=3
while [ $# -gt 0 ]; do
    case "$1" in
        --checkpoint) checkpoint=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        *) echo "engine-bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
swift build -c release --product engine-bench --scratch-path .build-bench >/tmp/engine-bench-build.log 2>&1 \
    || { cat /tmp/engine-bench-build.log; exit 1; }
bin=.build-bench/release/engine-bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$checkpoint" ]; then
    model="--write-checkpoint $tmp/engine-bench.dmcheckpoint.json"
    checkpoint="$tmp/engine-bench.dmcheckpoint.json"
else
    model="--checkpoint $checkpoint"
fi
echo "== $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== engine-bench: fixed point and the trainer's float forward pass (one thread)"
# shellcheck disable=SC2086
"$bin" $model --rounds "$rounds"
venv=tools/reference/.venv
if [ -x "$venv/bin/python" ]; then
    echo "== onnxruntime and TFLite on the same weights (tools/reference/infer_bench.py, batch 1, one window per call)"
    "$venv/bin/python" tools/reference/infer_bench.py --checkpoint "$checkpoint" --seconds "$seconds" --threads 1 2 \
        --runtimes onnxruntime tflite-int8-dynamic tflite-float32 2>/dev/null | grep -v '^RESULT '
else
    echo "== (no $venv: run tools/reference/setup-venv for onnxruntime and TFLite)"
fi
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== vpdpbusd (AVX-512 VNNI) / vpmaddwd ymm (AVX2) instructions in the binary:" \
    "$(objdump -d "$bin" | grep -c 'vpdpbusd') / $(objdump -d "$bin" | grep -c 'vpmaddwd.*%ymm')"
if command -v perf >/dev/null && perf record -q -o "$tmp/perf.data" "$bin" $model --callgrind-decisions 20000 >/dev/null 2>&1; then
    # Samples (time, not instructions) over 20000 decisions with the kernel this CPU runs; the
    # model's setup (calibration: FloatReference, Quantizer) is in the profile too.
    echo "== perf: where the time of 20000 decisions goes (this CPU's kernel; sampled, top functions)"
    perf report -i "$tmp/perf.data" --no-children --sort symbol 2>/dev/null | grep -E '^ +[0-9.]+%' | head -10 | swift demangle --simplified \
        | cut -c1-150 | sed 's/^/  /'
fi
if command -v valgrind >/dev/null; then
    echo "== callgrind: instructions inside decisions and sample pushes (AVX2 kernel where the CPU has it)"
    count() {  # toggle, decisions
        # shellcheck disable=SC2086
        valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" --toggle-collect="$1" \
            "$bin" $model --callgrind-decisions "$2" 2>&1 | sed -n 's/.*Collected : //p'
    }
    d10=$(count '*classifyCurrentWindow*' 10); d30=$(count '*classifyCurrentWindow*' 30)
    p10=$(count '*StreamingClassifierV4push2dx*' 10); p30=$(count '*StreamingClassifierV4push2dx*' 30)
    # shellcheck disable=SC2086
    macs=$("$bin" $model --callgrind-decisions 1 | sed -n 's/.*macs_per_decision //p')
    echo "  per decision: $(( (d30 - d10) / 20 )) instructions for $macs MACs"
    echo "  per sample without its decision (conv levels + cached GRU input projections): $(( (p30 - p10 - (d30 - d10)) / 160 )) instructions"
    awk -v i=$(( (d30 - d10) / 20 )) -v m="$macs" 'BEGIN { printf "  instructions per MAC (decision): %.3f\n", i / m }'
    echo "  where a decision's instructions go (callgrind_annotate, top functions):"
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" --toggle-collect='*classifyCurrentWindow*' \
        "$bin" $model --callgrind-decisions 20 >/dev/null 2>&1
    callgrind_annotate --inclusive=no "$tmp/cg" 2>/dev/null | grep -E '^ *[0-9,]+ .*\(' | head -8 | swift demangle --simplified | cut -c1-150 | sed 's/^/    /'
fi
