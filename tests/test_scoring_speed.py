"""The scoring-speed benchmark, and the fast MC-dropout path it measures (worker.ml.inference._mc_draws)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from monai.networks.nets.basic_unetplusplus import BasicUNetPlusPlus
from torch import nn

from benchmarks.scoring_speed import main
from worker.ml.config import TrainConfig
from worker.ml.data import pad_to_multiple
from worker.ml.inference import _host_dropout, _mc_draws
from worker.ml.nets import build_model, mc_dropout_mode

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    """One torch thread, as the benchmark measures (two threads on a busy 2-core machine spin-wait for ages);
    restored afterwards, also after ``main`` set its own."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _model(config: TrainConfig) -> BasicUNetPlusPlus:
    torch.manual_seed(0)
    model = build_model(config).eval()
    with torch.no_grad():  # non-trivial normalisation parameters, so that their precision matters
        for module in model.modules():
            if isinstance(module, nn.modules.instancenorm._InstanceNorm) and module.weight is not None:
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.2)
    return model


@pytest.mark.parametrize("shape", [(1, 1, 35, 50, 37), (1, 1, 70, 90)], ids=["3d", "2d"])
def test_bf16_mc_passes_equal_autocast_with_the_same_masks(shape: tuple[int, ...]) -> None:
    config = TrainConfig(num_classes=3, spatial_dims=len(shape) - 2, features=(4, 4, 8, 8, 16, 4), precision="bf16")
    model = _model(config)
    image = torch.randn(*shape)
    with torch.inference_mode():
        fast = _mc_draws(model, image, config, 3)
        array, _ = pad_to_multiple(image.numpy(), config.divisor, config.spatial_dims, float(image.min()))
        padded = torch.from_numpy(np.ascontiguousarray(array))
        crop = (slice(None), slice(None), *(slice(0, s) for s in shape[2:]))
        reference = []
        with _host_dropout(model, np.random.default_rng(config.seed)):
            for _ in range(3):
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    reference.append(torch.softmax(model(padded)[-1][crop].float(), 1))
    assert fast.shape == (3, 3, *shape[2:])
    assert torch.equal(fast, torch.cat(reference))  # bit-equal: the same arithmetic as autocast
    assert {p.dtype for p in model.parameters()} == {torch.float32}  # the bf16 copies were swapped back out
    assert not model.training


def test_host_dropout_drops_p_and_scales_the_rest_reproducibly() -> None:
    layer = nn.Sequential(nn.Identity(), nn.Dropout(0.25))
    ones = torch.ones(200_000)
    with torch.inference_mode():
        with _host_dropout(layer, np.random.default_rng(7)):
            first = layer(ones)
        with _host_dropout(layer, np.random.default_rng(7)):
            again = layer(ones)
        after = layer(ones)
    kept = first[first != 0]
    assert abs(1.0 - kept.numel() / ones.numel() - 0.25) < 0.005
    assert torch.allclose(kept, torch.full_like(kept, 1 / 0.75))
    assert torch.equal(first, again)  # seeded
    assert torch.equal(after, ones)  # hooks removed, eval mode: dropout off again


def test_numpy_masks_give_the_mc_mean_torch_dropout_gives() -> None:
    """The numpy masks are another sample of the same Bernoulli masks: MC-dropout probabilities agree with torch's
    dropout in distribution, so their mean over many passes converges to the same value."""
    config = TrainConfig(num_classes=2, spatial_dims=2, features=(4, 4, 8, 8, 16, 4), precision="fp32", dropout=0.3)
    model = _model(config)
    image = torch.randn(1, 1, 32, 32)
    with torch.inference_mode():
        fast = _mc_draws(model, image, config, 64).mean(0)
        torch.manual_seed(0)
        with mc_dropout_mode(model):
            torch_draws = torch.cat([torch.softmax(model(image)[-1], 1) for _ in range(64)]).mean(0)
        eval_probs = torch.softmax(model(image)[-1], 1)[0]
    shift, torch_shift = (fast - eval_probs).abs().mean(), (torch_draws - eval_probs).abs().mean()
    assert abs(shift - torch_shift) < 0.2 * torch_shift  # dropout moves the mean as far as torch's does
    assert (fast - torch_draws).abs().mean() < 0.5 * torch_shift  # and to the same place (up to MC noise)


def test_scoring_speed_reports_rates_ratios_and_the_fp32_check() -> None:
    results = main(
        [
            "--data", str(SHARED_DATA / "msd-hippocampus"), "--patients", "3", "--samples", "2",
            "--repeats", "1", "--strategies", "mc_dropout,coreset", "--device", "cpu",
        ]
    )  # fmt: skip
    assert results["naive_patients_per_s"] > 0 and results["naive_cpu_patients_per_s"] > 0
    for name in ("mc_dropout", "coreset"):
        assert results[f"{name}_patients_per_s"] > 0 and results[f"{name}_cpu_ratio"] > 0
    assert results["mc_dropout_max_score_difference"] < 1e-2
    assert results["mc_dropout_spearman_vs_fp32"] > 0.5
