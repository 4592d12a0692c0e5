#!/usr/bin/python3
"""Train the CenterNet-style plate detector (detector.onnx). See README.md in this folder.

    /usr/bin/python3 models/training/train_detector.py --minutes 60 --synth /work/data/synth-1 --export

Real frames: scenes-ro/train (VOC XML). Validation on scenes-ro/valid, letterboxed exactly as
the Java engine does (--val-size, default 640x384): recall and precision at IoU 0.5 for
score >= --score-thr, and AP50; best.pt keeps the best AP50.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402
from nets import PlateDetector, count_params  # noqa: E402
from detector_data import (  # noqa: E402
    DetTrainStream,
    SceneCache,
    bgr_to_tensor,
    letterbox,
    load_scenes_ro,
    load_synth_scenes,
)
from metrics import average_precision, decode_detections, match_dets  # noqa: E402
from paths import DEFAULT_RUNS  # noqa: E402
from training import Logger, add_common_args, fit  # noqa: E402


def parse_size(s):
    w, h = (int(v) for v in s.lower().split("x"))
    assert w % 32 == 0 and h % 32 == 0, "sizes must be multiples of 32"
    return w, h


def focal_loss(logits, target, alpha=2.0, beta=4.0):
    """CenterNet penalty-reduced focal loss on logits, normalised by the number of centres."""
    pos = target.eq(1).float()
    neg = 1.0 - pos
    logp = F.logsigmoid(logits)
    log1mp = F.logsigmoid(-logits)
    p = torch.sigmoid(logits)
    pos_loss = -logp * (1 - p) ** alpha * pos
    neg_loss = -log1mp * p**alpha * (1 - target) ** beta * neg
    n = pos.sum().clamp(min=1.0)
    return (pos_loss.sum() + neg_loss.sum()) / n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap, os.path.join(DEFAULT_RUNS, "detector"))
    ap.add_argument(
        "--size",
        type=parse_size,
        default=(512, 320),
        help="training crop WxH, multiples of 32 (fully convolutional: trains on crops, runs "
        "at any size; default %(default)s)",
    )
    ap.add_argument(
        "--val-size", type=parse_size, default=(contract.DET_VAL_W, contract.DET_VAL_H), help="validation letterbox WxH"
    )
    ap.add_argument(
        "--val-synth",
        action="append",
        default=[],
        metavar="DIR",
        help="synthetic scenes to validate on beside scenes-ro/valid (repeatable; never a training draw): the "
        "checkpoint kept is the one with the best mean AP50 over the validation sets",
    )
    ap.add_argument("--cache-long", type=int, default=800, help="cache frames resized to this long side")
    ap.add_argument("--cache-mb", type=int, default=6000, help="decoded-frame RAM budget; JPEG beyond it")
    ap.add_argument("--min-plate", type=float, default=16, help="smallest plate width (px) of scale aug")
    ap.add_argument("--max-plate-frac", type=float, default=0.6, help="largest plate width / input width")
    ap.add_argument("--score-thr", type=float, default=0.3, help="score threshold for val recall/precision")
    ap.add_argument("--width", type=float, default=1.0, help="backbone width multiplier")
    ap.add_argument("--fpn", type=int, default=48, help="FPN / head channels")
    ap.add_argument(
        "--stride",
        type=int,
        default=8,
        choices=(4, 8),
        help="output stride: 8 (default) or 4 (the first models; 1.6x the time per frame)",
    )
    ap.add_argument("--size-weight", type=float, default=1.0, help="weight of the L1 loss on log w,h")
    ap.add_argument("--off-weight", type=float, default=1.0, help="weight of the L1 loss on dx,dy")
    a = ap.parse_args(argv)
    a.batch = a.batch or 16
    a.lr = a.lr or 3e-3
    a.epoch_size = a.epoch_size or 3200
    log = Logger(a.out)
    log("train_detector", " ".join(sys.argv[1:]))
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)

    t0 = time.time()
    real = SceneCache(a.cache_long, a.cache_mb)
    load_scenes_ro(real, a.datasets, "train", log=log)
    synth = SceneCache(a.cache_long, max(0, a.cache_mb - real.used / 1e6))
    if a.synth:
        load_synth_scenes(synth, a.synth, a.max_synth, log=log)
    val = SceneCache(a.cache_long, 2000)
    load_scenes_ro(val, a.datasets, "valid", log=log)
    log("data loaded in %.1fs" % (time.time() - t0))
    W, H = a.size
    ds = DetTrainStream(real, synth, a.real_weight, a.seed, W, H, a.min_plate, a.max_plate_frac, a.stride)
    log("sampling: %.0f%% real, train size %dx%d" % (100 * ds.real_weight, W, H))

    VW, VH = a.val_size
    # validation sets: scenes-ro/valid (Romanian dash-cam frames, near-duplicates of train: optimistic) and any
    # --val-synth draws (every profile, far plates in 1080p frames), each letterboxed exactly as the engine does
    val_sets = [("ro", val)]
    for d in a.val_synth:
        vs = SceneCache(a.cache_long, 3000)
        load_synth_scenes(vs, [d], log=log)
        val_sets.append((os.path.basename(os.path.normpath(d)), vs))
    vals = []
    for name, cache in val_sets:
        xs, gts = [], []
        for i in range(len(cache)):
            lb, s = letterbox(cache.image(i), VW, VH)
            xs.append(bgr_to_tensor(lb))
            gts.append(cache.items[i]["boxes"] * s)
        vals.append((name, torch.stack(xs), gts))

    net_args = dict(width=a.width, fpn=a.fpn, stride=a.stride)
    net = PlateDetector(**net_args)
    log("PlateDetector params: %d" % count_params(net))

    def loss_fn(net, batch):
        x, heat, reg, mask, sw = batch
        hl, br = net(x)
        l_heat = focal_loss(hl, heat)
        npos = mask.sum().clamp(min=1.0)
        l_off = (F.l1_loss(torch.sigmoid(br[:, 0:2]), reg[:, 0:2], reduction="none") * mask).sum() / npos
        l_size = (F.l1_loss(PlateDetector.log_wh(br), reg[:, 2:4], reduction="none") * sw).sum() / sw.sum().clamp(
            min=1.0
        )
        loss = l_heat + a.off_weight * l_off + a.size_weight * l_size
        return loss, {"heat": l_heat.item(), "off": l_off.item(), "size": l_size.item()}

    def validate_set(net, val_x, val_gt):
        scores, tps, n_gt, tp_thr, det_thr = [], [], 0, 0, 0
        for i in range(0, len(val_x), 8):
            hl, br = net(val_x[i : i + 8].to(a.device_t))
            heat, boxes = torch.sigmoid(hl).cpu(), PlateDetector.decode_boxes(br).cpu()
            for j in range(len(hl)):
                gt = val_gt[i + j]
                dets = decode_detections(heat[j], boxes[j], thr=0.05, stride=a.stride)
                tp = match_dets(dets, gt) if len(dets) else np.zeros(0, bool)
                scores += list(dets[:, 4])
                tps += list(tp)
                n_gt += len(gt)
                d2 = dets[dets[:, 4] >= a.score_thr]
                if len(d2):
                    tp_thr += int(match_dets(d2, gt).sum())
                    det_thr += len(d2)
        return dict(
            ap50=average_precision(scores, tps, n_gt),
            recall=tp_thr / max(1, n_gt),
            precision=tp_thr / max(1, det_thr),
            n_gt=n_gt,
        )

    def validate(net):
        """scenes-ro/valid's metrics under their own names (as before --val-synth); with synthetic validation
        sets also each set's AP50 and recall, and ap50 becomes the mean AP50 over the sets."""
        net.eval()
        with torch.no_grad():
            per = [(name, validate_set(net, x, gt)) for name, x, gt in vals]
        net.train()
        out = dict(per[0][1])
        if len(per) > 1:
            for name, m in per:
                out["ap50_" + name] = m["ap50"]
                out["recall_" + name] = m["recall"]
            out["ap50"] = float(np.mean([m["ap50"] for _, m in per]))
        return out

    def export_fn(ckpt):
        from export import load_net, export_detector

        n, _ = load_net(ckpt, "det")
        export_detector(n, os.path.join(a.out, "detector.onnx"))

    val_cost = 15.0 * sum(len(x) for _, x, _ in vals) / len(vals[0][1])
    fit(a, log, net, net_args, ds, loss_fn, validate, "ap50", export_fn, val_cost_s=val_cost)


if __name__ == "__main__":
    main()
