"""The label-efficiency benchmark end to end on real data (a dozen MSD hippocampus patients), and its 2D loader."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks._data import load_dataset
from benchmarks.label_efficiency import main, split_groups, summarise

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_two_rounds_on_a_dozen_hippocampus_patients(tmp_path: Path) -> None:
    out, plot = tmp_path / "results.json", tmp_path / "curve.png"
    results = main(
        [
            "--data", str(SHARED_DATA / "msd-hippocampus"), "--limit", "12", "--strategies", "random,acft",
            "--initial", "2", "--batch", "2", "--rounds", "1", "--seeds", "0", "--steps", "2",
            "--features", "4,4,8,8,16,4", "--genesis", "on", "--genesis-steps", "1",
            "--out", str(out), "--plot", str(plot),
        ]
    )  # fmt: skip
    saved = json.loads(out.read_text())
    assert saved["config"]["pool"] + saved["config"]["validation"] + saved["config"]["test"] == 12
    assert 0.0 <= saved["full_pool_dice"] <= 1.0
    for strategy in ("random", "acft"):
        curve = saved["curves"][strategy]["0"]
        assert [p["n_labeled"] for p in curve] == [2, 4]
        assert all(0.0 <= p["dice"] <= 1.0 for p in curve)
        assert set(saved["summary"][strategy]) >= {"aulc", "patients_to_95pct", "reduction_vs_random"}
    # Both strategies start from the same initial patients and weights, so round 0 is identical.
    assert saved["curves"]["random"]["0"][0] == saved["curves"]["acft"]["0"][0]
    assert results["summary"] == saved["summary"]
    with Image.open(plot) as image:
        assert image.size == (900, 560)


def test_summary_counts_patients_to_95_percent_and_reduction_vs_random() -> None:
    curves = {
        "random": {"0": [{"n_labeled": 2, "dice": 0.5}, {"n_labeled": 4, "dice": 0.7}, {"n_labeled": 6, "dice": 0.9}]},
        "acft": {"0": [{"n_labeled": 2, "dice": 0.5}, {"n_labeled": 4, "dice": 0.9}, {"n_labeled": 6, "dice": 0.9}]},
    }
    summary = summarise(curves, full_dice=0.9)
    assert summary["random"]["patients_to_95pct"] == 6 and summary["acft"]["patients_to_95pct"] == 4
    assert summary["acft"]["reduction_vs_random"] == 1 - 4 / 6
    assert summary["acft"]["aulc"] > summary["random"]["aulc"]
    assert summary["random"]["paired_aulc_vs_random"] is None
    assert summary["full_pool_below_curves"] is False
    assert summarise(curves, full_dice=0.8)["full_pool_below_curves"] is True


def test_a_target_only_random_misses_gives_a_lower_bound_on_the_reduction() -> None:
    curves = {
        "random": {"0": [{"n_labeled": 2, "dice": 0.5}, {"n_labeled": 4, "dice": 0.6}, {"n_labeled": 8, "dice": 0.7}]},
        "acft": {"0": [{"n_labeled": 2, "dice": 0.5}, {"n_labeled": 4, "dice": 0.9}, {"n_labeled": 8, "dice": 0.9}]},
    }
    summary = summarise(curves, full_dice=0.9)
    assert summary["random"]["patients_to_95pct"] is None and summary["acft"]["patients_to_95pct"] == 4
    assert summary["acft"]["reduction_vs_random"] is None
    assert summary["acft"]["reduction_vs_random_at_least"] == 1 - 4 / 8
    assert summary["random"]["reduction_vs_random_at_least"] is None


def test_paired_comparison_is_per_seed_against_random_of_the_same_seed() -> None:
    def curve(*dice: float) -> list[dict[str, float]]:
        return [{"n_labeled": n, "dice": d} for n, d in zip((2, 4), dice, strict=True)]

    curves = {
        "random": {"0": curve(0.2, 0.4), "1": curve(0.6, 0.8)},
        "acft": {"0": curve(0.2, 0.5), "1": curve(0.6, 0.7)},
    }
    paired = summarise(curves, full_dice=1.0)["acft"]["paired_aulc_vs_random"]
    # Per seed the normalised areas differ by +0.05 and -0.05.
    assert paired["seeds"] == 2 and paired["seeds_better"] == 1
    assert abs(paired["mean"]) < 1e-12 and abs(paired["sd"] - 0.1 / 2**0.5) < 1e-12


def test_2d_layout_with_groups_keeps_each_video_in_one_split(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "masks").mkdir()
    rows = ["stem,group"]
    rng = np.random.default_rng(0)
    for i in range(12):
        Image.fromarray(rng.integers(0, 255, (20, 24, 3), dtype=np.uint8)).save(tmp_path / "images" / f"{i}.png")
        mask = np.zeros((20, 24), np.uint8)
        mask[5:10, 5:12] = 255
        Image.fromarray(mask).save(tmp_path / "masks" / f"{i}.png")
        rows.append(f"{i},video{i // 3}")
    (tmp_path / "groups.csv").write_text("\n".join(rows) + "\n")
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
