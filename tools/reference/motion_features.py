"""Hand-made motion features of one window of raw (dx, dy) px deltas, for the feature baselines.

Each feature has a family (used for ablations): still, speed, accel, direction, curvature, axis, stroke.
Headings use screen coordinates (y grows downwards): bin 0 is +x (right), bin 2 is +y (down), bin 4 is -x, bin 6 -y.
"""
from __future__ import annotations

import numpy as np

N_DIR = 8
SPEED_PCTS = (10, 25, 50, 75, 90, 99)
ACC_PCTS = (50, 90, 99)
DIR_NAMES = ("right", "down-right", "down", "down-left", "left", "up-left", "up", "up-right")


def feature_names() -> list[tuple[str, str]]:
    """(name, family) in the order `window_features` returns them."""
    n = [("still_fraction", "still"), ("pause_mean_len", "still"), ("moving_runs_per_s", "stroke"),
         ("run_mean_len", "stroke"), ("run_straightness", "stroke"), ("speed_mean", "speed")]
    n += [(f"speed_p{p}", "speed") for p in SPEED_PCTS]
    n += [(f"accel_p{p}", "accel") for p in ACC_PCTS] + [("jerk_mean", "accel")]
    n += [(f"dir_{d}", "direction") for d in DIR_NAMES]
    n += [(f"turn_{d}", "curvature") for d in DIR_NAMES]
    n += [("turn_mean", "curvature"), ("turn_abs_mean", "curvature"), ("turn_ccw_fraction", "curvature")]
    n += [("corr_dx_dy", "axis"), ("corr_dx_dy_moving", "axis"), ("abs_dx_over_dy", "axis"),
          ("mean_dx", "axis"), ("mean_dy", "axis"), ("std_dx", "axis"), ("std_dy", "axis"),
          ("net_angle_cos", "axis"), ("net_angle_sin", "axis")]
    return n


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 3 or a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start indices and lengths of the runs of True in mask."""
    m = np.concatenate([[False], mask, [False]]).astype(np.int8)
    d = np.diff(m)
    starts, stops = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    return starts, stops - starts


def window_features(raw: np.ndarray) -> np.ndarray:
    dx, dy = raw[:, 0].astype(np.float64), raw[:, 1].astype(np.float64)
    s = np.hypot(dx, dy)
    moving = s > 0
    w = len(s)
    f: list[float] = []
    # still / strokes
    f.append(1.0 - moving.mean())
    _, pause_len = _runs(~moving)
    f.append(float(pause_len.mean()) if len(pause_len) else 0.0)
    starts, lens = _runs(moving)
    f.append(len(lens) / (w / 100.0))
    f.append(float(lens.mean()) if len(lens) else 0.0)
    straight = []
    for a, n in zip(starts, lens):
        if n >= 3:
            path = s[a:a + n].sum()
            straight.append(np.hypot(dx[a:a + n].sum(), dy[a:a + n].sum()) / path)
    f.append(float(np.mean(straight)) if straight else 0.0)
    # speed (moving samples only)
    sm = s[moving] if moving.any() else np.zeros(1)
    f.append(float(sm.mean()))
    f += [float(v) for v in np.percentile(sm, SPEED_PCTS)]
    # acceleration: |v[i] - v[i-1]| where both samples move
    both = moving[1:] & moving[:-1]
    acc = np.hypot(np.diff(dx), np.diff(dy))[both]
    acc = acc if len(acc) else np.zeros(1)
    f += [float(v) for v in np.percentile(acc, ACC_PCTS)]
    jerk = np.abs(np.diff(np.hypot(np.diff(dx), np.diff(dy))))
    f.append(float(jerk.mean()) if len(jerk) else 0.0)
    # speed-weighted direction histogram
    ang = np.arctan2(dy, dx)
    b = np.floor((ang + np.pi / N_DIR) / (2 * np.pi / N_DIR)).astype(int) % N_DIR
    hist = np.bincount(b[moving], weights=s[moving], minlength=N_DIR)
    f += list(hist / max(hist.sum(), 1e-9))
    # curvature by heading: signed turn between consecutive moving samples, speed-weighted mean per heading bin
    turn = np.angle(np.exp(1j * (ang[1:] - ang[:-1])))[both]
    tw = s[1:][both]
    tb = b[1:][both]
    for k in range(N_DIR):
        sel = tb == k
        f.append(float(np.average(turn[sel], weights=tw[sel])) if sel.any() and tw[sel].sum() > 0 else 0.0)
    f.append(float(turn.mean()) if len(turn) else 0.0)
    f.append(float(np.abs(turn).mean()) if len(turn) else 0.0)
    nz = turn[np.abs(turn) > 1e-9]
    f.append(float((nz > 0).mean()) if len(nz) else 0.5)
    # axes
    f.append(_corr(dx, dy))
    f.append(_corr(dx[moving], dy[moving]))
    f.append(float(np.abs(dx).sum() / max(np.abs(dy).sum(), 1e-9)))
    f += [float(dx.mean()), float(dy.mean()), float(dx.std()), float(dy.std())]
    net = np.hypot(dx.sum(), dy.sum())
    f += [float(dx.sum() / net) if net else 0.0, float(dy.sum() / net) if net else 0.0]
    return np.asarray(f, dtype=np.float64)


def features(raw_windows: np.ndarray) -> np.ndarray:
    """(N, W, 2) raw px -> (N, F)."""
    if len(raw_windows) == 0:
        return np.zeros((0, len(feature_names())))
    return np.stack([window_features(r) for r in raw_windows])
