#!/usr/bin/python3
"""Write randomly initialised ocr.onnx and detector.onnx with the exact contract.

    /usr/bin/python3 models/training/make_dummy.py /work/data/dummy-models

For developing the Java side before trained models exist: same input/output names,
shapes, dynamic axes and value ranges as the real models, meaningless predictions.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nets import PlateOCR, PlateDetector  # noqa: E402
from export import export_ocr, export_detector  # noqa: E402


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "dummy-models"
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    export_ocr(PlateOCR(), os.path.join(out, "ocr.onnx"))
    export_detector(PlateDetector(), os.path.join(out, "detector.onnx"))


if __name__ == "__main__":
    main()
