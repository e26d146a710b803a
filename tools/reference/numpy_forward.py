"""An independent numpy forward pass of a DeepMouse float checkpoint, and parity checks against other runs of it.

The forward pass is written from ARCHITECTURE.md alone (float64 throughout): Conv1D "same" (pad_left = (K-1)/2,
pad_right = K-1-pad_left, zeros) + ReLU + MaxPool1D(2, floor), GRU reset-after [z, r, n] or LSTM [i, f, g, o] from a
zero state, readout (the last hidden state, or the mean of h_1..h_T for "readout": "mean") -> Dense(1) -> sigmoid.

    # numpy vs the same weights in Keras, on the test windows of a split
    .venv/bin/python numpy_forward.py CHECKPOINT.json --split mouse --keras
    # numpy vs the Swift trainer's predictions (one p_left per window, in window order: a JSON Lines file with a
    # "p_left" field per line, a JSON list, or plain numbers one per line)
    .venv/bin/python numpy_forward.py CHECKPOINT.json --split mouse --compare swift-predictions.jsonl
    # or let it run `deepmouse evaluate --windows-output` itself (release binary by default)
    .venv/bin/python numpy_forward.py CHECKPOINT.json --split mouse --swift
    # self-test without a Swift checkpoint: random Keras model -> checkpoint -> numpy vs Keras
    .venv/bin/python numpy_forward.py --self-test [--readout mean] [--cell lstm]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

import checkpoint as ckpt
import deepmouse_data as dd
from metrics import emit, evaluate, human

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


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


def gru_states(x, wx, wh, bx, bh):
    """x (B, T, Cin) -> h_1..h_T (B, T, H); z, r, n gates; reset applied to (h Wh_n + bh_n)."""
    h_dim = wh.shape[0]
    h = np.zeros((x.shape[0], h_dim))
    hs = np.zeros((x.shape[0], x.shape[1], h_dim))
    xs = x @ wx + bx  # (B, T, 3H)
    for t in range(x.shape[1]):
        hh = h @ wh + bh
        xz, xr, xn = np.split(xs[:, t, :], 3, axis=1)
        hz, hr, hn = np.split(hh, 3, axis=1)
        z = sigmoid(xz + hz)
        r = sigmoid(xr + hr)
        n = np.tanh(xn + r * hn)
        h = z * h + (1.0 - z) * n
        hs[:, t, :] = h
    return hs


def lstm_states(x, wx, wh, b):
    """x (B, T, Cin) -> h_1..h_T (B, T, H); gates i, f, g, o."""
    h_dim = wh.shape[0]
    h = np.zeros((x.shape[0], h_dim))
    c = np.zeros_like(h)
    hs = np.zeros((x.shape[0], x.shape[1], h_dim))
    xs = x @ wx + b
    for t in range(x.shape[1]):
        gi, gf, gg, go = np.split(xs[:, t, :] + h @ wh, 4, axis=1)
        c = sigmoid(gf) * c + sigmoid(gi) * np.tanh(gg)
        h = sigmoid(go) * np.tanh(c)
        hs[:, t, :] = h
    return hs


def readout(hs, kind: str):
    """(B, T, H) -> (B, H): the last state or the mean over the T steps."""
    if kind == "last":
        return hs[:, -1, :]
    if kind == "mean":
        return hs.mean(axis=1)
    raise ValueError(f"unknown readout {kind!r}")


def forward(ck: ckpt.Checkpoint, x: np.ndarray, batch: int = 64) -> np.ndarray:
    """x (N, W, 2) normalised -> p_left (N,), float64."""
    t = {k: v.astype(np.float64) for k, v in ck.tensors.items()}
    out = []
    for a in range(0, len(x), batch):
        y = x[a:a + batch].astype(np.float64)
        for i in range(len(ck.conv)):
            y = maxpool2(conv1d_same_relu(y, t[f"conv{i}.weight"], t[f"conv{i}.bias"]))
        if ck.recurrent == "gru":
            hs = gru_states(y, t["gru.w_x"], t["gru.w_h"], t["gru.b_x"], t["gru.b_h"])
        else:
            hs = lstm_states(y, t["lstm.w_x"], t["lstm.w_h"], t["lstm.b"])
        h = readout(hs, ck.readout)
        out.append(sigmoid(h @ t["dense.weight"] + t["dense.bias"]).reshape(-1))
    return np.concatenate(out) if out else np.zeros(0)


def read_predictions(path: str) -> list[dict]:
    """[{"p_left": x, optionally "file", "start"}] from JSON Lines (e.g. `deepmouse evaluate --windows-output`),
    a JSON list of numbers, or plain numbers one per line."""
    with open(path) as f:
        text = f.read().strip()
    if text.startswith("["):
        return [{"p_left": float(v)} for v in json.loads(text)]
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            out.append(json.loads(line) if line.startswith("{") else {"p_left": float(line)})
            out[-1]["p_left"] = float(out[-1]["p_left"])
        except (ValueError, KeyError, TypeError) as e:
            sys.exit(f"{path}:{lineno}: expected a number or an object with p_left ({e})")
    return out


def _key(file: str, start: int) -> tuple[str, int]:
    parts = file.replace("\\", "/").split("/")
    return "/".join(parts[-2:]), int(start)


def align(w: dd.Windows, records: list[dict], what: str) -> np.ndarray:
    """The other implementation's p_left for each of our windows: by (file, start) when the records carry them
    (starts are sample indices in the file's delta stream), else by order."""
    if records and all("file" in r and "start" in r for r in records):
        # deepmouse evaluate lists still windows too, flagged; the no-motion filter drops them here.
        by_key = {_key(r["file"], r["start"]): r["p_left"] for r in records if r.get("still") is not True}
        keys = [_key(w.segments[w.segment[i]].file, w.segments[w.segment[i]].start + w.start[i]) for i in range(len(w))]
        missing = [k for k in keys if k not in by_key]
        extra = set(by_key) - set(keys)
        if missing or extra:
            sys.exit(f"{what}: different window sets: {len(missing)} of our {len(keys)} windows missing there "
                     f"(e.g. {missing[:3]}), {len(extra)} of its {len(by_key)} not ours (e.g. {sorted(extra)[:3]})")
        return np.asarray([by_key[k] for k in keys])
    if len(records) != len(w):
        sys.exit(f"{what}: {len(records)} predictions for {len(w)} windows")
    return np.asarray([r["p_left"] for r in records])


def compare(tag: str, ref: np.ndarray, other: np.ndarray, tol: float) -> dict:
    d = np.abs(ref - other)
    r = {"comparison": tag, "windows": int(len(ref)), "max_abs_diff": float(d.max()) if len(d) else 0.0,
         "mean_abs_diff": float(d.mean()) if len(d) else 0.0, "tolerance": tol,
         "decision_agreement": float(np.mean((ref >= 0.5) == (other >= 0.5))) if len(d) else 1.0,
         "ok": bool(len(d) == 0 or d.max() <= tol)}
    print(f"{tag}: {r['windows']} windows, max |diff| {r['max_abs_diff']:.3g}, mean {r['mean_abs_diff']:.3g}, "
          f"decisions agree {r['decision_agreement']:.4f} -> {'OK' if r['ok'] else 'FAIL'} (tolerance {tol:g})")
    return r


def run_swift(path: str, args) -> list[dict]:
    """`deepmouse evaluate` on the same split part, its per-window p_left (--windows-output)."""
    out = os.path.join(tempfile.mkdtemp(prefix="deepmouse-parity-"), "windows.jsonl")
    cmd = [args.swift_bin, "evaluate", "--model", path, "--split", args.split, "--data-dir", args.data_dir,
           "--windows-output", out, "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    print(f"# swift: {' '.join(cmd)}")
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else "{}"
    try:
        doc = json.loads(last)
        print(f"# swift evaluate: window accuracy {doc.get('window_accuracy')}, windows {doc.get('windows')}")
    except json.JSONDecodeError:
        pass
    return read_predictions(out)


def windows_for(ck: ckpt.Checkpoint, args) -> dd.Windows:
    off, sc = ck.normalisation()
    segs = dd.split_segments(args.split, args.data_dir)[args.part]
    return dd.make_windows(segs, ck.window, ck.window, offset=off, scale=sc)


def self_test(args) -> int:
    import keras
    import keras_model
    keras_model.configure_threads(2)
    keras.utils.set_random_seed(args.seed)
    model = keras_model.build(800, compile_model=False, cell=args.cell, readout=args.readout)
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
    print(f"# {path}: {ck.recurrent} H={ck.hidden} ({ck.readout} readout), {len(ck.conv)} conv blocks, W={ck.window}; "
          f"{args.split}/{args.part}: {w.summary()}")
    print(human("numpy forward", evaluate(p, w)))
    ok = True
    if args.keras:
        model = ckpt.keras_from_checkpoint(ck)
        pk = model.predict(w.x, batch_size=64, verbose=0).reshape(-1).astype(np.float64)
        r = compare("numpy vs keras (same weights)", p, pk, args.tol)
        emit({"tool": "numpy_forward", "checkpoint": path, "split": args.split, "part": args.part} | r)
        ok &= r["ok"]
    others = []
    if args.compare:
        others.append((f"numpy vs {args.compare}", read_predictions(args.compare)))
    if args.swift:
        others.append(("numpy vs swift (deepmouse evaluate)", run_swift(path, args)))
    for tag, records in others:
        r = compare(tag, p, align(w, records, tag), args.tol)
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
    ap.add_argument("--swift", action="store_true",
                    help="run `deepmouse evaluate --windows-output` on the checkpoint and compare (uses --swift-bin)")
    ap.add_argument("--swift-bin", default=os.path.join(REPO, ".build", "release", "deepmouse"))
    ap.add_argument("--save-predictions", help="write numpy's predictions as JSON Lines")
    ap.add_argument("--tol", type=float, default=1e-5)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cell", default="gru", choices=("gru", "lstm"), help="--self-test: the recurrent layer")
    ap.add_argument("--readout", default="last", choices=("last", "mean"), help="--self-test: the readout")
    args = ap.parse_args()
    if args.self_test:
        sys.exit(self_test(args))
    if not args.checkpoint:
        ap.error("a checkpoint is required (or --self-test)")
    sys.exit(run(args.checkpoint, args))


if __name__ == "__main__":
    main()
