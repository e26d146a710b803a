"""Side by side: seconds per training epoch of the W=800 Conv3+GRU(128) model in Keras and in the Swift trainer.

Runs keras_epoch_timing.py and the Swift benchmark alternately (`--rounds` times each, so both see the same machine
load), takes each one's median, and prints both and the ratio Swift / Keras. The Swift command must print its
seconds per epoch either as JSON (`"seconds_per_epoch": X`, optionally after `RESULT `) or as text `X s/epoch`.
Run through the `compare-training-speed` wrapper, which builds the Swift release binary and the venv first.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
# {windows}, {epochs}, {threads} are filled in from the Keras run, so both time the same workload.
DEFAULT_SWIFT = (".build/release/deepmouse bench train --json --window 800 --batch-size 32 --windows {windows} "
                 "--epochs {epochs} --threads {threads}")


def seconds_per_epoch(text: str) -> float | None:
    for line in reversed(text.splitlines()):
        line = line.strip().removeprefix("RESULT ").strip()
        if line.startswith("{"):
            try:
                doc = json.loads(line)
                for key in ("median_seconds_per_epoch", "seconds_per_epoch"):
                    if key in doc:  # a number, or a list of epoch times (median taken)
                        v = doc[key]
                        return float(statistics.median(v) if isinstance(v, list) else v)
            except json.JSONDecodeError:
                pass
    m = re.findall(r"([0-9]+(?:\.[0-9]+)?)\s*s(?:econds)?\s*(?:/|per)\s*epoch", text)
    return float(m[-1]) if m else None


def run(cmd: list[str], what: str) -> tuple[float, str]:
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    out = p.stdout + p.stderr
    s = seconds_per_epoch(p.stdout) or seconds_per_epoch(out)
    if p.returncode != 0 or s is None:
        sys.exit(f"compare-training-speed: {what} failed (exit {p.returncode}): {' '.join(cmd)}\n{out[-3000:]}")
    return s, p.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--swift", default=os.environ.get("DEEPMOUSE_BENCH_TRAIN", DEFAULT_SWIFT),
                    help=f"Swift benchmark command, run from the repo root (default: {DEFAULT_SWIFT!r})")
    ap.add_argument("--keras-only", action="store_true")
    ap.add_argument("--data-dir")
    args = ap.parse_args()
    keras_cmd = [sys.executable, os.path.join(HERE, "keras_epoch_timing.py"), "--epochs", str(args.epochs),
                 "--threads", str(args.threads)] + (["--data-dir", args.data_dir] if args.data_dir else [])
    keras, swift, info, swift_cmd = [], [], "", []
    load0 = os.getloadavg()[0]
    for r in range(args.rounds):
        s, out = run(keras_cmd, "Keras timing")
        keras.append(s)
        info = next((l for l in out.splitlines() if l.startswith("keras epoch timing")), info)
        n = json.loads(next(l for l in out.splitlines() if l.startswith("RESULT "))[7:])["windows"]
        swift_cmd = shlex.split(args.swift.format(windows=n, epochs=args.epochs, threads=args.threads))
        print(f"round {r + 1}: keras {s:.3f} s/epoch", flush=True)
        if not args.keras_only:
            s, _ = run(swift_cmd, "Swift benchmark")
            swift.append(s)
            print(f"round {r + 1}: swift {s:.3f} s/epoch", flush=True)
    k = statistics.median(keras)
    print(f"# {info}")
    print(f"# load average {load0:.2f} at start, {os.getloadavg()[0]:.2f} at end")
    print(f"keras  {k:.3f} s/epoch (median of {len(keras)})")
    result = {"tool": "compare_training_speed", "keras_seconds_per_epoch": k, "keras_runs": keras,
              "loadavg_start": load0, "loadavg_end": os.getloadavg()[0]}
    if swift:
        s = statistics.median(swift)
        print(f"swift  {s:.3f} s/epoch (median of {len(swift)}): {' '.join(swift_cmd)}")
        print(f"ratio  swift/keras = {s / k:.2f}  ({'Swift faster' if s < k else 'Keras faster'})")
        result |= {"swift_seconds_per_epoch": s, "swift_runs": swift, "ratio_swift_over_keras": s / k,
                   "swift_command": " ".join(swift_cmd)}
    print("RESULT " + json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
