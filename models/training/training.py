"""The training loop the trainers share: command-line options, log, initialisation from a checkpoint or an
exported model, LR schedule, checkpoints and resume, device, data loading, progress lines.

Determinism: every training sample is produced from a numpy Generator seeded with
(seed, sample_key), where sample_key = step * batch + index-in-batch. Which image is drawn and
how it is augmented therefore depends only on the seed and the global step, so `--resume`
continues the exact sample stream whatever the number of DataLoader workers.
"""
import math
import os
import time

import cv2
import numpy as np
import torch

from paths import DEFAULT_DATASETS

cv2.setNumThreads(1)


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
    ap.add_argument(
        "--init-rescale",
        action="store_true",
        help="with an .onnx --init: scale each folded convolution's output channels to the He initialisation's "
        "size and its batch norm to match (the same function in eval and train mode), so that AdamW's steps are "
        "the size they were in the network's own training, not that of weights with the batch norm folded in",
    )
    ap.add_argument("--export", action="store_true", help="export best.pt to OUT/<model>.onnx at the end")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this global step (testing resume)")
    ap.add_argument(
        "--total-steps",
        type=int,
        default=0,
        help="the schedule's length in steps (warm-up, then cosine to its end), as a --minutes run's calibration "
        "fixed it in its log: repeats that run's schedule on a machine of any speed",
    )


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


def init_from_onnx(net, path, calib_x, log=print, rescale=False):
    """Load the weights of an exported model (ONNX, batch norms folded into the convolutions) into
    `net`. Each folded conv gets its weight; the batch norm after it gets the statistics of the conv's
    output on `calib_x` (a batch of training inputs) as running mean/var and the matching scale and
    shift, so that the eval-mode function is exactly the exported one and training-mode batch norm
    starts close to it. Tensors with no counterpart (a changed head) keep their fresh init.

    rescale: a folded conv's weights carry its batch norm's scale (w * gamma / std), from 0.04 to 25 times the
    He initialisation's size in the shipped OCR, so AdamW's steps, about lr per weight whatever its size, are far
    larger or smaller relative to them than in the network's own training. Each output channel is scaled to the He
    size and its batch norm's statistics and scale to match (`_rescale_channels`): the same function in eval mode
    exactly and in train mode up to eps."""
    import onnx
    from onnx import numpy_helper

    m = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    mods = dict(net.named_modules())
    bn_bias, bn_conv, loaded, skipped, widened, loaded_paths = {}, {}, 0, [], [], set()
    for node in m.graph.node:
        if node.op_type != "Conv":
            continue
        mp = _onnx_module_path(node.name)
        conv = mods.get(mp)
        w = inits.get(node.input[1])
        if not isinstance(conv, torch.nn.Conv2d) or w is None or not _extends(tuple(conv.weight.shape), w.shape):
            skipped.append(mp)
            continue
        b = inits.get(node.input[2]) if len(node.input) > 2 else None
        if tuple(conv.weight.shape) != w.shape:
            widened.append(mp)
            if b is not None:  # the new channels' folded bias is 0
                b = np.concatenate([b, np.zeros(conv.weight.shape[0] - b.shape[0], b.dtype)])
        loaded_paths.add(mp)
        with torch.no_grad():
            o, i = w.shape[:2]
            # a wider layer (Net2Net's zero extension): the file's weights in the leading block, the new inputs'
            # weights into the old outputs zero, the new outputs fresh; the old channels compute what they did
            conv.weight[:o, i:].zero_()
            conv.weight[:o, :i].copy_(torch.from_numpy(w.copy()))
            parent, idx = mp.rsplit(".", 1) if "." in mp else ("", mp)
            bn = mods.get((parent + "." if parent else "") + str(int(idx) + 1)) if idx.isdigit() else None
            if isinstance(bn, torch.nn.BatchNorm2d) and conv.bias is None:
                bias = torch.from_numpy(b.copy()) if b is not None else torch.zeros(conv.weight.shape[0])
                bias = bias.to(bn.bias.device)  # the network may already be on a GPU, the file's tensors are not
                bn.weight.fill_(1.0)
                bn.bias.copy_(bias)
                bn.running_mean.zero_()
                bn.running_var.fill_(1.0 - bn.eps)
                bn_bias[bn] = bias
                bn_conv[bn] = conv
            elif conv.bias is not None and b is not None:
                conv.bias.copy_(torch.from_numpy(b.copy()))
        loaded += 1
    # a residual block the file does not have (a deeper network) starts as the identity: its last batch norm's
    # scale and shift zero, so that x + f(x) = x until training moves them
    identity = []
    for name, mod in net.named_modules():
        if type(mod).__name__ not in ("SeqBlock", "DWSep") or not getattr(mod, "res", True):
            continue
        convs = [name + "." + n for n, m in mod.named_modules() if isinstance(m, torch.nn.Conv2d)]
        bns = [m for m in mod.modules() if isinstance(m, torch.nn.BatchNorm2d)]
        if convs and bns and not any(c in loaded_paths for c in convs):
            with torch.no_grad():
                bns[-1].weight.zero_()
                bns[-1].bias.zero_()
            identity.append(name)
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
        for bn in bn_bias if rescale else ():
            _rescale_channels(bn_conv[bn], bn)
    net.train(was_training)
    if hasattr(net, "after_onnx_init"):
        net.after_onnx_init(widened)
    log(
        "weights initialised from %s: %d convolutions loaded, %d batch norms re-estimated on %d samples%s%s%s"
        % (
            path,
            loaded,
            len(bn_bias),
            len(calib_x),
            "; widened: " + ", ".join(widened) if widened else "",
            "; new blocks as the identity: " + ", ".join(identity) if identity else "",
            "; not in this network: " + ", ".join(skipped) if skipped else "",
        )
    )
    if rescale:
        log("rescaled %d convolutions' output channels to the He initialisation's size" % len(bn_bias))
    return loaded


def _rescale_channels(conv, bn):
    """Scales each output channel of `conv` by s so that its weights' root mean square is the He initialisation's,
    sqrt(2 / fan_in), and `bn` (after it, eval-mode statistics set) to match: running mean times s, running variance
    times s^2, scale times sqrt(s^2 var + eps) / (s sqrt(var + eps)), so gamma (x - mean) / sqrt(var + eps) + beta
    is unchanged. A channel whose weights are all but zero (a block that training left as the identity) stays."""
    w = conv.weight
    fan_in = w.shape[1] * w.shape[2] * w.shape[3]
    target = math.sqrt(2.0 / fan_in)
    rms = w.detach().reshape(w.shape[0], -1).pow(2).mean(1).sqrt()
    s = torch.where(rms > 1e-6 * target, target / rms.clamp_min(1e-30), torch.ones_like(rms))
    var = bn.running_var.clone()
    w.mul_(s.view(-1, 1, 1, 1))
    bn.weight.mul_(torch.sqrt(s * s * var + bn.eps) / (s * torch.sqrt(var + bn.eps)))
    bn.running_mean.mul_(s)
    bn.running_var.mul_(s * s)


def _extends(shape, old):
    """Whether a conv weight of `shape` holds one of shape `old` in its leading block: the same kernel, as many or
    more outputs and inputs (a depthwise conv's input stays 1)."""
    return len(shape) == len(old) and shape[2:] == tuple(old[2:]) and shape[0] >= old[0] and shape[1] >= old[1]


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
        init_from_onnx(net, a.init, calib, log, rescale=getattr(a, "init_rescale", False))
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
    if state["total_steps"] is None and (a.total_steps or a.epochs):
        state["total_steps"] = a.total_steps or a.epochs * steps_per_epoch
    if not a.epochs and not a.minutes and not a.total_steps:
        raise SystemExit("give --epochs, --total-steps and/or --minutes")

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
    # a budget-fixed schedule is checked once more after a minute of steps (below); a given one is never lengthened
    recheck = bool(a.minutes) and not a.epochs and not a.total_steps

    def budget_steps(sps):
        """The last step that ends within --minutes at sps seconds a step, validations included."""
        remaining = a.minutes * 60 - state["elapsed"]
        n_val = max(1.0, remaining / sps / steps_per_epoch)
        return state["step"] + int((0.97 * remaining - n_val * val_cost_s) / sps)

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
            # --minutes: fix the total step count from the speed of this process from its 10th step on, over at
            # least 30 steps and 10 s (a GPU's first steps run on the workers' prefetched batches: too fast)
            steps_here += 1
            if a.minutes and not state["calibrated"]:
                if calib_t0 is None and steps_here >= 10:
                    calib_t0, calib_s0 = now, state["step"]
                elif calib_t0 is not None and state["step"] - calib_s0 >= 30 and now - calib_t0 >= 10:
                    sps = (now - calib_t0) / (state["step"] - calib_s0)
                    budget = budget_steps(sps)
                    state["total_steps"] = min(state["total_steps"] or budget, budget)
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
            elif recheck and calib_t0 is not None and now - calib_t0 >= 60 and state["step"] - calib_s0 >= 100:
                # the calibration's 10 s may have run beside other work (a suite, a build) and fixed a schedule
                # that ends long before the budget: lengthen it, once, while the cosine has barely moved
                recheck = False
                sps = (now - calib_t0) / (state["step"] - calib_s0)
                budget = budget_steps(sps)
                if budget > 1.15 * state["total_steps"] and state["step"] < 0.25 * state["total_steps"]:
                    log("recalibrated: %.3f s/step -> total_steps %d (was %d)" % (sps, budget, state["total_steps"]))
                    state["total_steps"] = budget
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
