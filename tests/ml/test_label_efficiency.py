"""The label-efficiency benchmark: end to end on real data (a dozen MSD hippocampus patients), its summary
statistics on synthetic curves, its plateau schedule, and its 2D loader and dataset cache."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from benchmarks._data import Dataset, auto_crop_shape, center_crop, load_dataset
from benchmarks.label_efficiency import NOT_CONVERGED, main, plateau_config, split_groups, summarise, training_record
from worker.ml.config import TrainConfig
from worker.ml.data import Sample
from worker.ml.training import TrainResult

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_two_rounds_on_a_dozen_hippocampus_patients_refuse_claims_when_trainings_hit_the_step_cap(
    tmp_path: Path,
) -> None:
    out, plot, cache = tmp_path / "results.json", tmp_path / "curve.png", tmp_path / "cache"
    # --patience 0: every training runs to --max-steps and none reaches a plateau, so no claim may be made.
    results = main(
        [
            "--data", str(SHARED_DATA / "msd-hippocampus"), "--limit", "12", "--strategies", "random,acft",
            "--initial", "2", "--batch", "2", "--rounds", "1", "--seeds", "0", "--max-steps", "2",
            "--patience", "0", "--val-every", "1", "--features", "4,4,8,8,16,4", "--genesis", "on",
            "--genesis-steps", "1", "--cache-dir", str(cache), "--out", str(out), "--plot", str(plot),
        ]
    )  # fmt: skip
    saved = json.loads(out.read_text())
    assert saved["config"]["pool"] + saved["config"]["validation"] + saved["config"]["test"] == 12
    assert saved["config"]["max_steps"] == 2 and saved["config"]["patience"] == 0
    assert 0.0 <= saved["full_pool_dice"] <= 1.0
    assert len(list(cache.glob("*.npz"))) == 1  # the decoded dataset was cached for the next run
    # The full pool (8 patients, batch 2: 4 steps an epoch) trains one whole epoch for a cap of 2 steps.
    full = saved["full_pool"]
    assert full["name"] == "full_pool" and full["steps_run"] == 4 and full["converged"] is False
    # One full-pool training, one shared round 0, one round 1 per strategy; each records how it ended.
    assert [t["name"] for t in saved["trainings"]] == [
        "full_pool", "seed 0 round 0", "seed 0 round 1 random", "seed 0 round 1 acft",
    ]  # fmt: skip
    assert all(t["converged"] is False and t["steps_run"] >= 1 for t in saved["trainings"])
    for strategy in ("random", "acft"):
        curve = saved["curves"][strategy]["0"]
        assert [p["n_labeled"] for p in curve] == [2, 4]
        assert all(0.0 <= p["dice"] <= 1.0 and p["converged"] is False for p in curve)
        entry = saved["summary"][strategy]
        assert entry["reduction_vs_random"] is None and entry["reduction_vs_random_interval"] is None
        assert entry["significant"] is False
    # Both strategies start from the same initial patients and weights, so round 0 is identical.
    assert saved["curves"]["random"]["0"][0] == saved["curves"]["acft"]["0"][0]
    assert saved["converged"] is False and saved["summary"]["converged"] is False
    assert saved["summary"]["claims"] == NOT_CONVERGED
    assert results["summary"] == saved["summary"]
    with Image.open(plot) as image:
        assert image.size == (900, 560)


def _curve(ns: tuple[int, ...], dice: tuple[float, ...]) -> list[dict[str, Any]]:
    return [{"n_labeled": n, "dice": d} for n, d in zip(ns, dice, strict=True)]


def test_patients_to_95_percent_is_the_interpolated_crossing_and_the_reduction_is_per_seed() -> None:
    ns = (2, 4, 6)
    curves = {
        "random": {"0": _curve(ns, (0.5, 0.7, 0.9))},
        "acft": {"0": _curve(ns, (0.5, 0.9, 0.9))},
    }
    summary = summarise(curves, full_dice=0.9)
    # Target 0.855: random crosses between 4 (0.7) and 6 (0.9), acft between 2 (0.5) and 4 (0.9).
    random_n, acft_n = 4 + 0.155 / 0.2 * 2, 2 + 0.355 / 0.4 * 2
    assert summary["random"]["patients_to_95pct"] == pytest.approx(random_n)
    assert summary["acft"]["patients_to_95pct"] == pytest.approx(acft_n)
    assert summary["acft"]["patients_to_95pct_per_seed"] == {"0": pytest.approx(acft_n)}
    assert summary["acft"]["reduction_vs_random"] == pytest.approx(1 - acft_n / random_n)
    # One seed is one pair: an interval of zero width, never significant.
    band = summary["acft"]["reduction_vs_random_interval"]
    assert band["n"] == 1 and band["low"] == band["high"] and band["significant"] is False
    assert summary["acft"]["aulc"] > summary["random"]["aulc"]
    assert summary["random"]["paired_aulc_vs_random"] is None and summary["random"]["reduction_vs_random"] is None
    assert summary["full_pool_below_curves"] is False and summary["converged"] is True
    assert summary["target_reached_by_initial"] == 0
    assert summary["claims"].startswith("none:")
    assert summarise(curves, full_dice=0.8)["full_pool_below_curves"] is True


def _seeded(diffs: list[float]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Random's curve differs per seed; the strategy's is random's plus ``diff`` after the shared first point."""
    ns = (4, 8, 12)
    random, strategy = {}, {}
    for seed, diff in enumerate(diffs):
        base = (0.5 + 0.02 * seed, 0.6 + 0.03 * seed, 0.7 + 0.01 * seed)
        random[str(seed)] = _curve(ns, base)
        strategy[str(seed)] = _curve(ns, (base[0], base[1] + diff, base[2] + diff))
    return {"random": random, "hybrid": strategy}


def test_a_gain_on_every_seed_is_significant_and_claimed() -> None:
    summary = summarise(_seeded([0.06, 0.05, 0.07, 0.055, 0.065]), full_dice=0.9)
    hybrid = summary["hybrid"]
    paired = hybrid["paired_aulc_vs_random"]
    assert paired["n"] == 5 and paired["seeds_better"] == 5 and paired["confidence"] == 0.95
    assert 0 < paired["low"] <= paired["mean"] <= paired["high"] and paired["significant"] is True
    assert hybrid["significant"] is True
    # Per size: the shared first point differs by exactly 0 (not significant), later sizes by the gain.
    by_n = {d["n_labeled"]: d for d in hybrid["dice_diff_vs_random"]}
    assert set(by_n) == {4, 8, 12}
    assert by_n[4]["mean"] == 0.0 and by_n[4]["significant"] is False
    assert by_n[8]["mean"] == pytest.approx(0.06) and by_n[8]["significant"] is True
    assert summary["claims"].startswith("hybrid: paired AULC +")


def test_fewer_than_five_seeds_make_no_claim_however_they_agree() -> None:
    summary = summarise(_seeded([0.06, 0.05, 0.07]), full_dice=0.9)
    # Three same-signed pairs: the bootstrap interval excludes 0, but that is what any three same-signed values do.
    assert summary["hybrid"]["paired_aulc_vs_random"]["significant"] is True
    assert summary["hybrid"]["significant"] is False
    assert summary["claims"] == "none: 3 paired seeds; a claim needs at least 5"


def test_gains_and_losses_mixed_over_seeds_are_not_significant() -> None:
    summary = summarise(_seeded([0.05, -0.05, 0.04, -0.04, 0.01]), full_dice=0.9)
    paired = summary["hybrid"]["paired_aulc_vs_random"]
    assert paired["n"] == 5 and paired["seeds_better"] == 3
    assert paired["low"] < 0 < paired["high"] and paired["significant"] is False
    assert summary["hybrid"]["significant"] is False
    assert summary["claims"] == "none: no paired AULC difference to random excludes 0 at 95%"


def test_a_run_with_an_unconverged_training_makes_no_claim() -> None:
    curves = _seeded([0.06, 0.05, 0.07, 0.055, 0.065])
    summary = summarise(curves, full_dice=0.7, converged=False)
    hybrid = summary["hybrid"]
    assert summary["converged"] is False and summary["claims"] == NOT_CONVERGED
    # The measurements stay in the results, but nothing is claimed from them.
    assert hybrid["paired_aulc_vs_random"]["significant"] is True and hybrid["significant"] is False
    assert hybrid["reduction_vs_random"] is None and hybrid["reduction_vs_random_interval"] is None
    assert hybrid["reduction_vs_random_at_least"] is None
    converged = summarise(curves, full_dice=0.7)["hybrid"]
    assert converged["reduction_vs_random"] is not None and converged["reduction_vs_random_interval"]["n"] == 5


def test_no_reduction_is_measured_when_the_initial_patients_already_reach_the_target() -> None:
    ns = (2, 4)
    curves = {
        "random": {"0": _curve(ns, (0.6, 0.7)), "1": _curve(ns, (0.88, 0.9))},
        "acft": {"0": _curve(ns, (0.6, 0.9)), "1": _curve(ns, (0.88, 0.95))},
    }
    summary = summarise(curves, full_dice=0.9)
    # Seed 1 starts above the 0.855 target: "at most 2 patients" for both, so the reduction is left out.
    assert summary["target_reached_by_initial"] == 1
    assert summary["acft"]["patients_to_95pct_per_seed"]["1"] == 2.0
    assert summary["acft"]["reduction_vs_random"] is None and summary["acft"]["reduction_vs_random_at_least"] is None
    assert summary["acft"]["paired_aulc_vs_random"]["n"] == 2  # the AULC comparison does not depend on the target


def test_a_target_only_random_misses_gives_a_lower_bound_on_the_reduction() -> None:
    ns = (2, 4, 8)
    curves = {
        "random": {"0": _curve(ns, (0.5, 0.6, 0.7)), "1": _curve(ns, (0.5, 0.6, 0.9))},
        "acft": {"0": _curve(ns, (0.5, 0.9, 0.9)), "1": _curve(ns, (0.5, 0.9, 0.9))},
    }
    summary = summarise(curves, full_dice=0.9)
    # Random reaches 0.855 on seed 1 only (at 4 + 0.255 / 0.3 * 4 = 7.4), so it has no mean crossing.
    assert summary["random"]["patients_to_95pct"] is None and summary["random"]["seeds_reaching_95pct"] == 1
    acft_n = 2 + 0.355 / 0.4 * 2
    assert summary["acft"]["patients_to_95pct"] == pytest.approx(acft_n)
    assert summary["acft"]["reduction_vs_random"] is None
    # Seed 0: random needs more than 8; seed 1: it needs 7.4.
    expected = ((1 - acft_n / 8) + (1 - acft_n / (4 + 0.255 / 0.3 * 4))) / 2
    assert summary["acft"]["reduction_vs_random_at_least"] == pytest.approx(expected)


def test_every_training_gets_the_same_step_cap_and_a_check_every_few_steps() -> None:
    base = TrainConfig(batch_size=2)
    small = plateau_config(base, 4, val_every=10, max_steps=300, patience=5)
    assert (small.epochs, small.val_interval, small.patience) == (150, 5, 5)  # 2 steps an epoch
    full = plateau_config(base, 26, val_every=10, max_steps=300, patience=5)
    assert (full.epochs, full.val_interval) == (24, 1)  # 13 steps an epoch: at least one check an epoch
    result = TrainResult({"w": torch.zeros(1)}, 0.8, epochs_run=20, best_epoch=14, converged=True, seconds=1.23)
    record = training_record(result, 4, small)
    assert record == {
        "n_trained": 4, "converged": True, "epochs_run": 20, "steps_run": 40, "best_epoch": 14, "best_step": 28,
        "max_steps": 300, "val_dice": 0.8, "seconds": 1.2,
    }  # fmt: skip


def _write_2d(root: Path, frames: int = 12) -> None:
    (root / "images").mkdir()
    (root / "masks").mkdir()
    rows = ["stem,group"]
    rng = np.random.default_rng(0)
    for i in range(frames):
        Image.fromarray(rng.integers(0, 255, (20, 24, 3), dtype=np.uint8)).save(root / "images" / f"{i}.png")
        mask = np.zeros((20, 24), np.uint8)
        mask[5:10, 5:12] = 255
        Image.fromarray(mask).save(root / "masks" / f"{i}.png")
        rows.append(f"{i},video{i // 3}")
    (root / "groups.csv").write_text("\n".join(rows) + "\n")


def test_2d_layout_with_groups_keeps_each_video_in_one_split(tmp_path: Path) -> None:
    _write_2d(tmp_path)
    dataset = load_dataset(tmp_path)
    assert dataset.layout == "2d" and dataset.spatial_dims == 2 and dataset.num_classes == 2
    sample = dataset.samples[0]
    assert sample.image.shape == (20, 24, 1) and sample.label is not None and set(np.unique(sample.label)) == {0, 1}
    pool, val, test = split_groups(dataset, split_seed=1, test_fraction=0.25, val_fraction=0.25)
    splits = [{dataset.groups[s.id] for s in part} for part in (pool, val, test)]
    assert sum(len(s) for s in splits) == 4 and not (splits[0] & splits[1] or splits[0] & splits[2])
    # --size resizes image and mask together; the mask stays binary and keeps its place.
    small = load_dataset(tmp_path, size=10)
    resized = small.samples[0]
    assert resized.image.shape == (10, 10, 1) and resized.label is not None
    assert set(np.unique(resized.label)) == {0, 1}
    assert resized.label[:, :, 0].nonzero()[0].min() >= 1 and resized.label[:, :, 0].nonzero()[0].max() <= 6


def test_the_dataset_cache_returns_what_was_read_and_is_refreshed_when_a_file_changes(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    _write_2d(data)
    fresh = load_dataset(data, size=10, cache_dir=cache)
    (cached_file,) = cache.glob("*.npz")
    cached = load_dataset(data, size=10, cache_dir=cache)
    assert [s.id for s in cached.samples] == [s.id for s in fresh.samples] and cached.groups == fresh.groups
    assert (cached.spatial_dims, cached.num_classes, cached.layout) == (2, 2, "2d")
    for a, b in zip(fresh.samples, cached.samples, strict=True):
        assert a.image.dtype == b.image.dtype and np.array_equal(a.image, b.image)
        assert a.label is not None and b.label is not None and np.array_equal(a.label, b.label)
    # Another size is another entry; an edited mask (new size and mtime) is read afresh, not served stale.
    load_dataset(data, size=8, cache_dir=cache)
    assert len(list(cache.glob("*.npz"))) == 2
    Image.fromarray(np.zeros((20, 24), np.uint8)).save(data / "masks" / "0.png")
    os.utime(data / "masks" / "0.png", ns=(1, 1))
    edited = load_dataset(data, size=10, cache_dir=cache)
    assert edited.samples[0].label is not None and not edited.samples[0].label.any()
    assert len(list(cache.glob("*.npz"))) == 3 and cached_file.is_file()


def test_auto_crop_trims_to_the_multiple_of_16_below_the_median_and_reports_the_foreground_it_cuts() -> None:
    def volume(shape: tuple[int, int, int], name: str) -> Sample:
        image = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
        label = np.zeros(shape, np.uint8)
        label[0, :, :] = 1  # a slab on the first X plane: cut off whenever X is cropped
        label[shape[0] // 2, shape[1] // 2, shape[2] // 2] = 2
        return Sample(name, image, label)

    samples = [volume((35, 50, 36), "a"), volume((31, 40, 24), "b"), volume((43, 59, 47), "c")]
    labels = {s.id: s.label for s in samples if s.label is not None}
    dataset = Dataset(samples, {s.id: s.id for s in samples}, 3, 3, "msd")
    shape = auto_crop_shape(dataset)
    assert shape == (32, 48, 32)
    cropped, lost = center_crop(dataset, shape)
    a, b, c = cropped.samples
    assert a.image.shape == (32, 48, 32) and b.image.shape == (31, 40, 24) and c.image.shape == (32, 48, 32)
    # Centred on the stored box: volume a loses 1 plane before and 2 after in X, 1 and 1 in Y, 2 and 2 in Z.
    assert np.array_equal(a.image, samples[0].image[1:33, 1:49, 2:34])
    assert a.label is not None and np.array_equal(a.label, labels["a"][1:33, 1:49, 2:34])
    # Volumes a and c lose their X = 0 slab; b (smaller than the crop on every axis) keeps everything.
    slabs = {name: int(np.count_nonzero(label == 1)) for name, label in labels.items()}
    total = sum(int(np.count_nonzero(label)) for label in labels.values())
    assert lost == pytest.approx((slabs["a"] + slabs["c"]) / total)
    assert cropped.groups == dataset.groups and (cropped.spatial_dims, cropped.layout) == (3, "msd")
