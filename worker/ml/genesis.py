"""Models Genesis self-supervised pre-training on a project's own unlabelled volumes.

Zhou et al., "Models Genesis", MICCAI 2019 / MedIA 2021 (arXiv 2004.07882); transformations ported from the
official ``MrGiovanni/ModelsGenesis: pytorch/utils.py`` with its probabilities (``pytorch/config.py``):
flip 0.4 (input and target), local pixel shuffling 0.5, Bezier non-linear intensity 0.9, painting 0.9 of which
in-painting 0.2 and out-painting 0.8. The network restores the original crop from the transformed one with
an MSE loss, on the same UNet++ the segmenter uses (one output channel, sigmoid, all four deep-supervision
heads weighted equally); fine-tuning then starts from those weights with the output heads re-initialised
(:func:`genesis_init_state`).

Two deliberate differences from the official code, both recorded here:

- the official control points are ``[[0, 0], [u1, u2], [u3, u4], [1, 1]]`` with four independent uniforms
  (methods.md's ``[r, r]`` shorthand would make the curve the identity);
- local pixel shuffling uses 10,000 windows *per 64 x 64 x 32 voxels* (the official count for its crop),
  scaled to the crop actually used so the shuffled fraction stays the same.

The transformations expect intensities in [0, 1]: each volume is normalised like the segmenter's input, then
min-max scaled. The segmenter sees z-scored MR instead; UNet++'s instance normalisation after the first
convolution makes the network invariant to such an affine change of the input (up to padding borders).
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import torch
from monai.networks.nets.basic_unetplusplus import BasicUNetPlusPlus
from scipy.special import comb

from worker.ml.config import TrainConfig
from worker.ml.data import pad_to_shape, prepare_image
from worker.ml.nets import autocast, build_model, resolve_device
from worker.ml.training import ProgressFn

__all__ = [
    "GenesisConfig",
    "bezier_curve",
    "flip_pair",
    "genesis_init_state",
    "genesis_pair",
    "in_painting",
    "local_pixel_shuffling",
    "nonlinear_transformation",
    "out_painting",
    "pretrain_genesis",
]

logger = logging.getLogger(__name__)

_HEAD_PREFIX = "final_conv_"
_OFFICIAL_WINDOWS_PER_VOXEL = 10_000 / (64 * 64 * 32)


@dataclass(frozen=True)
class GenesisConfig:
    """Pre-training hyper-parameters (defaults: the official ones, except the number of steps).

    Args:
        crop: training crop size, ``spatial_dims`` multiples of 16 (>= 32); ``None``: 32^3 in 3D, 64^2 in 2D.
        steps: optimisation steps (official: up to 10,000 epochs with early stopping; small for CPU).
        batch_size: crops per step (official 6).
        lr: SGD learning rate (official 1.0).
        momentum: SGD momentum (official 0.9).
        lr_halve_at: fraction of ``steps`` after which the learning rate halves (official StepLR at 0.8·50
            of its epochs).
        flip_rate: probability of each of up to 3 flips, applied to input and target.
        local_rate: probability of local pixel shuffling.
        nonlinear_rate: probability of the Bezier intensity transform.
        paint_rate: probability of painting.
        inpaint_rate: given painting, probability of in-painting (else out-painting).
        seed: crops, transformations and weight init.
        max_recoveries: times a non-finite loss is recovered from (weights and momentum rolled back to the last
            finite step, learning rate halved) before pre-training gives up.
    """

    crop: tuple[int, ...] | None = None
    steps: int = 200
    batch_size: int = 6
    lr: float = 1.0
    momentum: float = 0.9
    lr_halve_at: float = 0.8
    flip_rate: float = 0.4
    local_rate: float = 0.5
    nonlinear_rate: float = 0.9
    paint_rate: float = 0.9
    inpaint_rate: float = 0.2
    seed: int = 0
    max_recoveries: int = 3

    def crop_for(self, spatial_dims: int) -> tuple[int, ...]:
        """The crop size to use for a ``spatial_dims`` network."""
        if self.crop is None:
            return (32, 32, 32) if spatial_dims == 3 else (64, 64)
        if len(self.crop) != spatial_dims or any(c < 32 or c % 16 for c in self.crop):
            raise ValueError("crop needs one multiple of 16 (>= 32) per spatial dim")
        return tuple(self.crop)


def bezier_curve(points: Sequence[Sequence[float]], n_times: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
    """Points of the Bezier curve with control ``points`` (official ``bezier_curve``; x from the last control
    point at t = 0 to the first at t = 1, as in the official Bernstein ordering)."""
    n = len(points)
    xs = np.array([p[0] for p in points], dtype=np.float64)
    ys = np.array([p[1] for p in points], dtype=np.float64)
    t = np.linspace(0.0, 1.0, n_times)
    basis = np.array([comb(n - 1, i) * t ** (n - 1 - i) * (1 - t) ** i for i in range(n)])
    return xs @ basis, ys @ basis


def flip_pair(
    x: np.ndarray, y: np.ndarray, rng: np.random.Generator, prob: float = 0.4
) -> tuple[np.ndarray, np.ndarray]:
    """While ``rand < prob`` (at most 3 times), flip input and target along the same random axis."""
    for _ in range(3):
        if rng.random() >= prob:
            break
        axis = int(rng.integers(x.ndim))
        x, y = np.flip(x, axis), np.flip(y, axis)
    return np.ascontiguousarray(x), np.ascontiguousarray(y)


def local_pixel_shuffling(x: np.ndarray, rng: np.random.Generator, prob: float = 0.5) -> np.ndarray:
    """With probability ``prob``, shuffle the voxels inside many small random windows (read from the original).

    Window sides are uniform in ``[1, max(1, dim // 10)]``, positions uniform; the number of windows is the
    official 10,000 per 64 x 64 x 32 voxels, scaled to ``x.size``.
    """
    if rng.random() >= prob:
        return x
    out = x.copy()
    windows = max(1, round(_OFFICIAL_WINDOWS_PER_VOXEL * x.size))
    high = [max(1, d // 10) for d in x.shape]
    sizes = np.stack([rng.integers(1, h + 1, size=windows) for h in high], axis=1)
    for size in sizes:
        starts = [int(rng.integers(0, d - s + 1)) for d, s in zip(x.shape, size, strict=True)]
        index = tuple(slice(a, a + s) for a, s in zip(starts, size, strict=True))
        window = x[index].reshape(-1).copy()
        rng.shuffle(window)
        out[index] = window.reshape(x[index].shape)
    return out


def nonlinear_transformation(x: np.ndarray, rng: np.random.Generator, prob: float = 0.9) -> np.ndarray:
    """With probability ``prob``, remap intensities in [0, 1] through a random monotonic cubic Bezier curve.

    Control points ``[[0, 0], [u1, u2], [u3, u4], [1, 1]]``; with probability 1/2 only x is sorted, which gives
    a decreasing (inverted) mapping, otherwise both are sorted (increasing).
    """
    if rng.random() >= prob:
        return x
    u = rng.random(4)
    xs, ys = bezier_curve([[0.0, 0.0], [u[0], u[1]], [u[2], u[3]], [1.0, 1.0]])
    if rng.random() < 0.5:
        xs = np.sort(xs)
    else:
        xs, ys = np.sort(xs), np.sort(ys)
    mapped: np.ndarray = np.interp(x, xs, ys)
    return mapped.astype(x.dtype)


def _box(shape: Sequence[int], sizes: Sequence[int], rng: np.random.Generator) -> tuple[slice, ...]:
    """A box of ``sizes`` placed uniformly with a 3-voxel margin (less when the axis is too small for it)."""
    index = []
    for d, s in zip(shape, sizes, strict=True):
        s = max(1, min(s, d))
        margin = 3 if d - s - 3 >= 3 else 0
        start = int(rng.integers(margin, d - s - margin + 1))
        index.append(slice(start, start + s))
    return tuple(index)


def in_painting(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Up to 5 boxes (each while ``rand < 0.95``), sides uniform in ``[dim // 6, dim // 3]``, filled with
    U[0, 1) noise."""
    out = x.copy()
    for _ in range(5):
        if rng.random() >= 0.95:
            break
        sizes = [int(rng.integers(d // 6, d // 3 + 1)) for d in x.shape]
        index = _box(x.shape, sizes, rng)
        out[index] = rng.random(out[index].shape)
    return out


def out_painting(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Replace everything with U[0, 1) noise, then restore one box of the original (sides
    ``dim - U[3 dim // 7, 4 dim // 7]``) and up to 4 more while ``rand < 0.95``."""
    out = rng.random(x.shape).astype(x.dtype)

    def restore() -> None:
        sizes = [d - int(rng.integers(3 * d // 7, 4 * d // 7 + 1)) for d in x.shape]
        index = _box(x.shape, sizes, rng)
        out[index] = x[index]

    restore()
    for _ in range(4):
        if rng.random() >= 0.95:
            break
        restore()
    return out


def genesis_pair(
    crop: np.ndarray, rng: np.random.Generator, config: GenesisConfig | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, bool]]:
    """One training pair in the official order: flip (both), local shuffle, non-linear, in- or out-painting.

    Args:
        crop: float32 spatial array with values in [0, 1].
        rng: seeded generator.
        config: probabilities.

    Returns:
        ``(transformed input, target, which transformations fired)``; both arrays float32 in [0, 1].
    """
    cfg = config or GenesisConfig()
    x, y = flip_pair(crop, crop, rng, cfg.flip_rate)
    applied = {"local_shuffle": False, "nonlinear": False, "in_painting": False, "out_painting": False}
    shuffled = local_pixel_shuffling(x, rng, cfg.local_rate)
    applied["local_shuffle"] = shuffled is not x
    remapped = nonlinear_transformation(shuffled, rng, cfg.nonlinear_rate)
    applied["nonlinear"] = remapped is not shuffled
    x = remapped
    if rng.random() < cfg.paint_rate:
        if rng.random() < cfg.inpaint_rate:
            x, applied["in_painting"] = in_painting(x, rng), True
        else:
            x, applied["out_painting"] = out_painting(x, rng), True
    return x.astype(np.float32), y.astype(np.float32), applied


def _unit_range(image: np.ndarray, config: TrainConfig) -> np.ndarray:
    """Segmenter normalisation, then min-max to [0, 1]: ``(*spatial)`` float32."""
    normalised = prepare_image(image, config)[0]
    low, high = float(normalised.min()), float(normalised.max())
    if high - low < 1e-8:
        return np.zeros_like(normalised)
    scaled: np.ndarray = ((normalised - low) / (high - low)).astype(np.float32)
    return scaled


def _random_crop(volume: np.ndarray, crop: Sequence[int], rng: np.random.Generator) -> np.ndarray:
    target = tuple(max(s, c) for s, c in zip(volume.shape, crop, strict=True))
    padded = pad_to_shape(volume, target, 0.0)
    starts = [int(rng.integers(0, t - c + 1)) for t, c in zip(target, crop, strict=True)]
    return padded[tuple(slice(a, a + c) for a, c in zip(starts, crop, strict=True))].copy()


def pretrain_genesis(
    images: Sequence[np.ndarray],
    config: TrainConfig,
    progress: ProgressFn | None = None,
    genesis: GenesisConfig | None = None,
) -> dict[str, torch.Tensor]:
    """Pre-train UNet++ to restore Genesis-transformed crops of unlabelled ``images``.

    Args:
        images: raw ``(X, Y, Z)`` volumes (``(X, Y, 1)`` for 2D), no labels needed.
        config: the segmenter's config (architecture, normalisation, spatial dims); the restoration network
            is the same UNet++ with one output channel.
        progress: called every step with ``{"stage": "pretraining", "step", "steps", "loss", "percent"}``.
        genesis: pre-training hyper-parameters.

    Returns:
        CPU state dict of the restoration network; turn it into a segmenter's starting point with
        :func:`genesis_init_state`.
    """
    cfg = genesis or GenesisConfig(seed=config.seed)
    if not images:
        raise ValueError("Genesis pre-training needs at least one image")
    crop = cfg.crop_for(config.spatial_dims)
    volumes = [_unit_range(image, config) for image in images]
    rng = np.random.default_rng(cfg.seed)
    started = time.perf_counter()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(cfg.seed)
        # Same architecture as the segmenter, with one-channel output heads.
        model = _with_single_channel_heads(build_model(replace(config, num_classes=2)), config)
        device = resolve_device(config)
        model.to(device)
        optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, max(1, int(cfg.lr_halve_at * cfg.steps)), 0.5)
        model.train()
        recoveries = 0
        last_good = _snapshot(model, optimizer)
        for step in range(1, cfg.steps + 1):
            pairs = [
                genesis_pair(_random_crop(volumes[int(rng.integers(len(volumes)))], crop, rng), rng, cfg)
                for _ in range(cfg.batch_size)
            ]
            inputs = torch.from_numpy(np.stack([p[0] for p in pairs]))[:, None].to(device)
            targets = torch.from_numpy(np.stack([p[1] for p in pairs]))[:, None].to(device)
            optimizer.zero_grad(set_to_none=True)
            with autocast(config, device, training=True):
                heads = model(inputs)
            loss = torch.stack([torch.mean((torch.sigmoid(h.float()) - targets) ** 2) for h in heads]).mean()
            value = float(loss.item())
            if not np.isfinite(value):
                # One bad step must not fail a project's first round: the official lr of 1.0 with momentum 0.9
                # leaves little margin, and a bf16 training on an AVX512-BF16 CPU once turned NaN at step 10
                # (why "auto" no longer trains in bf16 there). Undo the step and go on more gently.
                recoveries += 1
                if recoveries > cfg.max_recoveries:
                    raise FloatingPointError(
                        f"Genesis pre-training diverged at step {step} after {cfg.max_recoveries} recoveries; "
                        "lower GenesisConfig.lr"
                    )
                _restore(model, optimizer, last_good)
                for group in optimizer.param_groups:
                    group["lr"] *= 0.5
                logger.warning("genesis.recovered", extra={"step": step, "lr": optimizer.param_groups[0]["lr"]})
                continue
            last_good = _snapshot(model, optimizer)
            loss.backward()  # type: ignore[no-untyped-call]  # torch leaves Tensor.backward unannotated
            optimizer.step()
            scheduler.step()
            if progress is not None:
                progress(
                    {
                        "stage": "pretraining",
                        "step": step,
                        "steps": cfg.steps,
                        "loss": value,
                        "percent": 100.0 * step / cfg.steps,
                    }
                )
    logger.info("genesis.done", extra={"steps": cfg.steps, "seconds": time.perf_counter() - started})
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}


def _snapshot(model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> tuple[dict[str, Any], dict[str, Any]]:
    """Copies of the weights and the optimiser state (momentum buffers): a few MB for these small networks."""
    return copy.deepcopy(model.state_dict()), copy.deepcopy(optimizer.state_dict())


def _restore(
    model: torch.nn.Module, optimizer: torch.optim.Optimizer, snapshot: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    lrs = [group["lr"] for group in optimizer.param_groups]
    model.load_state_dict(snapshot[0])
    optimizer.load_state_dict(snapshot[1])
    for group, lr in zip(optimizer.param_groups, lrs, strict=True):  # keep the current schedule's rate
        group["lr"] = lr


def _with_single_channel_heads(model: BasicUNetPlusPlus, config: TrainConfig) -> BasicUNetPlusPlus:
    """Replace the four 1x1 output convolutions by one-channel ones (the reconstruction head)."""
    conv = torch.nn.Conv3d if config.spatial_dims == 3 else torch.nn.Conv2d
    for name in ("final_conv_0_1", "final_conv_0_2", "final_conv_0_3", "final_conv_0_4"):
        old = getattr(model, name)
        setattr(model, name, conv(old.in_channels, 1, kernel_size=1))
    return model


def genesis_init_state(pretrained: Mapping[str, torch.Tensor], config: TrainConfig) -> dict[str, torch.Tensor]:
    """A segmenter state dict for ``config``: every pre-trained weight except the output heads, which keep a
    fresh initialisation (seeded by ``config.seed``).

    Raises:
        ValueError: the pre-trained weights don't fit the architecture of ``config``.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed)
        state = build_model(config).state_dict()
    body = {k: v for k, v in pretrained.items() if not k.startswith(_HEAD_PREFIX)}
    missing = [k for k in state if not k.startswith(_HEAD_PREFIX) and k not in body]
    mismatched = [k for k, v in body.items() if k not in state or state[k].shape != v.shape]
    if missing or mismatched:
        detail = f"missing {missing[:3]}, mismatched {mismatched[:3]}"
        raise ValueError(f"pre-trained weights don't fit this config: {detail}")
    return {k: (body[k].clone() if k in body else v.clone()) for k, v in state.items()}
