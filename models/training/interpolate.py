#!/usr/bin/python3
"""Weight-space interpolation of a fine-tuned OCR with the file it was fine-tuned from (WiSE-FT: Wortsman et al.,
"Robust fine-tuning of zero-shot models", CVPR 2022).

    /usr/bin/python3 models/training/interpolate.py --base models/ocr.onnx --tuned RUN/last.pt --alpha 0.5 --out DIR

A fine-tune from a shipped file gains on what its new data shows and may lose what the file read well; the weights
halfway between the two often read better than either where the two fine-tunes share a basin. Both networks are
compared as the engine runs them, batch norms folded into the convolutions (a network of convolutions with biases,
where a weighted mean of two is again such a network): the tuned checkpoint is exported, the base file is read into
a network of the tuned one's shape (training.init_from_onnx: grown as the fine-tune was, computing what the file
computes) and exported, and each float initializer of the output is (1 - alpha) base + alpha tuned. Writes
DIR/ocr.onnx (the contract's metadata as the export stamps it), and DIR/base.onnx and DIR/tuned.onnx beside it.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import export_ocr, load_net, _cv2_run  # noqa: E402
from nets import OCR_H, OCR_W, PlateOCRCTC  # noqa: E402
from training import init_from_onnx  # noqa: E402


def interpolate(base_path, tuned_path, alpha, out_path):
    """Writes out_path: each float initializer (1 - alpha) base + alpha tuned; the graphs must be the same."""
    base, tuned = onnx.load(base_path), onnx.load(tuned_path)
    b = {i.name: numpy_helper.to_array(i) for i in base.graph.initializer}
    if [n.op_type for n in base.graph.node] != [n.op_type for n in tuned.graph.node]:
        raise SystemExit("interpolate: %s and %s are not the same graph" % (base_path, tuned_path))
    mixed = 0
    for init in tuned.graph.initializer:
        t = numpy_helper.to_array(init)
        if init.name not in b or b[init.name].shape != t.shape:
            raise SystemExit("interpolate: initializer %s differs in name or shape between the files" % init.name)
        if np.issubdtype(t.dtype, np.floating):
            m = ((1.0 - alpha) * b[init.name].astype(np.float64) + alpha * t.astype(np.float64)).astype(t.dtype)
            init.CopyFrom(numpy_helper.from_array(m, init.name))
            mixed += 1
        elif not np.array_equal(t, b[init.name]):
            raise SystemExit("interpolate: non-float initializer %s differs between the files" % init.name)
    onnx.checker.check_model(tuned)
    onnx.save(tuned, out_path)
    return mixed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the exported OCR the fine-tune started from (.onnx)")
    ap.add_argument("--tuned", required=True, help="the fine-tune's checkpoint (.pt from train_ocr.py)")
    ap.add_argument("--alpha", type=float, default=0.5, help="the tuned network's weight, 0 to 1 (default 0.5)")
    ap.add_argument("--out", required=True, help="output directory")
    a = ap.parse_args()
    if not 0.0 <= a.alpha <= 1.0:
        ap.error("--alpha must be from 0 to 1")
    os.makedirs(a.out, exist_ok=True)
    tuned, ck = load_net(a.tuned, "ocr")
    if not isinstance(tuned, PlateOCRCTC):
        ap.error("--tuned: a CTC OCR checkpoint (--arch ctc)")
    tuned_onnx, base_onnx, out = (os.path.join(a.out, f) for f in ("tuned.onnx", "base.onnx", "ocr.onnx"))
    export_ocr(tuned, tuned_onnx, quiet=True)
    torch.manual_seed(0)
    base = PlateOCRCTC(**ck.get("net_args", {}))
    # any calibration batch keeps the file's function exactly (the batch norms are set to match it)
    init_from_onnx(base, a.base, torch.rand(64, 1, OCR_H, OCR_W), log=lambda *m: print("base:", *m))
    export_ocr(base, base_onnx, quiet=True)
    n = interpolate(base_onnx, tuned_onnx, a.alpha, out)
    x = np.random.default_rng(0).random((1, 1, OCR_H, OCR_W), dtype=np.float32)
    runs = {k: list(_cv2_run(p, x).values())[0] for k, p in (("base", base_onnx), ("tuned", tuned_onnx), ("out", out))}
    print(
        "interpolate: %s = %.2f x %s + %.2f x %s (%d tensors); on a random crop the output differs from the base by "
        "%.3g and from the tuned by %.3g (max abs probability)"
        % (
            out,
            1 - a.alpha,
            a.base,
            a.alpha,
            a.tuned,
            n,
            float(np.abs(runs["out"] - runs["base"]).max()),
            float(np.abs(runs["out"] - runs["tuned"]).max()),
        )
    )


if __name__ == "__main__":
    main()
