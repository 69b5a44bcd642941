from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.ml.conftest import synthetic_sample
from worker.ml.config import TrainConfig
from worker.ml.round import run_round_ml


class TestRunRoundMl:
    @pytest.mark.parametrize("strategy", ["random", "entropy", "unetpp_heads", "mc_dropout"])
    def test_scores_and_predicts_every_pool_sample(self, tiny_config: TrainConfig, strategy: str) -> None:
        train = [synthetic_sample("t1", (16, 20, 16), 0), synthetic_sample("t2", (20, 16, 16), 1)]
        val = [synthetic_sample("v1", (16, 16, 16), 2)]
        pool = [synthetic_sample(f"p{i}", (18, 17, 15), 10 + i, labelled=False) for i in range(3)]
        events: list[dict[str, Any]] = []
        out = run_round_ml(train, val, pool, tiny_config, strategy, progress=events.append)
        assert set(out.scores) == set(out.predictions) == {"p0", "p1", "p2"}
        for prediction in out.predictions.values():
            assert prediction.mask.shape == prediction.uncertainty.shape == (18, 17, 15)
            assert prediction.mask.dtype == np.uint8 and prediction.uncertainty.dtype == np.float32
        assert all(np.isfinite(s.value) for s in out.scores.values())
        assert [e["stage"] for e in events] == ["training", "scoring", "scoring", "scoring"]
        assert out.train_result.val_dice is not None

    def test_unknown_strategy_fails_before_training(self, tiny_config: TrainConfig) -> None:
        with pytest.raises(KeyError):
            run_round_ml([], [], [], tiny_config, "nope")

    def test_duplicate_pool_ids_are_rejected(self, tiny_config: TrainConfig) -> None:
        pool = [synthetic_sample("p", (16, 16, 16), 0, labelled=False)] * 2
        with pytest.raises(ValueError, match="unique"):
            run_round_ml([], [], pool, tiny_config, "random")
