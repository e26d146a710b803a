#!/bin/sh
# Benchmarks the fixed-point engine (see tools/bench/engine-bench/main.swift) and counts the
# instructions of decisions with callgrind. Usage: tools/bench/engine-bench.sh [engine-bench args]
# CPU=native (default) builds for this machine (AVX-512 here); CPU=generic for baseline x86-64.
set -eu
cd "$(dirname "$0")/../.."
CPU=${CPU:-native}
FLAGS=""
[ "$CPU" != generic ] && FLAGS="-Xswiftc -target-cpu -Xswiftc $CPU"
# shellcheck disable=SC2086
swift build -c release --product engine-bench --scratch-path .build-bench-$CPU $FLAGS >/dev/null
BIN=.build-bench-$CPU/release/engine-bench
echo "== timing (target cpu: $CPU)"
"$BIN" "$@"
echo "== dot-product instructions in the binary"
echo "pmaddwd: $(objdump -d "$BIN" | grep -c pmaddwd) (zmm: $(objdump -d "$BIN" | grep pmaddwd | grep -c zmm), ymm: $(objdump -d "$BIN" | grep pmaddwd | grep -c ymm))"
if command -v valgrind >/dev/null; then
    echo "== callgrind: instructions inside decisions (classifyCurrentWindow) and sample pushes (advanceLevels)"
    for n in 10 20; do
        valgrind --tool=callgrind --callgrind-out-file=/tmp/engine-bench.callgrind.$n \
            --toggle-collect='*classifyCurrentWindow*' "$BIN" "$@" --callgrind-decisions $n 2>&1 | grep -E "Collected|decisions" | sed "s/^/  $n decisions: /"
    done
    valgrind --tool=callgrind --callgrind-out-file=/tmp/engine-bench.callgrind.push \
        --toggle-collect='*advanceLevels*' "$BIN" "$@" --callgrind-decisions 20 2>&1 | grep -E "Collected" | sed "s/^/  pushes (20 decisions): /"
    echo "  (instructions per decision = difference of the 20- and 10-decision counts / 10)"
fi
