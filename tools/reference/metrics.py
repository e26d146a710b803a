"""Evaluation metrics shared by the reference scripts, matching `deepmouse evaluate`'s fields.

- window accuracy: predicted left iff p_left >= 0.5;
- balanced accuracy: mean of the per-class recalls;
- confusion: [[true right -> pred right, pred left], [true left -> pred right, pred left]];
- stream accuracy (as the Swift `StreamAccuracy`): k = max(1, ceil(S*100/W)) windows (S = stream seconds, default
  30: 4 windows of 800 = 32 s); each segment's kept (non-still) windows in time order are grouped k at a time
  without overlap, an incomplete trailing group dropped; a group's decision is its mean p_left >= 0.5.
"""
from __future__ import annotations

import json
import math

import numpy as np

from deepmouse_data import SAMPLE_RATE_HZ, Windows


def stream_group_size(window: int, stream_seconds: float = 30.0) -> int:
    return max(1, int(math.ceil(stream_seconds * SAMPLE_RATE_HZ / window - 1e-9)))


def evaluate(p_left: np.ndarray, w: Windows, stream_seconds: float = 30.0) -> dict:
    p = np.asarray(p_left, dtype=np.float64).reshape(-1)
    y = w.y
    pred = (p >= 0.5).astype(np.int64)
    conf = [[int(np.sum((y == t) & (pred == q))) for q in (0, 1)] for t in (0, 1)]
    recalls = [conf[t][t] / max(1, sum(conf[t])) for t in (0, 1)]
    window = w.x.shape[1] if len(w) else 0
    k = stream_group_size(window, stream_seconds) if window else 1
    by_segment: dict[int, list[int]] = {}
    for i in np.lexsort((w.start, w.segment)):
        by_segment.setdefault(int(w.segment[i]), []).append(int(i))
    groups = [idx[a:a + k] for idx in by_segment.values() for a in range(0, len(idx) - k + 1, k)]
    stream_ok = [int((p[g].mean() >= 0.5) == bool(y[g[0]])) for g in groups]
    eps = 1e-7
    bce = float(-np.mean(y * np.log(np.clip(p, eps, 1)) + (1 - y) * np.log(np.clip(1 - p, eps, 1)))) if len(y) else math.nan
    return {
        "windows": int(len(y)),
        "window_accuracy": float(np.mean(pred == y)) if len(y) else math.nan,
        "balanced_accuracy": float(np.mean(recalls)),
        "confusion": conf,
        "stream_accuracy": float(np.mean(stream_ok)) if stream_ok else math.nan,
        "stream_groups": len(stream_ok),
        "stream_windows_per_group": k,
        "loss": bce,
    }


def human(tag: str, m: dict) -> str:
    return (f"{tag}: window acc {m['window_accuracy']:.3f}  balanced {m['balanced_accuracy']:.3f}  "
            f"stream acc {m['stream_accuracy']:.3f} ({m['stream_groups']} streams of {m['stream_windows_per_group']} "
            f"windows)  n={m['windows']}  confusion(true R/L x pred R/L)={m['confusion']}")


def emit(record: dict) -> None:
    """One JSON line, prefixed so a driver can grep it: `RESULT {...}`."""
    print("RESULT " + json.dumps(record, sort_keys=True), flush=True)
