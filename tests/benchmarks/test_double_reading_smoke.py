"""Issue 17's double-reading benchmark, small: its simulated readers err as their profiles say, each rule picks
its share of the cases, and a short run on real MSD hippocampus patients prints figures for every rule."""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from benchmarks.double_reading import READERS, Case, evaluate, main, mean_label_dice, pick, simulate_read


def _structure() -> np.ndarray:
    truth = np.zeros((32, 40, 32), dtype=np.uint8)
    truth[8:20, 10:26, 10:20] = 1
    truth[20:24, 12:22, 11:19] = 2
    return truth


def test_careful_readers_err_less_than_novices() -> None:
    truth, rng = _structure(), np.random.default_rng(3)
    careful, novice = READERS[0], READERS[-1]
    noise = {
        reader.name: np.mean(
            [1 - mean_label_dice(simulate_read(truth, reader, rng), truth, [1, 2]) for _ in range(200)]
        )
        for reader in (careful, novice)
    }
    assert 0 < noise["careful"] < noise["novice"]


def test_each_rule_double_reads_its_fraction_and_the_worst_reads_first() -> None:
    cases = [
        Case(case_id=f"c{i}", reader="average", noise=i / 100, model_dice=1 - i / 100, uncertainty=float(i))
        for i in range(100)
    ]
    for rule in ("random", "disagreement", "uncertainty"):
        assert len(pick(cases, rule, 0.2, uuid.UUID(int=1))) == 20
    worst = pick(cases, "disagreement", 0.2, uuid.UUID(int=1))
    assert worst == {f"c{i}" for i in range(80, 100)}
    caught, _ = evaluate(cases, worst, bad=0.9)
    assert caught == pytest.approx(sum(range(80, 100)) / sum(range(100)))


def test_a_short_run_reports_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    result = main(["--train", "4", "--read", "8", "--epochs", "1", "--seeds", "2", "--reader-seeds", "1"])
    for fraction in ("0.1", "0.2", "0.3"):
        assert set(result["summary"][fraction]) == {"random", "disagreement", "uncertainty"}
        assert result["summary"][fraction]["random"]["gain_vs_random"] == pytest.approx(1.0)
    assert "noise caught" in capsys.readouterr().out
