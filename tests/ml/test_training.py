from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import torch

from tests.ml.conftest import synthetic_sample
from worker.ml import training
from worker.ml.config import TrainConfig
from worker.ml.data import Sample, prepare_image, prepare_label
from worker.ml.inference import VIEW_TRANSFORMS, apply_view, predict
from worker.ml.nets import build_model
from worker.ml.training import TrainResult, dice_counts, evaluate_dice, train_segmenter


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
            assert prediction.features.shape == (2 * config.features[4],)

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
    from worker.ml.inference import load_model

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


class TestAugmentation:
    @staticmethod
    def _data() -> list[tuple[np.ndarray, np.ndarray]]:
        rng = np.random.default_rng(0)
        images = [rng.normal(size=(1, 16, 24, 16)).astype(np.float32) for _ in range(3)]
        return [(image, (image > 0.5).astype(np.int64)) for image in images]

    def test_labels_are_turned_with_their_images(self, tiny_config: TrainConfig) -> None:
        views_seen: set[int] = set()
        rng = np.random.default_rng(1)
        unturned = training._batches(self._data()[:1], replace(tiny_config, augment="none"), rng)[0][0]
        for _ in range(40):
            for images, labels in training._batches(self._data(), tiny_config, rng):
                # The label was derived voxel by voxel from the image, so any misalignment shows up here.
                assert torch.equal(labels, (images > 0.5).long())
            (image, _), *_ = training._batches(self._data()[:1], replace(tiny_config, batch_size=1), rng)
            views_seen |= {v for v in range(len(VIEW_TRANSFORMS)) if torch.equal(image, apply_view(unturned, v))}
        assert len(views_seen) >= 6  # random elements of the dihedral group, not one fixed turn

    def test_without_augmentation_batches_are_only_padded(self, tiny_config: TrainConfig) -> None:
        config = replace(tiny_config, augment="none", batch_size=1)
        data = self._data()[:1]
        (image, label), *_ = training._batches(data, config, np.random.default_rng(0))
        assert torch.equal(image[0, :, :16, :24, :16], torch.from_numpy(data[0][0]))
        assert torch.equal(label[0, :, :16, :24, :16], torch.from_numpy(data[0][1]))

    def test_augmented_batches_are_deterministic_per_seed(self, tiny_config: TrainConfig) -> None:
        first = training._batches(self._data(), tiny_config, np.random.default_rng(7))
        again = training._batches(self._data(), tiny_config, np.random.default_rng(7))
        assert all(torch.equal(a[0], b[0]) and torch.equal(a[1], b[1]) for a, b in zip(first, again, strict=True))

    def test_patches_of_a_non_square_plane_are_turned_too(self, tiny_config: TrainConfig) -> None:
        config = replace(tiny_config, patch_size=(32, 48, 32), batch_size=2)
        image = np.random.default_rng(0).normal(size=(1, 40, 50, 36)).astype(np.float32)
        data = [(image, (image > 0.5).astype(np.int64))] * 2
        shapes = set()
        rng = np.random.default_rng(0)
        for _ in range(20):
            for images, labels in training._batches(data, config, rng):
                assert torch.equal(labels, (images > 0.5).long())
                shapes.add(tuple(images.shape[2:]))
        assert shapes == {(32, 48, 32), (48, 32, 32)}  # quarter turns swap X and Y for the whole batch

    def test_unknown_augmentation_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="augment"):
            TrainConfig(augment="elastic")


class TestValidationDice:
    """An empty label with false positives must cost Dice, or the best epoch is chosen blind to them: MONAI
    1.6.1's ``DiceMetric(ignore_empty=True)`` made such a case NaN and dropped it."""

    @staticmethod
    def _threshold_model(monkeypatch: pytest.MonkeyPatch) -> None:
        """Predict foreground exactly where the prepared image is positive."""

        def heads(_model: Any, image: torch.Tensor, _config: TrainConfig) -> list[torch.Tensor]:
            foreground = (image > 0).float()
            return [torch.cat([1 - foreground, foreground], dim=1)]

        monkeypatch.setattr(training, "forward_heads", heads)

    @staticmethod
    def _case(image_positive: bool, label_positive: bool) -> tuple[np.ndarray, np.ndarray]:
        image = np.full((1, 8, 8, 8), -1.0, np.float32)
        label = np.zeros((1, 8, 8, 8), np.int64)
        image[:, 2:5, 2:5, 2:5] = 1.0 if image_positive else -1.0
        label[:, 2:5, 2:5, 2:5] = int(label_positive)
        return image, label

    def test_empty_label_with_false_positives_scores_zero(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._threshold_model(monkeypatch)
        config = TrainConfig(num_classes=2, features=(4, 4, 8, 8, 16, 4))
        model = build_model(config)
        perfect, false_positive = self._case(True, True), self._case(True, False)
        assert evaluate_dice(model, [false_positive], config) == (0.0, {1: 0.0})
        assert evaluate_dice(model, [perfect, false_positive], config) == (0.5, {1: 0.5})  # MONAI said 1.0

    def test_empty_label_with_empty_prediction_scores_one(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._threshold_model(monkeypatch)
        config = TrainConfig(num_classes=2, features=(4, 4, 8, 8, 16, 4))
        model = build_model(config)
        perfect, empty = self._case(True, True), self._case(False, False)
        missed = self._case(False, True)
        assert evaluate_dice(model, [perfect, empty], config) == (1.0, {1: 1.0})
        assert evaluate_dice(model, [missed, empty], config) == (0.5, {1: 0.5})
        assert evaluate_dice(model, [empty], config) == (None, {})  # nothing to measure the label on

    def test_dice_counts_per_label(self) -> None:
        label = torch.tensor([0, 1, 1, 0, 0])
        pred = torch.tensor([0, 1, 0, 2, 0])
        dice, present = dice_counts(pred, label, 4)
        assert dice.tolist() == pytest.approx([2 / 3, 0.0, 1.0])  # label 3: neither annotated nor predicted
        assert present.tolist() == [True, True, False]


class TestFineTuning:
    def test_fine_tuning_scales_the_learning_rate(self, tiny_config: TrainConfig) -> None:
        train = [synthetic_sample("a", (16, 16, 16), 0)]
        start = train_segmenter(train, [], replace(tiny_config, epochs=0)).state_dict
        tuned = train_segmenter(train, [], tiny_config, init_state=start, fine_tune=True)
        slower = train_segmenter(train, [], replace(tiny_config, lr=tiny_config.lr * 0.1), init_state=start)
        full = train_segmenter(train, [], tiny_config, init_state=start)
        assert all(torch.equal(tuned.state_dict[k], slower.state_dict[k]) for k in start)
        assert not all(torch.equal(tuned.state_dict[k], full.state_dict[k]) for k in start)

    def test_fine_tuning_needs_previous_weights(self, tiny_config: TrainConfig) -> None:
        with pytest.raises(ValueError, match="init_state"):
            train_segmenter([synthetic_sample("a", (16, 16, 16), 0)], [], tiny_config, fine_tune=True)


class TestPatience:
    @staticmethod
    def _scripted_dice(monkeypatch: pytest.MonkeyPatch, values: list[float]) -> None:
        script = iter(values)
        monkeypatch.setattr(training, "evaluate_dice", lambda *_args: (d := next(script), {1: d}))

    def test_training_stops_once_validation_dice_plateaus(
        self, tiny_config: TrainConfig, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self._scripted_dice(monkeypatch, [0.2, 0.4, 0.4, 0.3, 0.9, 0.9, 0.9, 0.9])
        sample = synthetic_sample("a", (16, 16, 16), 0)
        result = train_segmenter([sample], [sample], replace(tiny_config, epochs=8, patience=2))
        # 0.4 at epoch 2; epoch 3 ties (kept, later wins) but is no improvement; epoch 4 is worse: stop.
        assert (result.epochs_run, result.best_epoch, result.converged) == (4, 3, True)
        assert result.val_dice == 0.4 and len(result.history) == 4

    def test_patience_zero_runs_every_epoch(self, tiny_config: TrainConfig, monkeypatch: pytest.MonkeyPatch) -> None:
        self._scripted_dice(monkeypatch, [0.2, 0.4, 0.4, 0.3, 0.9, 0.9, 0.9, 0.9])
        sample = synthetic_sample("a", (16, 16, 16), 0)
        result = train_segmenter([sample], [sample], replace(tiny_config, epochs=8))
        assert (result.epochs_run, result.best_epoch, result.converged) == (8, 8, False)
        assert result.val_dice == 0.9

    def test_a_real_flat_training_converges_after_patience_checks(self, tiny_config: TrainConfig) -> None:
        # lr = 0: the weights never move, so validation Dice is flat from the first check.
        sample = synthetic_sample("a", (16, 16, 16), 0)
        config = replace(tiny_config, epochs=10, patience=2, lr=0.0)
        result = train_segmenter([sample], [sample], config)
        assert (result.epochs_run, result.converged) == (3, True)
        flat = train_segmenter([sample], [sample], replace(config, epochs=3, patience=0))
        assert (flat.epochs_run, flat.converged) == (3, False)

    def test_without_validation_data_patience_cannot_converge(self, tiny_config: TrainConfig) -> None:
        result = train_segmenter(
            [synthetic_sample("a", (16, 16, 16), 0)], [], replace(tiny_config, epochs=3, patience=1)
        )
        assert (result.epochs_run, result.best_epoch, result.converged) == (3, None, False)
