"""Builds the checkpoint's network as an ONNX graph (by hand, with onnx.helper) and as TFLite models.

ONNX: input (1, W, 2) -> Transpose (1, 2, W) -> [Conv(pads (K-1)/2, K-1-(K-1)/2) + Relu + MaxPool(2)] x L ->
Transpose (T, 1, C) -> GRU (linear_before_reset=1, gates zrh = our [z, r, n]; W = w_x^T, R = w_h^T,
B = [b_x, b_h]) or LSTM (ONNX gate order iofc, reordered from our ifgo) -> last h (or ReduceMean over the
sequence output Y for the mean readout) -> MatMul + Add -> Sigmoid.
TFLite: the Keras model with the same weights, converted float32 and with dynamic-range int8 weights
(Optimize.DEFAULT, no representative data) -- what "TFLite int8 (dynamic range)" means in issue 3.
"""
from __future__ import annotations

import numpy as np

import checkpoint as ckpt


def onnx_model(ck: ckpt.Checkpoint, batch: int = 1):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    nodes, inits = [], []

    def const(name, arr, dtype=np.float32):
        inits.append(numpy_helper.from_array(np.asarray(arr, dtype=dtype), name))
        return name

    w, t = ck.window, ck.tensors
    nodes.append(helper.make_node("Transpose", ["input"], ["x_ncw"], perm=[0, 2, 1]))
    cur = "x_ncw"
    for i, c in enumerate(ck.conv):
        k = c["kernel"]
        pl = (k - 1) // 2
        wt = np.transpose(t[f"conv{i}.weight"], (2, 1, 0))  # (Cout, Cin, K)
        nodes.append(helper.make_node("Conv", [cur, const(f"conv{i}.W", wt), const(f"conv{i}.B", t[f"conv{i}.bias"])],
                                      [f"conv{i}"], kernel_shape=[k], pads=[pl, k - 1 - pl], strides=[1]))
        nodes.append(helper.make_node("Relu", [f"conv{i}"], [f"relu{i}"]))
        nodes.append(helper.make_node("MaxPool", [f"relu{i}"], [f"pool{i}"], kernel_shape=[2], strides=[2]))
        cur = f"pool{i}"
    nodes.append(helper.make_node("Transpose", [cur], ["seq"], perm=[2, 0, 1]))  # (T, B, C)
    h = ck.hidden
    sequence = "Y" if ck.readout == "mean" else ""  # every step's h, only needed by the mean readout
    if ck.recurrent == "gru":
        wx, wh = t["gru.w_x"].T[None], t["gru.w_h"].T[None]  # (1, 3H, Cin), (1, 3H, H)
        b = np.concatenate([t["gru.b_x"], t["gru.b_h"]])[None]
        nodes.append(helper.make_node("GRU", ["seq", const("gru.W", wx), const("gru.R", wh), const("gru.B", b)],
                                      [sequence, "h_last"], hidden_size=h, linear_before_reset=1))
    else:
        order = lambda m: np.concatenate([m[..., 0:h], m[..., 3 * h:4 * h], m[..., h:2 * h], m[..., 2 * h:3 * h]],
                                         axis=-1)  # ifgo -> iofc
        wx, wh = order(t["lstm.w_x"]).T[None], order(t["lstm.w_h"]).T[None]
        b = np.concatenate([order(t["lstm.b"]), np.zeros(4 * h, np.float32)])[None]
        nodes.append(helper.make_node("LSTM", ["seq", const("lstm.W", wx), const("lstm.R", wh), const("lstm.B", b)],
                                      [sequence, "h_last"], hidden_size=h))
    if ck.readout == "mean":  # Y (T, 1, B, H) -> mean over T (opset 17: axes is an attribute)
        nodes.append(helper.make_node("ReduceMean", ["Y"], ["h2"], axes=[0, 1], keepdims=0))
    else:
        nodes.append(helper.make_node("Reshape", ["h_last", const("hshape", [-1, h], np.int64)], ["h2"]))
    nodes.append(helper.make_node("MatMul", ["h2", const("dense.W", t["dense.weight"])], ["logit0"]))
    nodes.append(helper.make_node("Add", ["logit0", const("dense.B", t["dense.bias"])], ["logit"]))
    nodes.append(helper.make_node("Sigmoid", ["logit"], ["p_left"]))
    graph = helper.make_graph(nodes, "deepmouse", [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                                                                 [batch, w, 2])],
                              [helper.make_tensor_value_info("p_left", TensorProto.FLOAT, [batch, 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="deepmouse-ref")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def tflite_models(ck: ckpt.Checkpoint) -> dict[str, bytes]:
    """{"tflite-float32": bytes, "tflite-int8-dynamic": bytes} for batch 1."""
    import tempfile

    import tensorflow as tf
    # Unrolled: TFLite has no GRU op and cannot lower Keras 3's dynamic TensorList loop; the unrolled graph shares
    # one set of (quantized) weights across the steps, as a TFLite Micro/XNNPACK deployment would run it.
    model = ckpt.keras_from_checkpoint(ck, batch_size=1, unroll=True)
    saved = tempfile.mkdtemp(prefix="deepmouse-savedmodel-")
    model.export(saved, verbose=False)  # Keras 3's path to a TF SavedModel with frozen-able variables
    out = {}
    for name, opt in (("tflite-float32", None), ("tflite-int8-dynamic", tf.lite.Optimize.DEFAULT)):
        conv = tf.lite.TFLiteConverter.from_saved_model(saved)
        if opt is not None:
            conv.optimizations = [opt]
        out[name] = conv.convert()
    return out
