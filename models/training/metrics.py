"""Detector evaluation: decoding as the Java decoder does, NMS, IoU, matching to ground truth, AP50."""
import numpy as np
import torch


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
