#!/bin/sh
# Benchmarks the fixed-point engine (tools/bench/engine-bench/main.swift): per-sample, per-decision
# and per-window cost beside the trainer's float forward pass, then callgrind instruction counts.
#
#   tools/bench/engine-bench.sh [engine-bench args, e.g. --checkpoint FILE --rounds 9]
#
# Builds (release, own scratch paths):
#   avx512   -target-cpu native + the opt-in AVX-512 recurrent product (-DDEEPMOUSE_AVX512)
#   portable -target-cpu native, portable kernels (what `swift build -c release` compiles, but
#            with this CPU's vector width)
#   callgrind: znver3 (AVX2; valgrind does not run AVX-512), portable kernels, -g
set -eu
cd "$(dirname "$0")/../.."
ARGS="$*"
build() {  # scratch-dir, flags...
    dir=$1; shift
    swift build -c release --product engine-bench --scratch-path "$dir" "$@" >/tmp/engine-bench-build.log 2>&1 || { cat /tmp/engine-bench-build.log; exit 1; }
}
AVX="-Xswiftc -enable-builtin-module -Xswiftc -DDEEPMOUSE_AVX512"
build .build-bench-avx512 -Xswiftc -target-cpu -Xswiftc native $AVX
build .build-bench-portable -Xswiftc -target-cpu -Xswiftc native
echo "== timing: AVX-512 build"
.build-bench-avx512/release/engine-bench "$@"
echo "== timing: portable build"
.build-bench-portable/release/engine-bench "$@"
for b in avx512 portable; do
    bin=.build-bench-$b/release/engine-bench
    echo "== $b: (v)pmaddwd/vpdpwssd in the binary: $(objdump -d "$bin" | grep -cE 'pmaddwd|vpdpwssd') (zmm: $(objdump -d "$bin" | grep -E 'pmaddwd|vpdpwssd' | grep -c zmm))"
done
if command -v valgrind >/dev/null; then
    build .build-bench-callgrind -Xswiftc -target-cpu -Xswiftc znver3 -Xswiftc -g
    bin=.build-bench-callgrind/release/engine-bench
    echo "== callgrind (znver3 build, portable kernels): instructions inside decisions and sample pushes"
    count() {  # toggle, decisions
        valgrind --tool=callgrind --callgrind-out-file=/tmp/engine-bench.$$.cg --toggle-collect="$1" \
            "$bin" $ARGS --callgrind-decisions "$2" 2>&1 | sed -n 's/.*Collected : //p'
    }
    d10=$(count '*classifyCurrentWindow*' 10); d30=$(count '*classifyCurrentWindow*' 30)
    p10=$(count '*StreamingClassifierV4push2dx*' 10); p30=$(count '*StreamingClassifierV4push2dx*' 30)
    rm -f /tmp/engine-bench.$$.cg
    macs=$("$bin" $ARGS --callgrind-decisions 1 | sed -n 's/.*macs_per_decision //p')
    echo "  per decision: $(( (d30 - d10) / 20 )) instructions for $macs MACs"
    echo "  per sample without its decision (conv levels + cached GRU input projections): $(( (p30 - p10 - (d30 - d10)) / 160 )) instructions"
    awk -v i=$(( (d30 - d10) / 20 )) -v m="$macs" 'BEGIN { printf "  instructions per MAC (decision): %.3f\n", i / m }'
fi
