"""The evaluation suite's held-out splits of the labelled crop sets, by plate text.

A plate text is held out when md5("lanekeeper-ocr-split-v1" + text) falls in the first 20% of the hash range: the
rule `models/training/ocr_data.py` (is_val_plate) has split the OCR's real training data by since the first model,
so the held-out texts of ocr-us and ocr-br were never trained on. ocr-eu2 takes the same rule; its `_close` crops
share their plate text with the wider crop and so land on the same side. Usage (writes models/eval/splits/):

    /usr/bin/python3 models/eval/make_splits.py [DATASETS]

The lists are committed: training must never read a crop whose text is listed (train_ocr.py checks), and the
suite (`scripts/anpr suite`) measures exactly the listed texts.
"""

import csv
import hashlib
import os
import sys

SALT = "lanekeeper-ocr-split-v1"
VAL_FRAC = 0.2
SETS = ("ocr-us", "ocr-br", "ocr-eu2")


def norm(s):
    return "".join(ch for ch in s.upper() if ch.isascii() and ch.isalnum())


def held_out(text):
    h = hashlib.md5((SALT + text).encode()).hexdigest()
    return int(h[:8], 16) / 0xFFFFFFFF < VAL_FRAC


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "shared", "datasets")
    for name in SETS:
        texts = set()
        with open(os.path.join(data, name, "labels.csv"), newline="") as f:
            for row in csv.DictReader(f):
                t = norm(row["plate"])
                if 1 <= len(t) <= 10 and held_out(t):
                    texts.add(t)
        out = os.path.join(here, "splits", name + "-heldout.txt")
        with open(out, "w") as f:
            f.write("# held-out plate texts of %s (models/eval/make_splits.py): never train on these\n" % name)
            for t in sorted(texts):
                f.write(t + "\n")
        print("%s: %d held-out plate texts -> %s" % (name, len(texts), out))


if __name__ == "__main__":
    main()
