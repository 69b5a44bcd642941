"""Training/inference configuration of the ML engine.

The config is stored on the job row, so it must round-trip through JSON (:meth:`TrainConfig.to_dict` /
:meth:`TrainConfig.from_dict`) and is frozen so a running job can't mutate what was recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

__all__ = ["TrainConfig"]

_DIVISOR = 16  # BasicUNetPlusPlus downsamples 4 times: every spatial size must be a multiple of 2**4.


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one active-learning round.

    Args:
        num_classes: output channels including background; label values must be ``0..num_classes-1``.
        spatial_dims: 3 for volumes; 2 for single-slice images stored as ``(X, Y, 1)`` (squeezed internally).
        features: BasicUNetPlusPlus channel counts (5 encoder levels + last decoder node); small for CPU.
        dropout: dropout in every conv block; > 0 also enables MC-dropout scoring.
        epochs: passes over the training set (the most: ``patience`` may stop training earlier).
        lr: Adam learning rate (constant).
        lr_fine_tune_scale: continual fine-tuning from a previous round's segmenter uses ``lr * scale``: ACFT
            fine-tunes with a tenth of the learning rate so that a few new patients refine, rather than
            overwrite, what the previous model learned. Training from scratch or from a Genesis backbone (whose
            decoder and heads are new) uses ``lr``.
        weight_decay: Adam weight decay.
        batch_size: volumes (or patches) per optimisation step.
        seed: seeds weight init, shuffling, crops and MC-dropout masks.
        val_interval: epochs between validation checks; the best-scoring weights are kept.
        patience: validation checks without a new best validation Dice after which training stops (0 = off: run
            all ``epochs``). A fixed epoch count either stops short of the plateau on small training sets or
            wastes time past it on large ones; a benchmark comparing strategies at fixed epochs measures
            under-training rather than selection. A training stopped this way reports ``converged``.
        augment: ``"dihedral"``: every training batch is seen in one random in-plane flip/quarter turn, the same
            group as ACFT's views (:data:`worker.ml.inference.VIEW_TRANSFORMS`), so ACFT's disagreement
            between views measures the model's uncertainty rather than views it never saw in training;
            ``"none"``: pad/crop only.
        patch_size: ``None`` trains/infers on whole volumes padded to a multiple of 16; otherwise random crops
            of this size for training and sliding-window inference for larger volumes (each entry a multiple
            of 16 and >= 32, ``spatial_dims`` entries).
        sw_overlap: sliding-window overlap (only used with ``patch_size``).
        modality: ``"CT"`` clips HU to ``ct_window`` then scales to [0, 1]; anything else (MR, OT, ...)
            clips to the 0.5-99.5 percentiles then z-scores.
        ct_window: HU window for CT.
        mc_samples: stochastic forward passes for the ``mc_dropout`` strategy.
        band_width: voxels the aggregation region (predicted foreground, plus ``band_threshold``) is dilated by
            before aggregating uncertainty.
        band_threshold: voxels whose foreground probability ``1 - p(background)`` exceeds it join the
            aggregation region even if the argmax says background, so a structure the model misses entirely
            (empty mask, but a blob of doubtful voxels) is scored on that blob, not on the whole volume. 1 turns
            this off (no probability exceeds 1).
        infer_batch_size: MC-dropout passes, ACFT views or sliding windows that share one forward pass. 1 is
            fastest on CPU (measured: 8 batch-1 passes beat 2 passes of batch 4 by 1.4x); raise it on a GPU.
        acft_views: in-plane flip/rot90 views per patient for the ``acft`` strategy (1..8).
        acft_alpha: ACFT majority selection: fraction of the views kept per voxel (1/4 in the papers).
        acft_weights: ``(lambda1, lambda2)``, weights of ACFT's entropy and diversity terms.
        acft_clamp: probabilities are clamped to ``[acft_clamp, 1 - acft_clamp]`` so the Jeffreys divergence
            stays finite.
        omega_pool_fraction: ACFT's randomised top-``omega * b`` pool (and hybrid's shortlist) is capped at
            ``max(b, ceil(fraction * N))`` of the ``N`` candidates: on a small pool ``omega * b`` is nearly the
            whole pool and the "randomised top" pick is nearly random.
        continual: ``"all"`` trains on every labelled patient given (ACFT_(LQ) when starting from the previous
            model); ``"hq"`` is ACFT_(HQ): with a previous model and earlier patients passed to
            ``run_round_ml``, train on the new patients plus the earlier ones the previous model now gets
            wrong (foreground Dice below ``hq_dice_threshold``).
        hq_dice_threshold: Dice under which an earlier patient counts as "wrong" for ``continual="hq"``.
        device: ``"auto"`` (CUDA when available, else CPU), ``"cpu"`` or ``"cuda"``.
        precision: ``"auto"`` runs convolutions under bfloat16 autocast where the hardware does bf16 natively
            and reliably (a CUDA GPU with bf16 or a CPU with AMX tiles; on a CPU with AVX512-BF16 only, inference
            only) and in float32 elsewhere; ``"bf16"`` / ``"fp32"`` force one. Losses, softmax and scores are
            always computed in float32.
    """

    num_classes: int = 2
    spatial_dims: int = 3
    features: tuple[int, int, int, int, int, int] = (8, 8, 16, 32, 64, 8)
    dropout: float = 0.1
    epochs: int = 20
    lr: float = 3e-3
    weight_decay: float = 1e-5
    batch_size: int = 2
    seed: int = 0
    val_interval: int = 1
    patience: int = 0
    augment: str = "dihedral"
    lr_fine_tune_scale: float = 0.1
    patch_size: tuple[int, ...] | None = None
    sw_overlap: float = 0.25
    modality: str = "MR"
    ct_window: tuple[float, float] = (-1000.0, 1000.0)
    mc_samples: int = 8
    band_width: int = 3
    band_threshold: float = 0.1
    infer_batch_size: int = 1
    acft_views: int = 8
    acft_alpha: float = 0.25
    acft_weights: tuple[float, float] = (1.0, 1.0)
    acft_clamp: float = 1e-4
    omega_pool_fraction: float = 0.25
    continual: str = "all"
    hq_dice_threshold: float = 0.8
    device: str = "auto"
    precision: str = "auto"

    def __post_init__(self) -> None:
        if self.num_classes < 2:
            raise ValueError("num_classes must count background and at least one foreground label")
        if self.spatial_dims not in (2, 3):
            raise ValueError("spatial_dims must be 2 or 3")
        if len(self.features) != 6:
            raise ValueError("features needs 6 entries (BasicUNetPlusPlus)")
        if self.epochs < 0 or self.batch_size < 1 or self.mc_samples < 1 or self.band_width < 0:
            raise ValueError("epochs >= 0, batch_size >= 1, mc_samples >= 1 and band_width >= 0 are required")
        if self.val_interval < 1 or self.patience < 0:
            raise ValueError("val_interval >= 1 and patience >= 0 are required")
        if self.augment not in ("dihedral", "none"):
            raise ValueError("augment must be 'dihedral' or 'none'")
        if not 0.0 < self.lr_fine_tune_scale <= 1.0:
            raise ValueError("lr_fine_tune_scale must be in (0, 1]")
        if not 0.0 < self.band_threshold <= 1.0:
            raise ValueError("band_threshold must be in (0, 1] (1 switches it off)")
        if not 0.0 < self.omega_pool_fraction <= 1.0:
            raise ValueError("omega_pool_fraction must be in (0, 1]")
        if self.infer_batch_size < 1 or not 1 <= self.acft_views <= 8:
            raise ValueError("infer_batch_size >= 1 and 1 <= acft_views <= 8 are required")
        if not 0.0 < self.acft_alpha <= 1.0 or not 0.0 < self.acft_clamp < 0.5 or len(self.acft_weights) != 2:
            raise ValueError("need 0 < acft_alpha <= 1, 0 < acft_clamp < 0.5 and two acft_weights")
        if self.continual not in ("all", "hq"):
            raise ValueError("continual must be 'all' or 'hq'")
        if self.device not in ("auto", "cpu", "cuda") or self.precision not in ("auto", "fp32", "bf16"):
            raise ValueError("device must be auto/cpu/cuda and precision auto/fp32/bf16")
        if self.patch_size is not None:
            if len(self.patch_size) != self.spatial_dims:
                raise ValueError("patch_size needs one entry per spatial dim")
            if any(p < 2 * _DIVISOR or p % _DIVISOR for p in self.patch_size):
                # 2 * 16 keeps the bottleneck above one voxel per axis (instance norm needs > 1 element).
                raise ValueError(f"patch_size entries must be multiples of {_DIVISOR} and >= {2 * _DIVISOR}")
        # JSON gives lists back; normalise so equality and hashing behave the same after a round trip.
        object.__setattr__(self, "features", tuple(int(f) for f in self.features))
        object.__setattr__(self, "ct_window", (float(self.ct_window[0]), float(self.ct_window[1])))
        object.__setattr__(self, "acft_weights", (float(self.acft_weights[0]), float(self.acft_weights[1])))
        if self.patch_size is not None:
            object.__setattr__(self, "patch_size", tuple(int(p) for p in self.patch_size))

    @property
    def divisor(self) -> int:
        """Spatial sizes fed to the network must be multiples of this."""
        return _DIVISOR

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict (tuples become lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Inverse of :meth:`to_dict`; unknown keys are rejected so typos don't pass silently."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown TrainConfig keys: {sorted(unknown)}")
        return cls(**data)
