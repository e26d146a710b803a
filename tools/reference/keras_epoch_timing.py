"""Seconds per training epoch of the original W=800 Conv3+GRU(128) network in Keras (the speed reference).

Windows: by default every non-overlapping W=800 window of mouse files 1,2,3,5 (whole files, still windows dropped:
370 windows), the same set `deepmouse bench train` uses; `--split mouse` takes the standard mouse train split instead
(312). Batch 32, Adam, shuffled. The first epoch (graph tracing) is reported apart and not counted.

    .venv/bin/python keras_epoch_timing.py [--epochs 3] [--threads 2] [--batch 32]

Prints one human line and `RESULT {"seconds_per_epoch": ...}` for tools/reference/compare-training-speed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

import deepmouse_data as dd
import keras_model
from metrics import emit


def bench_windows(source: str, window: int, data_dir: str) -> dd.Windows:
    if source == "mouse":
        return dd.load_split("mouse", window, window, data_dir)["train"]
    segs = []
    for pair in (1, 2, 3, 5):
        for rel, label in ((f"mouse/left-{pair}.txt", dd.LEFT), (f"mouse/right-{pair}.txt", dd.RIGHT)):
            d = dd.load_legacy_deltas(os.path.join(data_dir, rel))
            segs.append(dd.Segment(rel, label, 0, len(d), d))
    return dd.make_windows(segs, window, window)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=dd.default_data_dir())
    ap.add_argument("--windows", choices=("mouse-1235", "mouse"), default="mouse-1235")
    ap.add_argument("--window", type=int, default=800)
    ap.add_argument("--epochs", type=int, default=3, help="timed epochs (after one untimed warm-up epoch)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    keras_model.configure_threads(args.threads)
    import keras
    import tensorflow as tf

    w = bench_windows(args.windows, args.window, args.data_dir)
    keras.utils.set_random_seed(args.seed)
    model = keras_model.build(args.window)
    times: list[float] = []

    class Clock(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    model.fit(w.x, w.y.astype(np.float32), epochs=1 + args.epochs, batch_size=args.batch, shuffle=True,
              callbacks=[Clock()], verbose=0)
    warm, timed = times[0], times[1:]
    med = statistics.median(timed)
    load = os.getloadavg()[0]
    print(f"keras epoch timing: {len(w)} windows W={args.window} batch {args.batch}, {args.threads} threads: "
          f"{med:.3f} s/epoch (median of {len(timed)}: {', '.join(f'{t:.3f}' for t in timed)}; "
          f"first epoch {warm:.3f} s with tracing); load average {load:.2f}; tensorflow {tf.__version__}")
    emit({"tool": "keras_epoch_timing", "windows": len(w), "window": args.window, "batch": args.batch,
          "threads": args.threads, "seconds_per_epoch": med, "epoch_seconds": timed, "first_epoch_seconds": warm,
          "params": int(model.count_params()), "loadavg_1min": load, "tensorflow": tf.__version__})


if __name__ == "__main__":
    main()
