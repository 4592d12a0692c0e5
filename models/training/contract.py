"""The contract between the exported models and the Java engine, and its stamp in each ONNX file.

The engine reads these keys from the file's `metadata_props` at load and refuses a model whose
values disagree with its own constants (`io.lanekeeper.anpr.ModelContract`), so the two sides are
kept in step by a check instead of by comments. The training code imports its constants from
here, so the values stamped are the values trained with; neither torch nor (until a file is
stamped) onnx is needed to import it.
"""

# Raise when a key changes meaning or a key every model of a role must carry is added; the engine
# refuses a version it was not written for.
CONTRACT_VERSION = "1"
PREFIX = "lanekeeper."

ALPHABET = "_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # index 0 = padding (slots) / blank (CTC)
BLANK_INDEX = 0
SLOTS = 10
OCR_H, OCR_W = 64, 192
# A two-row plate is read as two lines: the top and the bottom band of its crop (fractions of its
# height, overlapping in the middle), each resized to 192x64 like a one-row plate.
ROW_BANDS = ((0.0, 0.57), (0.43, 1.0))

REF_H, REF_W = 64, 128
# the window the refiner sees, around a detector box (centre kept): this many times its width and height
REF_WIN_X, REF_WIN_Y = 1.4, 1.8

# The letterbox (W x H) the detector is validated at, the engine's default `anpr.detectorInput`, and
# the grey the letterbox pads with (0..1).
DET_VAL_W, DET_VAL_H = 640, 384
DET_PAD = 0.5


def _shape(*dims):
    return "x".join(str(d) for d in dims)


def ocr_metadata():
    return {
        "lanekeeper.contract": CONTRACT_VERSION,
        "lanekeeper.model": "ocr",
        "lanekeeper.ocr.input": _shape(1, OCR_H, OCR_W),
        "lanekeeper.ocr.alphabet": ALPHABET,
        "lanekeeper.ocr.blank_index": str(BLANK_INDEX),
        "lanekeeper.ocr.row_bands": ",".join("%r:%r" % band for band in ROW_BANDS),
    }


def detector_metadata(stride):
    return {
        "lanekeeper.contract": CONTRACT_VERSION,
        "lanekeeper.model": "detector",
        "lanekeeper.detector.input": _shape(3, DET_VAL_H, DET_VAL_W),
        "lanekeeper.detector.stride": str(int(stride)),
        "lanekeeper.detector.pad": repr(DET_PAD),
    }


def refiner_metadata():
    return {
        "lanekeeper.contract": CONTRACT_VERSION,
        "lanekeeper.model": "refiner",
        "lanekeeper.refiner.input": _shape(1, REF_H, REF_W),
        "lanekeeper.refiner.window": "%rx%r" % (REF_WIN_X, REF_WIN_Y),
    }


def stamp(model, props):
    """Replaces the model's lanekeeper.* metadata by `props` (an onnx.ModelProto, changed in place)."""
    import onnx

    others = {p.key: p.value for p in model.metadata_props if not p.key.startswith(PREFIX)}
    onnx.helper.set_model_props(model, {**others, **props})


def read(model):
    return {p.key: p.value for p in model.metadata_props if p.key.startswith(PREFIX)}


def detector_stride(model, width=DET_VAL_W, height=DET_VAL_H):
    """The detector's output stride, from ONNX shape inference of its graph at one input size."""
    import onnx

    m = onnx.ModelProto()
    m.CopyFrom(model)
    dims = m.graph.input[0].type.tensor_type.shape.dim
    for d, v in zip(dims, (1, 3, height, width)):
        d.Clear()
        d.dim_value = v
    for o in m.graph.output:  # the exporter's symbolic output dims would stand in for the inferred ones
        o.type.tensor_type.ClearField("shape")
    inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True, data_prop=True)
    for o in inferred.graph.output:
        if o.name == "heatmap":
            h, w = [d.dim_value for d in o.type.tensor_type.shape.dim][2:]
            if h and w and width // w == height // h and width % w == 0:
                return width // w
    raise ValueError("cannot infer the detector's stride from its graph")
