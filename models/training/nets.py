"""Network definitions for the Lanekeeper plate detector and plate OCR.

Both are small CNNs built only from Conv/BatchNorm/ReLU/Hardswish/Resize/Add/Flatten/Gemm/
Softmax/Sigmoid/Exp/Clip, which export to ONNX opset 13-17 and run on ONNX Runtime and
TensorRT. The contract the exported graphs follow is in ../README.md.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# the contract's constants (alphabet, input sizes, refiner window) live in contract.py, which the
# export stamps into each ONNX file; imported from here by the trainers
from contract import ALPHABET, SLOTS, OCR_H, OCR_W, REF_H, REF_W, REF_WIN_X, REF_WIN_Y  # noqa: F401


def conv_bn(cin, cout, k=3, s=1, groups=1, act=True, act_cls=nn.ReLU):
    layers = [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if act:
        layers.append(act_cls(inplace=True))
    return nn.Sequential(*layers)


class DWSep(nn.Module):
    """Depthwise kxk + pointwise 1x1, BN + activation after each; residual when shapes match."""

    def __init__(self, cin, cout, s=1, k=3, act_cls=nn.ReLU):
        super().__init__()
        self.dw = conv_bn(cin, cin, k, s, groups=cin, act_cls=act_cls)
        self.pw = conv_bn(cin, cout, 1, 1, act_cls=act_cls)
        self.res = s == 1 and cin == cout

    def forward(self, x):
        y = self.pw(self.dw(x))
        return x + y if self.res else y


# ----------------------------------------------------------------------------- OCR
class PlateOCR(nn.Module):
    """Fixed-slot OCR: [N,1,64,192] grey 0..1 -> [N,10,37] (softmax at export).

    Backbone reduces to a 4x12 feature map, a 1x1 conv squeezes channels, the map is
    flattened (keeps position, which is what tells slot i where its character is) and a
    two-layer MLP predicts all 10 slots at once (as fast-plate-ocr does).
    """

    def __init__(self, width=1.0, squeeze=48, hidden=256, dropout=0.2):
        super().__init__()
        c = [int(round(v * width)) for v in (16, 64, 96, 128, 160)]
        self.features = nn.Sequential(
            conv_bn(1, c[0], 3, 2),  # 32x96
            conv_bn(c[0], c[1], 3, 2),  # 16x48 (full conv: cheap at this size)
            DWSep(c[1], c[1]),
            DWSep(c[1], c[2], s=2),  # 8x24
            DWSep(c[2], c[2]),
            DWSep(c[2], c[3]),
            DWSep(c[3], c[4], s=2),  # 4x12
            DWSep(c[4], c[4], k=5),
            DWSep(c[4], c[4], k=5),
            conv_bn(c[4], squeeze, 1, 1),
        )
        self.head = nn.Sequential(
            nn.Flatten(1),
            nn.Dropout(dropout),
            nn.Linear(squeeze * (OCR_H // 16) * (OCR_W // 16), hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(hidden, SLOTS * len(ALPHABET)),
        )

    def forward(self, x):
        """Returns logits [N, 10, 37]."""
        return self.head(self.features(x)).reshape(-1, SLOTS, len(ALPHABET))


class SeqBlock(nn.Module):
    """Depthwise 1xk along the columns + pointwise, residual: context between neighbouring columns."""

    def __init__(self, c, k=5):
        super().__init__()
        self.dw = nn.Sequential(
            nn.Conv2d(c, c, (1, k), 1, (0, k // 2), groups=c, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True)
        )
        self.pw = conv_bn(c, c, 1, 1)

    def forward(self, x):
        return x + self.pw(self.dw(x))


class PlateOCRCTC(nn.Module):
    """CTC OCR: [N,1,64,192] grey 0..1 -> logits [N,T,37] over T columns (index 0 = CTC blank).

    Early strides to 16x48, then height-only strides to 2x48 (the columns keep the reading
    order), a full-height conv collapses to one row, two 1x5 sequence blocks give each column
    its neighbours' context. Each column sees a narrow slice of the plate, so the network learns
    character shapes from the first steps instead of first learning where each slot sits.
    Reads one text line; two-row plates need the fixed-slot head.

    up > 1 splits each column into `up` CTC steps (the classifier gives up x 37 logits per column, interleaved into
    up x T steps): a plate of nine or ten characters spans about 18 of the 24 columns, too few for CTC to put a
    blank between every two characters, and the reads of long plates lose characters (`models/ocr.md`, "(Tried)
    two CTC steps per column": fewer characters lost, the suite not better). The steps share everything before the
    classifier, so the cost is the classifier's and the decoder's.
    """

    def __init__(self, width=1.0, dropout=0.1, half=True, stem="pool", tail=1.0, seq=2, up=1):
        super().__init__()
        # tail widens only the last stages (2x24 and 1x24 maps), where channels cost little time
        c = [int(round(v * width * (tail if i >= 3 else 1.0))) for i, v in enumerate((16, 48, 96, 128, 160))]
        # half: read at 96x32, 24 columns, still ~10 px per character on a 7-character plate.
        # stem "pool" gets there by 2x2 average pooling in the graph (a quarter of the work);
        # stem "conv" by a learned stride-2 conv over the full 192x64 crop (8 channels), which
        # keeps the fine detail that tells O from D or 8 from B for a few hundred k MACs more.
        if half and stem == "conv":
            pre, first_in = [conv_bn(1, 8, 3, 2)], 8
        else:
            pre, first_in = ([nn.AvgPool2d(2)] if half else []), 1
        self.up = up
        self.columns = OCR_W // (8 if half else 4) * up
        self.features = nn.Sequential(
            *pre,
            conv_bn(first_in, c[0], 3, 2),  # 16x48 (half) or 32x96
            conv_bn(c[0], c[1], 3, 2),  # 8x24 or 16x48
            DWSep(c[1], c[1]),
            DWSep(c[1], c[2], s=(2, 1)),  # 4 or 8 rows
            DWSep(c[2], c[2]),
            DWSep(c[2], c[3], s=(2, 1)),  # 2 or 4 rows
            DWSep(c[3], c[3]),
            *([] if half else [DWSep(c[3], c[4], s=(2, 1))]),
            conv_bn(c[3] if half else c[4], c[4], 1, 1),
        )
        self.collapse = nn.Sequential(
            nn.Conv2d(c[4], c[4], (2, 1), 1, 0, bias=False), nn.BatchNorm2d(c[4]), nn.ReLU(inplace=True)
        )  # 1 row
        self.seq = nn.Sequential(*[SeqBlock(c[4]) for _ in range(seq)])
        self.drop = nn.Dropout(dropout)
        self.cls = nn.Conv2d(c[4], len(ALPHABET) * up, 1)

    def forward(self, x):
        """Returns logits [N, columns, 37]."""
        y = self.cls(self.drop(self.seq(self.collapse(self.features(x)))))  # N,up*37,1,T
        if self.up == 1:
            return y.flatten(2).permute(0, 2, 1)
        t = y.shape[-1]
        # channel s*37+k of column t is class k of step t*up+s
        return y.reshape(-1, self.up, len(ALPHABET), t).permute(0, 3, 1, 2).reshape(-1, t * self.up, len(ALPHABET))

    def after_onnx_init(self, widened):
        """A file read into a network with more steps per column (training.init_from_onnx) filled the first step's
        classifier; every step gets that one's weights, so each column emits its character `up` times over, which
        CTC collapses to what the file read: the grown network starts reading exactly as the file did."""
        if self.up == 1 or "cls" not in widened:
            return
        k = len(ALPHABET)
        with torch.no_grad():
            for s in range(1, self.up):
                self.cls.weight[s * k : (s + 1) * k].copy_(self.cls.weight[:k])
                self.cls.bias[s * k : (s + 1) * k].copy_(self.cls.bias[:k])


def ctc_greedy(probs_row):
    """[T,37] probabilities -> text (collapse repeats, drop blanks)."""
    idx = probs_row.argmax(-1).tolist()
    out, prev = [], 0
    for i in idx:
        if i != prev and i != 0:
            out.append(ALPHABET[i])
        prev = i
    return "".join(out)


class OCRExport(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, crop):
        return torch.softmax(self.net(crop), dim=-1)


# ----------------------------------------------------------------------------- detector
class PlateDetector(nn.Module):
    """CenterNet-style plate detector, stride-4 or stride-8 output.

    Backbone stages at stride 4/8/16/32 (depthwise-separable, 5x5 depthwise kernels in the
    deep stages for a large receptive field: big plates can cover >half the frame), an
    FPN-lite top-down path (1x1 laterals, nearest 2x upsample, add) down to stride 4, and two
    heads. forward() returns raw (heat_logits [N,1,h,w], box_raw [N,4,h,w]);
    decode_boxes() turns box_raw into the contract's dx,dy (sigmoid) and w,h (pixels).
    stride=8 stops the top-down path at stride 8: no stride-4 lateral, smoothing or heads, which
    were two fifths of the time of a frame; a plate of 24 px is still three cells wide.
    """

    # log(w), log(h) = LOG_WH_LO + (LOG_WH_HI - LOG_WH_LO) * sigmoid(raw): bounded 2..2000 px
    # without Clip (only Sigmoid/Mul/Add/Exp, which every runtime has).
    LOG_WH_LO = 0.6931471805599453  # log(2)
    LOG_WH_HI = 7.600902459542082  # log(2000)

    def __init__(self, width=1.0, fpn=48, stride=4):
        super().__init__()
        assert stride in (4, 8), "stride must be 4 or 8"
        self.stride = stride
        c = [int(round(v * width)) for v in (16, 32, 64, 128, 256)]
        act = nn.Hardswish
        self.stem = nn.Sequential(conv_bn(3, c[0], 3, 2, act_cls=act))  # /2
        self.s4 = nn.Sequential(DWSep(c[0], c[1], s=2, act_cls=act), DWSep(c[1], c[1], act_cls=act))  # /4
        self.s8 = nn.Sequential(
            DWSep(c[1], c[2], s=2, act_cls=act), DWSep(c[2], c[2], act_cls=act), DWSep(c[2], c[2], act_cls=act)
        )  # /8
        self.s16 = nn.Sequential(
            DWSep(c[2], c[3], s=2, k=5, act_cls=act),
            DWSep(c[3], c[3], k=5, act_cls=act),
            DWSep(c[3], c[3], k=5, act_cls=act),
        )  # /16
        self.s32 = nn.Sequential(
            DWSep(c[3], c[4], s=2, k=5, act_cls=act),
            DWSep(c[4], c[4], k=5, act_cls=act),
            DWSep(c[4], c[4], k=5, act_cls=act),
        )  # /32
        self.lat32 = conv_bn(c[4], fpn, 1, act=False)
        self.lat16 = conv_bn(c[3], fpn, 1, act=False)
        self.lat8 = conv_bn(c[2], fpn, 1, act=False)
        self.smooth16 = DWSep(fpn, fpn, act_cls=act)
        self.smooth8 = DWSep(fpn, fpn, act_cls=act)
        if stride == 4:
            self.lat4 = conv_bn(c[1], fpn, 1, act=False)
            self.smooth4 = DWSep(fpn, fpn, act_cls=act)
        self.heat = nn.Sequential(conv_bn(fpn, fpn, 3, groups=fpn, act_cls=act), nn.Conv2d(fpn, 1, 1))
        self.box = nn.Sequential(conv_bn(fpn, fpn, 3, groups=fpn, act_cls=act), nn.Conv2d(fpn, 4, 1))
        nn.init.constant_(self.heat[-1].bias, -4.6)  # prior 0.01 (CenterNet)
        nn.init.zeros_(self.box[-1].bias)

    @staticmethod
    def _up(x):
        return F.interpolate(x, scale_factor=2.0, mode="nearest")

    def forward(self, x):
        x = self.stem(x)
        f4 = self.s4(x)
        f8 = self.s8(f4)
        f16 = self.s16(f8)
        f32 = self.s32(f16)
        p = self.lat32(f32)
        p = self.smooth16(self.lat16(f16) + self._up(p))
        p = self.smooth8(self.lat8(f8) + self._up(p))
        if self.stride == 4:
            p = self.smooth4(self.lat4(f4) + self._up(p))
        return self.heat(p), self.box(p)

    @classmethod
    def log_wh(cls, box_raw):
        return cls.LOG_WH_LO + (cls.LOG_WH_HI - cls.LOG_WH_LO) * torch.sigmoid(box_raw[:, 2:4])

    @classmethod
    def decode_boxes(cls, box_raw):
        dxdy = torch.sigmoid(box_raw[:, 0:2])
        return torch.cat([dxdy, torch.exp(cls.log_wh(box_raw))], dim=1)


class DetectorExport(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        heat, box = self.net(image)
        return torch.sigmoid(heat), PlateDetector.decode_boxes(box)


def count_params(m):
    return sum(p.numel() for p in m.parameters())


# ----------------------------------------------------------------------------- box refiner
class PlateRefiner(nn.Module):
    """Box refiner: [N,1,64,128] grey 0..1 window around a detector box -> [N,4] the plate's own edges
    x0, y0, x1, y1 as fractions of the window. The detector's stride-8 boxes are loose (a holder or
    mount taken for the plate, +-10% of the width); the refiner sees the plate at about 90 px wide and
    puts its edges to a pixel or two, so the OCR gets the crop it was trained on.

    Depthwise-separable stages down to 4x8 keep where things are; a flatten and two fully connected
    layers regress the four edges (a global pool would throw the positions away)."""

    def __init__(self, width=1.0):
        super().__init__()
        c = [int(round(v * width)) for v in (16, 32, 64, 96)]
        act = nn.Hardswish
        self.features = nn.Sequential(
            conv_bn(1, c[0], 3, 2, act_cls=act),  # 32x64
            DWSep(c[0], c[1], s=2, act_cls=act),
            DWSep(c[1], c[1], act_cls=act),  # 16x32
            DWSep(c[1], c[2], s=2, act_cls=act),
            DWSep(c[2], c[2], act_cls=act),  # 8x16
            DWSep(c[2], c[3], s=2, act_cls=act),
            DWSep(c[3], c[3], act_cls=act),
        )  # 4x8
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(c[3] * (REF_H // 16) * (REF_W // 16), 128), nn.Hardswish(), nn.Linear(128, 4)
        )
        nn.init.zeros_(self.head[-1].weight)
        with torch.no_grad():  # start at the plate a window of REF_WIN_X x REF_WIN_Y around it would hold
            self.head[-1].bias.copy_(
                torch.tensor(
                    [0.5 - 0.5 / REF_WIN_X, 0.5 - 0.5 / REF_WIN_Y, 0.5 + 0.5 / REF_WIN_X, 0.5 + 0.5 / REF_WIN_Y]
                )
            )

    def forward(self, crop):
        return self.head(self.features(crop))
