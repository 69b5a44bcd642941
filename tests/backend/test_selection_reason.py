"""The queue's "Why": a sentence a reader can act on, with the score's components one click away as labelled figures;
millilitres from the image's voxel size, the same words in the lead's review of a round."""

from __future__ import annotations

import math
import uuid

from fastapi.testclient import TestClient

from backend.strategy.reason import ReasonKind, explain, format_ml, voxel_ml
from tests.backend.helpers import patients, publish_round
from tests.conftest import login

ENTROPY = {
    "entropy": 0.4123,
    "entropy_whole_volume": 0.0312,
    "foreground_voxels": 2000.0,
    "band_voxels": 2400.0,
    "empty_prediction": 0.0,
    "top_quantile_fallback": 0.0,
}


class TestReasonInWords:
    def test_uncertainty_is_said_in_millilitres_of_the_structure(self) -> None:
        reason = explain("entropy", ENTROPY, voxel_ml([1.0, 1.0, 1.0]))
        assert reason.kind is ReasonKind.uncertain
        assert reason.summary == "The model is unsure about the 2.0 ml it predicts and 0.4 ml around it"
        figures = {f.name: f for f in reason.figures}
        assert set(figures) == set(ENTROPY)
        assert figures["entropy"].label == "Mean predictive entropy over the region scored"
        assert figures["entropy"].text == "0.412"
        assert figures["foreground_voxels"].text == "2.0 ml (2000 voxels)"

    def test_a_coarser_voxel_makes_the_same_count_a_larger_volume(self) -> None:
        reason = explain("mc_dropout", {**ENTROPY, "bald": 0.2}, voxel_ml([2.0, 2.0, 5.0]))
        assert reason.summary.startswith("The model is unsure about the 40.0 ml it predicts and 8.0 ml around it")
        assert "dropout samples" in next(f.label for f in reason.figures if f.name == "bald")

    def test_an_empty_prediction_says_so(self) -> None:
        empty = {**ENTROPY, "foreground_voxels": 0.0, "band_voxels": 300.0, "empty_prediction": 1.0}
        reason = explain("entropy", empty, 0.001)
        assert reason.kind is ReasonKind.no_prediction
        assert reason.summary.startswith("The model predicts nothing here")
        fallback = explain("entropy", {**empty, "top_quantile_fallback": 1.0}, 0.001)
        assert fallback.summary == "The model predicts nothing here; its most doubtful voxels set the score"

    def test_core_set_hybrid_and_random_have_their_own_words(self) -> None:
        coreset = explain("coreset", {"distance_to_labelled": 3.2, "labelled": 4.0}, 0.001)
        assert (coreset.kind, coreset.summary) == (ReasonKind.unlike_annotated, "Unlike the cases already annotated")
        hybrid = explain("hybrid", {**ENTROPY, "distance_to_labelled": 1.5}, 0.001)
        assert hybrid.kind is ReasonKind.uncertain_and_unlike
        assert hybrid.summary.endswith("and unlike the cases already annotated")
        assert explain("random", {"random": 0.3}, None).kind is ReasonKind.random
        # Components this module has no words for (an older round) still give a sentence, never raw names.
        assert explain("entropy", {"entropy": 0.3}, None).summary == "Ranked by its entropy score"

    def test_volumes_without_a_voxel_size_stay_in_voxels(self) -> None:
        assert voxel_ml([1.0, 1.0]) is None and voxel_ml([0.0, 1.0, 1.0]) is None
        assert voxel_ml([0.5, 0.5, 2.0]) == 0.0005
        assert format_ml(1234.0, None) == "1234 voxels"
        assert (format_ml(10.0, 0.001), format_ml(150_000.0, 0.001), format_ml(0.0, 0.001)) == (
            "<0.1 ml",
            "150 ml",
            "0.0 ml",
        )


class TestQueueAndReviewSayWhy:
    def test_the_queue_and_the_rounds_scores_give_the_reason_with_the_images_voxel_size(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        from sqlalchemy import update

        from backend.db.session import session_scope
        from backend.models import Round, Score

        project_id = demo["project_id"]
        lead, reader = login(client, "lead"), login(client, "radiologist")
        case = patients(client, project_id, lead, split="pool", status="unlabeled")[0]
        round_id = publish_round(project_id, [case["id"]])
        with session_scope() as session:
            session.execute(update(Round).where(Round.id == uuid.UUID(round_id)).values(strategy="entropy"))
            session.execute(update(Score).where(Score.round_id == uuid.UUID(round_id)).values(components=ENTROPY))
        spacing = client.get(f"/api/patients/{case['id']}", headers=reader).json()["spacing"]
        size = math.prod(spacing[:3]) / 1000
        structure, around = format_ml(2000.0, size), format_ml(400.0, size)

        item = next(q for q in client.get("/api/queue", headers=reader).json() if q["patient_id"] == case["id"])
        assert item["reason"]["kind"] == "uncertain"
        assert (
            item["reason"]["summary"] == f"The model is unsure about the {structure} it predicts and {around} around it"
        )
        assert "entropy_whole_volume" not in item["reason"]["summary"]
        assert {f["name"] for f in item["reason"]["figures"]} == set(ENTROPY)

        scores = client.get(f"/api/rounds/{round_id}/scores", headers=lead).json()
        assert scores[0]["reason"] == item["reason"]
