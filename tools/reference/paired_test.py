#!/usr/bin/env python3
"""Paired comparison of two models on the same test windows: exact McNemar test (two-sided binomial on the windows
where exactly one of them is right) and the paired difference in log loss.

Each input is a per-window predictions file as `deepmouse evaluate --windows-output` writes it (JSON Lines with
file, hand, p_left, start, still); `features_baseline.py --windows-output` writes the same format. Windows are
matched by file name (without folder) and start; still windows are skipped; a window present in only one file is
an error, so the two models must have been scored on the same windows. Several --pair arguments are pooled (e.g.
the five folds of leave-one-pair-out), each pair matched on its own.

    python3 paired_test.py --pair NETWORK.jsonl FEATURES.jsonl [--pair A2.jsonl B2.jsonl ...] [--names net logreg]
    python3 paired_test.py --self-test

Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys


def load(path: str) -> dict[tuple[str, int], tuple[bool, float]]:
    """(file name, start) -> (is left, p_left) of the non-still windows; exits naming file and line on bad input."""
    out = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                if r.get("still"):
                    continue
                key = (os.path.basename(r["file"]), int(r["start"]))
                p = float(r["p_left"])
                if r["hand"] not in ("left", "right") or not 0 <= p <= 1:
                    raise ValueError("hand must be left/right and p_left in [0, 1]")
            except (ValueError, KeyError, TypeError) as e:
                sys.exit(f"{path}:{number}: not a window prediction ({e})")
            if key in out:
                sys.exit(f"{path}:{number}: window {key[0]} at {key[1]} appears twice")
            out[key] = (r["hand"] == "left", p)
    return out


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value: P(as or more unbalanced | b + c discordant windows, each side 1/2)."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def log_loss(is_left: bool, p: float) -> float:
    p = min(max(p, 1e-7), 1 - 1e-7)
    return -math.log(p if is_left else 1 - p)


def self_test() -> None:
    """Known p-values (by hand from the binomial) and the matching rules on small files."""
    import subprocess, tempfile
    assert mcnemar_exact(0, 0) == 1.0 and mcnemar_exact(3, 3) == 1.0
    assert abs(mcnemar_exact(5, 2) - 58 / 128) < 1e-12  # 2 * (C(7,0) + C(7,1) + C(7,2)) / 2^7
    assert abs(mcnemar_exact(0, 10) - 2 / 1024) < 1e-12
    rows = lambda ps: "".join(json.dumps({"file": f"/x/{h}.txt", "hand": h, "p_left": p, "start": s, "still": False}) + "\n"
                              for (h, s), p in zip((("left", 0), ("left", 800), ("right", 0)), ps))
    with tempfile.TemporaryDirectory() as d:
        a, b, c = (os.path.join(d, n) for n in "abc")
        open(a, "w").write(rows([0.9, 0.8, 0.2]))                      # all right
        open(b, "w").write(rows([0.1, 0.8, 0.6]).replace("/x/", "/y/"))  # folder differs; 1 right
        open(c, "w").write(rows([0.9, 0.8]))                           # a window missing
        run = lambda *f: subprocess.run([sys.executable, __file__, *f], capture_output=True, text=True)
        r = json.loads(run("--pair", a, b).stdout)
        assert (r["windows"], r["right_only_A"], r["right_only_B"], r["both_right"]) == (3, 2, 0, 1), r
        assert r["mcnemar_exact_p"] == 0.5 and r["mean_log_loss_A_minus_B"] < 0, r
        bad = run("--pair", a, c)
        assert bad.returncode != 0 and "same windows" in bad.stderr, bad.stderr
        open(c, "w").write('{"file": "x"}\n')
        bad = run("--pair", a, c)
        assert bad.returncode != 0 and f"{c}:1:" in bad.stderr, bad.stderr
    print("paired_test self-test passed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pair", nargs=2, action="append", metavar=("A", "B"))
    ap.add_argument("--names", nargs=2, default=("A", "B"))
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    if not a.pair:
        ap.error("give at least one --pair A B")
    na, nb = a.names
    both = only_a = only_b = neither = 0
    dloss = []
    for pa, pb in a.pair:
        A, B = load(pa), load(pb)
        if A.keys() != B.keys():
            missing = sorted(A.keys() ^ B.keys())[:3]
            sys.exit(f"{pa} and {pb} do not score the same windows (e.g. {missing})")
        for key, (left, p) in A.items():
            q = B[key][1]
            ra, rb = (p >= 0.5) == left, (q >= 0.5) == left
            both += ra and rb
            only_a += ra and not rb
            only_b += rb and not ra
            neither += not ra and not rb
            dloss.append(log_loss(left, p) - log_loss(left, q))
        print(f"{os.path.basename(pa)} vs {os.path.basename(pb)}: {len(A)} windows", file=sys.stderr)
    n = both + only_a + only_b + neither
    if n == 0:
        sys.exit("no windows to compare")
    mean = sum(dloss) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in dloss) / (n - 1)) if n > 1 else float("nan")
    print(json.dumps({
        "windows": n, f"accuracy_{na}": (both + only_a) / n, f"accuracy_{nb}": (both + only_b) / n,
        f"right_only_{na}": only_a, f"right_only_{nb}": only_b, "both_right": both, "both_wrong": neither,
        "mcnemar_exact_p": mcnemar_exact(only_a, only_b),
        f"mean_log_loss_{na}_minus_{nb}": mean, "log_loss_difference_se": sd / math.sqrt(n),
    }))


if __name__ == "__main__":
    main()
