"""Shared code for the Lanekeeper trainers: alphabet, data loading/caching, augmentation,
letterbox, and the training loop plumbing (deterministic sampling, checkpoints, LR schedule,
progress lines).

Determinism: every training sample is produced from a numpy Generator seeded with
(seed, sample_key), where sample_key = step * batch + index-in-batch. Which image is drawn and
how it is augmented therefore depends only on the seed and the global step, so `--resume`
continues the exact sample stream whatever the number of DataLoader workers.
"""
import csv
import glob
import hashlib
import math
import os
import sys
import time
import xml.etree.ElementTree as ET

import cv2
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nets import ALPHABET, SLOTS, OCR_H, OCR_W  # noqa: E402,F401
from contract import DET_PAD, ROW_BANDS  # noqa: E402

cv2.setNumThreads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_DATASETS = os.path.abspath(os.path.join(REPO, "..", "shared", "datasets"))
if not os.path.isdir(DEFAULT_DATASETS):
    DEFAULT_DATASETS = "/work/shared/datasets"
DEFAULT_RUNS = os.path.join(HERE, "runs")
CHAR_TO_IDX = {c: i for i, c in enumerate(ALPHABET)}


# ============================================================================ text
def norm_plate(s):
    return "".join(ch for ch in s.upper() if ch in CHAR_TO_IDX and ch != "_")


def encode_plate(text):
    t = np.zeros(SLOTS, dtype=np.int64)
    for i, ch in enumerate(text[:SLOTS]):
        t[i] = CHAR_TO_IDX[ch]
    return t


def decode_indices(idx_row):
    """Non-padding slots in order (the contract's reading rule)."""
    return "".join(ALPHABET[i] for i in idx_row if i != 0)


def is_val_plate(plate, val_frac=0.2, salt="lanekeeper-ocr-split-v1"):
    """Deterministic split by distinct plate text: the same text always lands on the same side."""
    h = hashlib.md5((salt + plate).encode()).hexdigest()
    return int(h[:8], 16) / 0xFFFFFFFF < val_frac


# ============================================================================ OCR data
def _read_grey(path):
    im = cv2.imread(path, cv2.IMREAD_COLOR)
    if im is None:
        return None
    return cv2.cvtColor(im, cv2.COLOR_BGR2GRAY)  # 0.299 R + 0.587 G + 0.114 B


def _shrink(im, max_w=384):
    h, w = im.shape[:2]
    if w > max_w:
        im = cv2.resize(im, (max_w, max(1, round(h * max_w / w))), interpolation=cv2.INTER_AREA)
    return im


def load_real_ocr(datasets=DEFAULT_DATASETS, sets=("ocr-br", "ocr-us"), val_frac=0.2, log=print):
    """-> (train, val): lists of dict(img=grey uint8, plate=str, src=str). Split by plate text."""
    train, val, skipped = [], [], 0
    for name in sets:
        d = os.path.join(datasets, name)
        with open(os.path.join(d, "labels.csv"), newline="") as f:
            for row in csv.DictReader(f):
                plate = norm_plate(row["plate"])
                if not (1 <= len(plate) <= SLOTS):
                    skipped += 1
                    continue
                im = _read_grey(os.path.join(d, row["file"]))
                if im is None:
                    skipped += 1
                    continue
                item = dict(img=_shrink(im), plate=plate, src=name)
                (val if is_val_plate(plate, val_frac) else train).append(item)
    tp, vp = {i["plate"] for i in train}, {i["plate"] for i in val}
    assert not (tp & vp)
    log(
        "real OCR: %d train crops (%d plates), %d val crops (%d plates), %d skipped"
        % (len(train), len(tp), len(val), len(vp), skipped)
    )
    return train, val


def load_synth_ocr(dirs, max_items=0, log=print):
    """Synthetic crops: DIR/crops/labels.csv (file,plate,profile[,rows]), files in DIR/crops/.
    Two-row plates (rows "WPCAB|1234") keep their rows: they are read one row band at a time."""
    items = []
    for d in dirs:
        lab = os.path.join(d, "crops", "labels.csv")
        if not os.path.exists(lab):
            log("synth OCR: no %s, skipped" % lab)
            continue
        n0 = len(items)
        with open(lab, newline="") as f:
            for row in csv.DictReader(f):
                plate = norm_plate(row["plate"])
                if not (1 <= len(plate) <= SLOTS):
                    continue
                im = _read_grey(os.path.join(d, "crops", row["file"]))
                if im is None:
                    continue
                item = dict(img=_shrink(im), plate=plate, src="synth:" + row.get("profile", ""))
                rows = [norm_plate(r) for r in (row.get("rows") or "").split("|")]
                if len(rows) > 1 and all(rows):
                    item["rows"] = rows
                items.append(item)
                if max_items and len(items) >= max_items:
                    break
        log("synth OCR: %d crops from %s" % (len(items) - n0, d))
    return items


# ============================================================================ photometric aug
def photometric(im, rng, strength=1.0):
    """im uint8 (grey or BGR) -> uint8. Brightness/contrast/gamma, blur, noise, JPEG."""
    x = im.astype(np.float32)
    if rng.random() < 0.8 * strength:
        c = math.exp(rng.uniform(-0.5, 0.4) * strength)
        b = rng.uniform(-50, 50) * strength
        x = (x - 128.0) * c + 128.0 + b
    if x.ndim == 3 and rng.random() < 0.3 * strength:  # per-channel colour cast
        x = x * rng.uniform(0.85, 1.15, size=(1, 1, 3)).astype(np.float32)
    x = np.clip(x, 0, 255)
    if rng.random() < 0.3 * strength:
        g = math.exp(rng.uniform(-0.5, 0.5))
        x = 255.0 * (x / 255.0) ** g
    im = x.astype(np.uint8)
    r = rng.random()
    if r < 0.25 * strength:
        k = int(rng.choice([3, 5]))
        im = cv2.GaussianBlur(im, (k, k), rng.uniform(0.5, 1.5))
    elif r < 0.35 * strength:  # horizontal/vertical motion blur
        k = int(rng.integers(3, 8))
        ker = np.zeros((k, k), np.float32)
        if rng.random() < 0.7:
            ker[k // 2, :] = 1.0 / k
        else:
            ker[:, k // 2] = 1.0 / k
        im = cv2.filter2D(im, -1, ker)
    if rng.random() < 0.3 * strength:
        sigma = rng.uniform(2, 12)
        noise = rng.standard_normal(im.shape).astype(np.float32) * sigma
        im = np.clip(im.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    if rng.random() < 0.4 * strength:
        q = int(rng.integers(25, 90))
        ok, enc = cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, q])
        if ok:
            im = cv2.imdecode(enc, cv2.IMREAD_UNCHANGED)
    return im


# ============================================================================ OCR sample
def ocr_warp(img, rng=None, margin=0.04, loose=0.0):
    """Map the crop (plate box) onto 192x64 with a margin. With rng: random margin per side,
    corner jitter (perspective), small rotation, scale jitter; replicate border. With probability
    `loose` the box is as a detector gives it at its worst: up to 35% too wide on each side, up to 25%
    too tall, shifted vertically (seen on dev-br: boxes with the aspect of the plates it trained on)."""
    h, w = img.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    if rng is None:
        mx, my = margin * w, margin * h
        src = np.float32([[-mx, -my], [w + mx, -my], [w + mx, h + my], [-mx, h + my]])
    else:
        if rng.random() < loose:
            l, r = rng.uniform(-0.04, 0.35, 2) * w
            t, b = rng.uniform(-0.12, 0.25, 2) * h
        else:
            # margin per side: -4% (cut into the plate) .. +15%
            l, r = rng.uniform(-0.04, 0.15, 2) * w
            t, b = rng.uniform(-0.05, 0.2, 2) * h
        src = np.float32([[-l, -t], [w + r, -t], [w + r, h + b], [-l, h + b]])
        src += rng.uniform(-0.04, 0.04, size=(4, 2)).astype(np.float32) * np.float32([w, h])
        ang = math.radians(rng.uniform(-5, 5))
        cx, cy = w / 2, h / 2
        ca, sa = math.cos(ang), math.sin(ang)
        d = src - [cx, cy]
        src = np.stack([cx + ca * d[:, 0] - sa * d[:, 1], cy + sa * d[:, 0] + ca * d[:, 1]], 1).astype(np.float32)
    dst = np.float32([[0, 0], [OCR_W, 0], [OCR_W, OCR_H], [0, OCR_H]])
    M = cv2.getPerspectiveTransform(src, dst)
    interp = cv2.INTER_LINEAR if rng is None or rng.random() < 0.7 else cv2.INTER_AREA
    return cv2.warpPerspective(img, M, (OCR_W, OCR_H), flags=interp, borderMode=cv2.BORDER_REPLICATE)


def row_band(img, r, rng=None):
    """Band r of a two-row crop; with rng the cut moves by up to 5% of the height."""
    h = img.shape[0]
    y0, y1 = ROW_BANDS[r]
    if rng is not None:
        y0 = max(0.0, y0 + (rng.uniform(-0.05, 0.05) if y0 > 0 else 0))
        y1 = min(1.0, y1 + (rng.uniform(-0.05, 0.05) if y1 < 1 else 0))
    return img[int(round(y0 * h)) : max(int(round(y0 * h)) + 1, int(round(y1 * h)))]


def ocr_low_res(im, rng):
    """Simulate a far plate: downscale then upscale back."""
    f = rng.uniform(0.3, 0.8)
    small = cv2.resize(im, (max(8, int(OCR_W * f)), max(4, int(OCR_H * f))), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (OCR_W, OCR_H), interpolation=cv2.INTER_LINEAR)


def ocr_sharpen(im, rng):
    """Unsharp mask (sigma 0.8-1.6 px, amount 0.5-2): a crop as crisp as one cut down from a large, focused
    plate or sharpened by a camera's processing, with its halos. The real training crops are soft (upscaled
    from 70-320 px) and the synthetic ones blurred, so without it the OCR sees sharp glyphs rarely."""
    x = im.astype(np.float32)
    b = cv2.GaussianBlur(x, (0, 0), rng.uniform(0.8, 1.6))
    return np.clip(x + rng.uniform(0.5, 2.0) * (x - b), 0, 255).astype(np.uint8)


def to_tensor_grey(im):
    return torch.from_numpy(im).float().div_(255.0).unsqueeze(0)


class OCRTrainStream(torch.utils.data.Dataset):
    """Sample key -> (crop [1,64,192], label [10]). Mixes real and synthetic crops:
    a sample is real with probability real_weight (when both exist)."""

    def __init__(self, real, synth, real_weight, seed, loose=0.0, balance=0.0, glyph_mix=0.0, sharpen=0.0, log=print):
        self.real, self.synth, self.seed, self.loose, self.sharpen = real, synth, seed, loose, sharpen
        self.real_weight = real_weight if (real and synth) else (1.0 if real else 0.0)
        self.real_cum = real_char_balance(real, balance) if balance > 0 and real else None
        self.glyph_mix, self.bank = glyph_mix, None
        if glyph_mix > 0 and real:
            from glyphs import GlyphBank

            self.bank = GlyphBank(real, log=log)
            self.bank_idx = sorted(self.bank.segs)

    def __len__(self):
        return 1 << 62

    def __getitem__(self, key):
        rng = np.random.default_rng((self.seed, int(key)))
        pool = self.real if rng.random() < self.real_weight else self.synth
        if pool is self.real and self.real_cum is not None:
            it = pool[min(len(pool) - 1, int(np.searchsorted(self.real_cum, rng.random() * self.real_cum[-1])))]
        else:
            it = pool[int(rng.integers(len(pool)))]
        im, plate = it["img"], it["plate"]
        if pool is self.real and self.bank is not None and self.bank_idx and rng.random() < self.glyph_mix:
            # a segmented old-Brazilian crop with real cells of other crops moved in (glyphs.py)
            im, plate = self.bank.mix(self.bank_idx[int(rng.integers(len(self.bank_idx)))], rng)
        if "rows" in it:
            r = int(rng.integers(len(it["rows"])))
            im, plate = row_band(im, r, rng), it["rows"][r]
        if rng.random() < 0.05:
            im = 255 - im  # occasional inverted plates (light text on dark)
        im = ocr_warp(im, rng, loose=self.loose)
        if rng.random() < 0.25:
            im = ocr_low_res(im, rng)
        elif self.sharpen > 0 and rng.random() < self.sharpen:  # no draw when off: earlier runs replay
            im = ocr_sharpen(im, rng)
        im = photometric(im, rng)
        return to_tensor_grey(im), torch.from_numpy(encode_plate(plate))


def real_char_balance(items, power):
    """Cumulative sampling weights of the real crops that even out their characters: a crop weighs
    count(c) ** -power of its rarest character c (the real sets hold, e.g., 50 O against 121 D and
    80 Q, so the O of the Brazilian Mandatory typeface is seen least). power 0: uniform; 1: every
    character about as often."""
    counts = {}
    for it in items:
        for ch in it["plate"]:
            counts[ch] = counts.get(ch, 0) + 1
    w = np.array([max(counts[ch] ** -power for ch in it["plate"]) for it in items], np.float64)
    return np.cumsum(w / w.sum())


def ocr_val_tensors(items):
    x = torch.stack([to_tensor_grey(ocr_warp(it["img"])) for it in items])
    y = torch.stack([torch.from_numpy(encode_plate(it["plate"])) for it in items])
    return x, y


# ============================================================================ detector data
def parse_voc(xml_path, cls="license-plate"):
    root = ET.parse(xml_path).getroot()
    boxes = []
    for o in root.findall("object"):
        if o.findtext("name", "").strip() != cls:
            continue
        bb = o.find("bndbox")
        x0, y0, x1, y1 = (float(bb.findtext(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
        if x1 > x0 + 1 and y1 > y0 + 1:
            boxes.append([x0, y0, x1, y1])
    return boxes


def parse_scene_txt(txt_path):
    """`file\\tx\\ty\\tw\\th\\tPLATE` lines (x,y top-left) -> (file, [[x0,y0,x1,y1],...])."""
    boxes, fname = [], None
    with open(txt_path) as f:
        for line in f:
            p = line.rstrip("\r\n").split("\t")
            if len(p) < 5:
                continue
            fname = fname or p[0]
            x, y, w, h = (float(v) for v in p[1:5])
            if w > 1 and h > 1:
                boxes.append([x, y, x + w, y + h])
    return fname, boxes


class SceneCache:
    """Frames resized so the long side is <= long_side, kept decoded (uint8 BGR) up to
    budget_mb and JPEG-encoded (q95) beyond, boxes scaled to match."""

    def __init__(self, long_side=800, budget_mb=6000):
        self.long_side, self.budget = long_side, budget_mb * 1e6
        self.items, self.used = [], 0

    def add(self, path, boxes, src):
        im = cv2.imread(path, cv2.IMREAD_COLOR)
        if im is None:
            return False
        h, w = im.shape[:2]
        s = min(1.0, self.long_side / max(h, w))
        if s < 1.0:
            im = cv2.resize(im, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
        b = np.asarray(boxes, np.float32).reshape(-1, 4) * s
        if self.used + im.nbytes <= self.budget:
            data, enc = im, False
            self.used += im.nbytes
        else:
            data, enc = cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, 95])[1], True
        self.items.append(dict(data=data, enc=enc, boxes=b, src=src, path=path))
        return True

    def image(self, i):
        it = self.items[i]
        return cv2.imdecode(it["data"], cv2.IMREAD_COLOR) if it["enc"] else it["data"]

    def __len__(self):
        return len(self.items)


def scenes_ro_files(datasets=DEFAULT_DATASETS, split="train"):
    """scenes-ro frames of a split: (jpg path, [[x0,y0,x1,y1],...]) from the VOC XML beside each."""
    for xml in sorted(glob.glob(os.path.join(datasets, "scenes-ro", split, "*.xml"))):
        jpg = os.path.splitext(xml)[0] + ".jpg"
        if os.path.exists(jpg):
            yield jpg, parse_voc(xml)


def synth_scene_files(d):
    """Synthetic scenes under DIR: (image path, boxes) for any `<img>.txt` (tab format) with its image beside
    it (crops/ is skipped). PLATE may be '?'; a frame with no box comes with an empty list."""
    for txt in sorted(glob.glob(os.path.join(d, "**", "*.txt"), recursive=True)):
        if os.sep + "crops" + os.sep in txt:
            continue
        fname, boxes = parse_scene_txt(txt)
        base = os.path.dirname(txt)
        cands = ([os.path.join(base, fname)] if fname else []) + [
            os.path.splitext(txt)[0] + e for e in (".jpg", ".png", ".jpeg")
        ]
        img = next((c for c in cands if os.path.exists(c)), None)
        if img:
            yield img, boxes


def load_scenes_ro(cache, datasets=DEFAULT_DATASETS, split="train", log=print):
    n0 = len(cache)
    for jpg, boxes in scenes_ro_files(datasets, split):
        cache.add(jpg, boxes, "scenes-ro/" + split)
    log("scenes-ro/%s: %d frames" % (split, len(cache) - n0))


def load_synth_scenes(cache, dirs, max_items=0, log=print):
    """Synthetic scenes (see synth_scene_files); frames with no box are kept as negatives."""
    for d in dirs:
        n0 = len(cache)
        for img, boxes in synth_scene_files(d):
            cache.add(img, boxes, "synth")
            if max_items and len(cache) - n0 >= max_items:
                break
        log("synth scenes: %d frames from %s (%.0f MB decoded in RAM)" % (len(cache) - n0, d, cache.used / 1e6))


def letterbox(im, W, H, pad=DET_PAD):
    """Scale to fit keeping aspect, pad right/bottom with `pad` (0..1). -> (uint8 HxWx3, scale)."""
    h, w = im.shape[:2]
    s = min(W / w, H / h)
    nw, nh = max(1, round(w * s)), max(1, round(h * s))
    out = np.full((H, W, 3), int(round(pad * 255)), np.uint8)
    out[:nh, :nw] = cv2.resize(im, (nw, nh), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    return out, s


def bgr_to_tensor(im):
    return torch.from_numpy(cv2.cvtColor(im, cv2.COLOR_BGR2RGB)).permute(2, 0, 1).float().div_(255.0)


def det_targets(boxes, W, H, stride=4):
    """CenterNet targets. boxes [K,4] x0y0x1y1 in input pixels ->
    heat [1,h,w] (elliptical Gaussian, peak 1 at the centre cell), reg [4,h,w]
    (dx, dy, log w, log h), reg_mask [1,h,w] (1 at centre cells), size_w [1,h,w]
    (Gaussian weight for the size loss around each centre)."""
    h, w = H // stride, W // stride
    heat = np.zeros((h, w), np.float32)
    reg = np.zeros((4, h, w), np.float32)
    mask = np.zeros((h, w), np.float32)
    sw = np.zeros((h, w), np.float32)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    # big boxes first so small ones win shared cells
    order = np.argsort(-(boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])) if len(boxes) else []
    for k in order:
        x0, y0, x1, y1 = boxes[k]
        bw, bh = x1 - x0, y1 - y0
        cx, cy = (x0 + x1) / 2 / stride, (y0 + y1) / 2 / stride
        gx, gy = int(cx), int(cy)
        if not (0 <= gx < w and 0 <= gy < h):
            continue
        sx = max(0.5, 0.54 * bw / stride / 6 * 1.0)  # TTFNet alpha=0.54
        sy = max(0.5, 0.54 * bh / stride / 6 * 1.0)
        g = np.exp(-((xs - gx) ** 2 / (2 * sx * sx) + (ys - gy) ** 2 / (2 * sy * sy)))
        np.maximum(heat, g, out=heat)
        heat[gy, gx] = 1.0
        reg[:, gy, gx] = (cx - gx, cy - gy, math.log(max(bw, 2.0)), math.log(max(bh, 2.0)))
        mask[gy, gx] = 1.0
        # size supervision also around the centre (the Java decoder may pick a neighbour)
        near = g > 0.5
        upd = near & (g > sw)
        reg[2][upd] = math.log(max(bw, 2.0))
        reg[3][upd] = math.log(max(bh, 2.0))
        sw[upd] = g[upd]
    return (
        torch.from_numpy(heat[None]),
        torch.from_numpy(reg),
        torch.from_numpy(mask[None]),
        torch.from_numpy(sw[None]),
    )


class DetTrainStream(torch.utils.data.Dataset):
    """Sample key -> (image [3,H,W], heat, reg, mask, size_w). Random scale (half the time
    chosen so that a random plate gets a log-uniform width in [min_plate, max_plate_frac*W]),
    random placement/crop with 0.5 grey fill, flip, small rotation, photometric aug."""

    def __init__(self, real, synth, real_weight, seed, W, H, min_plate=16, max_plate_frac=0.6, stride=4):
        self.real, self.synth, self.seed, self.W, self.H, self.stride = real, synth, seed, W, H, stride
        self.real_weight = real_weight if (len(real) and len(synth)) else (1.0 if len(real) else 0.0)
        self.min_plate, self.max_plate_frac = min_plate, max_plate_frac

    def __len__(self):
        return 1 << 62

    def __getitem__(self, key):
        rng = np.random.default_rng((self.seed, int(key)))
        cache = self.real if rng.random() < self.real_weight else self.synth
        i = int(rng.integers(len(cache)))
        im = cache.image(i)
        boxes = cache.items[i]["boxes"].copy()
        W, H = self.W, self.H
        ih, iw = im.shape[:2]
        s0 = min(W / iw, H / ih)
        focus = None
        if len(boxes) and rng.random() < 0.5:
            focus = boxes[int(rng.integers(len(boxes)))]
            target = math.exp(rng.uniform(math.log(self.min_plate), math.log(self.max_plate_frac * W)))
            s = target / max(1.0, focus[2] - focus[0])
            s = float(np.clip(s, 0.4 * s0, 8 * s0))
        else:
            s = s0 * math.exp(rng.uniform(math.log(0.6), math.log(1.6)))
        sx = s * math.exp(rng.uniform(-0.1, 0.1))  # aspect jitter
        sy = s
        ang = math.radians(rng.uniform(-4, 4)) if rng.random() < 0.5 else 0.0
        flip = rng.random() < 0.5
        # place: pick the point of the source that goes to canvas centre
        nw, nh = iw * sx, ih * sy
        if focus is not None:
            fx, fy = (focus[0] + focus[2]) / 2, (focus[1] + focus[3]) / 2
            tx = W / 2 - fx * sx + rng.uniform(-0.4, 0.4) * W
            ty = H / 2 - fy * sy + rng.uniform(-0.4, 0.4) * H
        else:
            tx = rng.uniform(min(0, W - nw), max(0, W - nw))
            ty = rng.uniform(min(0, H - nh), max(0, H - nh))
            if rng.random() < 0.3:  # exactly like inference letterbox
                tx, ty, sx, sy, ang = 0.0, 0.0, s0, s0, 0.0
        ca, sa = math.cos(ang), math.sin(ang)
        cx, cy = W / 2, H / 2
        A = np.array([[sx, 0, tx], [0, sy, ty], [0, 0, 1]], np.float64)
        R = np.array([[ca, -sa, cx - ca * cx + sa * cy], [sa, ca, cy - sa * cx - ca * cy], [0, 0, 1]])
        M = R @ A
        if flip:
            M = np.array([[-1, 0, W], [0, 1, 0], [0, 0, 1]]) @ M
        out = cv2.warpAffine(
            im,
            M[:2],
            (W, H),
            flags=cv2.INTER_LINEAR if s >= 0.5 else cv2.INTER_AREA,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(128, 128, 128),
        )
        if len(boxes):
            corners = np.stack([boxes[:, [0, 1]], boxes[:, [2, 1]], boxes[:, [2, 3]], boxes[:, [0, 3]]], 1)
            pts = corners.reshape(-1, 2) @ M[:2, :2].T + M[:2, 2]
            pts = pts.reshape(-1, 4, 2)
            nb = np.concatenate([pts.min(1), pts.max(1)], 1)
            area0 = (nb[:, 2] - nb[:, 0]) * (nb[:, 3] - nb[:, 1])
            cl = nb.copy()
            cl[:, [0, 2]] = cl[:, [0, 2]].clip(0, W)
            cl[:, [1, 3]] = cl[:, [1, 3]].clip(0, H)
            area1 = (cl[:, 2] - cl[:, 0]).clip(0) * (cl[:, 3] - cl[:, 1]).clip(0)
            keep = (area1 > 0.6 * area0) & ((cl[:, 2] - cl[:, 0]) >= 4) & ((cl[:, 3] - cl[:, 1]) >= 2)
            boxes = cl[keep]
        out = photometric(out, rng, strength=0.8)
        heat, reg, mask, sw = det_targets(boxes.reshape(-1, 4), W, H, self.stride)
        return bgr_to_tensor(out), heat, reg, mask, sw


# ============================================================================ detector decode / eval
def decode_detections(heat, boxes, thr=0.3, topk=50, nms_iou=0.5, stride=4):
    """heat [1,h,w] (prob), boxes [4,h,w] (contract) -> array [K,5] x0,y0,x1,y1,score (input px).
    Mirrors the Java decoder: 3x3 local maxima above thr, then IoU NMS."""
    hm = heat[None]
    peak = torch.nn.functional.max_pool2d(hm, 3, 1, 1)
    keep = (hm == peak) & (hm >= thr)
    idx = torch.nonzero(keep[0, 0], as_tuple=False)
    if len(idx) == 0:
        return np.zeros((0, 5), np.float32)
    sc = heat[0, idx[:, 0], idx[:, 1]]
    order = torch.argsort(sc, descending=True)[:topk]
    idx, sc = idx[order], sc[order]
    gy, gx = idx[:, 0].float(), idx[:, 1].float()
    b = boxes[:, idx[:, 0], idx[:, 1]]
    cx, cy = (gx + b[0]) * stride, (gy + b[1]) * stride
    dets = torch.stack([cx - b[2] / 2, cy - b[3] / 2, cx + b[2] / 2, cy + b[3] / 2, sc], 1).numpy()
    return nms(dets, nms_iou)


def iou_matrix(a, b):
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)), np.float32)
    x0 = np.maximum(a[:, None, 0], b[None, :, 0])
    y0 = np.maximum(a[:, None, 1], b[None, :, 1])
    x1 = np.minimum(a[:, None, 2], b[None, :, 2])
    y1 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = (x1 - x0).clip(0) * (y1 - y0).clip(0)
    aa = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    ab = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (aa[:, None] + ab[None, :] - inter + 1e-9)


def nms(dets, thr):
    keep = []
    order = np.argsort(-dets[:, 4])
    while len(order):
        i = order[0]
        keep.append(i)
        if len(order) == 1:
            break
        ious = iou_matrix(dets[i : i + 1, :4], dets[order[1:], :4])[0]
        order = order[1:][ious < thr]
    return dets[keep]


def match_dets(dets, gts, iou_thr=0.5):
    """Greedy by score. -> (is_tp per det (score-sorted), n_gt)."""
    tp = np.zeros(len(dets), bool)
    if len(dets) and len(gts):
        ious = iou_matrix(dets[:, :4], gts)
        used = np.zeros(len(gts), bool)
        for i in np.argsort(-dets[:, 4]):
            j = int(np.argmax(np.where(used, -1, ious[i])))
            if not used[j] and ious[i, j] >= iou_thr:
                used[j] = True
                tp[i] = True
    return tp


def average_precision(scores, tps, n_gt):
    if n_gt == 0:
        return 0.0
    o = np.argsort(-np.asarray(scores))
    tp = np.asarray(tps, np.float64)[o]
    ctp, cfp = np.cumsum(tp), np.cumsum(1 - tp)
    rec, prec = ctp / n_gt, ctp / np.maximum(ctp + cfp, 1e-9)
    mrec = np.concatenate([[0], rec, [1]])
    mpre = np.concatenate([[1], prec, [0]])
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    idx = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))


# ============================================================================ training plumbing
def add_common_args(ap, default_out):
    ap.add_argument("--datasets", default=DEFAULT_DATASETS, help="real data root (default %(default)s)")
    ap.add_argument(
        "--synth",
        action="append",
        default=[],
        metavar="DIR",
        help="synthetic data dir from the Java generator (repeatable)",
    )
    ap.add_argument("--max-synth", type=int, default=0, help="cap on synthetic items per run (0 = all)")
    ap.add_argument(
        "--real-weight",
        type=float,
        default=0.3,
        help="fraction of training samples drawn from the real train sets when synthetic "
        "data is given (real sets are oversampled to reach it); 1.0 when no --synth",
    )
    ap.add_argument("--epochs", type=int, default=0, help="number of epochs (0 = as many as --minutes allows)")
    ap.add_argument(
        "--minutes",
        type=float,
        default=0,
        help="time budget: after a short calibration the total step count is fixed so that "
        "training (incl. a val estimate) ends within it; also a hard stop",
    )
    ap.add_argument("--epoch-size", type=int, default=0, help="samples per epoch (default per trainer)")
    ap.add_argument("--batch", type=int, default=0, help="batch size (default per trainer)")
    ap.add_argument("--lr", type=float, default=0, help="peak learning rate, AdamW (default per trainer)")
    ap.add_argument("--wd", type=float, default=0.01, help="AdamW weight decay")
    ap.add_argument("--warmup", type=int, default=200, help="linear warm-up steps, then cosine to lr/50")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument(
        "--device",
        default="auto",
        help="cpu, cuda, cuda:N, or auto (cuda when torch sees a GPU, else cpu); augmentation stays on "
        "the CPU in the --workers processes",
    )
    ap.add_argument(
        "--workers",
        type=int,
        default=1,
        help="DataLoader worker processes doing augmentation (0 = in the main process)",
    )
    ap.add_argument("--seed", type=int, default=1, help="seed of the sample stream and init")
    ap.add_argument("--out", default=default_out, help="run dir: last.pt, best.pt, log.txt (default %(default)s)")
    ap.add_argument("--ckpt-every", type=int, default=500, help="also checkpoint every N steps")
    ap.add_argument(
        "--resume",
        nargs="?",
        const="last",
        default=None,
        help="continue from OUT/last.pt (or the given checkpoint): weights, optimizer, " "schedule, epoch, step, RNG",
    )
    ap.add_argument("--log-every", type=float, default=10.0, help="seconds between progress lines")
    ap.add_argument(
        "--init",
        metavar="CKPT",
        help="start from this checkpoint's weights with a fresh optimizer and "
        "schedule (a second phase after a run's schedule has ended); an exported .onnx file (the "
        "committed model) works too: its folded batch norms are re-estimated on training samples",
    )
    ap.add_argument("--export", action="store_true", help="export best.pt to OUT/<model>.onnx at the end")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this global step (testing resume)")


class Logger:
    def __init__(self, out):
        os.makedirs(out, exist_ok=True)
        self.f = open(os.path.join(out, "log.txt"), "a")

    def __call__(self, *a):
        s = " ".join(str(x) for x in a)
        print(s, flush=True)
        self.f.write(s + "\n")
        self.f.flush()


def _onnx_module_path(node_name):
    """'/net/s4/s4.0/dw/dw.0/Conv' -> 's4.0.dw.0' (the exporter's scope names repeat the parent's
    local name for the children of a Sequential)."""
    parts = node_name.strip("/").split("/")[1:-1]
    full, last = [], None
    for p in parts:
        if last is not None and p.startswith(last + "."):
            full[-1] = full[-1] + p[len(last) :]
        else:
            full.append(p)
        last = p
    return ".".join(full)


def init_from_onnx(net, path, calib_x, log=print):
    """Load the weights of an exported model (ONNX, batch norms folded into the convolutions) into
    `net`. Each folded conv gets its weight; the batch norm after it gets the statistics of the conv's
    output on `calib_x` (a batch of training inputs) as running mean/var and the matching scale and
    shift, so that the eval-mode function is exactly the exported one and training-mode batch norm
    starts close to it. Tensors with no counterpart (a changed head) keep their fresh init."""
    import onnx
    from onnx import numpy_helper

    m = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    mods = dict(net.named_modules())
    bn_bias, loaded, skipped = {}, 0, []
    for node in m.graph.node:
        if node.op_type != "Conv":
            continue
        mp = _onnx_module_path(node.name)
        conv = mods.get(mp)
        w = inits.get(node.input[1])
        if not isinstance(conv, torch.nn.Conv2d) or w is None or tuple(conv.weight.shape) != w.shape:
            skipped.append(mp)
            continue
        b = inits.get(node.input[2]) if len(node.input) > 2 else None
        with torch.no_grad():
            conv.weight.copy_(torch.from_numpy(w.copy()))
            parent, idx = mp.rsplit(".", 1) if "." in mp else ("", mp)
            bn = mods.get((parent + "." if parent else "") + str(int(idx) + 1)) if idx.isdigit() else None
            if isinstance(bn, torch.nn.BatchNorm2d) and conv.bias is None:
                bias = torch.from_numpy(b.copy()) if b is not None else torch.zeros(w.shape[0])
                bn.weight.fill_(1.0)
                bn.bias.copy_(bias)
                bn.running_mean.zero_()
                bn.running_var.fill_(1.0 - bn.eps)
                bn_bias[bn] = bias
            elif conv.bias is not None and b is not None:
                conv.bias.copy_(torch.from_numpy(b.copy()))
        loaded += 1
    # calibration: the input of each batch norm is the folded conv's output without its bias
    stats = {}
    hooks = [
        bn.register_forward_hook(
            lambda mod, inp, out: stats.__setitem__(
                mod, (inp[0].mean((0, 2, 3)), inp[0].var((0, 2, 3), unbiased=False))
            )
        )
        for bn in bn_bias
    ]
    was_training = net.training
    net.eval()
    with torch.no_grad():
        net(calib_x)
        for h in hooks:
            h.remove()
        for bn, bias in bn_bias.items():
            mean, var = stats[bn]
            std = torch.sqrt(var + bn.eps)
            bn.running_mean.copy_(mean)
            bn.running_var.copy_(var)
            bn.weight.copy_(std)
            bn.bias.copy_(bias + mean)
    net.train(was_training)
    log(
        "weights initialised from %s: %d convolutions loaded, %d batch norms re-estimated on %d samples%s"
        % (path, loaded, len(bn_bias), len(calib_x), "; not in this network: " + ", ".join(skipped) if skipped else "")
    )
    return loaded


def lr_at(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    p = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * p)))


def save_ckpt(path, **state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


class KeySampler(torch.utils.data.Sampler):
    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        return iter(range(self.start, self.end))

    def __len__(self):
        return self.end - self.start


def _worker_init(_):
    torch.set_num_threads(1)
    cv2.setNumThreads(1)


def resolve_device(name):
    """--device: 'auto' -> cuda when torch sees a GPU, else cpu."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def load_ckpt(path):
    """A checkpoint of ours (weights, optimizer, RNG, plain-typed run state), onto the CPU."""
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except TypeError:  # a torch without the weights_only argument
        return torch.load(path, map_location="cpu")


def make_loader(ds, start_key, end_key, batch, workers, pin=False):
    g = torch.Generator()
    g.manual_seed(0)  # keeps the main torch RNG (dropout) untouched by loader creation
    return torch.utils.data.DataLoader(
        ds,
        batch_size=batch,
        sampler=KeySampler(start_key, end_key),
        num_workers=workers,
        worker_init_fn=_worker_init,
        persistent_workers=False,
        prefetch_factor=4 if workers else 2,
        generator=g,
        drop_last=True,
        pin_memory=pin,
    )


def fit(a, log, net, net_args, train_ds, loss_fn, validate, metric_name, export_fn=None, val_cost_s=5.0):
    """Generic loop. loss_fn(net, batch) -> (loss, dict of floats); validate(net) -> dict with
    metric_name (higher is better). Checkpoints OUT/last.pt (every --ckpt-every steps and each
    epoch end) and OUT/best.pt. The network trains on a.device_t (see resolve_device); each batch
    is moved there before loss_fn, validate moves its own tensors."""
    torch.set_num_threads(a.threads)
    dev = a.device_t = resolve_device(getattr(a, "device", "cpu"))
    net.to(dev)
    log("device: %s%s" % (dev, " (%s)" % torch.cuda.get_device_name(dev) if dev.type == "cuda" else ""))
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=a.wd)
    steps_per_epoch = max(1, a.epoch_size // a.batch)
    state = dict(step=0, epoch=0, total_steps=None, best=-1.0, elapsed=0.0, history=[], calibrated=False)
    last_path, best_path = os.path.join(a.out, "last.pt"), os.path.join(a.out, "best.pt")
    if a.resume:
        rp = last_path if a.resume == "last" else a.resume
        ck = load_ckpt(rp)
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        torch.set_rng_state(ck["torch_rng"])
        for k in state:
            state[k] = ck["state"][k]
        log(
            "resumed from %s at step %d (epoch %d), total_steps %s, best %.4f"
            % (rp, state["step"], state["epoch"], state["total_steps"], state["best"])
        )
    if getattr(a, "init", None) and not a.resume and a.init.endswith(".onnx"):
        calib = torch.stack([train_ds[k][0] for k in range(64)]).to(dev)
        init_from_onnx(net, a.init, calib, log)
    elif getattr(a, "init", None) and not a.resume:
        src = load_ckpt(a.init)["model"]
        own = net.state_dict()
        same = {k: v for k, v in src.items() if k in own and own[k].shape == v.shape}
        net.load_state_dict(same, strict=False)
        fresh = sorted(k for k in own if k not in same)
        log(
            "weights initialised from %s (fresh optimizer and schedule); %d tensors kept, %d new: %s"
            % (a.init, len(same), len(fresh), ", ".join(fresh[:8]) + (" ..." if len(fresh) > 8 else ""))
        )
    if state["total_steps"] is None and a.epochs:
        state["total_steps"] = a.epochs * steps_per_epoch
    if not a.epochs and not a.minutes:
        raise SystemExit("give --epochs and/or --minutes")

    def checkpoint(path):
        save_ckpt(
            path,
            model=net.state_dict(),
            optimizer=opt.state_dict(),
            torch_rng=torch.get_rng_state(),
            state=state,
            net_args=net_args,
            args=vars(a),
        )

    t_start = time.time()
    elapsed0 = state["elapsed"]
    calib_t0, calib_s0, steps_here = None, None, 0
    last_log, seen_since, t_since = time.time(), 0, time.time()
    loss_ema = None
    stop = False
    while not stop:
        ep = state["step"] // steps_per_epoch
        state["epoch"] = ep
        ep_end_step = (ep + 1) * steps_per_epoch
        if state["total_steps"] is not None:
            ep_end_step = min(ep_end_step, state["total_steps"])
        if a.max_steps:
            ep_end_step = min(ep_end_step, a.max_steps)
        if state["step"] >= ep_end_step:
            break
        loader = make_loader(
            train_ds, state["step"] * a.batch, ep_end_step * a.batch, a.batch, a.workers, pin=dev.type == "cuda"
        )
        net.train()
        for batch in loader:
            batch = [t.to(dev, non_blocking=True) for t in batch]
            step = state["step"]
            total = state["total_steps"] or 10**9
            lr = lr_at(step, total, a.lr, min(a.warmup, max(1, total // 10)))
            for g in opt.param_groups:
                g["lr"] = lr
            loss, parts = loss_fn(net, batch)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 10.0)
            opt.step()
            state["step"] = step + 1
            lv = float(loss)
            loss_ema = lv if loss_ema is None else 0.95 * loss_ema + 0.05 * lv
            seen_since += a.batch
            now = time.time()
            state["elapsed"] = elapsed0 + now - t_start
            # --minutes: fix the total step count from the speed of steps 10..40 of this process
            steps_here += 1
            if a.minutes and not state["calibrated"]:
                if calib_t0 is None and steps_here >= 10:
                    calib_t0, calib_s0 = now, state["step"]
                elif calib_t0 is not None and state["step"] - calib_s0 >= 30:
                    sps = (now - calib_t0) / (state["step"] - calib_s0)
                    remaining = a.minutes * 60 - state["elapsed"]
                    n_val = max(1.0, remaining / sps / steps_per_epoch)
                    budget_steps = state["step"] + int((0.97 * remaining - n_val * val_cost_s) / sps)
                    state["total_steps"] = min(state["total_steps"] or budget_steps, budget_steps)
                    state["calibrated"] = True
                    log(
                        "calibrated: %.3f s/step -> total_steps %d (%d epochs of %d steps)"
                        % (
                            sps,
                            state["total_steps"],
                            math.ceil(state["total_steps"] / steps_per_epoch),
                            steps_per_epoch,
                        )
                    )
                    ep_end_step = min(ep_end_step, state["total_steps"])
            if now - last_log >= a.log_every:
                ips = seen_since / (now - t_since)
                tot = state["total_steps"]
                eta = "%.1f min" % ((tot - state["step"]) * a.batch / ips / 60) if tot else "?"
                log(
                    "step %d/%s ep %d loss %.4f (%s) lr %.2e %.1f img/s ETA %s"
                    % (
                        state["step"],
                        tot or "?",
                        ep,
                        loss_ema,
                        " ".join("%s %.3f" % kv for kv in parts.items()),
                        lr,
                        ips,
                        eta,
                    )
                )
                last_log, seen_since, t_since = now, 0, now
            if a.ckpt_every and state["step"] % a.ckpt_every == 0:
                checkpoint(last_path)
            if a.minutes and state["elapsed"] > a.minutes * 60 * 1.02:
                log("time budget reached")
                stop = True
                break
            if state["step"] >= ep_end_step:
                break
        del loader
        # epoch end (or stop): validate, checkpoint
        tv = time.time()
        metrics = validate(net)
        val_seconds = time.time() - tv
        metrics["step"] = state["step"]
        metrics["epoch"] = ep
        state["history"].append(metrics)
        is_best = metrics[metric_name] > state["best"]
        if is_best:
            state["best"] = metrics[metric_name]
        log(
            "VAL ep %d step %d: %s%s (%.1fs)"
            % (
                ep,
                state["step"],
                " ".join("%s %.4f" % (k, v) for k, v in metrics.items() if isinstance(v, float)),
                "  *best*" if is_best else "",
                val_seconds,
            )
        )
        state["elapsed"] = elapsed0 + time.time() - t_start
        checkpoint(last_path)
        if is_best:
            checkpoint(best_path)
        if (state["total_steps"] and state["step"] >= state["total_steps"]) or (
            a.max_steps and state["step"] >= a.max_steps
        ):
            stop = True
    log("done: step %d, best %s %.4f, %.1f min" % (state["step"], metric_name, state["best"], state["elapsed"] / 60))
    if a.export and export_fn and os.path.exists(best_path):
        export_fn(best_path)
    return state
