"""Scene data for the detector (and the refiner's plate boxes): scenes-ro (VOC XML) and synthetic scenes,
the RAM frame cache, the letterbox, CenterNet targets and the detector's training stream. Samples are
keyed as described in training.py.
"""
import glob
import math
import os
import xml.etree.ElementTree as ET

import cv2
import numpy as np
import torch

from augment import photometric
from contract import DET_PAD
from paths import DEFAULT_DATASETS


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
