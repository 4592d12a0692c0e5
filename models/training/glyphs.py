"""Real glyphs moved between real plate crops ("glyph mixing").

The real Brazilian crops (ocr-br) are 71% plates whose first letter is A and hold the Mandatory
typeface's O only 50 times, almost never first: an OCR trained on them learns where letters stand
as much as what they look like, and reads the first-letter O of other states as D or Q. Here the
old-format plates (ABC1234: three letters, a separator, four digits) are cut into their character
cells by the ink profile of their columns, and a training sample may have some of its letter (or
digit) cells replaced by real cells of the same kind from other training crops, drawn uniformly
over characters, re-inked in the target's own ink and background levels. Only crops whose cells
are found cleanly (seven cells of plausible size and spacing) take part; the validation split is
never touched (the bank is built from the training crops only).
"""
import re

import cv2
import numpy as np

OLD_BR = re.compile(r"^[A-Z]{3}[0-9]{4}$")


def _runs(mask):
    """[(start, end)) of True runs in a 1-d bool array."""
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))


def _cells(core, cols, ch, w):
    """Seven character cells from a column mask, or None. Runs touching the crop's sides (the
    plate's border) and runs lower than 60% of the character height (the separator, dirt) drop."""
    cells = []
    for a, b in _runs(cols):
        if a == 0 or b >= w:
            continue
        filled = np.flatnonzero(core[:, a:b].any(1))
        if len(filled) and filled[-1] - filled[0] + 1 >= 0.6 * ch:
            cells.append((int(a), int(b)))
    if len(cells) != 7:
        return None
    widths = np.array([b - a for a, b in cells], np.float32)
    med = float(np.median(widths))
    if med < 4 or widths.max() > 2.2 * med or med > 0.9 * ch:
        return None
    # the letters' gap to the digits (the separator sits there) is the widest gap
    gaps = [cells[i + 1][0] - cells[i][1] for i in range(6)]
    if int(np.argmax(gaps)) != 2:
        return None
    return cells


def segment(img):
    """img grey uint8 (a tight old-Brazilian crop) -> dict(cells=[(x0,x1)]*7, y0, y1, ink, bg, dark) or None.
    Cells are the ink column runs of the character band; the separator (a dot or a short dash, low in
    height) and the plate's border are dropped; anything other than seven cells is refused."""
    h, w = img.shape[:2]
    if h < 16 or w < 48:
        return None
    g = img.astype(np.float32)
    top = int(0.3 * h)
    band = g[top : int(0.95 * h)]
    thr, _ = cv2.threshold(band.astype(np.uint8), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    below = (band < thr).mean()
    dark = below < 0.5  # ink is the minority class
    ink = (band < thr) if dark else (band >= thr)
    if not 0.08 < ink.mean() < 0.45:
        return None
    # rows of the characters: the longest run of rows with enough ink
    rows = ink.mean(1) > 0.12
    rr = _runs(rows)
    if not rr:
        return None
    ry0, ry1 = max(rr, key=lambda r: r[1] - r[0])
    ch = ry1 - ry0
    if ch < 0.35 * band.shape[0]:
        return None
    core = ink[ry0:ry1]
    prof = core.mean(0)
    # characters blurred into each other need a higher column threshold to come apart: take the
    # lowest one that gives seven cells of plausible size and spacing
    for t in (0.06, 0.1, 0.15, 0.2, 0.27, 0.35):
        cells = _cells(core, prof > t, ch, w)
        if cells is not None:
            break
    else:
        return None
    # the threshold that parted the cells cuts into round letters (an O's middle columns hold
    # little ink): widen each cell to where its ink ends, never past the middle of a gap
    lo_t = 0.04
    wide = []
    for i, (a, b) in enumerate(cells):
        left = (cells[i - 1][1] + a) // 2 if i else 1
        right = (b + cells[i + 1][0]) // 2 if i < 6 else w - 1
        while a > left and prof[a - 1] > lo_t:
            a -= 1
        while b < right and prof[b] > lo_t:
            b += 1
        wide.append((int(a), int(b)))
    cells = wide
    # the characters' rows over the whole height (the band may have cut their tops)
    full = (g < thr) if dark else (g >= thr)
    x0c, x1c = cells[0][0], cells[-1][1]
    rowf = full[:, x0c:x1c].mean(1) > 0.12
    mid = top + (ry0 + ry1) // 2
    y0, y1 = mid, mid
    while y0 > 0 and rowf[y0 - 1]:
        y0 -= 1
    while y1 < h and rowf[y1]:
        y1 += 1
    if y1 - y0 < ch or y1 - y0 > 1.3 * ch or y1 - y0 > 0.8 * h:
        return None
    ww = np.array([b - a for a, b in cells], np.float32)
    if ww.max() > 1.6 * np.median(ww) or np.median(ww) > 0.85 * (y1 - y0):
        return None  # widened into the border or a neighbour
    chars = g[y0:y1][:, min(a for a, _ in cells) : max(b for _, b in cells)]
    inkv = float(np.percentile(chars, 8 if dark else 92))
    bgv = float(np.percentile(chars, 85 if dark else 15))
    if abs(bgv - inkv) < 25:
        return None
    return dict(cells=cells, y0=y0, y1=y1, ink=inkv, bg=bgv, dark=bool(dark))


class GlyphBank:
    """Ink mattes of the cells of the segmented real old-Brazilian training crops, by character
    (made once here; the training stream only resizes and re-inks them)."""

    def __init__(self, items, log=print):
        self.by_char, self.segs, self.items = {}, {}, items
        n = 0
        for idx, it in enumerate(items):
            if not OLD_BR.match(it["plate"]):
                continue
            n += 1
            s = segment(it["img"])
            if s is None:
                continue
            self.segs[idx] = s
            med = float(np.median([b - a for a, b in s["cells"]]))
            for pos, (a, b) in enumerate(s["cells"]):
                c = it["plate"][pos]
                if c not in "1I" and b - a < 0.55 * med:
                    continue  # too narrow for its character: a wrong cut
                m = self.alpha(idx, pos)
                if m.shape[0] < 0.85 * (s["y1"] - s["y0"]):
                    continue  # shorter than its neighbours: a wrong cut
                cy = (m.sum(1) * np.arange(m.shape[0])).sum() / max(1e-6, m.sum()) / m.shape[0]
                if not 0.38 < cy < 0.62:
                    continue  # ink off the middle: something else in the cell
                edge = np.concatenate([m[:2], m[-2:]]) > 0.5
                if c not in "1I" and edge.mean(1).max() > 0.9:
                    continue  # a border line above or below the glyph
                self.by_char.setdefault(c, []).append(m)
        # a glyph much narrower for its height than the rest of its character was cut wrongly
        for c, mattes in self.by_char.items():
            asp = np.array([m.shape[1] / m.shape[0] for m in mattes])
            self.by_char[c] = [m for m, a_ in zip(mattes, asp) if 0.8 * np.median(asp) <= a_ <= 1.25 * np.median(asp)]
        self.letters = sorted(c for c in self.by_char if c.isalpha() and self.by_char[c])
        self.digits = sorted(c for c in self.by_char if c.isdigit() and self.by_char[c])
        log(
            "glyph bank: %d of %d old-Brazilian training crops segmented, %d letters (%s) and %d digits"
            % (len(self.segs), n, len(self.letters), "".join(self.letters), len(self.digits))
        )

    def alpha(self, idx, pos, pad=1):
        """The ink of cell pos of crop idx as a 0..1 matte (1 = ink), with a pad column each side."""
        s, img = self.segs[idx], self.items[idx]["img"].astype(np.float32)
        a, b = s["cells"][pos]
        a, b = max(0, a - pad), min(img.shape[1], b + pad)
        patch = img[s["y0"] : s["y1"], a:b]
        m = np.clip((patch - s["bg"]) / (s["ink"] - s["bg"]), 0.0, 1.0)
        rows = np.flatnonzero(m.max(1) > 0.5)  # the glyph's own top and bottom
        return m[rows[0] : rows[-1] + 1] if len(rows) >= 2 else m

    def mix(self, idx, rng, p_cell=0.5):
        """A copy of crop idx with some cells replaced by other crops' cells -> (img, plate), or None
        when the crop was not segmented. Each cell is replaced with probability p_cell (the first at
        least once), by a character drawn uniformly from those of its kind in the bank."""
        s = self.segs.get(idx)
        if s is None:
            return None
        img = self.items[idx]["img"].astype(np.float32)
        plate = list(self.items[idx]["plate"])
        cells = s["cells"]
        ch = s["y1"] - s["y0"]
        changed = False
        for pos in range(7):
            if not (pos == 0 or rng.random() < p_cell):
                continue
            pool = self.letters if pos < 3 else self.digits
            c = pool[int(rng.integers(len(pool)))]
            m = self.by_char[c][int(rng.integers(len(self.by_char[c])))]
            # scale the source cell to the target's character height, keep its aspect
            nw = max(2, int(round(m.shape[1] * ch / max(1, m.shape[0]))))
            m = cv2.resize(m, (nw, ch), interpolation=cv2.INTER_AREA if m.shape[0] > ch else cv2.INTER_LINEAR)
            a, b = cells[pos]
            lo = cells[pos - 1][1] + 1 if pos > 0 else max(0, a - (b - a) // 3)
            hi = cells[pos + 1][0] - 1 if pos < 6 else min(img.shape[1], b + (b - a) // 3)
            # wipe the old character: background level over its slot (the character rows only)
            region = img[s["y0"] : s["y1"], lo:hi]
            old = np.clip((region - s["bg"]) / (s["ink"] - s["bg"]), 0.0, 1.0)
            region -= old * (s["ink"] - s["bg"])
            # the new one, centred where the old one stood, clipped to the slot
            cx = (a + b) // 2
            if nw > hi - lo:  # wider than the slot: narrowed, never cut
                nw = hi - lo
                m = cv2.resize(m, (max(2, nw), ch), interpolation=cv2.INTER_AREA)
            x0 = max(lo, min(cx - nw // 2, hi - nw))
            x1 = x0 + nw
            if nw < 2:
                continue
            mm = m[:, : x1 - x0]
            img[s["y0"] : s["y1"], x0:x1] += mm * (s["ink"] - s["bg"])
            plate[pos] = c
            changed = True
        if changed:
            img += rng.normal(0, 2.0, img.shape)
        return np.clip(img, 0, 255).astype(np.uint8), "".join(plate)
