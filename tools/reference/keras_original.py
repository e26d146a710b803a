"""Trains the original DeepMouse network in Keras on the standard by-recording splits and scores it on test.

Default: splits mouse and touchpad, W=800, training strides W (non-overlapping) and W/4 (overlapping), seeds 0,1,2,
early stopping on dev loss (best weights kept). `--lopo`: leave-one-recording-pair-out over mouse pairs 1,2,3,5,6.
Prints a human line per run and one `RESULT {json}` line per run (see metrics.emit), plus a summary.

    .venv/bin/python keras_original.py [--split mouse touchpad] [--strides 800 200] [--seeds 0 1 2]
    .venv/bin/python keras_original.py --lopo [--strides 800] [--seeds 0 1]
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import deepmouse_data as dd
import keras_model
from metrics import emit, evaluate, human


def train_one(data: dict, args, seed: int, split: str = "") -> dict:
    import keras
    keras.utils.set_random_seed(seed)
    model = keras_model.build(args.window, lr=args.lr)
    tr, dev = data["train"], data["dev"]
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=args.patience, restore_best_weights=True)
    t0 = time.time()
    hist = model.fit(tr.x, tr.y.astype(np.float32), validation_data=(dev.x, dev.y.astype(np.float32)),
                     epochs=args.epochs, batch_size=args.batch, shuffle=True, callbacks=[stop], verbose=0)
    seconds = time.time() - t0
    h = hist.history
    best = int(np.argmin(h["val_loss"]))
    if args.save:
        name = args.save.format(seed=seed, stride=tr.stride, split=split)
        import checkpoint
        checkpoint.write_from_keras(model, name, f"keras_original.py split={split} stride={tr.stride} seed={seed}",
                                    training={"seed": seed, "epochs": len(h["loss"]), "best_epoch": best + 1,
                                              "batch_size": args.batch,
                                              "dev_metrics": {"loss": float(h["val_loss"][best])}},
                                    split=split)
        print(f"# saved {name}")
    pred = lambda w: model.predict(w.x, batch_size=256, verbose=0).reshape(-1) if len(w) else np.zeros(0)
    return {
        "best_epoch": best + 1,
        "epochs_run": len(h["loss"]),
        "min_train_loss": float(np.min(h["loss"])),
        "train_loss_at_best": float(h["loss"][best]),
        # The symptom: the best dev loss at epoch 1-2, i.e. nothing learnt after that carried over to dev
        # (min_train_loss tells whether training itself was stuck near ln 2 or fitted without transferring).
        "plateau": bool(best + 1 <= 2),
        "seconds": round(seconds, 1),
        "seconds_per_epoch": round(seconds / len(h["loss"]), 3),
        "dev": evaluate(pred(dev), dev),
        "test": evaluate(pred(data["test"]), data["test"]),
    }


def base_record(args, split: str, stride: int, seed: int, data: dict) -> dict:
    return {"tool": "keras_original", "model": "conv3x32k3+gru128", "split": split, "window": args.window,
            "train_stride": stride, "seed": seed, "train_windows": len(data["train"]),
            "dev_windows": len(data["dev"]), "test_windows": len(data["test"]),
            "epochs_max": args.epochs, "patience": args.patience, "batch": args.batch, "lr": args.lr}


def run_splits(args) -> None:
    summary = []
    for split in args.split:
        for stride in args.strides:
            data = dd.load_split(split, args.window, stride, args.data_dir)
            print(f"# {split} W={args.window} stride={stride}: train {data['train'].summary()}; "
                  f"dev {data['dev'].summary()}; test {data['test'].summary()}", flush=True)
            accs = []
            for seed in args.seeds:
                r = base_record(args, split, stride, seed, data) | train_one(data, args, seed, split)
                print(human(f"keras {split} W={args.window} stride={stride} seed={seed} best_epoch={r['best_epoch']}"
                            f"/{r['epochs_run']} ({r['seconds_per_epoch']} s/epoch) test", r["test"]), flush=True)
                emit(r)
                accs.append(r["test"]["window_accuracy"])
            summary.append((split, stride, accs))
    print("# summary: test window accuracy per seed (mean)")
    for split, stride, accs in summary:
        print(f"#   {split:8s} W={args.window} stride={stride:4d}: {' '.join(f'{a:.3f}' for a in accs)}"
              f"  mean {statistics.mean(accs):.3f}")


def run_lopo(args) -> None:
    rows = []
    for stride in args.strides:
        for pair in dd.MOUSE_PAIRS:
            data = dd.load_split("lopo", args.window, stride, args.data_dir, lopo_test_pair=pair)
            for seed in args.seeds:
                r = base_record(args, f"lopo-mouse-{pair}", stride, seed, data) | train_one(data, args, seed,
                                                                                    f"lopo-mouse-{pair}")
                r["test_pair"] = pair
                print(f"lopo stride={stride} test pair {pair} seed={seed}: acc {r['test']['window_accuracy']:.3f} "
                      f"balanced {r['test']['balanced_accuracy']:.3f} best_epoch {r['best_epoch']}/{r['epochs_run']}"
                      f" min train loss {r['min_train_loss']:.3f}{'  PLATEAU' if r['plateau'] else ''}", flush=True)
                emit(r)
                rows.append(r)
    print("# lopo summary (test pair: accuracy/best epoch per seed)")
    for stride in args.strides:
        for pair in dd.MOUSE_PAIRS:
            rs = [r for r in rows if r["test_pair"] == pair and r["train_stride"] == stride]
            print(f"#   stride {stride} pair {pair}: " + "  ".join(
                f"{r['test']['window_accuracy']:.3f}/ep{r['best_epoch']}{'*' if r['plateau'] else ''}" for r in rs))
        rs = [r for r in rows if r["train_stride"] == stride]
        print(f"#   stride {stride}: mean acc {statistics.mean(r['test']['window_accuracy'] for r in rs):.3f}, "
              f"{sum(r['plateau'] for r in rs)}/{len(rs)} runs with the best dev loss at epoch 1-2 (*)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=dd.default_data_dir())
    ap.add_argument("--split", nargs="+", default=list(dd.SPLITS), choices=dd.SPLITS)
    ap.add_argument("--window", type=int, default=800)
    ap.add_argument("--strides", type=int, nargs="+", default=None, help="training strides (default W and W/4)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--patience", type=int, default=10)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lopo", action="store_true", help="leave-one-recording-pair-out over mouse pairs 1,2,3,5,6")
    ap.add_argument("--save", help="save each trained model as a Swift-format checkpoint (best weights), e.g. "
                    "/tmp/keras-{split}-{stride}-{seed}.dmcheckpoint.json")
    args = ap.parse_args()
    if args.strides is None:
        args.strides = [args.window] if args.lopo else [args.window, args.window // 4]
    keras_model.configure_threads(args.threads)
    run_lopo(args) if args.lopo else run_splits(args)


if __name__ == "__main__":
    main()
