"""Models Genesis transformations (shapes, value range, official probabilities) and pre-training plumbing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from tests.ml.conftest import synthetic_sample
from worker.ml.config import TrainConfig
from worker.ml.genesis import (
    GenesisConfig,
    bezier_curve,
    genesis_init_state,
    genesis_pair,
    in_painting,
    local_pixel_shuffling,
    nonlinear_transformation,
    out_painting,
    pretrain_genesis,
)
from worker.ml.nets import build_model


def _cube(shape: tuple[int, ...] = (32, 32, 32), seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random(shape).astype(np.float32)


class TestTransforms:
    @pytest.mark.parametrize("shape", [(32, 32, 32), (64, 64)])
    def test_every_transform_keeps_shape_and_unit_range(self, shape: tuple[int, ...]) -> None:
        rng = np.random.default_rng(1)
        x = _cube(shape)
        for out in (
            local_pixel_shuffling(x, rng, prob=1.0),
            nonlinear_transformation(x, rng, prob=1.0),
            in_painting(x, rng),
            out_painting(x, rng),
        ):
            assert out.shape == x.shape and out.dtype == np.float32
            assert 0.0 <= float(out.min()) and float(out.max()) <= 1.0

    def test_local_shuffling_permutes_values_inside_windows(self) -> None:
        x = _cube()
        out = local_pixel_shuffling(x, np.random.default_rng(2), prob=1.0)
        assert not np.array_equal(out, x)
        # Windows are small: each value stays close to where it came from, and the mean barely moves.
        assert abs(float(out.mean()) - float(x.mean())) < 0.01

    def test_nonlinear_mapping_is_monotonic(self) -> None:
        ramp = np.linspace(0, 1, 101, dtype=np.float32)
        for seed in range(20):
            diffs = np.diff(nonlinear_transformation(ramp, np.random.default_rng(seed), prob=1.0))
            assert (diffs >= -1e-6).all() or (diffs <= 1e-6).all()

    def test_bezier_curve_runs_between_its_end_points(self) -> None:
        xs, ys = bezier_curve([[0, 0], [0.2, 0.9], [0.7, 0.1], [1, 1]], n_times=1000)
        assert {round(float(xs[0]), 6), round(float(xs[-1]), 6)} == {0.0, 1.0}
        assert xs.min() >= 0 and xs.max() <= 1 and ys.min() >= 0 and ys.max() <= 1

    def test_in_painting_changes_inner_boxes_and_keeps_the_border(self) -> None:
        x = np.zeros((32, 32, 32), np.float32)
        out = in_painting(x, np.random.default_rng(3))
        assert (out != 0).any()
        assert not out[:3].any() and not out[-3:].any()  # 3-voxel margin

    def test_out_painting_keeps_an_original_box_and_fills_the_rest_with_noise(self) -> None:
        x = np.zeros((32, 32, 32), np.float32)
        out = out_painting(x, np.random.default_rng(4))
        kept = out == 0
        assert 0.05 < kept.mean() < 0.9 and not kept[:3].any()

    def test_probabilities_over_many_draws_match_the_official_rates(self) -> None:
        rng = np.random.default_rng(5)
        counts = {"local_shuffle": 0, "nonlinear": 0, "in_painting": 0, "out_painting": 0}
        draws = 800
        cfg = GenesisConfig()
        x = _cube((16, 16))  # small keeps the draws cheap; the rates don't depend on the size
        for _ in range(draws):
            for name, fired in genesis_pair(x, rng, cfg)[2].items():
                counts[name] += fired
        expected = {"local_shuffle": 0.5, "nonlinear": 0.9, "in_painting": 0.9 * 0.2, "out_painting": 0.9 * 0.8}
        for name, rate in expected.items():
            sd = np.sqrt(rate * (1 - rate) / draws)
            assert abs(counts[name] / draws - rate) < 4 * sd, name

    def test_pairs_are_reproducible_and_flip_both_input_and_target(self) -> None:
        x = _cube((32, 32), seed=6)
        a = genesis_pair(x, np.random.default_rng(7))
        b = genesis_pair(x, np.random.default_rng(7))
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        targets = [genesis_pair(x, np.random.default_rng(s))[1] for s in range(30)]
        assert any(not np.array_equal(t, x) for t in targets)  # some targets are flipped
        assert all(sorted(t.ravel().tolist()) == sorted(x.ravel().tolist()) for t in targets[:5])


class TestPretraining:
    def test_pretrains_and_initialises_a_segmenter_with_fresh_heads(self) -> None:
        config = TrainConfig(num_classes=3, spatial_dims=2, features=(4, 4, 8, 8, 16, 4), seed=1)
        images = [synthetic_sample(f"u{i}", (40, 36, 1), i).image for i in range(3)]
        events: list[dict[str, Any]] = []
        state = pretrain_genesis(images, config, events.append, GenesisConfig(steps=2, batch_size=2, seed=1))
        assert [e["step"] for e in events] == [1, 2] and all(np.isfinite(e["loss"]) for e in events)
        assert state["final_conv_0_4.weight"].shape[0] == 1  # the one-channel reconstruction head
        init = genesis_init_state(state, config)
        model = build_model(config)
        model.load_state_dict(init, strict=True)
        assert torch.equal(init["conv_0_0.conv_0.conv.weight"], state["conv_0_0.conv_0.conv.weight"])
        scratch = build_model(config).state_dict()
        assert not torch.equal(init["conv_0_0.conv_0.conv.weight"], scratch["conv_0_0.conv_0.conv.weight"])
        assert init["final_conv_0_4.weight"].shape[0] == 3
        fresh = genesis_init_state(state, config)
        assert torch.equal(init["final_conv_0_4.weight"], fresh["final_conv_0_4.weight"])  # seeded

    def test_a_non_finite_loss_is_rolled_back_and_training_goes_on_at_half_the_rate(
        self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        from worker.ml import genesis

        config = TrainConfig(num_classes=2, spatial_dims=2, features=(4, 4, 8, 8, 16, 4), precision="fp32")
        images = [synthetic_sample(f"u{i}", (40, 36, 1), i).image for i in range(2)]
        plain = genesis.genesis_pair
        calls = {"n": 0}

        def blows_up_in_step_2(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            x, y, applied = plain(*args, **kwargs)
            return (np.full_like(x, np.nan), y, applied) if calls["n"] == 3 else (x, y, applied)  # batch 2

        monkeypatch.setattr(genesis, "genesis_pair", blows_up_in_step_2)
        events: list[dict[str, Any]] = []
        cfg = GenesisConfig(steps=4, batch_size=2, seed=0, lr=0.1, lr_halve_at=1.0)
        with caplog.at_level("WARNING", logger="worker.ml.genesis"):
            state = pretrain_genesis(images, config, events.append, cfg)
        (recovered,) = [r for r in caplog.records if r.getMessage() == "genesis.recovered"]
        assert (recovered.step, recovered.lr) == (2, 0.05)  # type: ignore[attr-defined]
        assert [e["step"] for e in events] == [1, 3, 4]  # step 2 was undone, the others trained
        assert all(np.isfinite(e["loss"]) for e in events)
        assert all(torch.isfinite(v).all() for v in state.values() if v.is_floating_point())

    def test_gives_up_after_its_recoveries_with_a_clear_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from worker.ml import genesis

        config = TrainConfig(num_classes=2, spatial_dims=2, features=(4, 4, 8, 8, 16, 4), precision="fp32")
        images = [synthetic_sample("u", (40, 36, 1), 0).image]
        plain = genesis.genesis_pair

        def always_nan(*args: Any, **kwargs: Any) -> Any:
            x, y, applied = plain(*args, **kwargs)
            return np.full_like(x, np.nan), y, applied

        monkeypatch.setattr(genesis, "genesis_pair", always_nan)
        with pytest.raises(FloatingPointError, match="diverged at step 3 after 2 recoveries"):
            pretrain_genesis(images, config, None, GenesisConfig(steps=5, batch_size=1, max_recoveries=2))

    def test_wrong_architecture_is_rejected(self) -> None:
        small = TrainConfig(features=(4, 4, 8, 8, 16, 4))
        with pytest.raises(ValueError, match="fit"):
            genesis_init_state(build_model(small).state_dict(), TrainConfig())
