#!/usr/bin/python3
"""Stamp the contract (contract.py) into exported models that lack it, without retraining.

    /usr/bin/python3 models/training/stamp_contract.py models/

Sets the `lanekeeper.*` metadata of detector.onnx, ocr.onnx and refiner.onnx in DIR (those that
exist) to the values of contract.py, the detector's stride read off its own graph, and saves each
file. Only the metadata changes: the script refuses to save a file whose graph would differ.
Needs python3-onnx only (no torch). Models exported by export.py carry the stamp already.
"""
import os
import sys

import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402


def metadata_for(name, model):
    if name == "ocr.onnx":
        return contract.ocr_metadata()
    if name == "refiner.onnx":
        return contract.refiner_metadata()
    return contract.detector_metadata(contract.detector_stride(model))


def stamp_file(path):
    model = onnx.load(path)
    graph = model.graph.SerializeToString()
    before = contract.read(model)
    contract.stamp(model, metadata_for(os.path.basename(path), model))
    onnx.checker.check_model(model)
    if model.graph.SerializeToString() != graph:
        raise SystemExit("%s: stamping would change the graph; not saved" % path)
    onnx.save(model, path)
    after = contract.read(onnx.load(path))
    print("%s: %s" % (path, "unchanged" if after == before else "stamped"))
    for k, v in sorted(after.items()):
        print("  %s = %s" % (k, v))


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        raise SystemExit(__doc__)
    names = [n for n in ("detector.onnx", "refiner.onnx", "ocr.onnx") if os.path.isfile(os.path.join(sys.argv[1], n))]
    if not names:
        raise SystemExit("no detector.onnx, refiner.onnx or ocr.onnx in " + sys.argv[1])
    for n in names:
        stamp_file(os.path.join(sys.argv[1], n))


if __name__ == "__main__":
    main()
