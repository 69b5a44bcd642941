"""Inference: masks, softmax probabilities of every deep-supervision head, and bottleneck features.

Volumes no larger than ``config.patch_size`` (or all volumes when it is ``None``) go through the network
whole, padded to a multiple of 16; larger ones use ``monai.inferers.sliding_window_inference``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from monai.inferers.utils import sliding_window_inference
from monai.networks.nets.basic_unetplusplus import BasicUNetPlusPlus
from torch import nn

from worker.ml.config import TrainConfig
from worker.ml.data import from_network_space, pad_to_multiple, prepare_image
from worker.ml.nets import (
    autocast,
    build_model,
    capture_bottleneck,
    mc_dropout_mode,
    model_device,
    resolve_device,
    uses_bf16,
)

__all__ = [
    "VIEW_TRANSFORMS",
    "Prediction",
    "apply_view",
    "forward_heads",
    "invert_view",
    "load_model",
    "predict",
    "predict_with_model",
]

# In-plane dihedral views as (quarter turns in the X-Y plane, flip X first). The first four keep the shape,
# so m <= 4 views batch into one forward pass; the rest swap X and Y.
VIEW_TRANSFORMS: tuple[tuple[int, bool], ...] = (
    (0, False),
    (0, True),
    (2, False),
    (2, True),
    (1, False),
    (1, True),
    (3, False),
    (3, True),
)


def apply_view(array: torch.Tensor, view: int) -> torch.Tensor:
    """Apply view ``view`` of :data:`VIEW_TRANSFORMS` to ``(B, C, X, Y[, Z])`` (axes 2 and 3)."""
    turns, flip = VIEW_TRANSFORMS[view]
    out = torch.flip(array, dims=(2,)) if flip else array
    return torch.rot90(out, turns, dims=(2, 3)) if turns else out


def invert_view(array: torch.Tensor, view: int) -> torch.Tensor:
    """Map a prediction made on view ``view`` back to the original grid (inverse of :func:`apply_view`)."""
    turns, flip = VIEW_TRANSFORMS[view]
    out = torch.rot90(array, -turns, dims=(2, 3)) if turns else array
    return torch.flip(out, dims=(2,)) if flip else out


@dataclass(frozen=True)
class Prediction:
    """Network output for one image, on the image's own ``(X, Y, Z)`` grid.

    Attributes:
        mask: uint8 ``(X, Y, Z)``, argmax of the final head.
        probs: float32 ``(C, X, Y, Z)``, softmax of the final head (dropout off).
        head_probs: float32 ``(H=4, C, X, Y, Z)``, softmax of each deep-supervision head, shallow to deep;
            ``None`` when not requested.
        features: float32 ``(2 * features[4],)``, spatial mean and standard deviation of the bottleneck
            (X^{4,0}) convolution before its normalisation, a core-set embedding (see
            :func:`worker.ml.nets.capture_bottleneck`).
        mc_probs: float32 ``(T, C, X, Y, Z)``, final-head softmax of ``T`` MC-dropout passes, or ``None``.
        view_probs: float32 ``(m, C, X, Y, Z)``, final-head softmax of ``m`` in-plane flipped/rotated views
            mapped back to the image grid (view 0 is the identity, equal to ``probs``), or ``None``.
    """

    mask: np.ndarray
    probs: np.ndarray
    head_probs: np.ndarray | None
    features: np.ndarray
    mc_probs: np.ndarray | None = None
    view_probs: np.ndarray | None = None


def load_model(state_dict: Mapping[str, torch.Tensor], config: TrainConfig) -> BasicUNetPlusPlus:
    """Build the network for ``config`` and load ``state_dict`` strictly (a config mismatch raises)."""
    model = build_model(config)
    model.load_state_dict(state_dict, strict=True)
    model.to(resolve_device(config))
    model.eval()
    return model


def forward_heads(model: BasicUNetPlusPlus, image: torch.Tensor, config: TrainConfig) -> list[torch.Tensor]:
    """Logits of all heads for one prepared image.

    Args:
        model: UNet++ with deep supervision, already in the wanted train/eval mode.
        image: float32 ``(B, 1, *spatial)`` normalised images in network space (``B`` copies or views share
            one forward pass; instance normalisation keeps batch members independent).
        config: decides whole-volume vs sliding-window inference.

    Returns:
        4 float32 CPU tensors ``(B, C, *spatial)`` (shallow to deep), cropped back to ``spatial``. The forward
        pass runs on the model's device, under bf16 autocast where ``config.precision`` allows.
    """
    device = model_device(model)
    spatial = tuple(image.shape[2:])
    patch = config.patch_size
    if patch is not None and any(s > p for s, p in zip(spatial, patch, strict=True)):

        def predictor(window: torch.Tensor) -> tuple[torch.Tensor, ...]:
            with autocast(config, device):
                return tuple(h.float() for h in model(window))

        out = sliding_window_inference(
            image,
            roi_size=patch,
            sw_batch_size=config.infer_batch_size,
            predictor=predictor,
            overlap=config.sw_overlap,
            mode="gaussian",
            sw_device=device,
            device=torch.device("cpu"),
        )
        assert isinstance(out, tuple)  # narrows the union: a tuple predictor gives a tuple back
        return [torch.as_tensor(o) for o in out]
    array, _ = pad_to_multiple(image.cpu().numpy(), config.divisor, config.spatial_dims, float(image.min()))
    with autocast(config, device):
        heads = model(torch.from_numpy(np.ascontiguousarray(array)).to(device))
    crop = (slice(None), slice(None), *(slice(0, s) for s in spatial))
    return [h[crop].float().cpu() for h in heads]


def _to_image_grid(array: np.ndarray, config: TrainConfig) -> np.ndarray:
    return np.ascontiguousarray(from_network_space(array, config.spatial_dims))


@contextmanager
def _host_dropout(model: nn.Module, rng: np.random.Generator) -> Iterator[None]:
    """MC dropout on a CPU with the masks drawn by numpy: every ``nn.Dropout`` stays in eval mode (the
    identity) and a forward hook zeroes each element with probability ``p`` and scales the rest by
    ``1 / (1 - p)``, which is what ``F.dropout`` does in train mode.

    Why: torch's CPU ``bernoulli_`` draws each mask element from mt19937 one at a time, which measured a
    quarter of a bf16 UNet++ pass; a threshold on PCG64's raw 32-bit output is 2.7x faster for the same
    Bernoulli(1 - p) mask (``p`` resolved to 2^-32). The stream differs from torch's, so MC samples are equal
    in distribution to ``mc_dropout_mode``'s, not bit-equal.
    """
    model.eval()

    def hook(module: nn.Dropout, _inputs: tuple[torch.Tensor, ...], output: torch.Tensor) -> torch.Tensor:
        p = float(module.p)
        if p >= 1.0:
            return torch.zeros_like(output)
        count = output.numel()
        bits = rng.bit_generator.random_raw((count + 1) // 2).view(np.uint32)[:count]
        drop = torch.from_numpy(bits < np.uint32(round(p * 2**32))).view(output.shape)
        return output.masked_fill(drop, 0).mul_(1.0 / (1.0 - p))

    handles = [m.register_forward_hook(hook) for m in model.modules() if type(m) is nn.Dropout and m.p > 0]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


@contextmanager
def _bf16_convolutions(model: nn.Module) -> Iterator[None]:
    """Swap every convolution's weight and bias for a bf16 copy, restoring the originals afterwards.

    With bf16 inputs this is the arithmetic bf16 autocast does (it casts a convolution's input, weight and
    bias to bf16 and leaves the normalisation's float32 affine parameters alone), minus autocast re-casting
    every weight in every pass.
    """
    saved = [(m, dict(m._parameters)) for m in model.modules() if isinstance(m, nn.modules.conv._ConvNd)]
    try:
        for module, params in saved:
            for key, value in params.items():
                if value is not None:
                    module._parameters[key] = nn.Parameter(value.detach().to(torch.bfloat16), requires_grad=False)
        yield
    finally:
        for module, params in saved:
            module._parameters.update(params)


def _mc_draws(model: BasicUNetPlusPlus, image: torch.Tensor, config: TrainConfig, samples: int) -> torch.Tensor:
    """``(T, C, *spatial)`` final-head softmax of ``T`` MC-dropout passes, batched ``infer_batch_size`` at a time.

    Whole-image inference (the usual case) is arranged for speed, each step measured on a CPU with AVX512-BF16
    (1 thread, MSD hippocampus, T = 8; ``python -m benchmarks.scoring_speed``):

    - the image is padded once, not once per pass, and only the final head is kept;
    - on a CPU under bf16 the convolution weights are cast once per image and the passes run without autocast
      (:func:`_bf16_convolutions`): measured bit-equal to autocast, 8% less time per pass;
    - on a CPU the dropout masks come from numpy (:func:`_host_dropout`), seeded by ``config.seed`` per image
      so a patient's score does not depend on which images share the call.

    On a GPU the passes run under autocast with torch's own dropout (Philox, already fast), as before.

    Volumes that need sliding-window inference take the generic per-pass path.
    """
    device = model_device(model)
    spatial = tuple(image.shape[2:])
    patch = config.patch_size
    if patch is not None and any(s > p for s, p in zip(spatial, patch, strict=True)):
        draws = []
        with mc_dropout_mode(model):
            for start in range(0, samples, config.infer_batch_size):
                count = min(config.infer_batch_size, samples - start)
                heads = forward_heads(model, image.expand(count, *image.shape[1:]), config)
                draws.append(torch.softmax(heads[-1], 1))
        return torch.cat(draws)
    array, _ = pad_to_multiple(image.numpy(), config.divisor, config.spatial_dims, float(image.min()))
    padded = torch.from_numpy(np.ascontiguousarray(array)).to(device)
    crop = (slice(None), slice(None), *(slice(0, s) for s in spatial))
    cpu = device.type == "cpu"
    precast = cpu and uses_bf16(config, device)
    if precast:
        padded = padded.to(torch.bfloat16)
    dropouts = [m for m in model.modules() if isinstance(m, nn.modules.dropout._DropoutNd)]
    host = cpu and all(type(m) is nn.Dropout for m in dropouts)  # element-wise masks only
    sampler = _host_dropout(model, np.random.default_rng(config.seed)) if host else mc_dropout_mode(model)
    draws = []
    with sampler, _bf16_convolutions(model) if precast else autocast(config, device):
        for start in range(0, samples, config.infer_batch_size):
            count = min(config.infer_batch_size, samples - start)
            logits = model(padded.expand(count, *padded.shape[1:]))[-1]
            draws.append(torch.softmax(logits[crop].float(), 1).cpu())
    return torch.cat(draws)


def _view_draws(
    model: BasicUNetPlusPlus, image: torch.Tensor, config: TrainConfig, views: int, identity: torch.Tensor
) -> torch.Tensor:
    """``(m, C, *spatial)`` final-head softmax of the first ``m`` :data:`VIEW_TRANSFORMS`, on the image grid.

    View 0 is the identity, whose softmax the caller has already computed (``identity``, ``(C, *spatial)``):
    reusing it saves one of the ``m`` passes. The other views with the same shape go through the network
    together, ``infer_batch_size`` at a time.
    """
    if not 1 <= views <= len(VIEW_TRANSFORMS):
        raise ValueError(f"views must be in 1..{len(VIEW_TRANSFORMS)}")
    model.eval()
    out: list[torch.Tensor | None] = [identity, *([None] * (views - 1))]
    groups = [[v for v in range(1, views) if VIEW_TRANSFORMS[v][0] % 2 == parity] for parity in (0, 1)]
    for group in groups:
        for start in range(0, len(group), config.infer_batch_size):
            chunk = group[start : start + config.infer_batch_size]
            batch = torch.cat([apply_view(image, v) for v in chunk])
            probs = torch.softmax(forward_heads(model, batch, config)[-1], 1)
            for i, v in enumerate(chunk):
                out[v] = invert_view(probs[i : i + 1], v)[0]
    return torch.stack([o for o in out if o is not None])


def predict_with_model(
    model: BasicUNetPlusPlus,
    config: TrainConfig,
    images: Sequence[np.ndarray],
    mc_samples: int = 0,
    return_heads: bool = True,
    views: int = 0,
) -> list[Prediction]:
    """Predict every image with an already loaded model.

    Args:
        model: UNet++ with deep supervision.
        config: the config the model was trained with.
        images: raw ``(X, Y, Z)`` volumes (normalised here).
        mc_samples: extra MC-dropout passes of the final head (0 = none); seeded by ``config.seed``.
        return_heads: keep the per-head probabilities (memory: ``4 * C`` floats per voxel).
        views: in-plane flip/rotation views for ACFT (0 = none, at most 8; memory ``views * C`` floats per
            voxel).

    Returns:
        One :class:`Prediction` per image, in order.
    """
    predictions: list[Prediction] = []
    with torch.random.fork_rng(devices=[]), torch.inference_mode():
        torch.manual_seed(config.seed)
        for raw in images:
            image = torch.from_numpy(prepare_image(raw, config))[None]
            model.eval()
            with capture_bottleneck(model) as pooled:
                heads = forward_heads(model, image, config)
            head_probs = torch.stack([torch.softmax(h[0], dim=0) for h in heads])  # (H, C, *spatial)
            probs = head_probs[-1]
            mc_probs: np.ndarray | None = None
            if mc_samples > 0:
                draws = _mc_draws(model, image, config, mc_samples)
                mc_probs = _to_image_grid(draws.numpy(), config)  # float32 already: no copy
            view_probs: np.ndarray | None = None
            if views > 0:
                view_draws = _view_draws(model, image, config, views, probs)
                view_probs = _to_image_grid(view_draws.numpy().astype(np.float32), config)
            predictions.append(
                Prediction(
                    mask=_to_image_grid(probs.argmax(dim=0).numpy().astype(np.uint8), config),
                    probs=_to_image_grid(probs.numpy().astype(np.float32), config),
                    head_probs=_to_image_grid(head_probs.numpy().astype(np.float32), config) if return_heads else None,
                    features=torch.cat(pooled).mean(dim=0).numpy().astype(np.float32),
                    mc_probs=mc_probs,
                    view_probs=view_probs,
                )
            )
    return predictions


def predict(
    state_dict: Mapping[str, torch.Tensor],
    config: TrainConfig,
    images: Sequence[np.ndarray],
    mc_samples: int = 0,
    return_heads: bool = True,
    views: int = 0,
) -> list[Prediction]:
    """Load ``state_dict`` and predict ``images``; see :func:`predict_with_model`."""
    return predict_with_model(load_model(state_dict, config), config, images, mc_samples, return_heads, views)
