#!/usr/bin/python3
"""Train the fixed-slot plate OCR (ocr.onnx). See README.md in this folder.

    /usr/bin/python3 models/training/train_ocr.py --minutes 60 --synth /work/data/synth-1 --export

Real crops: ocr-br + ocr-us, split by distinct plate text (20% of texts -> val). Validation:
exact plate accuracy and per-slot char accuracy on the real val split; best.pt keeps the best
exact accuracy.
"""
import argparse
import hashlib
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nets import PlateOCR, PlateOCRCTC, ALPHABET, count_params, ctc_greedy  # noqa: E402
from ocr_data import (  # noqa: E402
    parse_set_weights,
    OCRTrainStream,
    load_pseudo_ocr,
    load_real_ocr,
    load_synth_ocr,
    ocr_val_tensors,
    val_lines,
)
from paths import DEFAULT_RUNS  # noqa: E402
from training import Logger, add_common_args, fit, init_from_onnx, load_ckpt  # noqa: E402


def file_sha256(path):
    """The file's SHA-256, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def set_mean(per_src):
    """The mean of the validation sets' own accuracies (--select macro): each set weighs alike, as in the suite."""
    return sum(per_src.values()) / max(1, len(per_src))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(ap, os.path.join(DEFAULT_RUNS, "ocr"))
    ap.add_argument("--val-frac", type=float, default=0.2, help="fraction of distinct real plate texts held out")
    ap.add_argument(
        "--real-sets",
        default="ocr-br,ocr-us",
        help="real crop sets to train on (their training splits), e.g. ocr-br,ocr-us,ocr-eu2 (two-row: read by rows)",
    )
    ap.add_argument(
        "--pseudo",
        action="append",
        metavar="CSV",
        help="crops labelled by machine (anpr pseudo-label --out CSV; kept rows), trained on as real crops "
        "(repeatable)",
    )
    ap.add_argument(
        "--val-synth",
        metavar="DIR",
        help="synthetic crops (anpr synth --crops, a seed and backgrounds no training draw uses) validated beside "
        "the real sets as one more set, 'val-synth'; every crop of DIR, rows read as the engine reads them",
    )
    ap.add_argument(
        "--select",
        choices=("plate_acc", "macro"),
        default="plate_acc",
        help="the validation figure that picks the best checkpoint: plate_acc, every validation line pooled (ocr-br's "
        "many lines weigh most; every committed phase), or macro, the mean of the sets' own accuracies",
    )
    ap.add_argument(
        "--set-weights",
        default="",
        metavar="SET=W,...",
        help="how often each real set's crops are drawn against the others', e.g. ocr-us=2 (machine labels: "
        "pseudo; a set not named weighs 1; empty: uniform over the crops, every committed phase)",
    )
    ap.add_argument(
        "--anchor",
        type=float,
        default=0.0,
        metavar="W",
        help="ctc, with an .onnx --init: add W times KL(the --init file's reading || this net's) of each column of "
        "each crop (the file a frozen copy), so that a fine-tune learns the new crops without drifting from what "
        "the file reads right; 0 (the default) leaves the loss as it was; --resume needs the same W and file",
    )
    ap.add_argument("--width", type=float, default=1.0, help="channel width multiplier")
    ap.add_argument(
        "--tail", type=float, default=1.0, help="ctc: channel multiplier of the last stages only (2x24 and 1x24 maps)"
    )
    ap.add_argument("--seq", type=int, default=2, help="ctc: sequence blocks along the columns")
    ap.add_argument("--up", type=int, default=1, help="ctc: CTC steps per column (2: 48 steps for 24 columns)")
    ap.add_argument("--label-smoothing", type=float, default=0.05, help="fixed-slot head only")
    ap.add_argument("--full-res", action="store_true", help="ctc: read at 192x64 (48 columns) instead of 96x32")
    ap.add_argument(
        "--arch",
        choices=("ctc", "slots"),
        default="ctc",
        help="ctc: per-column CTC head, output [N,48,37]; slots: fixed-slot head, output [N,10,37]",
    )
    ap.add_argument(
        "--stem",
        choices=("pool", "conv"),
        default="pool",
        help="ctc at half resolution: 2x2 average pool (pool) or a learned stride-2 conv (conv)",
    )
    ap.add_argument(
        "--loose",
        type=float,
        default=0.0,
        help="fraction of samples cut with a loose or shifted box, as a detector may give",
    )
    ap.add_argument(
        "--balance-chars",
        type=float,
        default=0.0,
        metavar="P",
        help="draw the real crops by the rarity of their characters: weight = count(rarest char)^-P "
        "(0 = uniform, the committed model)",
    )
    ap.add_argument(
        "--glyph-mix",
        type=float,
        default=0.0,
        metavar="P",
        help="fraction of the real draws that are a segmented old-Brazilian training crop with some "
        "of its character cells replaced by other crops' real cells (glyphs.py; 0 = off)",
    )
    ap.add_argument(
        "--sharpen",
        type=float,
        default=0.0,
        metavar="P",
        help="fraction of the crops not shrunk to low resolution that get an unsharp mask "
        "(ocr_data.ocr_sharpen; 0 = off, the committed model's phases 1-7)",
    )
    ap.add_argument(
        "--invert",
        type=float,
        default=0.05,
        metavar="P",
        help="fraction of the crops drawn with light and dark swapped (0.05: every committed phase)",
    )
    ap.add_argument(
        "--night",
        type=float,
        default=0.0,
        metavar="P",
        help="fraction of the crops seen as by a grey or infrared night camera: glow, low contrast, noise "
        "(ocr_data.ocr_night; 0 = off, every committed phase)",
    )
    ap.add_argument(
        "--far-camera",
        type=float,
        default=0.0,
        metavar="P",
        help="fraction of the crops seen as a far camera sees its plate: shrunk to 48-130 px wide, blurred and "
        "JPEG-compressed at that size, then scaled back up as the engine scales its crop (ocr_data.ocr_far_camera; "
        "0 = off, every committed phase)",
    )
    a = ap.parse_args(argv)
    a.batch = a.batch or 128
    a.lr = a.lr or 2e-3
    a.epoch_size = a.epoch_size or 25600
    if a.val_synth and any(os.path.realpath(a.val_synth) == os.path.realpath(d) for d in a.synth or []):
        ap.error("--val-synth %s is also a --synth training draw" % a.val_synth)
    log = Logger(a.out)
    log("train_ocr", " ".join(sys.argv[1:]))
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)

    t0 = time.time()
    real_train, real_val = load_real_ocr(a.datasets, tuple(a.real_sets.split(",")), val_frac=a.val_frac, log=log)
    val_texts = {it["plate"] for it in real_val}
    real_val = val_lines(real_val)  # a two-row crop is validated row by row, as the engine reads it
    for path in a.pseudo or []:  # machine labels train beside the real crops, never validate
        real_train = real_train + load_pseudo_ocr(path, exclude=val_texts, log=log)
    synth = load_synth_ocr(a.synth, a.max_synth, log=log)
    if a.val_synth:
        held = load_synth_ocr([a.val_synth], log=log)
        if not held:
            ap.error("--val-synth %s holds no crops (DIR/crops/labels.csv)" % a.val_synth)
        real_val = real_val + val_lines([dict(it, src="val-synth") for it in held])
    log("data loaded in %.1fs" % (time.time() - t0))
    set_weights = parse_set_weights(a.set_weights)
    real_sets = {it["src"] for it in real_train}
    unknown = sorted(set(set_weights) - real_sets)
    if unknown:
        ap.error(
            "--set-weights names %s, not a real set trained on (%s)"
            % (", ".join(unknown), ", ".join(sorted(real_sets)))
        )
    ds = OCRTrainStream(
        real_train,
        synth,
        a.real_weight,
        a.seed,
        a.loose,
        a.balance_chars,
        a.glyph_mix,
        a.sharpen,
        log,
        invert=a.invert,
        night=a.night,
        set_weights=set_weights,
        far_camera=a.far_camera,
    )
    log("sampling: %.0f%% real" % (100 * ds.real_weight))
    if a.set_weights:
        share = {}
        cum = ds.real_cum
        for it, w in zip(real_train, np.diff(cum, prepend=0.0)):
            share[it["src"]] = share.get(it["src"], 0.0) + w
        log("real draws by set: " + ", ".join("%s %.0f%%" % (k, 100 * v) for k, v in sorted(share.items())))
    vx, vy = ocr_val_tensors(real_val)

    net_args = dict(width=a.width)
    if a.arch == "ctc":
        net_args["half"] = not a.full_res
        net_args["stem"] = a.stem
        if a.tail != 1.0 or a.seq != 2:  # the shipped architecture's checkpoints name neither
            net_args.update(tail=a.tail, seq=a.seq)
        if a.up != 1:
            net_args["up"] = a.up
    net = PlateOCRCTC(**net_args) if a.arch == "ctc" else PlateOCR(**net_args)
    log("%s params: %d" % (type(net).__name__, count_params(net)))

    def label_text(row):
        return "".join(ALPHABET[i] for i in row.tolist() if i != 0)

    anchor_net = None
    if a.anchor < 0:
        raise SystemExit("--anchor must be 0 or more (a weight), got %g" % a.anchor)
    if a.anchor and (a.arch != "ctc" or not (a.init or "").endswith(".onnx")):
        raise SystemExit("--anchor needs --arch ctc and an --init FILE.onnx (the reading to stay near)")
    # the anchor a run was started with, and the file's hash, are saved with its checkpoints (fit saves the arguments);
    # a resumed run must be given the same --anchor and --init, and the file must not have changed since
    a.anchor_sha256 = file_sha256(a.init) if a.anchor else None
    if a.resume:
        rp = os.path.join(a.out, "last.pt") if a.resume == "last" else a.resume
        was = load_ckpt(rp)["args"]
        if (was.get("anchor") or 0.0, was.get("anchor_sha256")) != (a.anchor, a.anchor_sha256):
            raise SystemExit(
                "--resume: the run was started with --anchor %g (file sha256 %s), this one asks for --anchor %g (%s);"
                " give the same --anchor and --init, with the file as it was"
                % (was.get("anchor") or 0.0, was.get("anchor_sha256"), a.anchor, a.anchor_sha256)
            )
    if a.anchor:
        # the --init file as it is, frozen: built and loaded here on resume too (checked above to be the same file)
        anchor_net = PlateOCRCTC(**net_args)
        calib = torch.stack([ds[k][0] for k in range(64)])
        init_from_onnx(anchor_net, a.init, calib, log)
        anchor_net.eval()
        for p_ in anchor_net.parameters():
            p_.requires_grad_(False)
        log("anchor: %.3g x KL(%s's reading || this net's), every column of every crop" % (a.anchor, a.init))

    def ctc_loss_fn(net, batch):
        x, y = batch
        logits = net(x)  # N,T,C
        logp = F.log_softmax(logits, -1).permute(1, 0, 2)  # T,N,C
        lengths = (y != 0).sum(1)
        targets = y[y != 0]
        loss = F.ctc_loss(
            logp,
            targets,
            torch.full((x.shape[0],), logits.shape[1], dtype=torch.long),
            lengths,
            blank=0,
            zero_infinity=True,
        )
        parts = {}
        if anchor_net is not None:
            with torch.no_grad():
                if next(anchor_net.parameters()).device != x.device:
                    anchor_net.to(x.device)  # the loop picks the device (fit)
                ref = F.log_softmax(anchor_net(x), -1)  # N,T,C
            # KL(ref || net) per column, summed over the classes, averaged over columns and crops
            kl = F.kl_div(logp.permute(1, 0, 2), ref, log_target=True, reduction="none").sum(-1).mean()
            loss = loss + a.anchor * kl
            parts["anchor_kl"] = float(kl)
        with torch.no_grad():
            probs, y = logits.softmax(-1).cpu(), y.cpu()  # one copy off the device, then per plate
            acc = sum(ctc_greedy(probs[i]) == label_text(y[i]) for i in range(len(y))) / len(y)
        parts["train_plate_acc"] = acc
        return loss, parts

    def ctc_validate(net):
        net.eval()
        with torch.no_grad():
            probs = torch.cat([net(vx[i : i + 256].to(a.device_t)).softmax(-1).cpu() for i in range(0, len(vx), 256)])
        net.train()
        pred = [ctc_greedy(p) for p in probs]
        gt = [label_text(r) for r in vy]
        ok = [p == g for p, g in zip(pred, gt)]
        chars = sum(sum(1 for a_, b_ in zip(p, g) if a_ == b_) for p, g in zip(pred, gt))
        total = sum(max(len(p), len(g)) for p, g in zip(pred, gt))
        per_src = {}
        for src in sorted({it["src"] for it in real_val}):
            idx = [i for i, it in enumerate(real_val) if it["src"] == src]
            per_src["acc_" + src] = sum(ok[i] for i in idx) / max(1, len(idx))
        return dict(plate_acc=sum(ok) / len(ok), char_acc=chars / max(1, total), macro=set_mean(per_src), **per_src)

    def slots_loss_fn(net, batch):
        x, y = batch
        logits = net(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), label_smoothing=a.label_smoothing)
        with torch.no_grad():
            acc = (logits.argmax(-1) == y).all(1).float().mean().item()
        return loss, {"train_plate_acc": acc}

    def slots_validate(net):
        net.eval()
        with torch.no_grad():
            pred = torch.cat([net(vx[i : i + 256].to(a.device_t)).argmax(-1).cpu() for i in range(0, len(vx), 256)])
        net.train()
        exact = (pred == vy).all(1).float().mean().item()
        # char accuracy over slots that hold a character in the label or the prediction
        relevant = (vy != 0) | (pred != 0)
        char = ((pred == vy) & relevant).sum().item() / max(1, relevant.sum().item())
        per_src = {}
        for src in sorted({it["src"] for it in real_val}):
            idx = torch.tensor([i for i, it in enumerate(real_val) if it["src"] == src])
            per_src["acc_" + src] = (pred[idx] == vy[idx]).all(1).float().mean().item()
        return dict(plate_acc=exact, char_acc=char, macro=set_mean(per_src), **per_src)

    def export_fn(ckpt):
        from export import load_net, export_ocr

        n, _ = load_net(ckpt, "ocr")
        export_ocr(n, os.path.join(a.out, "ocr.onnx"))

    if a.arch == "ctc":
        loss_fn, validate = ctc_loss_fn, ctc_validate
    else:
        loss_fn, validate = slots_loss_fn, slots_validate
    fit(a, log, net, net_args, ds, loss_fn, validate, a.select, export_fn, val_cost_s=3.0)


if __name__ == "__main__":
    main()
