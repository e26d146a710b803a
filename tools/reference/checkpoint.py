"""The Swift trainer's float checkpoint (`*.dmcheckpoint.json`) in Python: read it, write one from a Keras model
(for testing the references before a Swift checkpoint exists), and move weights between it and Keras.

Tensor names and layouts (ARCHITECTURE.md): conv{i}.weight (K, Cin, Cout), conv{i}.bias (Cout);
gru.w_x (Cin, 3H), gru.w_h (H, 3H), gru.b_x (3H), gru.b_h (3H), gates [z, r, n], reset after the recurrent matmul;
lstm.w_x (Cin, 4H), lstm.w_h (H, 4H), lstm.b (4H), gates [i, f, g, o]; dense.weight (H, 1), dense.bias (1).
Keras stores the same layouts (GRU bias is (2, 3H) = [b_x; b_h]), so conversion is a rename.
Readout: architecture "readout" is "last" (h_T; absent in version 1 files) or "mean" (the mean of h_1..h_T, version 2
files only; in Keras return_sequences=True + GlobalAveragePooling1D).
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass

import numpy as np

import deepmouse_data as dd


@dataclass
class Checkpoint:
    architecture: dict
    tensors: dict[str, np.ndarray]   # float32, shaped
    preprocessing: dict
    raw: dict                        # the whole JSON document
    path: str = ""

    @property
    def window(self) -> int:
        return int(self.architecture["window"])

    @property
    def conv(self) -> list[dict]:
        return list(self.architecture.get("conv", []))

    @property
    def recurrent(self) -> str:
        return str(self.architecture.get("recurrent", "gru"))

    @property
    def readout(self) -> str:
        return str(self.architecture.get("readout", "last"))

    @property
    def hidden(self) -> int:
        return int(self.architecture["hidden"])

    def normalisation(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(offset, scale) per axis from the preprocessing block; the global px constants if absent."""
        p = self.preprocessing or {}
        n = next((p[k] for k in ("normalisation", "normalization") if isinstance(p.get(k), dict)), p)
        off = n.get("offset") or n.get("offsets") or list(dd.NORM_OFFSET)
        sc = n.get("scale") or n.get("scales") or list(dd.NORM_SCALE)
        if isinstance(off, dict):
            off = [off.get("dx", 0.0), off.get("dy", 0.0)]
        if isinstance(sc, dict):
            sc = [sc["dx"], sc["dy"]]
        return (float(off[0]), float(off[1])), (float(sc[0]), float(sc[1]))


SUPPORTED_VERSIONS = (1, 2)


def load(path: str) -> Checkpoint:
    with open(path, "r", encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("format") != "deepmouse-checkpoint" or doc.get("version") not in SUPPORTED_VERSIONS:
        raise ValueError(f"{path}: not a version 1 or 2 deepmouse-checkpoint (format {doc.get('format')!r}, "
                         f"version {doc.get('version')!r})")
    for key in ("architecture", "tensors"):
        if key not in doc:
            raise ValueError(f"{path}: missing '{key}'")
    readout = doc["architecture"].get("readout", "last")
    if readout not in ("last", "mean"):
        raise ValueError(f"{path}: architecture.readout: unknown readout {readout!r} (last or mean)")
    if readout != "last" and doc["version"] < 2:
        raise ValueError(f"{path}: architecture.readout: {readout!r} needs checkpoint version 2")
    tensors = {}
    for name, t in doc["tensors"].items():
        shape = [int(s) for s in t["shape"]]
        data = np.asarray(t["data"], dtype=np.float32)
        if data.size != int(np.prod(shape)):
            raise ValueError(f"{path}: tensor {name}: {data.size} values for shape {shape}")
        tensors[name] = data.reshape(shape)
    return Checkpoint(doc["architecture"], tensors, doc.get("preprocessing", {}), doc, path)


def architecture_of(model) -> dict:
    convs = [l for l in model.layers if l.name.startswith("conv")]
    rec = next(l for l in model.layers if l.name in ("gru", "lstm"))
    mean = any(l.name == "readout" for l in model.layers)
    return {**({"readout": "mean"} if mean else {}), "window": int(model.input_shape[1]),
            "input_channels": int(model.input_shape[2]),
            "conv": [{"filters": int(c.filters), "kernel": int(c.kernel_size[0])} for c in convs],
            "recurrent": rec.name, "hidden": int(rec.units), "conv_padding": "same", "conv_activation": "relu",
            "pool_size": 2, "output": "dense1_sigmoid", **({"gru_variant": "reset_after", "gate_order": "zrn"}
                                                            if rec.name == "gru" else {"gate_order": "ifgo"})}


def tensors_from_keras(model) -> dict[str, np.ndarray]:
    out = {}
    for layer in model.layers:
        w = [np.asarray(v, dtype=np.float32) for v in layer.get_weights()]
        if layer.name.startswith("conv"):
            out[f"{layer.name}.weight"], out[f"{layer.name}.bias"] = w
        elif layer.name == "gru":
            out["gru.w_x"], out["gru.w_h"] = w[0], w[1]
            out["gru.b_x"], out["gru.b_h"] = w[2][0], w[2][1]
        elif layer.name == "lstm":
            out["lstm.w_x"], out["lstm.w_h"], out["lstm.b"] = w
        elif layer.name == "dense":
            out["dense.weight"], out["dense.bias"] = w
    return out


def keras_from_checkpoint(ck: Checkpoint, batch_size: int | None = None, unroll: bool = False):
    """A Keras model of the checkpoint's architecture holding exactly its weights."""
    import keras_model
    if ck.architecture.get("input_channels", 2) != 2:
        raise ValueError("only 2 input channels are supported")
    kernels = {c["kernel"] for c in ck.conv}
    filters = {c["filters"] for c in ck.conv}
    if len(kernels) > 1 or len(filters) > 1:
        raise ValueError("keras_model.build uses one filters/kernel for all conv blocks")
    model = keras_model.build(ck.window, conv_layers=len(ck.conv), filters=filters.pop() if filters else 32,
                              kernel=kernels.pop() if kernels else 3, hidden=ck.hidden, cell=ck.recurrent,
                              compile_model=False, batch_size=batch_size, unroll=unroll, readout=ck.readout)
    t = ck.tensors
    for layer in model.layers:
        if layer.name.startswith("conv"):
            layer.set_weights([t[f"{layer.name}.weight"], t[f"{layer.name}.bias"]])
        elif layer.name == "gru":
            layer.set_weights([t["gru.w_x"], t["gru.w_h"], np.stack([t["gru.b_x"], t["gru.b_h"]])])
        elif layer.name == "lstm":
            layer.set_weights([t["lstm.w_x"], t["lstm.w_h"], t["lstm.b"]])
        elif layer.name == "dense":
            layer.set_weights([t["dense.weight"], t["dense.bias"]])
    return model


def write_from_keras(model, path: str, note: str = "written by tools/reference from a Keras model",
                     training: dict | None = None, split: str = "") -> None:
    """A checkpoint in the Swift trainer's format (readable by `Checkpoint.read`), written atomically: lets the
    Swift side evaluate Keras weights, and the references run without a Swift checkpoint."""
    import datetime
    tensors = tensors_from_keras(model)
    tr = {"seed": 0, "epochs": 0, "batch_size": 32, "adam_steps": 0,
          "optimizer": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07},
          "dev_metrics": {}, "settings": {"source": "keras", "note": note}}
    tr.update(training or {})
    architecture = architecture_of(model)
    doc = {"format": "deepmouse-checkpoint", "version": 2 if architecture.get("readout", "last") != "last" else 1,
           "architecture": architecture,
           "preprocessing": {"unit": "px", "sample_rate_hz": dd.SAMPLE_RATE_HZ, "window": int(model.input_shape[1]),
                             "still_threshold": dd.STILL_STD_THRESHOLD, "offset": list(dd.NORM_OFFSET),
                             "scale": list(dd.NORM_SCALE), "normalization": "global"},
           "training": tr,
           "provenance": {"files": [], "split": split, "software": "tools/reference (keras)",
                          "created_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")},
           "tensors": {k: {"shape": list(v.shape), "data": [float(x) for x in v.reshape(-1)]}
                       for k, v in tensors.items()}}
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(doc, f)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
