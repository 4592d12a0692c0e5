"""Every labelled real set under ../shared/datasets as a folder in the dev-set layout, for `scripts/eval-suite`.

The images are linked, never copied. A cropped plate"s box is the whole crop; an unlabelled crop or a scene without
text is a plate of text `?` (it counts for detection only). Usage: eval-suite-sets.py DATASETS OUT
"""

import csv
import glob
import os
import struct
import sys
import xml.etree.ElementTree as ET

D = sys.argv[1]
S = sys.argv[2]


def size(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            h, w = struct.unpack(">HH", data[i + 5 : i + 9])
            return w, h
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
    raise ValueError(path)


def link(src, dst):
    if not os.path.exists(dst):
        os.symlink(src, dst)


for name in ["ocr-us", "ocr-br", "ocr-eu2", "ocr-ar"]:
    out = os.path.join(S, name)
    os.makedirs(out, exist_ok=True)
    for row in csv.DictReader(open(os.path.join(D, name, "labels.csv"))):
        f = row["file"]
        src = os.path.join(D, name, f)
        if not os.path.exists(src):
            continue
        w, h = size(src)
        link(src, os.path.join(out, f))
        with open(os.path.join(out, os.path.splitext(f)[0] + ".txt"), "w") as t:
            t.write("%s\t0\t0\t%d\t%d\t%s\n" % (f, w, h, row["plate"]))
out = os.path.join(S, "crops-eu")
os.makedirs(out, exist_ok=True)
for src in sorted(glob.glob(os.path.join(D, "crops-eu", "*.png"))):
    f = os.path.basename(src)
    w, h = size(src)
    link(src, os.path.join(out, f))
    with open(os.path.join(out, f[:-4] + ".txt"), "w") as t:
        t.write("%s\t0\t0\t%d\t%d\t?\n" % (f, w, h))
out = os.path.join(S, "scenes-ro-valid")
os.makedirs(out, exist_ok=True)
for x in sorted(glob.glob(os.path.join(D, "scenes-ro", "valid", "*.xml"))):
    src = os.path.splitext(x)[0] + ".jpg"
    if not os.path.exists(src):
        continue
    f = os.path.basename(src)
    link(src, os.path.join(out, f))
    lines = []
    for o in ET.parse(x).getroot().findall("object"):
        b = o.find("bndbox")
        x0, y0, x1, y1 = [float(b.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax")]
        lines.append("%s\t%d\t%d\t%d\t%d\t?" % (f, round(x0), round(y0), round(x1 - x0), round(y1 - y0)))
    with open(os.path.join(out, os.path.splitext(f)[0] + ".txt"), "w") as t:
        t.write("\n".join(lines) + ("\n" if lines else ""))
