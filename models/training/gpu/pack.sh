#!/usr/bin/env bash
# Packs what an OCR training on a rented GPU machine needs into one file, for a machine that has
# PyTorch and OpenCV but no Java, no fonts and no access to ../shared:
#   - a trimmed Java runtime (jlink) and the synthetic-data generator with the few jars it uses
#     (so the machine makes its own synthetic crops, as many as wanted, instead of uploading them);
#   - the plate fonts the generator's profiles name, from this machine's Debian packages;
#   - 200 background frames of scenes-ro/train, 640 px wide;
#   - the real OCR crops (ocr-br, ocr-us, ocr-eu2) as grey PNG, at most 384 px wide: exactly what
#     ocr_data.load_real_ocr makes of the originals, so the training sees the same pixels;
#   - the machine-labelled crops-eu crops that were kept (real/pseudo-eu/labels.csv, its file names
#     relative to it), when scripts/train ocr-v2 or anpr pseudo-label has made data/train/pseudo-eu.
# The file holds data from ../shared/datasets: it is for the transfer only, never for the
# repository (default path under the gitignored data/).
#   models/training/gpu/pack.sh [OUT.tar.xz]        then see run.sh
set -euo pipefail
. "$(dirname "$0")/../../../scripts/lib.sh"
lk_find_jdk
out="${1:-$LK_ROOT/data/gpu-bundle.tar.xz}"
pseudo="${LANEKEEPER_PSEUDO:-$LK_ROOT/data/train/pseudo-eu/labels.csv}"
datasets="${LANEKEEPER_DATASETS:-$LK_ROOT/../shared/datasets}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bundle/lib" "$tmp/bundle/fonts" "$tmp/bundle/bg" "$tmp/real"

echo "runtime (jlink) ..."
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.desktop,java.logging,jdk.unsupported --strip-debug \
  --no-header-files --no-man-pages --output "$tmp/bundle/jre"
strip --strip-unneeded "$tmp/bundle/jre/lib/server/libjvm.so" "$tmp/bundle/jre/lib/"*.so 2>/dev/null || true

echo "generator classes and jars ..."
(cd "$LK_ROOT" && lk_mvn -q -o -B -DskipTests -pl models/synth -am install >/dev/null \
  && lk_mvn -q -o -B dependency:build-classpath -pl models/synth -Dmdep.outputFile="$tmp/cp.txt" >/dev/null)
for j in $(tr ':' '\n' < "$tmp/cp.txt" | grep -E '/(vertx-core|vertx-core-logging|netty-common|netty-buffer|jackson-core|slf4j-api)-[0-9]'); do
  cp "$j" "$tmp/bundle/lib/"
done
# the generator (models/synth) and the plate profiles it draws (models/plates)
(cd "$LK_ROOT/models/plates/target/classes" && "$JAVA_HOME/bin/jar" cf "$tmp/bundle/lib/lanekeeper-plates.jar" .)
(cd "$LK_ROOT/models/synth/target/classes" && "$JAVA_HOME/bin/jar" cf "$tmp/bundle/lib/lanekeeper-synth.jar" .)

echo "fonts, backgrounds, real crops ..."
/usr/bin/python3 - "$LK_ROOT" "$datasets" "$tmp" "$pseudo" <<'PY'
import csv, glob, json, os, shutil, sys
root, datasets, tmp, pseudo = sys.argv[1:5]
sys.path.insert(0, os.path.join(root, "models", "training"))
import cv2, ocr_data
names = {"DejaVuSans-Bold"}  # the generator's fallback for a glyph a profile's fonts lack
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("fonts", "font"):
                names.update([v] if isinstance(v, str) else [x for x in v if isinstance(x, str)])
            walk(v)
    elif isinstance(o, list):
        for x in o:
            walk(x)
for f in glob.glob(os.path.join(root, "models/plates/src/main/resources/plates/*.json")):
    walk(json.load(open(f)))
found = set()
for d in ("/usr/share/fonts", "/usr/local/share/fonts"):
    for dp, _, fs in os.walk(d):
        for f in fs:
            if os.path.splitext(f)[0] in names and f.endswith((".ttf", ".otf")):
                shutil.copy(os.path.join(dp, f), os.path.join(tmp, "bundle", "fonts"))
                found.add(os.path.splitext(f)[0])
names = {n for n in names if not n.startswith("LK-")}  # the generator's own stroke typefaces (StrokeFont)
if names - found:
    sys.exit("fonts missing here (install scripts/lib.sh's LK_FONT_PACKAGES): %s" % sorted(names - found))
for f in sorted(glob.glob(os.path.join(datasets, "scenes-ro", "train", "*.jpg")))[:200]:
    im = cv2.imread(f)
    h, w = im.shape[:2]
    cv2.imwrite(os.path.join(tmp, "bundle", "bg", os.path.basename(f)),
                cv2.resize(im, (640, round(h * 640 / w)), interpolation=cv2.INTER_AREA), [cv2.IMWRITE_JPEG_QUALITY, 80])
for name in ("ocr-br", "ocr-us", "ocr-eu2"):
    src, dst = os.path.join(datasets, name), os.path.join(tmp, "real", name)
    os.makedirs(dst)
    shutil.copy(os.path.join(src, "labels.csv"), dst)
    for f in os.listdir(src):
        im = ocr_data._read_grey(os.path.join(src, f)) if f != "labels.csv" else None
        if im is not None:   # PNG content under the original name: the labels keep pointing at it
            cv2.imwrite(os.path.join(dst, f), ocr_data._shrink(im), [cv2.IMWRITE_PNG_COMPRESSION, 9])
kept = 0
if os.path.exists(pseudo):  # the kept rows only, each crop under a name of its own beside the CSV
    dst = os.path.join(tmp, "real", "pseudo-eu")
    os.makedirs(dst)
    with open(pseudo, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("kept") == "1"]
    with open(os.path.join(dst, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["file", "plate", "kept"])
        w.writeheader()
        for i, r in enumerate(rows):
            im = ocr_data._read_grey(r["file"])
            if im is not None:
                name = "%05d.png" % i
                cv2.imwrite(os.path.join(dst, name), ocr_data._shrink(im), [cv2.IMWRITE_PNG_COMPRESSION, 9])
                w.writerow(dict(file=name, plate=r["plate"], kept="1"))
                kept += 1
else:
    print("no machine labels at %s: packed without them" % pseudo)
print("%d fonts, backgrounds, real crops and %d machine-labelled crops packed" % (len(found), kept))
PY
mkdir -p "$(dirname "$out")"
tar -cf - -C "$tmp" bundle real | xz -T0 -6 > "$out"
echo "$out: $(du -h "$out" | cut -f1)"
