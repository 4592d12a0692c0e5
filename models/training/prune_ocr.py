#!/usr/bin/python3
"""Drops the sequence blocks of an exported CTC OCR that compute nothing, keeping its function exactly.

    /usr/bin/python3 models/training/prune_ocr.py --ocr FILE.onnx --out DIR --tail 1.6 --seq 3 [--up N]

A block grown as the identity (training.init_from_onnx: its last batch norm's scale and shift zero) whose
batch norm is followed by a ReLU never trains: the ReLU's gradient at 0 is 0, so nothing before it gets one
(phase 7 grew its third sequence block so, and it is still all zeros in phase 8: 8.8% of the OCR's
multiply-adds, 13.8% of its weights). Such a block is x + ReLU(0) = x. The trailing sequence blocks whose last
convolution has no non-zero weight or bias are left out: the file is read into a network with fewer blocks
(the rest loaded as they are) and exported, and the two files are compared on random and constant crops.
Writes DIR/ocr.onnx.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import export_ocr, _cv2_run  # noqa: E402
from nets import OCR_H, OCR_W, PlateOCRCTC  # noqa: E402
from training import init_from_onnx  # noqa: E402


def dead_trailing_blocks(path, seq):
    """How many of the last sequence blocks have a last convolution (pw) that is all zeros, weight and bias."""
    m = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    dead = set()
    for node in m.graph.node:
        if node.op_type == "Conv" and "/seq/seq." in node.name and "/pw/" in node.name:
            k = int(node.name.split("/seq/seq.")[1].split("/")[0])
            tensors = [inits[n] for n in node.input[1:] if n in inits]
            if tensors and all(not np.any(t) for t in tensors):
                dead.add(k)
    n = 0
    while seq - 1 - n in dead:
        n += 1
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ocr", required=True, help="the exported CTC OCR (.onnx)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--tail", type=float, default=1.0, help="the file's network: train_ocr.py --tail")
    ap.add_argument("--seq", type=int, default=2, help="the file's network: train_ocr.py --seq")
    ap.add_argument("--up", type=int, default=1, help="the file's network: train_ocr.py --up")
    ap.add_argument("--stem", default="conv", help="the file's network: train_ocr.py --stem")
    a = ap.parse_args()
    n = dead_trailing_blocks(a.ocr, a.seq)
    if n == 0:
        raise SystemExit("prune_ocr: no trailing sequence block of %s is all zeros; nothing to drop" % a.ocr)
    os.makedirs(a.out, exist_ok=True)
    out = os.path.join(a.out, "ocr.onnx")
    net = PlateOCRCTC(half=True, stem=a.stem, tail=a.tail, seq=a.seq - n, up=a.up)
    torch.manual_seed(0)
    loaded = init_from_onnx(net, a.ocr, torch.rand(64, 1, OCR_H, OCR_W), log=lambda *m: print("prune_ocr:", *m))
    info = export_ocr(net, out, quiet=True)
    rng = np.random.default_rng(0)
    crops = [rng.random((1, 1, OCR_H, OCR_W), dtype=np.float32) for _ in range(8)]
    crops += [np.full((1, 1, OCR_H, OCR_W), v, np.float32) for v in (0.0, 0.5, 1.0)]
    diff = max(
        float(np.abs(list(_cv2_run(a.ocr, x).values())[0] - list(_cv2_run(out, x).values())[0]).max()) for x in crops
    )
    if diff > 1e-5:
        raise SystemExit("prune_ocr: %s reads differently from %s (max abs probability %.3g)" % (out, a.ocr, diff))
    print(
        "prune_ocr: %s: %d of %d sequence blocks dropped, %d convolutions loaded, %d parameters, %d bytes; on %d "
        "crops it reads as %s to %.2g" % (out, n, a.seq, loaded, info["params"], info["bytes"], len(crops), a.ocr, diff)
    )


if __name__ == "__main__":
    main()
