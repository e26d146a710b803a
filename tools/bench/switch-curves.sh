#!/bin/sh
# The hand-switch trade-off curves of docs/switching.md, in one command: hand-switch-bench --curve for
# the touchpad and the mouse evaluation twins (60-s segments, 16 re-cuts), their tables (Markdown), SVGs
# and a results file, then the workbench report that draws them (deepmouse report).
# Usage: tools/bench/switch-curves.sh [OUT_DIR] (default out/switch-curves); needs ../shared/data.
set -eu
cd "$(dirname "$0")/../.."
out=${1:-out/switch-curves}
data=${DEEPMOUSE_SHARED_DATA:-../shared/data}/deepmouse
[ -d "$data" ] || { echo "switch-curves: $data not found (set DEEPMOUSE_SHARED_DATA)" >&2; exit 66; }
mkdir -p "$out" .build/tmp
# (one product per swift build: given twice, --product builds only the last)
for product in hand-switch-bench deepmouse; do
    TMPDIR=$PWD/.build/tmp ${SWIFT:-swift} build -c release --product "$product" >&2
done
rm -f "$out/curves.jsonl"
for kind in touchpad mouse; do
    .build/release/hand-switch-bench --kind "$kind" --data-dir "$data" --curve "$out/$kind-60s.svg" \
        --results "$out/curves.jsonl" > "$out/$kind-60s.md"
    echo "switch-curves: $out/$kind-60s.md, $out/$kind-60s.svg" >&2
done
.build/release/deepmouse report "$out/curves.jsonl" -o "$out/report.html" --title "DeepMouse: hand switches"
