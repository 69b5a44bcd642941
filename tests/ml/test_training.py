from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import torch

from tests.ml.conftest import synthetic_sample
from worker.ml.config import TrainConfig
from worker.ml.data import Sample
from worker.ml.inference import predict
from worker.ml.training import TrainResult, train_segmenter


@pytest.fixture(scope="module")
def hippocampus_run(
    hippocampus_samples: list[Sample],
) -> tuple[TrainConfig, TrainResult, list[dict[str, Any]]]:
    config = TrainConfig(num_classes=3, epochs=2)
    events: list[dict[str, Any]] = []
    result = train_segmenter(hippocampus_samples[:2], hippocampus_samples[2:], config, progress=events.append)
    return config, result, events


class TestTrainSegmenter:
    def test_real_volumes_train_and_report_progress_per_epoch(
        self, hippocampus_run: tuple[TrainConfig, TrainResult, list[dict[str, Any]]]
    ) -> None:
        _, result, events = hippocampus_run
        assert [e["epoch"] for e in events] == [1, 2]
        assert events[-1]["percent"] == 100.0 and events[-1]["epochs"] == 2
        assert all(np.isfinite(e["loss"]) for e in events)
        assert [h["epoch"] for h in result.history] == [1, 2]
        assert result.val_dice is not None and 0.0 <= result.val_dice <= 1.0
        assert set(result.val_dice_per_label) == {1, 2}

    def test_real_volumes_predict_masks_on_the_image_grid(
        self,
        hippocampus_run: tuple[TrainConfig, TrainResult, list[dict[str, Any]]],
        hippocampus_samples: list[Sample],
    ) -> None:
        config, result, _ = hippocampus_run
        predictions = predict(result.state_dict, config, [s.image for s in hippocampus_samples])
        for sample, prediction in zip(hippocampus_samples, predictions, strict=True):
            assert prediction.mask.shape == sample.image.shape
            assert prediction.mask.dtype == np.uint8
            assert prediction.probs.shape == (3, *sample.image.shape)
            assert prediction.head_probs is not None
            assert prediction.head_probs.shape == (4, 3, *sample.image.shape)
            assert np.allclose(prediction.probs.sum(axis=0), 1.0, atol=1e-4)
            assert prediction.features.shape == (config.features[4],)

    def test_same_seed_gives_identical_weights(self, tiny_config: TrainConfig) -> None:
        train = [synthetic_sample("a", (16, 20, 12), 0), synthetic_sample("b", (18, 16, 16), 1)]
        first = train_segmenter(train, [], tiny_config)
        again = train_segmenter(train, [], tiny_config)
        assert all(torch.equal(first.state_dict[k], again.state_dict[k]) for k in first.state_dict)
        assert first.val_dice is None

    def test_init_state_continues_from_previous_weights(self, tiny_config: TrainConfig) -> None:
        train = [synthetic_sample("a", (16, 16, 16), 0)]
        scratch = train_segmenter(train, [], replace(tiny_config, epochs=0))
        perturbed = {k: v + 0.5 if v.is_floating_point() else v for k, v in scratch.state_dict.items()}
        resumed = train_segmenter(train, [], replace(tiny_config, epochs=0), init_state=perturbed)
        assert all(torch.equal(resumed.state_dict[k], perturbed[k]) for k in perturbed)

    def test_empty_training_set_returns_untrained_model(self, tiny_config: TrainConfig) -> None:
        result = train_segmenter([], [synthetic_sample("v", (16, 16, 16), 2)], tiny_config)
        assert result.history == []
        assert result.state_dict

    def test_unlabelled_training_sample_is_rejected(self, tiny_config: TrainConfig) -> None:
        with pytest.raises(ValueError, match="has no label"):
            train_segmenter([synthetic_sample("a", (16, 16, 16), 0, labelled=False)], [], tiny_config)

    def test_2d_images_train_with_a_2d_network(self, tiny_config: TrainConfig) -> None:
        config = replace(tiny_config, spatial_dims=2)
        train = [synthetic_sample("a", (40, 24, 1), 0), synthetic_sample("b", (32, 30, 1), 1)]
        result = train_segmenter(train, train[:1], config)
        (prediction,) = predict(result.state_dict, config, [train[1].image])
        assert prediction.mask.shape == (32, 30, 1)
        assert result.val_dice is not None

    def test_patch_training_and_sliding_window_inference(self, tiny_config: TrainConfig) -> None:
        config = replace(tiny_config, patch_size=(32, 32, 32))
        train = [synthetic_sample("a", (48, 24, 20), 0)]
        result = train_segmenter(train, train, config)
        (prediction,) = predict(result.state_dict, config, [train[0].image], mc_samples=2)
        assert prediction.mask.shape == (48, 24, 20)
        assert prediction.mc_probs is not None and prediction.mc_probs.shape == (2, 3, 48, 24, 20)


def test_the_best_validated_epoch_is_kept(hippocampus_samples: list[Sample]) -> None:
    from worker.ml.data import prepare_image, prepare_label
    from worker.ml.inference import load_model
    from worker.ml.training import evaluate_dice

    config = TrainConfig(num_classes=3, epochs=4, features=(4, 4, 8, 8, 16, 4), lr=3e-2)
    val = hippocampus_samples[2:]
    result = train_segmenter(hippocampus_samples[:2], val, config)
    checked = [h["val_dice"] for h in result.history]
    assert len(checked) == 4 and result.val_dice == max(checked)
    # The returned weights are the kept epoch's: re-evaluating them gives the reported Dice.
    pairs = [(prepare_image(s.image, config), prepare_label(s.label, config)) for s in val if s.label is not None]
    again, _ = evaluate_dice(load_model(result.state_dict, config), pairs, config)
    assert again == pytest.approx(result.val_dice, abs=1e-6)
    sparse = train_segmenter(hippocampus_samples[:2], val, replace(config, val_interval=3))
    assert [h["epoch"] for h in sparse.history if "val_dice" in h] == [3, 4]  # every 3rd epoch and the last
