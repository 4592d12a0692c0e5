#!/usr/bin/python3
"""Export trained checkpoints to the ONNX contract of ../README.md and verify them.

    /usr/bin/python3 models/training/export.py --ocr runs/ocr/best.pt \
        --detector runs/det/best.pt --out models/

Writes ocr.onnx (input `crop` [N,1,64,192] -> `probs` [N,10,37], dynamic N) and/or
detector.onnx (input `image` [N,3,H,W] -> `heatmap` [N,1,H/4,W/4], `boxes` [N,4,H/4,W/4],
dynamic N,H,W), stamps the contract into each file's metadata (contract.py), runs
onnx.checker, checks names/shapes, and compares the ONNX graph against
PyTorch on a few inputs. onnxruntime is not packaged in Debian, so the ONNX side is run with
OpenCV's DNN module (cv2.dnn.readNetFromONNX), an independent ONNX implementation; if that
fails to load the graph the comparison is skipped and said so.
"""
import argparse
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402
from nets import (  # noqa: E402
    ALPHABET,
    SLOTS,
    OCR_H,
    OCR_W,
    REF_H,
    REF_W,
    PlateOCR,
    PlateOCRCTC,
    PlateDetector,
    PlateRefiner,
    OCRExport,
    DetectorExport,
    count_params,
)
from training import load_ckpt  # noqa: E402


def load_net(ckpt_path, kind):
    ck = load_ckpt(ckpt_path)
    net_args = ck.get("net_args", {})
    if kind == "ocr":
        arch = ck.get("args", {}).get("arch", "slots")
        net = (PlateOCRCTC if arch == "ctc" else PlateOCR)(**net_args)
    elif kind == "refiner":
        net = PlateRefiner(**net_args)
    else:
        net = PlateDetector(**net_args)
    net.load_state_dict(ck["model"])
    net.eval()
    return net, ck


def _set_output_dims(path, dims_by_name, metadata):
    """Write explicit output shapes (symbolic names for dynamic axes) into the graph;
    torch's exporter leaves generated names after Reshape/Softmax. Also replaces the
    Identity nodes the exporter emits for deduplicated constant tensors (folded BN biases)
    by plain initializers, which some runtimes (OpenCV DNN) do not accept, and stamps the
    contract `metadata` the engine checks at load."""
    m = onnx.load(path)
    contract.stamp(m, metadata)
    inits = {i.name: i for i in m.graph.initializer}
    keep = []
    for n in m.graph.node:
        if n.op_type == "Identity" and n.input[0] in inits:
            t = onnx.TensorProto()
            t.CopyFrom(inits[n.input[0]])
            t.name = n.output[0]
            m.graph.initializer.append(t)
        else:
            keep.append(n)
    del m.graph.node[:]
    m.graph.node.extend(keep)
    for o in m.graph.output:
        if o.name in dims_by_name:
            shp = o.type.tensor_type.shape
            del shp.dim[:]
            for d in dims_by_name[o.name]:
                nd = shp.dim.add()
                if isinstance(d, str):
                    nd.dim_param = d
                else:
                    nd.dim_value = d
    onnx.save(m, path)


def _check_io(path, in_name, out_specs):
    m = onnx.load(path)
    onnx.checker.check_model(m)

    def dims(vi):
        return [d.dim_param if d.dim_param else d.dim_value for d in vi.type.tensor_type.shape.dim]

    ins = {i.name: dims(i) for i in m.graph.input}
    outs = {o.name: dims(o) for o in m.graph.output}
    assert list(ins) == [in_name], ins
    assert list(outs) == [n for n, _ in out_specs], outs
    for n, d in out_specs:
        assert len(outs[n]) == len(d), (n, outs[n], d)
    assert contract.read(m)["lanekeeper.contract"] == contract.CONTRACT_VERSION, contract.read(m)
    return ins, outs, m.opset_import[0].version


def _cv2_run(path, x):
    import cv2

    net = cv2.dnn.readNetFromONNX(path)
    net.setInput(x)
    names = net.getUnconnectedOutLayersNames()
    outs = net.forward(names)
    return dict(zip(names, outs))


def _export(module, x, path, inputs, outputs, opset):
    """torch.onnx.export of module traced on x, its inputs and outputs named and their dynamic axes given by
    the dicts {name: {axis: label}}, constants folded."""
    torch.onnx.export(
        module,
        x,
        path,
        input_names=list(inputs),
        output_names=list(outputs),
        dynamic_axes={**inputs, **outputs},
        opset_version=opset,
        do_constant_folding=True,
    )


def _info(path, net, ver, ins, outs):
    """What an export reports of the file it wrote."""
    return {
        "path": path,
        "bytes": os.path.getsize(path),
        "opset": ver,
        "params": count_params(net),
        "inputs": ins,
        "outputs": outs,
    }


def export_ocr(net, path, opset=13, verify=True, quiet=False):
    net = net.eval()
    wrap = OCRExport(net).eval()
    x = torch.rand(2, 1, OCR_H, OCR_W)
    _export(wrap, x, path, {"crop": {0: "N"}}, {"probs": {0: "N"}}, opset)
    steps = net.columns if isinstance(net, PlateOCRCTC) else SLOTS
    _set_output_dims(path, {"probs": ["N", steps, len(ALPHABET)]}, contract.ocr_metadata())
    ins, outs, ver = _check_io(path, "crop", [("probs", [0, steps, len(ALPHABET)])])
    assert ins["crop"][1:] == [1, OCR_H, OCR_W] and outs["probs"][1:] == [steps, len(ALPHABET)], (ins, outs)
    info = _info(path, net, ver, ins, outs)
    if verify:
        diffs = []
        try:
            # batch 1 only: OpenCV's DNN flattens a batch of the CTC graph into one [1, N*T, 37]
            # output (ONNX Runtime, which the engine uses, runs batches right)
            for _ in range(3):
                xi = torch.rand(1, 1, OCR_H, OCR_W)
                with torch.no_grad():
                    ref = wrap(xi).numpy()
                got = _cv2_run(path, xi.numpy())
                o = list(got.values())[0].reshape(ref.shape)
                diffs.append(float(np.abs(o - ref).max()))
            info["max_abs_diff_cv2dnn_vs_torch"] = max(diffs)
        except Exception as e:  # cv2.dnn may not know an op; torch-only then
            info["verify"] = "cv2.dnn could not run the graph (%s); checked with onnx.checker only" % e
    if not quiet:
        print("ocr:", info)
    return info


def export_detector(net, path, opset=13, verify=True, quiet=False, size=(contract.DET_VAL_W, contract.DET_VAL_H)):
    net = net.eval()
    wrap = DetectorExport(net).eval()
    W, H = size
    x = torch.rand(1, 3, H, W)
    hw = {0: "N", 2: "h", 3: "w"}
    _export(wrap, x, path, {"image": {0: "N", 2: "H", 3: "W"}}, {"heatmap": hw, "boxes": dict(hw)}, opset)
    _set_output_dims(
        path,
        {"heatmap": ["N", 1, "h", "w"], "boxes": ["N", 4, "h", "w"]},
        contract.detector_metadata(getattr(net, "stride", 4)),
    )
    ins, outs, ver = _check_io(path, "image", [("heatmap", [0, 1, 0, 0]), ("boxes", [0, 4, 0, 0])])
    assert ins["image"][1] == 3 and outs["heatmap"][1] == 1 and outs["boxes"][1] == 4, (ins, outs)
    info = _info(path, net, ver, ins, outs)
    if verify:
        diffs = {}
        try:
            for w, h in ((640, 384), (320, 256)):
                xi = torch.rand(1, 3, h, w)
                with torch.no_grad():
                    rh, rb = [t.numpy() for t in wrap(xi)]
                got = _cv2_run(path, xi.numpy())
                gh, gb = got["heatmap"], got["boxes"]
                st = getattr(net, "stride", 4)
                assert gh.shape == rh.shape == (1, 1, h // st, w // st), (gh.shape, rh.shape)
                assert gb.shape == rb.shape == (1, 4, h // st, w // st), (gb.shape, rb.shape)
                diffs["%dx%d" % (w, h)] = (
                    float(np.abs(gh - rh).max()),
                    float((np.abs(gb - rb) / np.maximum(1.0, np.abs(rb))).max()),
                )
            info["max_abs_diff_heatmap/max_rel_diff_boxes_cv2dnn_vs_torch"] = diffs
        except Exception as e:
            info["verify"] = "cv2.dnn could not run the graph (%s); checked with onnx.checker only" % e
    if not quiet:
        print("detector:", info)
    return info


def export_refiner(net, path, opset=13, verify=True, quiet=False):
    """refiner.onnx: `crop` [N,1,64,128] -> `edges` [N,4] (x0, y0, x1, y1 as fractions of the window)."""
    net = net.eval()
    x = torch.rand(2, 1, REF_H, REF_W)
    _export(net, x, path, {"crop": {0: "N"}}, {"edges": {0: "N"}}, opset)
    _set_output_dims(path, {"edges": ["N", 4]}, contract.refiner_metadata())
    ins, outs, ver = _check_io(path, "crop", [("edges", [0, 4])])
    assert ins["crop"][1:] == [1, REF_H, REF_W], ins
    info = _info(path, net, ver, ins, outs)
    if verify:
        try:
            diffs = []
            for _ in range(3):
                xi = torch.rand(1, 1, REF_H, REF_W)
                with torch.no_grad():
                    ref = net(xi).numpy()
                got = list(_cv2_run(path, xi.numpy()).values())[0].reshape(ref.shape)
                diffs.append(float(np.abs(got - ref).max()))
            info["max_abs_diff_cv2dnn_vs_torch"] = max(diffs)
        except Exception as e:
            info["verify"] = "cv2.dnn could not run the graph (%s); checked with onnx.checker only" % e
    if not quiet:
        print("refiner:", info)
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ocr", help="OCR checkpoint (.pt from train_ocr.py)")
    ap.add_argument("--detector", help="detector checkpoint (.pt from train_detector.py)")
    ap.add_argument("--refiner", help="box refiner checkpoint (.pt from train_refiner.py)")
    ap.add_argument("--out", required=True, help="output directory for ocr.onnx / detector.onnx")
    ap.add_argument("--opset", type=int, default=13, help="ONNX opset (13..17)")
    ap.add_argument("--no-verify", action="store_true", help="skip the cv2.dnn vs torch comparison")
    a = ap.parse_args()
    if not a.ocr and not a.detector and not a.refiner:
        ap.error("give --ocr, --detector and/or --refiner")
    os.makedirs(a.out, exist_ok=True)
    if a.ocr:
        net, _ = load_net(a.ocr, "ocr")
        export_ocr(net, os.path.join(a.out, "ocr.onnx"), a.opset, not a.no_verify)
    if a.detector:
        net, _ = load_net(a.detector, "det")
        export_detector(net, os.path.join(a.out, "detector.onnx"), a.opset, not a.no_verify)
    if a.refiner:
        net, _ = load_net(a.refiner, "refiner")
        export_refiner(net, os.path.join(a.out, "refiner.onnx"), a.opset, not a.no_verify)


if __name__ == "__main__":
    main()
