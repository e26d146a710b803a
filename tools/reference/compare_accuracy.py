"""Side by side on the same by-recording splits: the Keras original, the feature baselines and the Swift trainer.

Runs keras_original.py, features_baseline.py and `deepmouse train --json` (one run per split, training stride and
seed), collects their JSON results and prints one table of test metrics (window accuracy per seed and mean,
balanced and stream accuracy means, mean test log loss). All three use the same windows (deepmouse_data.py mirrors the Swift split and
window code; numpy_forward.py --swift checks the window sets are identical).

    .venv/bin/python compare_accuracy.py [--splits mouse touchpad] [--strides 800 200] [--seeds 0 1 2]
        [--swift-bin ../../.build/release/deepmouse] [--swift-args "--epochs 60 --patience 10"] [--skip keras] [--window 800]
    # the Swift row distilled: N teachers (seeds 1..N, --swift-args) per split and stride, then one student per --seeds
    # with --swift-args, --student-args and every teacher (the shipped mouse recipe: --teachers 3 --seeds 4 5 6 7 8
    # --student-args "--weight-average 0.99 --teacher-weight 0.5")
    .venv/bin/python compare_accuracy.py --teachers 3 --student-args "--weight-average 0.99 --teacher-weight 0.5" ...
    # Swift models of shorter windows, scored on the same --window windows (mean p_left of their sub-windows); the
    # Swift stride in --swift-args overrides --strides, whose value then only labels the group (the shipped mouse recipe):
    .venv/bin/python compare_accuracy.py --splits mouse --strides 100 --teachers 3 --seeds 4 5 6 7 8 --swift-decide-over \
        --swift-args "--readout last --dev-fraction 0.25 --patience 10 --epochs 40 --window 400 --stride 50" ...
    # reuse earlier runs' logs instead of re-running them:
    .venv/bin/python compare_accuracy.py --skip keras features --results keras.log features.log
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ORIGINAL = "--conv-layers 3 --filters 32 --kernel 3 --recurrent gru --hidden 128"


def results(cmd: list[str], what: str) -> list[dict]:
    print(f"# running {what}: {' '.join(cmd)}", flush=True)
    p = subprocess.run(["nice", "-n", "10"] + cmd, capture_output=True, text=True, cwd=HERE)
    if p.returncode != 0:
        sys.exit(f"{what} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return [json.loads(l[7:]) for l in p.stdout.splitlines() if l.startswith("RESULT ")]


def swift(args, command: str, cmd: list[str]) -> dict:
    """Runs `deepmouse COMMAND ... --json` (niced, from the repository, with --data-dir) and returns its last JSON line."""
    cmd = [args.swift_bin, command] + cmd + (["--data-dir", args.data_dir] if args.data_dir else [])
    print(f"# running swift: {' '.join(cmd)}", flush=True)
    p = subprocess.run(["nice", "-n", "10"] + cmd, capture_output=True, text=True, cwd=REPO)
    if p.returncode != 0:
        sys.exit(f"swift {command} failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def swift_split(split: str) -> list[str]:
    """`deepmouse` flags of a split of deepmouse_data.py (mouse-tail is the tail split of the mouse files)."""
    if split == "mouse-tail":
        return ["--split", "tail", "--fractions", "0.68,0.12,0.2", "--device", "mouse"]
    return ["--split", split]


def swift_train(args, split: str, stride: int, seed: int, checkpoint: str, extra: list[str]) -> dict:
    return swift(args, "train", swift_split(split) + ["--stride", str(stride), "--seed", str(seed), "--json", "-o", checkpoint]
                 + shlex.split(ORIGINAL) + ["--window", str(args.window)] + shlex.split(args.swift_args) + extra)


def swift_decide_over(args, split: str, checkpoint: str) -> dict:
    """Scores a checkpoint on the split's test windows of --window samples, each by the mean p_left of its sub-windows."""
    return swift(args, "evaluate", ["--model", checkpoint] + swift_split(split) + ["--decide-over", str(args.window), "--json"])


def swift_runs(args) -> list[dict]:
    out, tmp = [], tempfile.mkdtemp(prefix="deepmouse-compare-")
    for split in args.splits:
        for stride in args.strides:
            extra: list[str] = []
            for t in range(1, args.teachers + 1):
                ck = os.path.join(tmp, f"{split}-{stride}-teacher{t}.dmcheckpoint.json")
                swift_train(args, split, stride, t, ck, [])
                extra += ["--teacher", ck]
            if extra:
                extra += shlex.split(args.student_args)
            for seed in args.seeds:
                ck = os.path.join(tmp, f"{split}-{stride}-{seed}.dmcheckpoint.json")
                rep = swift_train(args, split, stride, seed, ck, extra)
                tool = "swift" if not args.teachers else f"swift-distilled{args.teachers}"
                if args.swift_decide_over:
                    tool += f"-w{rep['window']}"  # the trained window, e.g. swift-distilled3-w400
                    rep = swift_decide_over(args, split, ck)
                out.append({"tool": tool,
                            "model": "deepmouse train", "split": split, "train_stride": stride, "seed": seed, "test": rep})
    return out


def table(rows: list[dict]) -> None:
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if "test" not in r or not str(r.get("split", "")) in ("mouse", "touchpad", "mouse-tail"):
            continue
        if r.get("model") in ("gboost-summary", "still_fraction_transfer"):
            continue
        name = r["tool"] if r["tool"] != "features_baseline" else r["model"]
        groups.setdefault((r["split"], r.get("train_stride", 0), name), []).append(r)
    print(f"\n{'split':9s} {'stride':>6s}  {'model':22s} {'window acc per seed':28s} {'mean':>6s} "
          f"{'balanced':>8s} {'stream':>6s} {'log loss':>8s}")
    for (split, stride, name), rs in sorted(groups.items()):
        acc = [r["test"]["window_accuracy"] for r in rs]
        bal = statistics.mean(r["test"]["balanced_accuracy"] for r in rs)
        streams = [r["test"]["stream_accuracy"] for r in rs if r["test"].get("stream_accuracy") is not None]
        stream = statistics.mean(streams) if streams else float("nan")
        # (the still-fraction rule predicts hard 0/1: its clipped log loss says nothing)
        losses = [r["test"]["loss"] for r in rs if r["test"].get("loss") is not None and name != "still_fraction"]
        loss = statistics.mean(losses) if losses else float("nan")
        print(f"{split:9s} {stride:6d}  {name:22s} {' '.join(f'{a:.3f}' for a in acc):28s} {statistics.mean(acc):6.3f} "
              f"{bal:8.3f} {stream:6.3f} {loss:8.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", nargs="+", default=["mouse", "touchpad"], choices=("mouse", "touchpad", "mouse-tail"))
    ap.add_argument("--strides", type=int, nargs="+", default=[800, 200])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--skip", nargs="*", default=[], choices=("keras", "features", "swift"))
    ap.add_argument("--swift-bin", default=os.path.join(REPO, ".build", "release", "deepmouse"))
    ap.add_argument("--swift-args", default="", help="extra `deepmouse train` flags (the architecture defaults to "
                    "the original: " + ORIGINAL + ")")
    ap.add_argument("--swift-decide-over", action="store_true",
                    help="score the Swift models on --window windows by the mean p_left of their own shorter windows "
                    "(`deepmouse evaluate --decide-over`), for models trained with --swift-args \"--window N ...\", N < W")
    ap.add_argument("--teachers", type=int, default=0,
                    help="distil the Swift row: train this many teachers (seeds 1..N) first, then students from them")
    ap.add_argument("--student-args", default="", help="extra `deepmouse train` flags of the distilled students")
    ap.add_argument("--keras-args", default="", help="extra keras_original.py flags")
    ap.add_argument("--data-dir")
    ap.add_argument("--window", type=int, default=800, help="window of every model (samples)")
    ap.add_argument("--results", nargs="*", default=[],
                    help="logs with RESULT lines of earlier runs to include (skip re-running those with --skip)")
    args = ap.parse_args()
    args.swift_bin = os.path.abspath(args.swift_bin)
    if args.swift_decide_over and "swift" not in args.skip:
        # The Swift window is the last --window in its flags (later flags win); it must be shorter than --window
        # (evaluate tiles it with the fewest such windows, back to back or overlapping evenly).
        given = shlex.split(args.swift_args)
        swift_window = int(given[len(given) - 1 - given[::-1].index("--window") + 1]) if "--window" in given else args.window
        if swift_window >= args.window:
            sys.exit(f"--swift-decide-over: the Swift window {swift_window} must be shorter than --window {args.window} "
                     "(give it in --swift-args \"--window N\")")
    common = (["--data-dir", args.data_dir] if args.data_dir else []) + ["--window", str(args.window)]
    py = sys.executable
    rows: list[dict] = []
    for path in args.results:
        with open(path) as f:
            rows += [json.loads(l[7:]) for l in f if l.startswith("RESULT ")]
    if "features" not in args.skip:
        rows += results([py, "features_baseline.py", "--split", *args.splits, "--strides", *map(str, args.strides)]
                        + common, "feature baselines")
    if "keras" not in args.skip:
        rows += results([py, "keras_original.py", "--split", *args.splits, "--strides", *map(str, args.strides),
                         "--seeds", *map(str, args.seeds)] + common + shlex.split(args.keras_args), "keras original")
    if "swift" not in args.skip:
        rows += swift_runs(args)
    for r in rows:
        print("RESULT " + json.dumps(r, sort_keys=True))
    rows = [r for r in rows if r.get("split") in args.splits and r.get("train_stride", 0) in args.strides]
    table(rows)


if __name__ == "__main__":
    main()
