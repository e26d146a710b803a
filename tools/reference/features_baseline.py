"""Feature baselines on the standard splits: logistic regression and gradient boosting on hand-made motion features
(motion_features.py), and the still-fraction-only rule (threshold and direction fitted on train).

Same windows as the networks: training at stride W and W/4, dev/test non-overlapping. The regularisation strength
of the logistic regression is chosen on dev; gradient boosting uses fixed settings and several seeds. Reports test
metrics, the most influential features (standardised LR coefficients, GB impurity importances, permutation importance
on test) and family ablations (refit without each feature family).

    .venv/bin/python features_baseline.py [--split mouse touchpad] [--window 800] [--strides 800 200]
    .venv/bin/python features_baseline.py --lopo [--strides 800]
    # per-window test predictions as `deepmouse evaluate --windows-output` writes them (for paired_test.py):
    .venv/bin/python features_baseline.py ... --windows-output /tmp/features-   # -> /tmp/features-logreg-mouse.jsonl ...
"""
from __future__ import annotations

import argparse
import json
import os
import warnings

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import deepmouse_data as dd
import motion_features as mf
from metrics import emit, evaluate, human

warnings.filterwarnings("ignore", category=UserWarning)
NAMES = [n for n, _ in mf.feature_names()]
FAMILIES = [f for _, f in mf.feature_names()]


def fit_lr(Xtr, ytr, Xdev, ydev):
    best = None
    for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0):
        m = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000)).fit(Xtr, ytr)
        acc = float(np.mean(m.predict(Xdev) == ydev))
        if best is None or acc > best[0]:
            best = (acc, c, m)
    return best[2], best[1]


def fit_gb(Xtr, ytr, seed):
    return GradientBoostingClassifier(n_estimators=200, max_depth=3, learning_rate=0.05, subsample=0.8,
                                      random_state=seed).fit(Xtr, ytr)


def still_rule(tr: dd.Windows):
    """Threshold t and direction on the still fraction maximising train accuracy: left iff sign*(sf - t) > 0."""
    sf = 1.0 - np.mean(np.hypot(tr.raw[..., 0], tr.raw[..., 1]) > 0, axis=1)
    best = (-1.0, 0.0, 1)
    for t in np.unique(sf):
        for sign in (1, -1):
            acc = float(np.mean((sign * (sf - t) > 0) == (tr.y == 1)))
            if acc > best[0]:
                best = (acc, float(t), sign)
    return best[1], best[2]


def still_predict(w: dd.Windows, t: float, sign: int) -> np.ndarray:
    sf = 1.0 - np.mean(np.hypot(w.raw[..., 0], w.raw[..., 1]) > 0, axis=1)
    return (sign * (sf - t) > 0).astype(np.float64)


def write_windows(args, model: str, split: str, w: dd.Windows, p_left: np.ndarray) -> None:
    """With --windows-output PREFIX: PREFIX{model}-{split}.jsonl, one test window per line in the format of
    `deepmouse evaluate --windows-output` (file, hand, p_left, start in the file's deltas, still)."""
    if not args.windows_output:
        return
    with open(f"{args.windows_output}{model}-{split}.jsonl", "w") as f:
        for i in range(len(w)):
            seg = w.segments[w.segment[i]]
            f.write(json.dumps({"file": os.path.join(args.data_dir, seg.file), "hand": "left" if w.y[i] == dd.LEFT else "right",
                                "p_left": float(p_left[i]), "start": int(seg.start + w.start[i]), "still": False}) + "\n")


def top(names, values, n=10):
    order = np.argsort(-np.abs(values))[:n]
    return [(names[i], round(float(values[i]), 4)) for i in order]


def run(split: str, stride: int, args, rules: dict) -> None:
    data = dd.load_split(split, args.window, stride, args.data_dir, test_stride=args.test_stride)
    tr, dev, te = data["train"], data["dev"], data["test"]
    Xtr, Xdev, Xte = (mf.features(w.raw) for w in (tr, dev, te))
    base = {"tool": "features_baseline", "split": split, "window": args.window, "train_stride": stride,
            "train_windows": len(tr), "test_windows": len(te)}
    tag = f"{split} W={args.window} stride={stride}"
    print(f"# {tag}: train {tr.summary()}; test {te.summary()}; {Xtr.shape[1]} features", flush=True)

    t, sign = still_rule(tr)
    rules[(split, stride)] = (t, sign)
    m = evaluate(still_predict(te, t, sign), te)
    rule = f"left iff still_fraction {'>' if sign > 0 else '<'} {t:.3f}"
    print(human(f"still-fraction {tag} ({rule}) test", m))
    emit(base | {"model": "still_fraction", "rule": rule, "test": m})

    lr, c = fit_lr(Xtr, tr.y, Xdev, dev.y)
    p_left = lr.predict_proba(Xte)[:, 1]
    m = evaluate(p_left, te)
    write_windows(args, "logreg", split, te, p_left)
    print(human(f"logreg(C={c}) {tag} test", m))
    coef = lr[-1].coef_[0]
    pi = permutation_importance(lr, Xte, te.y, n_repeats=20, random_state=0).importances_mean
    abl = ablations(lambda X, y: make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000)).fit(X, y),
                    Xtr, tr.y, Xte, te.y)
    print(f"  logreg top standardised coefficients (+ = left): {top(NAMES, coef)}")
    print(f"  logreg permutation importance on test: {top(NAMES, pi, 8)}")
    print(f"  logreg test accuracy without each family: {abl['without']}; with it alone: {abl['only']}")
    emit(base | {"model": "logreg", "C": c, "test": m, "top_coefficients": top(NAMES, coef, 15),
                 "permutation_importance": top(NAMES, pi, 15), "ablation": abl})

    accs, imps = [], []
    for seed in args.seeds:
        gb = fit_gb(Xtr, tr.y, seed)
        p_left = gb.predict_proba(Xte)[:, 1]
        m = evaluate(p_left, te)
        write_windows(args, f"gboost{seed}", split, te, p_left)
        accs.append(m["window_accuracy"])
        imps.append(gb.feature_importances_)
        print(human(f"gboost seed={seed} {tag} test", m))
        emit(base | {"model": "gboost", "seed": seed, "test": m})
    imp = np.mean(imps, axis=0)
    pi = permutation_importance(gb, Xte, te.y, n_repeats=20, random_state=0).importances_mean
    abl = ablations(lambda X, y: fit_gb(X, y, args.seeds[0]), Xtr, tr.y, Xte, te.y)
    fam = {f: round(float(imp[[i for i, g in enumerate(FAMILIES) if g == f]].sum()), 3) for f in sorted(set(FAMILIES))}
    print(f"  gboost mean test acc over seeds {np.mean(accs):.3f}; top importances: {top(NAMES, imp)}")
    print(f"  gboost importance by family: {fam}")
    print(f"  gboost permutation importance on test: {top(NAMES, pi, 8)}")
    print(f"  gboost test accuracy without each family: {abl['without']}; with it alone: {abl['only']}")
    emit(base | {"model": "gboost-summary", "mean_test_accuracy": float(np.mean(accs)), "seeds": args.seeds,
                 "top_importances": top(NAMES, imp, 15), "importance_by_family": fam,
                 "permutation_importance": top(NAMES, pi, 15), "ablation": abl})


def run_lopo(args) -> None:
    """Leave-one-recording-pair-out over mouse pairs 1,2,3,5,6: per-fold test accuracy of each model."""
    stride = (args.strides or [args.window])[0]
    rows = {"still_fraction": [], "logreg": [], "gboost": []}
    for pair in dd.MOUSE_PAIRS:
        data = dd.load_split("lopo", args.window, stride, args.data_dir, lopo_test_pair=pair)
        tr, dev, te = data["train"], data["dev"], data["test"]
        Xtr, Xdev, Xte = (mf.features(w.raw) for w in (tr, dev, te))
        t, sign = still_rule(tr)
        lr, c = fit_lr(Xtr, tr.y, Xdev, dev.y)
        preds = {"still_fraction": still_predict(te, t, sign), "logreg": lr.predict_proba(Xte)[:, 1],
                 "gboost": fit_gb(Xtr, tr.y, args.seeds[0]).predict_proba(Xte)[:, 1]}
        line = []
        for name, p in preds.items():
            m = evaluate(p, te)
            write_windows(args, name, f"lopo-mouse-{pair}", te, p)
            rows[name].append(m["window_accuracy"])
            line.append(f"{name} {m['window_accuracy']:.3f}")
            emit({"tool": "features_baseline", "model": name, "split": f"lopo-mouse-{pair}", "test_pair": pair,
                  "window": args.window, "train_stride": stride, "test": m,
                  **({"rule": f"left iff still_fraction {'>' if sign > 0 else '<'} {t:.3f}"}
                     if name == "still_fraction" else {})})
        print(f"lopo stride={stride} test pair {pair} ({len(te)} windows): " + ", ".join(line), flush=True)
    for name, accs in rows.items():
        print(f"# lopo {name}: " + " ".join(f"{a:.3f}" for a in accs) + f"  mean {np.mean(accs):.3f}")


def ablations(fit, Xtr, ytr, Xte, yte) -> dict:
    """Test accuracy refitted without each feature family ("-family") and with that family alone ("only")."""
    out = {}
    for fam in sorted(set(FAMILIES)):
        for tag, keep in (("without", [i for i, f in enumerate(FAMILIES) if f != fam]),
                          ("only", [i for i, f in enumerate(FAMILIES) if f == fam])):
            out.setdefault(tag, {})[fam] = round(float(np.mean(fit(Xtr[:, keep], ytr).predict(Xte[:, keep]) == yte)), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=dd.default_data_dir())
    ap.add_argument("--split", nargs="+", default=list(dd.SPLITS), choices=dd.SPLITS)
    ap.add_argument("--window", type=int, default=800)
    ap.add_argument("--strides", type=int, nargs="+", default=None, help="training strides (default W and W/4)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--test-stride", type=int, default=None,
                    help="samples between test windows (default: the window; overlapping windows are a supplementary measure)")
    ap.add_argument("--windows-output", metavar="PREFIX",
                    help="write each model's test windows to PREFIX{model}-{split}.jsonl (deepmouse's --windows-output format)")
    ap.add_argument("--lopo", action="store_true", help="leave-one-recording-pair-out over mouse pairs 1,2,3,5,6")
    args = ap.parse_args()
    if args.lopo:
        return run_lopo(args)
    strides = args.strides or [args.window, args.window // 4]
    rules: dict = {}
    for split in args.split:
        for stride in strides:
            run(split, stride, args, rules)
    # The still-fraction rule fitted on mouse, applied to the touchpad test split (and vice versa): the confound flips.
    if "mouse" in args.split and "touchpad" in args.split:
        for src, dst in (("mouse", "touchpad"), ("touchpad", "mouse")):
            t, sign = rules[(src, strides[0])]
            te = dd.load_split(dst, args.window, None, args.data_dir)["test"]
            m = evaluate(still_predict(te, t, sign), te)
            print(human(f"still-fraction rule fitted on {src} train, applied to {dst} test", m))
            emit({"tool": "features_baseline", "model": "still_fraction_transfer", "fitted_on": src, "split": dst,
                  "window": args.window, "test": m})


if __name__ == "__main__":
    main()
