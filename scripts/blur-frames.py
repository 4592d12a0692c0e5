"""A folder in the dev-set layout seen through a softer camera: every frame blurred as a whole and saved as JPEG.

A lens and a video stream do not blur a far plate less than a near one, while the generator scales its blur to the
smallest plate of a scene; this measures what a camera's blur does to the reads (`models/ocr.md`, "far camera").
Each image of IN is blurred (OpenCV GaussianBlur, sigma in pixels of the frame) and written to OUT as JPEG at the
quality; its labels (`<name>.txt` beside `<name>.jpg`, the file name inside rewritten) follow it. Then
`scripts/anpr eval OUT`.

Usage: /usr/bin/python3 scripts/blur-frames.py IN OUT --sigma 1.0 --quality 70
"""

import argparse
import glob
import os
import sys

import cv2


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", metavar="IN", help="a folder in the dev-set layout (name.jpg + name.txt)")
    ap.add_argument("out", metavar="OUT", help="where the blurred frames and their labels go (made if missing)")
    ap.add_argument("--sigma", type=float, required=True, help="Gaussian blur, pixels of the frame (0: none)")
    ap.add_argument("--quality", type=int, default=90, help="JPEG quality 1-100 (default 90)")
    a = ap.parse_args(argv)
    if not 1 <= a.quality <= 100:
        ap.error("--quality must be 1-100, not %d" % a.quality)
    if a.sigma < 0:
        ap.error("--sigma must be 0 or more")
    labels = sorted(glob.glob(os.path.join(a.src, "*.txt")))
    if not labels:
        ap.error("%s holds no labels (<name>.txt)" % a.src)
    if os.path.realpath(a.src) == os.path.realpath(a.out):
        ap.error("OUT must not be IN")
    os.makedirs(a.out, exist_ok=True)
    done = 0
    for lab in labels:
        lines = [ln.rstrip("\n").split("\t") for ln in open(lab, encoding="utf-8") if ln.strip()]
        if not lines:
            continue
        name = lines[0][0]
        im = cv2.imread(os.path.join(a.src, name), cv2.IMREAD_COLOR)
        if im is None:
            print("skipped %s: %s does not decode" % (lab, name), file=sys.stderr)
            continue
        if a.sigma > 0:
            im = cv2.GaussianBlur(im, (0, 0), a.sigma)
        base = os.path.splitext(name)[0]
        if not cv2.imwrite(os.path.join(a.out, base + ".jpg"), im, [cv2.IMWRITE_JPEG_QUALITY, a.quality]):
            raise SystemExit("cannot write %s" % os.path.join(a.out, base + ".jpg"))
        with open(os.path.join(a.out, base + ".txt"), "w", encoding="utf-8") as f:
            for parts in lines:
                f.write("\t".join([base + ".jpg"] + parts[1:]) + "\n")
        done += 1
    print("%d frames blurred (sigma %.2f px, JPEG %d) into %s" % (done, a.sigma, a.quality, a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
