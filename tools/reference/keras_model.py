"""The original DeepMouse network in Keras, shared by the training, timing, conversion and inference scripts.

3 x [Conv1D(32, 3, padding="same", relu) + MaxPool1D(2)] -> GRU(128, reset_after=True) -> Dense(1, sigmoid);
Adam, binary cross-entropy. Layer names follow the checkpoint's tensor names (conv0..2, gru, dense).
readout="mean" feeds Dense the mean of all hidden states instead of the last one (the checkpoint's
`"readout": "mean"`): GRU(return_sequences=True) + GlobalAveragePooling1D (named "readout").
"""
from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def configure_threads(threads: int) -> None:
    import tensorflow as tf
    tf.get_logger().setLevel("ERROR")  # quiet retracing warnings of predict on new shapes
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)


def build(window: int = 800, conv_layers: int = 3, filters: int = 32, kernel: int = 3, hidden: int = 128,
          cell: str = "gru", lr: float = 1e-3, compile_model: bool = True, batch_size: int | None = None,
          unroll: bool = False, readout: str = "last"):
    import keras
    from keras import layers
    inp = keras.Input(shape=(window, 2), batch_size=batch_size, name="input")
    if readout not in ("last", "mean"):
        raise ValueError(f"unknown readout {readout!r} (last or mean)")
    sequences = readout == "mean"
    x = inp
    for i in range(conv_layers):
        x = layers.Conv1D(filters, kernel, padding="same", activation="relu", name=f"conv{i}")(x)
        x = layers.MaxPool1D(2, name=f"pool{i}")(x)
    if cell == "gru":
        x = layers.GRU(hidden, reset_after=True, unroll=unroll, return_sequences=sequences, name="gru")(x)
    elif cell == "lstm":
        x = layers.LSTM(hidden, unroll=unroll, return_sequences=sequences, name="lstm")(x)
    else:
        raise ValueError(f"unknown cell {cell!r}")
    if sequences:
        x = layers.GlobalAveragePooling1D(name="readout")(x)
    out = layers.Dense(1, activation="sigmoid", name="dense")(x)
    model = keras.Model(inp, out, name="deepmouse_original")
    if compile_model:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="binary_crossentropy",
                      metrics=["accuracy"])
    return model
