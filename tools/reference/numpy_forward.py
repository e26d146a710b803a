"""An independent numpy forward pass of a DeepMouse float checkpoint, and parity checks against other runs of it.

The forward pass is written from ARCHITECTURE.md alone (float64 throughout): Conv1D "same" (pad_left = (K-1)/2,
pad_right = K-1-pad_left, zeros) + ReLU + MaxPool1D(2, floor), GRU reset-after [z, r, n] or LSTM [i, f, g, o] from a
zero state, last hidden state -> Dense(1) -> sigmoid.

    # numpy vs the same weights in Keras, on the test windows of a split
    .venv/bin/python numpy_forward.py CHECKPOINT.json --split mouse --keras
    # numpy vs the Swift trainer's predictions (one p_left per window, in window order: a JSON Lines file with a
    # "p_left" field per line, a JSON list, or plain numbers one per line)
    .venv/bin/python numpy_forward.py CHECKPOINT.json --split mouse --compare swift-predictions.jsonl
    # self-test without a Swift checkpoint: random Keras model -> checkpoint -> numpy vs Keras
    .venv/bin/python numpy_forward.py --self-test
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np

import checkpoint as ckpt
import deepmouse_data as dd
from metrics import emit, evaluate, human


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def conv1d_same_relu(x, w, b):
    """x (B, T, Cin), w (K, Cin, Cout), b (Cout) -> (B, T, Cout)."""
    k = w.shape[0]
    pl = (k - 1) // 2
    xp = np.pad(x, ((0, 0), (pl, k - 1 - pl), (0, 0)))
    t = x.shape[1]
    y = sum(xp[:, j:j + t, :] @ w[j] for j in range(k)) + b
    return np.maximum(y, 0.0)


def maxpool2(x):
    t = x.shape[1] // 2
    return np.maximum(x[:, 0:2 * t:2, :], x[:, 1:2 * t:2, :])


def gru_last(x, wx, wh, bx, bh):
    """x (B, T, Cin) -> last h (B, H); z, r, n gates; reset applied to (h Wh_n + bh_n)."""
    h_dim = wh.shape[0]
    h = np.zeros((x.shape[0], h_dim))
    xs = x @ wx + bx  # (B, T, 3H)
    for t in range(x.shape[1]):
        hh = h @ wh + bh
        xz, xr, xn = np.split(xs[:, t, :], 3, axis=1)
        hz, hr, hn = np.split(hh, 3, axis=1)
        z = sigmoid(xz + hz)
        r = sigmoid(xr + hr)
        n = np.tanh(xn + r * hn)
        h = z * h + (1.0 - z) * n
    return h


def lstm_last(x, wx, wh, b):
    h_dim = wh.shape[0]
    h = np.zeros((x.shape[0], h_dim))
    c = np.zeros_like(h)
    xs = x @ wx + b
    for t in range(x.shape[1]):
        gi, gf, gg, go = np.split(xs[:, t, :] + h @ wh, 4, axis=1)
        c = sigmoid(gf) * c + sigmoid(gi) * np.tanh(gg)
        h = sigmoid(go) * np.tanh(c)
    return h


def forward(ck: ckpt.Checkpoint, x: np.ndarray, batch: int = 64) -> np.ndarray:
    """x (N, W, 2) normalised -> p_left (N,), float64."""
    t = {k: v.astype(np.float64) for k, v in ck.tensors.items()}
    out = []
    for a in range(0, len(x), batch):
        y = x[a:a + batch].astype(np.float64)
        for i in range(len(ck.conv)):
            y = maxpool2(conv1d_same_relu(y, t[f"conv{i}.weight"], t[f"conv{i}.bias"]))
        if ck.recurrent == "gru":
            h = gru_last(y, t["gru.w_x"], t["gru.w_h"], t["gru.b_x"], t["gru.b_h"])
        else:
            h = lstm_last(y, t["lstm.w_x"], t["lstm.w_h"], t["lstm.b"])
        out.append(sigmoid(h @ t["dense.weight"] + t["dense.bias"]).reshape(-1))
    return np.concatenate(out) if out else np.zeros(0)


def read_predictions(path: str) -> np.ndarray:
    with open(path) as f:
        text = f.read().strip()
    if text.startswith("["):
        return np.asarray(json.loads(text), dtype=np.float64).reshape(-1)
    vals = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            vals.append(float(json.loads(line)["p_left"]) if line.startswith("{") else float(line))
        except (ValueError, KeyError) as e:
            sys.exit(f"{path}:{lineno}: expected a number or an object with p_left ({e})")
    return np.asarray(vals)


def compare(tag: str, ref: np.ndarray, other: np.ndarray, tol: float) -> dict:
    if ref.shape != other.shape:
        sys.exit(f"{tag}: {other.shape[0]} predictions for {ref.shape[0]} windows")
    d = np.abs(ref - other)
    r = {"comparison": tag, "windows": int(len(ref)), "max_abs_diff": float(d.max()) if len(d) else 0.0,
         "mean_abs_diff": float(d.mean()) if len(d) else 0.0, "tolerance": tol,
         "decision_agreement": float(np.mean((ref >= 0.5) == (other >= 0.5))) if len(d) else 1.0,
         "ok": bool(len(d) == 0 or d.max() <= tol)}
    print(f"{tag}: {r['windows']} windows, max |diff| {r['max_abs_diff']:.3g}, mean {r['mean_abs_diff']:.3g}, "
          f"decisions agree {r['decision_agreement']:.4f} -> {'OK' if r['ok'] else 'FAIL'} (tolerance {tol:g})")
    return r


def windows_for(ck: ckpt.Checkpoint, args) -> dd.Windows:
    off, sc = ck.normalisation()
    segs = dd.split_segments(args.split, args.data_dir)[args.part]
    return dd.make_windows(segs, ck.window, ck.window, offset=off, scale=sc)


def self_test(args) -> int:
    import keras
    import keras_model
    keras_model.configure_threads(2)
    keras.utils.set_random_seed(args.seed)
    model = keras_model.build(800, compile_model=False)
    # Non-trivial biases so every term of the GRU is exercised.
    for layer in model.layers:
        ws = layer.get_weights()
        if ws:
            layer.set_weights([w + np.random.default_rng(args.seed).normal(0, 0.1, w.shape).astype(np.float32)
                               for w in ws])
    path = os.path.join(tempfile.mkdtemp(), "selftest.dmcheckpoint.json")
    ckpt.write_from_keras(model, path)
    args.keras = True
    return run(path, args)


def run(path: str, args) -> int:
    ck = ckpt.load(path)
    w = windows_for(ck, args)
    p = forward(ck, w.x)
    print(f"# {path}: {ck.recurrent} H={ck.hidden}, {len(ck.conv)} conv blocks, W={ck.window}; "
          f"{args.split}/{args.part}: {w.summary()}")
    print(human("numpy forward", evaluate(p, w)))
    ok = True
    if args.keras:
        model = ckpt.keras_from_checkpoint(ck)
        pk = model.predict(w.x, batch_size=64, verbose=0).reshape(-1).astype(np.float64)
        r = compare("numpy vs keras (same weights)", p, pk, args.tol)
        emit({"tool": "numpy_forward", "checkpoint": path, "split": args.split, "part": args.part} | r)
        ok &= r["ok"]
    if args.compare:
        r = compare(f"numpy vs {args.compare}", p, read_predictions(args.compare), args.tol)
        emit({"tool": "numpy_forward", "checkpoint": path, "split": args.split, "part": args.part} | r)
        ok &= r["ok"]
    if args.save_predictions:
        with open(args.save_predictions, "w") as f:
            for i in range(len(w)):
                seg = w.segments[w.segment[i]]
                f.write(json.dumps({"file": seg.file, "start": int(seg.start + w.start[i]), "label": int(w.y[i]),
                                    "p_left": float(p[i])}) + "\n")
    return 0 if ok else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint", nargs="?")
    ap.add_argument("--data-dir", default=dd.default_data_dir())
    ap.add_argument("--split", default="mouse", choices=dd.SPLITS)
    ap.add_argument("--part", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--keras", action="store_true", help="also run the weights in Keras and compare")
    ap.add_argument("--compare", help="predictions of another implementation to compare with")
    ap.add_argument("--save-predictions", help="write numpy's predictions as JSON Lines")
    ap.add_argument("--tol", type=float, default=1e-5)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.self_test:
        sys.exit(self_test(args))
    if not args.checkpoint:
        ap.error("a checkpoint is required (or --self-test)")
    sys.exit(run(args.checkpoint, args))


if __name__ == "__main__":
    main()
