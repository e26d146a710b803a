"""DeepMouse's preprocessing and standard splits, in numpy, exactly as ARCHITECTURE.md states them.

Every reference script reads data through this module so that the Keras model, the feature baselines and the
Swift trainer are scored on the same windows:

- legacy `x,y` files -> deltas d[i] = p[i] - p[i-1] (N lines give N-1 samples), unit px, nominal 100 Hz;
- a split cuts each file's delta stream into time-contiguous segments; windows never cross a segment boundary;
- a window is W consecutive deltas starting at 0, stride, 2*stride, ... from the segment's start (training may
  overlap, evaluation always uses stride W);
- no-motion filter: drop the window when the population std (ddof 0) of dx <= 0.1 or of dy <= 0.1 (raw px);
- normalisation: (d - offset) / scale per axis, default offset 0, scale (3.398, 2.926).

Split fractions are applied to the delta stream of each file: a cut at fraction f of n deltas is at index
floor(n * f), computed exactly with rational arithmetic (no float rounding surprises).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

LEFT, RIGHT = 1, 0  # label convention: left is the positive class
SAMPLE_RATE_HZ = 100
STILL_STD_THRESHOLD = 0.1
NORM_OFFSET = (0.0, 0.0)
NORM_SCALE = (3.398, 2.926)
MOUSE_PAIRS = (1, 2, 3, 5, 6)
SPLITS = ("mouse", "touchpad", "mouse-tail")


def default_data_dir() -> str:
    """`<repo>/../shared/data/deepmouse`, where the repo is the one holding this file."""
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    return os.environ.get("DEEPMOUSE_DATA_DIR", os.path.join(repo, "..", "shared", "data", "deepmouse"))


_cache: dict[str, np.ndarray] = {}


def load_legacy_deltas(path: str) -> np.ndarray:
    """(N-1, 2) float64 deltas of a legacy `x,y` file; raises ValueError naming file and line on bad input."""
    if path in _cache:
        return _cache[path]
    rows = []
    with open(path, "r", encoding="ascii") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            parts = line.split(",")
            try:
                if len(parts) != 2:
                    raise ValueError
                rows.append((float(parts[0]), float(parts[1])))
            except ValueError:
                raise ValueError(f"{path}:{lineno}: expected 'x,y', got {line[:40]!r}") from None
    if len(rows) < 2:
        raise ValueError(f"{path}: fewer than 2 positions")
    pos = np.asarray(rows, dtype=np.float64)
    if not np.all(np.isfinite(pos)):
        raise ValueError(f"{path}: non-finite position")
    d = np.diff(pos, axis=0)
    _cache[path] = d
    return d


@dataclass
class Segment:
    """A time-contiguous piece [start, stop) of one file's delta stream, with its hand label."""
    file: str      # path relative to the data dir, e.g. "mouse/left-1.txt"
    label: int
    start: int
    stop: int
    deltas: np.ndarray = field(repr=False)  # (stop-start, 2) float64, raw px

    @property
    def name(self) -> str:
        return f"{self.file}[{self.start}:{self.stop}]"


def _cut(n: int, frac: str) -> int:
    return int(Fraction(frac) * n)  # floor(n * frac), exact


def _segment(data_dir: str, rel: str, label: int, lo: str, hi: str) -> Segment:
    d = load_legacy_deltas(os.path.join(data_dir, rel))
    a, b = _cut(len(d), lo), _cut(len(d), hi)
    return Segment(rel, label, a, b, d[a:b])


def _hand_files(pair: int) -> list[tuple[str, int]]:
    return [(f"mouse/left-{pair}.txt", LEFT), (f"mouse/right-{pair}.txt", RIGHT)]


def split_segments(split: str, data_dir: str | None = None, lopo_test_pair: int | None = None
                   ) -> dict[str, list[Segment]]:
    """Segments of the standard split: {"train": [...], "dev": [...], "test": [...]}.

    mouse: train/dev = mouse files 1,2,3,5 (dev = last 15% of each file), test = mouse 6 (whole files).
    touchpad: each file: [0, 0.68) train, [0.68, 0.80) dev, [0.80, 1.0) test.
    mouse-tail: the touchpad's cut applied to every mouse file (sessions 1,2,3,5,6): a same-session estimate,
    like the kept-aside recordings of the same sessions (Swift: --split tail --fractions 0.68,0.12,0.2 --device mouse).
    lopo: mouse with `lopo_test_pair` as test and the other pairs of 1,2,3,5,6 as train/dev (last 15%).
    """
    data_dir = data_dir or default_data_dir()
    out: dict[str, list[Segment]] = {"train": [], "dev": [], "test": []}
    if split in ("mouse", "lopo"):
        test_pair = 6 if split == "mouse" else lopo_test_pair
        if test_pair not in MOUSE_PAIRS:
            raise ValueError(f"test pair must be one of {MOUSE_PAIRS}, got {test_pair}")
        for pair in MOUSE_PAIRS:
            for rel, label in _hand_files(pair):
                if pair == test_pair:
                    out["test"].append(_segment(data_dir, rel, label, "0", "1"))
                else:
                    out["train"].append(_segment(data_dir, rel, label, "0", "0.85"))
                    out["dev"].append(_segment(data_dir, rel, label, "0.85", "1"))
    elif split in ("touchpad", "mouse-tail"):
        files = ((("touchpad/left.txt", LEFT), ("touchpad/right.txt", RIGHT)) if split == "touchpad"
                 else [f for pair in MOUSE_PAIRS for f in _hand_files(pair)])
        for rel, label in files:
            out["train"].append(_segment(data_dir, rel, label, "0", "0.68"))
            out["dev"].append(_segment(data_dir, rel, label, "0.68", "0.80"))
            out["test"].append(_segment(data_dir, rel, label, "0.80", "1"))
    else:
        raise ValueError(f"unknown split {split!r} (expected one of {SPLITS} or 'lopo')")
    return out


@dataclass
class Windows:
    """Windows cut from segments: x normalised (N, W, 2) float32, raw (N, W, 2) px, labels and origins."""
    x: np.ndarray
    raw: np.ndarray
    y: np.ndarray          # (N,) int 0/1
    segment: np.ndarray    # (N,) index into `segments`
    start: np.ndarray      # (N,) start of the window within its segment's delta stream
    segments: list[Segment]
    cut: int               # windows cut before the no-motion filter
    stride: int

    def __len__(self) -> int:
        return len(self.y)

    def summary(self) -> str:
        left = int(self.y.sum())
        return f"{len(self)} windows ({left} left, {len(self) - left} right; {self.cut - len(self)} still dropped)"


def still_mask(raw: np.ndarray, threshold: float = STILL_STD_THRESHOLD) -> np.ndarray:
    """True for windows the no-motion filter drops: std(dx) <= t or std(dy) <= t, population std."""
    s = raw.std(axis=1, ddof=0)  # (N, 2)
    return (s[:, 0] <= threshold) | (s[:, 1] <= threshold)


def normalise(raw: np.ndarray, offset=NORM_OFFSET, scale=NORM_SCALE) -> np.ndarray:
    return ((raw - np.asarray(offset)) / np.asarray(scale)).astype(np.float32)


def make_windows(segments: list[Segment], window: int, stride: int | None = None,
                 threshold: float = STILL_STD_THRESHOLD, offset=NORM_OFFSET, scale=NORM_SCALE) -> Windows:
    stride = stride or window
    raws, ys, segs, starts = [], [], [], []
    for i, s in enumerate(segments):
        n = len(s.deltas)
        for a in range(0, n - window + 1, stride):
            raws.append(s.deltas[a:a + window])
            ys.append(s.label)
            segs.append(i)
            starts.append(a)
    cut = len(raws)
    raw = np.stack(raws) if raws else np.zeros((0, window, 2))
    keep = ~still_mask(raw, threshold) if cut else np.zeros(0, bool)
    raw = raw[keep]
    return Windows(normalise(raw, offset, scale), raw, np.asarray(ys, np.int64)[keep],
                   np.asarray(segs, np.int64)[keep], np.asarray(starts, np.int64)[keep], segments, cut, stride)


def load_split(split: str, window: int, train_stride: int | None = None, data_dir: str | None = None,
               lopo_test_pair: int | None = None, test_stride: int | None = None) -> dict[str, Windows]:
    """Train windows at `train_stride` (default W), dev windows non-overlapping, test windows at `test_stride`
    (default W: non-overlapping; a smaller stride gives a finer, but not independent, supplementary measure)."""
    segs = split_segments(split, data_dir, lopo_test_pair)
    return {"train": make_windows(segs["train"], window, train_stride or window),
            "dev": make_windows(segs["dev"], window, window),
            "test": make_windows(segs["test"], window, test_stride or window)}
