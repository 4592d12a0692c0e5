"""OCR data: plate text and its slot encoding, the split by plate text, the real and synthetic crop
sets (greyscale, in RAM), the OCR's geometric augmentation and its training stream and validation
tensors. Samples are keyed as described in training.py.
"""
import csv
import functools
import hashlib
import json
import math
import os
import re
import unicodedata

import cv2
import numpy as np
import torch

from augment import jpeg, photometric
from contract import ALPHABET, OCR_H, OCR_W, ROW_BANDS, SLOTS
from paths import DEFAULT_DATASETS

CHAR_TO_IDX = {c: i for i, c in enumerate(ALPHABET)}


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


EVAL_SPLITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval", "splits")


@functools.lru_cache(maxsize=None)
def suite_held_out(name):
    """The evaluation suite's held-out plate texts of a crop set (models/eval/splits), or an empty set."""
    path = os.path.join(EVAL_SPLITS, name + "-heldout.txt")
    if not os.path.exists(path):
        return frozenset()
    with open(path) as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))


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


PROFILES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "plates", "src", "main", "resources", "plates"
)
# real crop sets of two-row plates: their labels join the rows, the profiles of the label's country split them
TWO_ROW_SETS = ("ocr-eu2",)


# Cyrillic and Greek letters that plates print as the Latin ones (PlateText.fold's table)
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТУХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEKMHOPCTYXIJSABEZHIKMNOPTYX")


def _latin(s):
    """A choice as the OCR reads it: Cyrillic and Greek look-alikes folded to Latin (Bulgaria's СА is CA), letters
    with marks lose them; None when a letter has no Latin form."""
    t = "".join(c for c in unicodedata.normalize("NFD", s.upper()) if unicodedata.category(c) != "Mn")
    t = t.translate(_HOMOGLYPHS)
    return t if all(c in ALPHABET[1:] for c in t) else None


def _row_regex(pattern, choices, alphabet=None):
    """A profile row pattern (L letter, D digit, A either, {name} a choice, ? after one: optional; the rest is
    printed, not read)."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "{":
            end = pattern.index("}", i)
            vals = choices.get(pattern[i + 1 : end], [])
            if vals and all(not any(ch.isalnum() for ch in v) for v in vals):
                out.append("")  # a separator choice: printed, not read
                i = end + 1
                continue
            latin = [_latin(v) for v in vals]
            alts = sorted({re.escape(v) for v in latin if v}) + sorted(
                {"[A-Z0-9]{%d}" % len(v) for v, l in zip(vals, latin) if not l}
            )
            out.append("(?:%s)" % "|".join(alts) if alts else "(?!)")
            i = end + 1
        else:
            classes = {"L": "[A-Z]", "D": "[0-9]", "A": "[A-Z0-9]"}
            for k, v in (alphabet or {}).items():  # a profile's own classes (gb's "s"), folded like choices
                latin = sorted({_latin(ch) for ch in v} - {None})
                classes[k] = "[%s]" % "".join(latin) if latin else "(?!)"
            out.append(classes.get(c, ""))
            i += 1
        if i < len(pattern) and pattern[i] == "?":  # an optional position (PlateProfile.variants)
            out[-1] = "(?:%s)?" % out[-1] if out[-1] else ""
            i += 1
    return "".join(out)


@functools.lru_cache(maxsize=None)
def two_row_patterns():
    """country -> [(top regex, bottom regex)] of its two-row profiles."""
    with open(os.path.join(PROFILES, "index.json")) as f:
        index = json.load(f)
    names = index if isinstance(index, list) else index.get("profiles", [])
    profiles = []
    for n in names:
        n = n if n.endswith(".json") else n + ".json"
        with open(os.path.join(PROFILES, n), encoding="utf-8") as f:
            profiles.append(json.load(f))
    by_id = {p["id"]: p for p in profiles}
    out = {}
    for p in profiles:
        rows = p.get("rows", [])
        if len(rows) == 2:
            # a list may be another profile's ("@pl-3": pl-3's list of the same name), as PlateProfile reads it
            ch = {k: by_id[v[1:]]["choices"][k] if isinstance(v, str) else v for k, v in p.get("choices", {}).items()}
            al = p.get("alphabet", {})
            out.setdefault(p["country"], []).append(tuple(re.compile(_row_regex(r["pattern"], ch, al)) for r in rows))
    return out


def two_row_split(plate, country):
    """The plate's two rows by its country's two-row profiles, when they all agree on where the top row ends;
    None when no profile fits or they disagree."""
    cuts = set()
    for top, bottom in two_row_patterns().get(country, []):
        for k in range(1, len(plate)):
            if top.fullmatch(plate[:k]) and bottom.fullmatch(plate[k:]):
                cuts.add(k)
    return [plate[: min(cuts)], plate[min(cuts) :]] if len(cuts) == 1 else None


def load_real_ocr(datasets=DEFAULT_DATASETS, sets=("ocr-br", "ocr-us"), val_frac=0.2, log=print):
    """-> (train, val): lists of dict(img=grey uint8, plate=str, src=str[, rows]). Split by plate text. Crops of
    a two-row set (TWO_ROW_SETS) carry their rows and are read one row band at a time; those whose rows the
    profiles cannot tell are skipped."""
    train, val, skipped = [], [], 0
    for name in sets:
        d = os.path.join(datasets, name)
        with open(os.path.join(d, "labels.csv"), newline="") as f:
            for row in csv.DictReader(f):
                plate = norm_plate(row["plate"])
                if not (1 <= len(plate) <= SLOTS):
                    skipped += 1
                    continue
                rows = two_row_split(plate, row.get("country", "")) if name in TWO_ROW_SETS else None
                if name in TWO_ROW_SETS and rows is None:
                    skipped += 1
                    continue
                im = _read_grey(os.path.join(d, row["file"]))
                if im is None:
                    skipped += 1
                    continue
                item = dict(img=_shrink(im), plate=plate, src=name)
                if rows:
                    item["rows"] = rows
                held = plate in suite_held_out(name) or is_val_plate(plate, val_frac)
                (val if held else train).append(item)
    tp, vp = {i["plate"] for i in train}, {i["plate"] for i in val}
    assert not (tp & vp)
    for name in sets:  # the suite measures these: training on one would make its figure a lie
        assert not (tp & suite_held_out(name)), "a held-out plate of %s is in the training split" % name
    log(
        "real OCR: %d train crops (%d plates), %d val crops (%d plates), %d skipped"
        % (len(train), len(tp), len(val), len(vp), skipped)
    )
    return train, val


def load_pseudo_ocr(path, exclude=frozenset(), log=print):
    """Crops labelled by machine (anpr pseudo-label: two readers agree, a profile fits, both sure): the rows of
    its CSV with kept=1, as training items only (never validation: the labels are not the truth). A relative
    file name is taken from the CSV's own folder (gpu/pack.sh writes them so)."""
    items, skipped, here = [], 0, os.path.dirname(os.path.abspath(path))
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("kept") != "1":
                continue
            plate = norm_plate(row["plate"])
            im = _read_grey(os.path.join(here, row["file"])) if 1 <= len(plate) <= SLOTS else None
            if im is None:
                skipped += 1
                continue
            items.append(dict(img=_shrink(im), plate=plate, src="pseudo"))
    # a machine label of a plate the suite holds out, or of the validation split (exclude), would leak it into training
    held = set(exclude).union(*(suite_held_out(n) for n in ("ocr-us", "ocr-br", "ocr-eu2")))
    kept = [it for it in items if it["plate"] not in held]
    log("pseudo-labelled OCR: %d dropped (held-out or validation texts)" % (len(items) - len(kept)))
    items = kept
    log("pseudo-labelled OCR: %d crops from %s, %d skipped" % (len(items), path, skipped))
    return items


def load_synth_ocr(dirs, max_items=0, log=print):
    """Synthetic crops: DIR/crops/labels.csv (file,plate,profile[,rows,printed]), files in DIR/crops/.
    Two-row plates (rows "CAB|1234") keep their rows: they are read one row band at a time."""
    items = []
    for d in dirs:
        lab = os.path.join(d, "crops", "labels.csv")
        if not os.path.exists(lab):
            log("synth OCR: no %s, skipped" % lab)
            continue
        n0 = len(items)
        with open(lab, newline="", encoding="utf-8") as f:
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


def ocr_far_camera(im, rng):
    """A far plate as a camera delivers it: the lens and the stream blur and compress the frame at the plate's own
    size (a 60-120 px plate of a 1080p parking camera), and the engine then scales its crop up to the OCR's input.
    Shrinking the 192x64 crop to 48-130 px wide, a Gaussian blur there of 0.3 px up to 0.6 px (48 px wide) to 1.4 px
    (130 px), and JPEG at quality 40-90 there (far more destructive than at full size: ocr_low_res shrinks without
    either, photometric compresses the full-size crop), then bilinear back up. The bounds keep the characters
    legible: a label the crop no longer shows would teach the reader to guess, and the engine to trust a guess."""
    w = int(rng.integers(48, 131))
    h = max(8, int(round(w * OCR_H / OCR_W)))
    small = cv2.resize(im, (w, h), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), rng.uniform(0.3, 0.6 + 0.8 * (w - 48) / 82))
    small = jpeg(small, int(rng.integers(40, 91)))
    return cv2.resize(small, (OCR_W, OCR_H), interpolation=cv2.INTER_LINEAR)


def ocr_sharpen(im, rng):
    """Unsharp mask (sigma 0.8-1.6 px, amount 0.5-2): a crop as crisp as one cut down from a large, focused
    plate or sharpened by a camera's processing, with its halos. The real training crops are soft (upscaled
    from 70-320 px) and the synthetic ones blurred, so without it the OCR sees sharp glyphs rarely."""
    x = im.astype(np.float32)
    b = cv2.GaussianBlur(x, (0, 0), rng.uniform(0.8, 1.6))
    return np.clip(x + rng.uniform(0.5, 2.0) * (x - b), 0, 255).astype(np.uint8)


def ocr_night(im, rng):
    """A plate seen by a grey or infrared camera at night: the retroreflective parts (border, characters) glow
    into their surroundings, the contrast is low at a random level, the sensor is noisy and soft. Grey in, grey
    out (uint8); the photometric augmentation still follows it."""
    x = im.astype(np.float32) / 255.0
    if rng.random() < 0.6:
        bright = np.clip((x - rng.uniform(0.6, 0.85)) * 4.0, 0.0, 1.0)
        x = x + rng.uniform(0.2, 0.7) * cv2.GaussianBlur(bright, (0, 0), rng.uniform(1.5, 5.0))
    x = (x - float(x.mean())) * rng.uniform(0.3, 0.7) + rng.uniform(0.15, 0.55)
    x = cv2.GaussianBlur(x, (0, 0), rng.uniform(0.5, 1.5))
    x = x + rng.standard_normal(x.shape).astype(np.float32) * rng.uniform(0.01, 0.05)
    return np.clip(x * 255.0, 0, 255).astype(np.uint8)


def to_tensor_grey(im):
    return torch.from_numpy(im).float().div_(255.0).unsqueeze(0)


class OCRTrainStream(torch.utils.data.Dataset):
    """Sample key -> (crop [1,64,192], label [10]). Mixes real and synthetic crops:
    a sample is real with probability real_weight (when both exist)."""

    def __init__(
        self,
        real,
        synth,
        real_weight,
        seed,
        loose=0.0,
        balance=0.0,
        glyph_mix=0.0,
        sharpen=0.0,
        log=print,
        invert=0.05,
        night=0.0,
        set_weights=None,
        far_camera=0.0,
    ):
        self.real, self.synth, self.seed, self.loose, self.sharpen = real, synth, seed, loose, sharpen
        self.invert, self.night, self.far_camera = invert, night, far_camera
        self.real_weight = real_weight if (real and synth) else (1.0 if real else 0.0)
        # no weights and no balance: uniform over the real crops, drawn as every earlier run drew them
        self.real_cum = real_sampling(real, balance, set_weights) if (balance > 0 or set_weights) and real else None
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
        if rng.random() < self.invert:
            im = 255 - im  # inverted plates (light text on dark)
        im = ocr_warp(im, rng, loose=self.loose)
        if self.far_camera > 0 and rng.random() < self.far_camera:  # no draw when off: earlier runs replay
            im = ocr_far_camera(im, rng)
        elif rng.random() < 0.25:
            im = ocr_low_res(im, rng)
        elif self.sharpen > 0 and rng.random() < self.sharpen:  # no draw when off: earlier runs replay
            im = ocr_sharpen(im, rng)
        if self.night > 0 and rng.random() < self.night:  # no draw when off: earlier runs replay
            im = ocr_night(im, rng)
        im = photometric(im, rng)
        return to_tensor_grey(im), torch.from_numpy(encode_plate(plate))


def real_sampling(items, power=0.0, set_weights=None):
    """Cumulative sampling weights of the real crops: the character balance (real_char_balance) times the weight
    of the crop's set (set_weights: {"ocr-us": 2.0, "pseudo": 0.5}; a set not named weighs 1). A set's weight
    scales each of its crops, so ocr-us=2 draws a US crop twice as often as one of another set."""
    w = np.diff(real_char_balance(items, power), prepend=0.0) if power > 0 else np.ones(len(items), np.float64)
    if set_weights:
        w = w * np.array([set_weights.get(it["src"], 1.0) for it in items], np.float64)
    return np.cumsum(w / w.sum())


def parse_set_weights(spec):
    """ "ocr-us=2,pseudo=0.5" -> {"ocr-us": 2.0, "pseudo": 0.5}; a weight must be > 0."""
    out = {}
    for part in filter(None, (spec or "").split(",")):
        name, _, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise ValueError("--set-weights: '%s' is not NAME=WEIGHT" % part) from None
        if not out[name.strip()] > 0:
            raise ValueError("--set-weights: the weight of %s must be > 0" % name)
    return out


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


def val_lines(items):
    """The validation items as lines the OCR reads: a two-row crop gives its two row bands, each its own item."""
    out = []
    for it in items:
        if "rows" in it:
            rest = {k: v for k, v in it.items() if k != "rows"}
            out += [dict(rest, img=row_band(it["img"], r), plate=it["rows"][r]) for r in range(2)]
        else:
            out.append(it)
    return out


def ocr_val_tensors(items):
    x = torch.stack([to_tensor_grey(ocr_warp(it["img"])) for it in items])
    y = torch.stack([torch.from_numpy(encode_plate(it["plate"])) for it in items])
    return x, y
