"""ACFT entropy/diversity on hand-made view probabilities with known answers, and the new strategies."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from worker.ml.inference import VIEW_TRANSFORMS, Prediction, apply_view, invert_view
from worker.ml.scoring import STRATEGIES, ScoreContext, score
from worker.ml.uncertainty import acft_uncertainty, majority_views, views_kept

# The seven 11-patch binary patterns of the official demo (MrGiovanni/Active-Learning: active_select_demo.m)
# and the values its Python port gives (methods.md section 1.7: entropy, diversity, both with alpha = 1/4).
PATTERNS = {
    "A": ([0.4, 0.4, 0.4, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.6], 7.52, 4.38, 2.02, 0.00),
    "B": ([0, 0.1, 0.2, 0.3, 0.4, 0.4, 0.6, 0.7, 0.8, 1, 1], 4.57, 1237.21, 0.83, 20.79),
    "C": ([0, 0, 0, 0.1, 0.1, 0.9, 0.9, 1, 1, 1, 1], 1.30, 2816.66, 0.00, 0.00),
    "D": ([1, 1, 1, 1, 1, 1, 1, 0.9, 0.9, 0.9, 0.9], 1.30, 189.54, 0.00, 0.00),
    "E": ([0, 0, 0, 0, 0, 0, 0, 0.1, 0.1, 0.1, 0.1], 1.30, 189.54, 0.00, 0.00),
    "F": ([0, 0, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.9, 1], 3.24, 1076.87, 0.33, 13.54),
    "G": ([0, 0.1, 0.7, 0.8, 0.8, 0.9, 0.9, 0.9, 0.9, 1, 1], 3.24, 1076.87, 0.33, 13.54),
}


def _binary_views(p: list[float]) -> np.ndarray:
    """(m, 2) views of one candidate from P(positive)."""
    positive = np.asarray(p, dtype=np.float64)
    return np.stack([1.0 - positive, positive], axis=1)


class TestAcftUncertainty:
    @pytest.mark.parametrize("name", sorted(PATTERNS))
    def test_official_demo_values_are_reproduced_in_the_cvpr_form(self, name: str) -> None:
        p, entropy, diversity, entropy_quarter, diversity_quarter = PATTERNS[name]
        views = _binary_views(p)
        e, d = acft_uncertainty(views, alpha=1.0, clamp=2.22e-16, form="cvpr")
        eq, dq = acft_uncertainty(views, alpha=0.25, clamp=2.22e-16, form="cvpr")
        assert float(e) == pytest.approx(entropy, abs=0.006)
        assert float(d) == pytest.approx(diversity, rel=1e-4, abs=0.006)
        assert float(eq) == pytest.approx(entropy_quarter, abs=0.006)
        assert float(dq) == pytest.approx(diversity_quarter, abs=0.006)

    def test_entropy_favours_uniform_views(self) -> None:
        scores = {n: float(acft_uncertainty(_binary_views(v[0]), 0.25)[0]) for n, v in PATTERNS.items()}
        assert max(scores, key=scores.__getitem__) == "A"

    def test_majority_selection_makes_diversity_favour_disagreement_among_the_top_views(self) -> None:
        without = {n: float(acft_uncertainty(_binary_views(v[0]), 1.0)[1]) for n, v in PATTERNS.items()}
        quarter = {n: float(acft_uncertainty(_binary_views(v[0]), 0.25)[1]) for n, v in PATTERNS.items()}
        assert max(without, key=without.__getitem__) == "C"  # noisy-label-like extremes dominate
        assert max(quarter, key=quarter.__getitem__) == "B"  # as the thesis reads its figure

    def test_clamping_keeps_divergences_finite(self) -> None:
        views = _binary_views([0.0, 1.0, 0.0, 1.0])
        e, d = acft_uncertainty(views, alpha=1.0, clamp=1e-4)
        bound = 4 * 2 * (1 - 2e-4) * np.log((1 - 1e-4) / 1e-4)  # 4 disagreeing pairs, 2 classes each
        assert np.isfinite(e) and np.isfinite(d) and 0 < float(d) <= bound + 1e-6

    def test_journal_form_averages_entropy_and_counts_each_pair_once(self) -> None:
        views = _binary_views([0.2, 0.5, 0.7, 0.9])
        e_j, d_j = acft_uncertainty(views, 1.0, form="journal")
        e_c, d_c = acft_uncertainty(views, 1.0, form="cvpr")
        assert float(e_j) == pytest.approx(float(e_c) / 4, rel=1e-6)
        assert float(d_j) == pytest.approx(float(d_c) / 2, rel=1e-6)

    def test_identical_confident_views_score_low_and_diversity_zero(self) -> None:
        e, d = acft_uncertainty(_binary_views([0.99] * 8), 0.25)
        assert float(d) == pytest.approx(0.0, abs=1e-9) and float(e) < 0.06

    def test_majority_selection_works_per_voxel_and_keeps_alpha_m_views(self) -> None:
        # Voxel 0: majority class 1, the two views most sure of it are 0.9 and 0.8.
        # Voxel 1: majority class 0, the two views most sure of it are p1 = 0.1 and 0.3.
        p = np.array([[0.9, 0.3], [0.8, 0.1], [0.6, 0.45], [0.2, 0.6]])  # (m=4, voxels=2)
        views = np.stack([1 - p, p], axis=1)  # (4, 2, 2)
        kept = majority_views(views, 0.5)
        assert views_kept(4, 0.5) == 2 and kept.shape == (2, 2, 2)
        assert kept[:, 1, 0].tolist() == pytest.approx([0.9, 0.8])
        assert kept[:, 1, 1].tolist() == pytest.approx([0.1, 0.3])

    @pytest.mark.parametrize(("m", "kept"), [(1, 1), (2, 2), (3, 2), (4, 2), (5, 2), (6, 2), (8, 2), (10, 3), (11, 3)])
    def test_at_least_two_views_are_kept_so_diversity_exists(self, m: int, kept: int) -> None:
        # round(m / 4) kept one view for m <= 5, making the pairwise diversity 0 by construction; the papers
        # require alpha * m >= 2. m = 11 (the demo's patterns) and m = 8 keep round(alpha * m) as before.
        assert views_kept(m, 0.25) == kept

    def test_four_disagreeing_views_at_alpha_one_quarter_have_diversity(self) -> None:
        _, diversity = acft_uncertainty(_binary_views([0.9, 0.6, 0.75, 0.55]), alpha=0.25)
        # The two views most sure of the majority (positive) class, 0.9 and 0.75, are compared.
        expected = (0.9 - 0.75) * np.log(0.9 * 0.25 / (0.75 * 0.1))  # Jeffreys divergence of the pair
        assert float(diversity) == pytest.approx(expected, rel=1e-4)

    def test_rejects_bad_parameters(self) -> None:
        with pytest.raises(ValueError):
            acft_uncertainty(_binary_views([0.5, 0.5]), alpha=0.0)
        with pytest.raises(ValueError):
            acft_uncertainty(_binary_views([0.5, 0.5]), form="other")


class TestViews:
    @pytest.mark.parametrize("view", range(len(VIEW_TRANSFORMS)))
    def test_every_view_is_inverted_exactly(self, view: int) -> None:
        array = torch.arange(2 * 3 * 4 * 5, dtype=torch.float32).reshape(1, 2, 3, 4, 5)
        assert torch.equal(invert_view(apply_view(array, view), view), array)

    def test_views_are_distinct(self) -> None:
        array = torch.arange(16, dtype=torch.float32).reshape(1, 1, 4, 4)
        flat = {tuple(apply_view(array, v).flatten().tolist()) for v in range(8)}
        assert len(flat) == 8


def _prediction(views: np.ndarray, features: np.ndarray | None = None) -> Prediction:
    probs = views[0]
    mask = probs.argmax(axis=0).astype(np.uint8)
    feats = np.zeros(3, np.float32) if features is None else features
    return Prediction(mask, probs, None, feats, None, view_probs=views)


def _volume_views(p_fg: list[float], shape: tuple[int, int, int] = (6, 6, 6)) -> np.ndarray:
    """(m, 2, *shape): each view has foreground probability p inside a 2x2x2 core, 0.02 elsewhere."""
    out = []
    for p in p_fg:
        fg = np.full(shape, 0.02, dtype=np.float32)
        fg[2:4, 2:4, 2:4] = p
        out.append(np.stack([1 - fg, fg]))
    return np.stack(out).astype(np.float32)


class TestAcftStrategy:
    def test_disagreement_among_the_kept_views_outranks_uniform_uncertainty(self) -> None:
        context = ScoreContext("a", band_width=1, acft_alpha=0.5)
        agree = score(_prediction(_volume_views([0.8] * 4)), "acft", context)
        disagree = score(_prediction(_volume_views([0.98, 0.6, 0.55, 0.55])), "acft", context)
        assert disagree.components["acft_diversity"] > 0.1 > agree.components["acft_diversity"]
        assert disagree.value > agree.value
        assert disagree.components["views"] == 4 and disagree.components["views_kept"] == 2
        assert disagree.voxel_map is not None and disagree.voxel_map.shape == (6, 6, 6)

    def test_default_alpha_keeps_the_views_most_sure_of_the_majority(self) -> None:
        # 8 views, alpha = 1/4: only 0.99 and 0.95 are kept, so the noisy low views don't count.
        noisy = score(
            _prediction(_volume_views([0.9, 0.6, 0.95, 0.55, 0.7, 0.99, 0.52, 0.8])), "acft", ScoreContext("b")
        )
        assert noisy.components["views_kept"] == 2
        kept = _volume_views([0.99, 0.95])
        alone = score(_prediction(kept), "acft", ScoreContext("c", acft_alpha=1.0))
        assert noisy.value == pytest.approx(alone.value, rel=1e-5)

    def test_lambdas_switch_terms_off(self) -> None:
        prediction = _prediction(_volume_views([0.9, 0.6, 0.95, 0.55]))
        only_entropy = score(prediction, "acft", ScoreContext("a", 1, acft_weights=(1.0, 0.0)))
        assert only_entropy.value == pytest.approx(only_entropy.components["acft_entropy"], rel=1e-5)

    def test_needs_views(self) -> None:
        prediction = _prediction(_volume_views([0.9]))
        with pytest.raises(ValueError, match="views"):
            score(Prediction(prediction.mask, prediction.probs, None, prediction.features), "acft", ScoreContext("a"))


class TestCoresetAndHybrid:
    def test_registered_with_their_selection_modes(self) -> None:
        assert STRATEGIES["coreset"].selection == "kcenter" and STRATEGIES["hybrid"].selection == "hybrid"
        assert STRATEGIES["acft"].needs_views and STRATEGIES["coreset"].needs_labelled_features

    def test_coreset_score_is_distance_to_the_nearest_labelled_embedding(self) -> None:
        labelled = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0]], dtype=np.float32)
        prediction = _prediction(_volume_views([0.9]), np.array([3.0, 4.0, 0.0], np.float32))
        result = score(prediction, "coreset", ScoreContext("a", labelled_features=labelled))
        assert result.value == pytest.approx(5.0)
        assert score(prediction, "coreset", ScoreContext("a")).value == 0.0

    def test_hybrid_ranks_by_entropy(self) -> None:
        sure = score(_prediction(_volume_views([0.99])), "hybrid", ScoreContext("a", 1))
        unsure = score(_prediction(_volume_views([0.55])), "hybrid", ScoreContext("b", 1))
        assert unsure.value > sure.value


class TestViewPredictions:
    def test_each_view_is_the_network_on_the_turned_image_mapped_back_and_view_0_reuses_the_plain_pass(
        self,
    ) -> None:
        from tests.ml.conftest import synthetic_sample
        from worker.ml.config import TrainConfig
        from worker.ml.data import prepare_image
        from worker.ml.inference import forward_heads, predict_with_model
        from worker.ml.nets import build_model

        config = TrainConfig(num_classes=3, features=(4, 4, 8, 8, 16, 4), precision="fp32", acft_views=8)
        torch.manual_seed(0)
        model = build_model(config).eval()
        raw = synthetic_sample("p", (16, 20, 16), 0, labelled=False).image
        (prediction,) = predict_with_model(model, config, [raw], views=8)
        assert prediction.view_probs is not None and prediction.view_probs.shape == (8, 3, 16, 20, 16)
        np.testing.assert_array_equal(prediction.view_probs[0], prediction.probs)
        image = torch.from_numpy(prepare_image(raw, config))[None]
        with torch.inference_mode():
            for view in (1, 4, 7):
                logits = forward_heads(model, apply_view(image, view), config)[-1]
                expected = invert_view(torch.softmax(logits, 1), view)[0].numpy()
                np.testing.assert_allclose(prediction.view_probs[view], expected, atol=1e-5)
