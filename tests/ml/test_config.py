from __future__ import annotations

import json

import pytest

from worker.ml.config import TrainConfig


class TestTrainConfig:
    def test_round_trips_through_json(self) -> None:
        config = TrainConfig(num_classes=3, patch_size=(32, 48, 32), modality="CT")
        assert TrainConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config

    def test_unknown_key_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="unknown"):
            TrainConfig.from_dict({"num_classes": 3, "epoch": 5})

    def test_patch_not_divisible_by_16_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="multiples of 16"):
            TrainConfig(num_classes=3, patch_size=(24, 32, 32))

    def test_issue_12_fields_round_trip_and_are_validated(self) -> None:
        config = TrainConfig(patience=3, augment="none", lr_fine_tune_scale=0.2, omega_pool_fraction=0.5)
        assert TrainConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
        defaults = TrainConfig()
        assert (defaults.patience, defaults.augment, defaults.lr_fine_tune_scale) == (0, "dihedral", 0.1)
        assert (defaults.omega_pool_fraction, defaults.band_threshold) == (0.25, 0.1)
        for bad in (
            {"patience": -1},
            {"augment": "elastic"},
            {"lr_fine_tune_scale": 0.0},
            {"omega_pool_fraction": 1.5},
            {"band_threshold": 0.0},
        ):
            with pytest.raises(ValueError):
                TrainConfig(**bad)  # type: ignore[arg-type]
