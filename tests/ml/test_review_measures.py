"""The measures behind agreement and consensus (issue 17): MONAI's Dice, HD95 and surface Dice per label, and
SimpleITK's STAPLE and label voting, on masks whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest

from backend.models.project import ConsensusMethod
from worker.ml.agreement import measure
from worker.ml.consensus import combine


def _cube(shape: tuple[int, ...], start: tuple[int, ...], size: int, label: int = 1) -> np.ndarray:
    data = np.zeros(shape, dtype=np.uint8)
    data[tuple(slice(s, s + size) for s in start)] = label
    return data


def test_a_shifted_cube_agrees_by_its_overlap_and_its_shift_in_millimetres() -> None:
    a = _cube((40, 40, 40), (10, 10, 10), 10)
    b = _cube((40, 40, 40), (12, 10, 10), 10)  # two voxels along the first axis, 1.5 mm each
    [found] = measure(a, b, [1], [1.5, 1.0, 1.0])
    assert found.dice == pytest.approx(2 * 800 / 2000)
    assert found.hausdorff95_mm == pytest.approx(3.0)
    assert found.surface_dice is not None and 0 < found.surface_dice < 1


def test_identical_masks_agree_fully_and_labels_are_measured_apart() -> None:
    a = _cube((30, 30, 30), (5, 5, 5), 6) + _cube((30, 30, 30), (20, 20, 20), 4, label=2)
    by_label = {m.label: m for m in measure(a, a.copy(), [1, 2, 3], [1.0, 1.0, 1.0])}
    assert set(by_label) == {1, 2}  # label 3 is in neither mask: nothing to agree on
    assert all(m.dice == 1.0 and m.hausdorff95_mm == 0.0 and m.surface_dice == 1.0 for m in by_label.values())


def test_a_label_only_one_reader_drew_has_dice_zero_and_no_distances() -> None:
    a = _cube((20, 20, 20), (5, 5, 5), 4)
    [found] = measure(a, np.zeros_like(a), [1], [1.0, 1.0, 1.0])
    assert (found.dice, found.hausdorff95_mm, found.surface_dice) == (0.0, None, None)


def test_masks_of_different_grids_are_refused() -> None:
    with pytest.raises(ValueError, match="different shapes"):
        measure(np.zeros((4, 4, 4), np.uint8), np.zeros((4, 4, 5), np.uint8), [1], [1.0, 1.0, 1.0])


@pytest.mark.parametrize("method", list(ConsensusMethod))
def test_two_reads_keep_what_both_readers_drew(method: ConsensusMethod) -> None:
    a = _cube((20, 20, 20), (2, 2, 2), 8)
    b = _cube((20, 20, 20), (4, 2, 2), 8)
    assert np.array_equal(combine([a, b], method), np.logical_and(a, b).astype(np.uint8))


def test_majority_of_three_reads_is_the_voxelwise_majority() -> None:
    rng = np.random.default_rng(7)
    reads = [(rng.random((12, 12, 12)) < 0.4).astype(np.uint8) for _ in range(3)]
    expected = (np.sum(reads, axis=0) >= 2).astype(np.uint8)
    assert np.array_equal(combine(reads, ConsensusMethod.majority), expected)


def test_staple_of_identical_reads_is_that_read() -> None:
    a = _cube((16, 16, 16), (3, 3, 3), 6) + _cube((16, 16, 16), (11, 11, 11), 3, label=2)
    assert np.array_equal(combine([a, a.copy(), a.copy()], ConsensusMethod.staple), a)


def test_the_engine_combines_by_every_method_a_project_can_choose() -> None:
    from worker.ml.consensus import METHODS

    assert set(METHODS) == {str(method) for method in ConsensusMethod}
    with pytest.raises(ValueError, match="unknown consensus method"):
        combine([np.zeros((2, 2, 2), np.uint8)] * 2, "mean")
