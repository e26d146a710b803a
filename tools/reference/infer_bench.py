"""Per-window inference latency of the W=800 Conv3+GRU(128) model in onnxruntime, TFLite (float32 and int8 dynamic
range, via the standalone LiteRT interpreter, with its default XNNPACK delegate and, "-builtin", without) and numpy,
batch 1, on 1 and 2 threads, with each runtime's RSS.

Weights come from a float checkpoint (`--checkpoint`, the Swift trainer's JSON) or, by default, a seeded random
Keras model (latency does not depend on the weights). Each runtime runs in its own subprocess that imports only
that runtime, so RSS is the runtime's own: `rss_after_import` and peak `rss_peak` (VmHWM) in MiB. Every runtime's
outputs on the mouse test windows are compared with numpy_forward.py (float runtimes should agree to ~1e-6; the
int8 model shows its quantization error). MACs per window are printed so time per MAC can be read off.

    .venv/bin/python infer_bench.py [--checkpoint C.json] [--threads 1 2] [--seconds 3]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def rss_mib(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def macs(ck) -> int:
    t, total, cin = ck.window, 0, 2
    for c in ck.conv:
        total += t * c["kernel"] * cin * c["filters"]
        cin, t = c["filters"], t // 2
    g = 3 if ck.recurrent == "gru" else 4
    return total + t * (cin * g * ck.hidden + ck.hidden * g * ck.hidden) + ck.hidden


# ---------------------------------------------------------------- worker side (one runtime per process)

def worker(args) -> None:
    x = np.load(args.windows).astype(np.float32)
    base = rss_mib()
    if args.worker == "onnxruntime":
        import onnxruntime as ort
        base = rss_mib()
        so = ort.SessionOptions()
        so.intra_op_num_threads = args.threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        sess = ort.InferenceSession(args.model, so, providers=["CPUExecutionProvider"])
        run = lambda w: sess.run(["p_left"], {"input": w})[0]
        version = ort.__version__
    elif args.worker.startswith("tflite"):
        from ai_edge_litert.interpreter import Interpreter, OpResolverType
        base = rss_mib()
        # "-builtin": TFLite's own kernels without the default XNNPACK delegate.
        resolver = (OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES if args.worker.endswith("-builtin")
                    else OpResolverType.AUTO)
        it = Interpreter(model_path=args.model, num_threads=args.threads, experimental_op_resolver_type=resolver)
        it.allocate_tensors()
        i_in, i_out = it.get_input_details()[0]["index"], it.get_output_details()[0]["index"]

        def run(w):
            it.set_tensor(i_in, w)
            it.invoke()
            return it.get_tensor(i_out)
        import ai_edge_litert
        version = getattr(ai_edge_litert, "__version__", "ai-edge-litert")
    elif args.worker == "numpy":
        sys.path.insert(0, HERE)
        import checkpoint as ckpt
        import numpy_forward as nf
        ck = ckpt.load(args.model)
        run = lambda w: nf.forward(ck, w)
        version = np.__version__
    else:
        raise SystemExit(f"unknown runtime {args.worker}")
    outs = np.array([float(np.asarray(run(x[i:i + 1])).reshape(-1)[0]) for i in range(len(x))])
    for i in range(10):
        run(x[i % len(x):i % len(x) + 1])
    times, t_end, i = [], time.perf_counter() + args.seconds, 0
    while time.perf_counter() < t_end or len(times) < 50:
        w = x[i % len(x):i % len(x) + 1]
        t0 = time.perf_counter()
        run(w)
        times.append(time.perf_counter() - t0)
        i += 1
    ms = np.asarray(times) * 1e3
    print(json.dumps({"runtime": args.worker, "threads": args.threads, "version": version, "calls": len(ms),
                      "median_ms": float(np.median(ms)), "p10_ms": float(np.percentile(ms, 10)),
                      "p90_ms": float(np.percentile(ms, 90)), "mean_ms": float(ms.mean()),
                      "rss_after_import_mib": round(base, 1), "rss_peak_mib": round(rss_mib("VmHWM"), 1),
                      "outputs": outs.tolist()}))


# ---------------------------------------------------------------- driver side

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint")
    ap.add_argument("--data-dir")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seconds", type=float, default=3.0, help="timed seconds per runtime and thread count")
    ap.add_argument("--runtimes", nargs="+",
                    default=["onnxruntime", "tflite-int8-dynamic", "tflite-float32", "tflite-int8-dynamic-builtin",
                             "tflite-float32-builtin", "numpy"])
    ap.add_argument("--keep", help="directory to keep the exported .onnx/.tflite files in")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--windows", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        args.threads = args.threads[0]
        return worker(args)

    import checkpoint as ckpt
    import deepmouse_data as dd
    import export_models
    import keras_model
    import numpy_forward as nf
    from metrics import emit
    keras_model.configure_threads(2)
    out_dir = args.keep or tempfile.mkdtemp(prefix="deepmouse-infer-")
    os.makedirs(out_dir, exist_ok=True)
    path = args.checkpoint
    if not path:
        import keras
        keras.utils.set_random_seed(args.seed)
        path = os.path.join(out_dir, "random.dmcheckpoint.json")
        ckpt.write_from_keras(keras_model.build(800, compile_model=False), path, "random Keras init (timing only)")
    ck = ckpt.load(path)
    off, sc = ck.normalisation()
    w = dd.make_windows(dd.split_segments("mouse", args.data_dir or dd.default_data_dir())["test"], ck.window,
                        offset=off, scale=sc)
    np.save(os.path.join(out_dir, "windows.npy"), w.x)
    ref = nf.forward(ck, w.x)
    import onnx
    files = {"onnxruntime": os.path.join(out_dir, "model.onnx"), "numpy": path}
    onnx.save(export_models.onnx_model(ck), files["onnxruntime"])
    if any(r.startswith("tflite") for r in args.runtimes):
        for name, blob in export_models.tflite_models(ck).items():
            files[name] = os.path.join(out_dir, name + ".tflite")
            with open(files[name], "wb") as f:
                f.write(blob)
    n_macs = macs(ck)
    print(f"# model {path}: W={ck.window} {len(ck.conv)} conv + {ck.recurrent.upper()}({ck.hidden}): "
          f"{n_macs / 1e6:.2f} M MACs per window; files in {out_dir} "
          f"({', '.join(f'{k} {os.path.getsize(v) / 1024:.0f} KiB' for k, v in files.items())})")
    print(f"# {len(w)} mouse test windows cycled, batch 1; load average {os.getloadavg()[0]:.2f} before the run")
    for runtime in args.runtimes:
        for threads in args.threads:
            env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
            cmd = [sys.executable, os.path.abspath(__file__), "--worker", runtime, "--model",
                   files[runtime.removesuffix("-builtin")],
                   "--windows", os.path.join(out_dir, "windows.npy"), "--threads", str(threads),
                   "--seconds", str(args.seconds)]
            p = subprocess.run(cmd, capture_output=True, text=True, env=env)
            if p.returncode != 0:
                print(f"{runtime} threads={threads}: FAILED\n{p.stderr[-2000:]}")
                continue
            r = json.loads(p.stdout.strip().splitlines()[-1])
            outs = np.asarray(r.pop("outputs"))
            d = np.abs(outs - ref)
            r |= {"tool": "infer_bench", "model_macs": n_macs, "windows": len(w), "max_abs_diff_vs_numpy":
                  float(d.max()), "decision_agreement_vs_numpy": float(np.mean((outs >= 0.5) == (ref >= 0.5))),
                  "gmac_per_s": n_macs / (r["median_ms"] * 1e-3) / 1e9, "checkpoint": path}
            print(f"{runtime:28s} threads={threads}: {r['median_ms']:.3f} ms/window median (p10 {r['p10_ms']:.3f}, "
                  f"p90 {r['p90_ms']:.3f}; {r['calls']} calls) = {r['gmac_per_s']:.2f} GMAC/s; RSS after import "
                  f"{r['rss_after_import_mib']:.0f} MiB, peak {r['rss_peak_mib']:.0f} MiB; vs numpy max |diff| "
                  f"{r['max_abs_diff_vs_numpy']:.2g}, decisions agree {r['decision_agreement_vs_numpy']:.3f}",
                  flush=True)
            emit(r)


if __name__ == "__main__":
    main()
