"""Supervised (continual) fine-tuning of UNet++ with deep supervision.

Loss: ``DeepSupervisionLoss(DiceCELoss, weight_mode="same")``, i.e. the equally weighted Dice + cross-entropy
hybrid on all four heads of Zhou et al., IEEE TMI 2020 (eta = 1). Continual fine-tuning starts from the
previous round's weights with a tenth of the learning rate (Zhou et al., ACFT, CVPR 2017).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from monai.losses.dice import DiceCELoss
from monai.losses.ds_loss import DeepSupervisionLoss
from monai.networks.nets.basic_unetplusplus import BasicUNetPlusPlus

from worker.ml.config import TrainConfig
from worker.ml.data import Sample, pad_to_shape, padded_shape, prepare_image, prepare_label, random_crop
from worker.ml.inference import VIEW_TRANSFORMS, apply_view, forward_heads
from worker.ml.nets import autocast, build_model, resolve_device

__all__ = ["ProgressFn", "TrainResult", "dice_counts", "evaluate_dice", "train_segmenter"]

logger = logging.getLogger(__name__)

ProgressFn = Callable[[dict[str, Any]], None]


@dataclass
class TrainResult:
    """Outcome of :func:`train_segmenter`.

    Attributes:
        state_dict: CPU tensors of the trained model (save with ``checkpoint.save_checkpoint``).
        val_dice: mean foreground Dice over labels present in the validation set; ``None`` without validation.
        val_dice_per_label: label value -> Dice (labels absent from every validation mask are left out).
        history: one ``{"epoch", "loss"}`` dict per epoch (plus ``"val_dice"`` where validated).
        seconds: wall time of training plus validation.
        epochs_run: epochs actually trained (fewer than ``config.epochs`` when ``patience`` stopped it).
        best_epoch: the epoch whose weights were kept (``None`` without validation or without training).
        converged: ``config.patience > 0``, validation data given, and training stopped because validation Dice
            went ``patience`` checks without a new best: the model reached its plateau, so comparisons made
            with it are about the data it saw, not about how long it trained.
    """

    state_dict: dict[str, torch.Tensor]
    val_dice: float | None
    val_dice_per_label: dict[int, float] = field(default_factory=dict)
    history: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0
    epochs_run: int = 0
    best_epoch: int | None = None
    converged: bool = False


def _labelled(samples: Sequence[Sample], config: TrainConfig, role: str) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for sample in samples:
        if sample.label is None:
            raise ValueError(f"{role} sample {sample.id} has no label")
        out.append((prepare_image(sample.image, config), prepare_label(sample.label, config)))
    return out


def _batches(
    data: list[tuple[np.ndarray, np.ndarray]], config: TrainConfig, rng: np.random.Generator
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """One epoch of shuffled batches: whole volumes padded to a shared shape, or random patches.

    With ``config.augment == "dihedral"`` each batch is turned by one random element of
    :data:`~worker.ml.inference.VIEW_TRANSFORMS`, images and labels alike: ACFT scores a patient by how its
    flipped and rotated views disagree, which only measures uncertainty if the network was trained on those
    views (unaugmented, every view but the identity is out of distribution and disagrees on every patient).
    One view per batch keeps the batch stackable when a quarter turn swaps X and Y.
    """
    order = rng.permutation(len(data))
    if config.patch_size is None:
        # One shared padded shape lets volumes of different sizes share a batch.
        largest = np.max([img.shape[1:] for img, _ in data], axis=0)
        shape = padded_shape(largest, config.divisor, 2 * config.divisor)  # >= 2 bottleneck voxels per axis
    batches = []
    for start in range(0, len(order), config.batch_size):
        images, labels = [], []
        for i in order[start : start + config.batch_size]:
            image, label = data[i]
            if config.patch_size is None:
                image, label = pad_to_shape(image, shape, float(image.min())), pad_to_shape(label, shape, 0)
            else:
                image, label = random_crop(image, label, config.patch_size, rng)
            images.append(image)
            labels.append(label)
        image_batch, label_batch = torch.from_numpy(np.stack(images)), torch.from_numpy(np.stack(labels))
        if config.augment == "dihedral":
            view = int(rng.integers(len(VIEW_TRANSFORMS)))
            image_batch = apply_view(image_batch, view).contiguous()
            label_batch = apply_view(label_batch, view).contiguous()
        batches.append((image_batch, label_batch))
    return batches


def dice_counts(pred: torch.Tensor, label: torch.Tensor, num_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Per foreground label ``1..num_classes-1``: the Dice of one case, and whether the label or the
    prediction has that label at all.

    An empty label scores 1 if nothing is predicted and 0 if anything is (a false positive), as MONAI's
    ``ignore_empty=False``. MONAI 1.6.1's ``ignore_empty=True`` (used before) makes such a case NaN and drops
    it: a model painting foreground over a patient without the structure lost nothing, and a validation set
    made only of such patients reported 0.0 whatever the model did, so the best epoch was chosen blind to
    false positives.

    Args:
        pred: integer labels ``(*S)``.
        label: integer labels ``(*S)``.
        num_classes: including background.

    Returns:
        ``(dice float64 (num_classes - 1,), present bool (num_classes - 1,))``.
    """
    values = torch.arange(1, num_classes, device=pred.device).view(-1, *([1] * pred.ndim))
    predicted, truth = pred[None] == values, label[None] == values
    dims = tuple(range(1, pred.ndim + 1))
    intersection = (predicted & truth).sum(dim=dims).double()
    total = (predicted.sum(dim=dims) + truth.sum(dim=dims)).double()
    dice = torch.where(total > 0, 2.0 * intersection / total.clamp(min=1), torch.ones_like(total))
    return dice.cpu().numpy(), (total > 0).cpu().numpy()


def evaluate_dice(
    model: BasicUNetPlusPlus, data: Sequence[tuple[np.ndarray, np.ndarray]], config: TrainConfig
) -> tuple[float | None, dict[int, float]]:
    """Foreground Dice of the final head on prepared ``(image (1, *S), label (1, *S))`` pairs.

    Each case counts for every label (see :func:`dice_counts`: an empty label with false positives scores 0,
    an empty label left empty scores 1); a label neither annotated nor predicted in any case is left out, as
    there is nothing to measure it on.

    Returns:
        ``(mean over labels, {label value: mean Dice over cases})``; ``(None, {})`` when no label is present
        or predicted anywhere.
    """
    if not data:
        return None, {}
    dices, present = [], np.zeros(config.num_classes - 1, dtype=bool)
    model.eval()
    with torch.inference_mode():
        for image, label in data:
            logits = forward_heads(model, torch.from_numpy(image)[None], config)[-1]
            dice, seen = dice_counts(logits[0].argmax(dim=0), torch.from_numpy(label)[0], config.num_classes)
            dices.append(dice)
            present |= seen
    mean = np.mean(dices, axis=0)
    per_label = {value: float(mean[value - 1]) for value in range(1, config.num_classes) if present[value - 1]}
    return (float(np.mean(list(per_label.values()))) if per_label else None), per_label


def train_segmenter(
    train: Sequence[Sample],
    val: Sequence[Sample],
    config: TrainConfig,
    init_state: Mapping[str, torch.Tensor] | None = None,
    progress: ProgressFn | None = None,
    fine_tune: bool = False,
) -> TrainResult:
    """Train UNet++ on labelled samples and report validation Dice.

    Deterministic for ``config.seed`` on a given machine and thread count (weight init, shuffling, crops,
    augmentation and dropout all draw from seeded generators; the global torch RNG is restored afterwards).

    Args:
        train: labelled samples, image float32 ``(X, Y, Z)``, label uint8 ``(X, Y, Z)``. May be empty: the
            model is then returned untrained (cold start for the ``random`` strategy).
        val: labelled validation samples (may be empty).
        config: hyper-parameters.
        init_state: previous round's weights for continual fine-tuning, a Genesis backbone, or ``None`` to start
            from scratch.
        progress: called after every epoch with ``{"epoch", "epochs", "loss", "percent"}``.
        fine_tune: ``init_state`` is a previous round's segmenter: train with ``lr * lr_fine_tune_scale``
            (ACFT fine-tunes with a tenth of the rate so a few new patients refine the model instead of
            overwriting it). A Genesis backbone's decoder and heads are untrained, so it keeps the full rate.

    With validation data the weights of the epoch with the best validation Dice are kept (checked every
    ``config.val_interval`` epochs and at the end; ties go to the later epoch), as MONAI Label keeps its best
    model, so a training that drifts off after its best epoch does not hand the next round worse weights. With
    ``config.patience > 0`` training stops after that many checks without a strictly better Dice (a plateau).
    The learning rate stays constant: a cosine decay over short CPU runs (80 steps on MSD hippocampus) measured
    far worse (full-pool test Dice 0.31 vs 0.70), the model leaving the all-background start too late.

    Returns:
        :class:`TrainResult` with the kept weights and their validation Dice.
    """
    if fine_tune and init_state is None:
        raise ValueError("fine_tune needs init_state: the previous round's weights")
    started = time.perf_counter()
    train_data = _labelled(train, config, "train")
    val_data = _labelled(val, config, "val")
    rng = np.random.default_rng(config.seed)
    history: list[dict[str, float]] = []
    lr = config.lr * (config.lr_fine_tune_scale if fine_tune else 1.0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed)
        model = build_model(config)
        if init_state is not None:
            model.load_state_dict(init_state, strict=True)
        device = resolve_device(config)
        model.to(device)
        loss_fn = DeepSupervisionLoss(DiceCELoss(to_onehot_y=True, softmax=True), weight_mode="same")
        optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=config.weight_decay)
        epochs = config.epochs if train_data else 0
        best: tuple[float, dict[str, torch.Tensor], dict[int, float], int] | None = None
        stalled, converged, epochs_run = 0, False, 0
        for epoch in range(1, epochs + 1):
            model.train()
            losses = []
            for images, labels in _batches(train_data, config, rng):
                optimizer.zero_grad(set_to_none=True)
                with autocast(config, device, training=True):
                    heads = model(images.to(device))
                loss = loss_fn([h.float() for h in heads], labels.to(device))
                loss.backward()
                optimizer.step()
                losses.append(float(loss.item()))
            epochs_run = epoch
            mean_loss = float(np.mean(losses))
            history.append({"epoch": epoch, "loss": mean_loss})
            if val_data and (epoch % config.val_interval == 0 or epoch == epochs):
                dice, per_label = evaluate_dice(model, val_data, config)
                history[-1]["val_dice"] = float("nan") if dice is None else dice
                if dice is not None:
                    stalled = 0 if best is None or dice > best[0] else stalled + 1
                    if best is None or dice >= best[0]:
                        best = (dice, _cpu_state(model), per_label, epoch)
            logger.info("training.epoch.done", extra={"epoch": epoch, "epochs": epochs, "loss": mean_loss})
            if progress is not None:
                progress({"epoch": epoch, "epochs": epochs, "loss": mean_loss, "percent": 100.0 * epoch / epochs})
            if config.patience and stalled >= config.patience:
                converged = True
                logger.info("training.plateau", extra={"epoch": epoch, "best_epoch": best and best[3]})
                break
        val_dice: float | None
        best_epoch: int | None = None
        if best is not None:
            val_dice, state, per_label, best_epoch = best
        else:
            val_dice, per_label = evaluate_dice(model, val_data, config)
            state = _cpu_state(model)
    seconds = time.perf_counter() - started
    return TrainResult(state, val_dice, per_label, history, seconds, epochs_run, best_epoch, converged)


def _cpu_state(model: BasicUNetPlusPlus) -> dict[str, torch.Tensor]:
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
