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
