"""Where the trainers read the real data sets and write their runs (checkpoints, logs, ONNX files)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_DATASETS = os.path.abspath(os.path.join(REPO, "..", "shared", "datasets"))
if not os.path.isdir(DEFAULT_DATASETS):
    DEFAULT_DATASETS = "/work/shared/datasets"
DEFAULT_RUNS = os.path.join(HERE, "runs")
