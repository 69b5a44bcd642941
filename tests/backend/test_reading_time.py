"""Reading time learned from recorded reads: the robust fit on synthetic times (known formula plus noise), and over
HTTP the predicted minutes in the queue and round review, pricing by reading time, and the debit charging exactly
the price the queue showed (SQLite and Postgres)."""

from __future__ import annotations

import math
import uuid
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from backend.budget import reading_time
from backend.budget.reading_time import CaseFeatures, fit, predict, rank_normalise
from backend.round import ranking
from tests.backend.helpers import nifti_bytes, submit
from tests.conftest import login

# The synthetic truth: log minutes = log 0.12 + 0.8 log slices + 0.15 log(1 + foreground) + 0.6 uncertainty rank
# (10 to 160 slices, foreground around 1,800 voxels: 2 to 60 minutes, 16 on average).
TRUE_LOG = (math.log(0.12), 0.8, 0.15, 0.6)
NOISE_SD = 0.1  # log-normal: about 10% per case
# Held-out MAE bound in minutes for the unit fit below; the noise alone costs about 1.3 (measured: 1.4).
MAE_BOUND_MINUTES = 2.0


def true_minutes(slices: np.ndarray, foreground: np.ndarray, uncertainty: np.ndarray) -> np.ndarray:
    b0, b_slices, b_fg, b_u = TRUE_LOG
    return np.asarray(np.exp(b0 + b_slices * np.log(slices) + b_fg * np.log1p(foreground) + b_u * uncertainty))


def synthetic(n: int, seed: int) -> tuple[list[CaseFeatures], np.ndarray, np.ndarray]:
    """``n`` cases with varied slices and predicted foreground; their noisy and noise-free minutes."""
    rng = np.random.default_rng(seed)
    slices = rng.integers(10, 160, n)
    foreground = np.round(rng.lognormal(7.5, 1.0, n))
    uncertainty = rank_normalise(rng.random(n))
    clean = true_minutes(slices, foreground, uncertainty)
    noisy = clean * np.exp(rng.normal(0.0, NOISE_SD, n))
    cases = [CaseFeatures(int(s), float(f), float(u)) for s, f, u in zip(slices, foreground, uncertainty, strict=True)]
    return cases, noisy, clean


class TestFit:
    def test_recovers_the_formula_and_predicts_held_back_cases(self, record_property: Any) -> None:
        cases, minutes, clean = synthetic(260, seed=1)
        model = fit(cases[:200], minutes[:200])
        assert model is not None
        assert model.features == reading_time.FEATURES and model.cases == 200
        # Coefficients on the raw (unstandardised) features: the formula's, within a few hundredths.
        raw = np.asarray(model.coef) / np.asarray(model.scale)
        assert np.allclose(raw, TRUE_LOG[1:], atol=0.06), raw
        held_out = np.abs(predict(model, cases[200:]) - minutes[200:]).mean()
        oracle = np.abs(clean[200:] - minutes[200:]).mean()  # the formula itself, knowing the truth
        record_property("held_out_mae_minutes", round(float(held_out), 3))
        record_property("oracle_mae_minutes", round(float(oracle), 3))
        record_property("kfold_mae_minutes", model.mae_minutes)
        assert held_out < MAE_BOUND_MINUTES
        assert held_out < 1.2 * oracle
        # The k-fold estimate the dashboard reports is of the same size as the true held-out error.
        assert model.mae_minutes is not None and model.mae_minutes < MAE_BOUND_MINUTES
        assert abs(model.mae_minutes - held_out) < 1.0

    def test_forgotten_timers_do_not_drag_the_fit(self) -> None:
        cases, minutes, clean = synthetic(120, seed=2)
        spoiled = minutes.copy()
        spoiled[::10] *= 8  # one read in ten left the timer running
        model = fit(cases, spoiled)
        assert model is not None
        raw = np.asarray(model.coef) / np.asarray(model.scale)
        assert np.allclose(raw, TRUE_LOG[1:], atol=0.12), raw
        typical = np.ones(len(cases), dtype=bool)
        typical[::10] = False
        error = np.abs(predict(model, cases) - clean)[typical].mean() / clean[typical].mean()
        assert error < 0.1

    def test_fewer_than_five_timed_cases_is_no_model(self) -> None:
        cases, minutes, _ = synthetic(6, seed=3)
        assert fit(cases[:4], minutes[:4]) is None
        # A zero or negative time is not a read: four usable cases are still too few.
        assert fit(cases[:5], [*minutes[:4], 0.0]) is None
        five = fit(cases[:5], minutes[:5])
        assert five is not None and five.cases == 5 and five.mae_minutes is not None
        with pytest.raises(ValueError):
            fit(cases[:5], minutes[:4])

    def test_features_that_do_not_vary_are_dropped_and_missing_ones_filled(self) -> None:
        # 2D images (one slice each) never scored by a round: nothing varies, the model is the robust centre.
        flat = [CaseFeatures(slices=1) for _ in range(7)]
        minutes = [4.0, 5.0, 6.0, 5.0, 4.5, 5.5, 60.0]
        model = fit(flat, minutes)
        assert model is not None and model.features == ()
        assert 4.5 <= predict(model, [CaseFeatures(slices=1)])[0] <= 5.6  # the outlier barely moves it
        # Slices vary, scores are missing for some cases: the case is priced with the filled-in values.
        cases, noisy, _ = synthetic(30, seed=4)
        partial = [c if i % 3 else CaseFeatures(c.slices) for i, c in enumerate(cases)]
        model = fit(partial, noisy)
        assert model is not None and "log_slices" in model.features
        assert np.all(np.isfinite(predict(model, [CaseFeatures(slices=40)])))

    def test_predictions_stay_in_a_sane_range(self) -> None:
        cases, minutes, _ = synthetic(40, seed=5)
        model = fit(cases, minutes)
        assert model is not None
        extreme = predict(model, [CaseFeatures(100_000, 1e12, 1.0), CaseFeatures(1, 0.0, 0.0)])
        assert extreme[0] == pytest.approx(min(reading_time.MAX_MINUTES, 2 * minutes.max()), abs=0.01)
        assert extreme[1] == pytest.approx(max(reading_time.MIN_MINUTES, minutes.min() / 2), abs=0.01)

    def test_rank_normalisation_compares_strategies_on_different_scales(self) -> None:
        assert list(rank_normalise([0.1, 0.3, 0.2])) == [0.0, 1.0, 0.5]
        assert list(rank_normalise([10.0, 30.0, 20.0])) == [0.0, 1.0, 0.5]  # same order, same ranks
        # Ties keep their order, as the worker stores a round's ranks (backend.round.ranking).
        assert list(rank_normalise([1.0, 1.0, 2.0])) == [0.5, 0.0, 1.0]
        assert list(rank_normalise([7.0])) == [0.5]
        assert list(rank_normalise([float("nan"), 1.0, 2.0])) == [0.0, 0.5, 1.0]


# --- over HTTP ---------------------------------------------------------------------------------------------------


def _clones(project_id: str, slices: list[int]) -> list[str]:
    """Unlabelled pool patients with volumes of ``[8, 8, s]`` (a demo volume's file: its content is not read)."""
    from backend.db.session import session_scope
    from backend.models import Patient, Study, Volume

    with session_scope() as session:
        template = session.scalar(
            select(Volume)
            .join(Patient, Patient.primary_volume_id == Volume.id)
            .where(Patient.project_id == uuid.UUID(project_id))
            .limit(1)
        )
        assert template is not None
        ids = []
        for index, n in enumerate(slices):
            patient = Patient(
                project_id=uuid.UUID(project_id), external_id=f"timed-{index:03d}", split="pool", status="unlabeled"
            )
            session.add(patient)
            session.flush()
            study = Study(patient_id=patient.id, description="clone")
            session.add(study)
            session.flush()
            volume = Volume(
                study_id=study.id,
                modality=template.modality,
                source_format=template.source_format,
                storage_key=template.storage_key,
                sha256=template.sha256,
                shape=[8, 8, n],
                spacing=template.spacing,
                affine=template.affine,
                dtype=template.dtype,
            )
            session.add(volume)
            session.flush()
            patient.primary_volume_id = volume.id
            ids.append(str(patient.id))
        return ids


def _new_round(project_id: str) -> str:
    """A new latest round with no scores yet (what starting a round creates), any open round closed first."""
    from sqlalchemy import func

    from backend.db.session import session_scope
    from backend.models import Round
    from backend.round.state import OPEN_FOR_ANNOTATION

    project = uuid.UUID(project_id)
    with session_scope() as session:
        session.execute(
            update(Round)
            .where(Round.project_id == project, Round.status.in_([str(s) for s in OPEN_FOR_ANNOTATION]))
            .values(status="closed")
        )
        number = (session.scalar(select(func.max(Round.number)).where(Round.project_id == project)) or 0) + 1
        found = Round(project_id=project, number=number, status="selecting", strategy="entropy", batch_size=1)
        session.add(found)
        session.flush()
        return str(found.id)


def _publish(round_id: str, scored: dict[str, tuple[float, float]], *, ready: bool = True) -> None:
    """Store the round's scores (value, predicted foreground voxels), select them all and publish the round (or,
    not ``ready``, leave it being selected)."""
    from backend.db.session import session_scope
    from backend.models import Round, Score

    ranks = ranking.rank_scores([value for value, _ in scored.values()])  # as the worker's save_scores ranks them
    with session_scope() as session:
        for rank, (patient_id, (value, foreground)) in zip(ranks, scored.items(), strict=True):
            session.add(
                Score(
                    round_id=uuid.UUID(round_id),
                    patient_id=uuid.UUID(patient_id),
                    value=value,
                    components={"entropy": value, "foreground_voxels": foreground},
                    rank=int(rank),
                    selected=True,
                )
            )
        if ready:
            session.execute(update(Round).where(Round.id == uuid.UUID(round_id)).values(status="ready"))


def _offer(project_id: str, scored: dict[str, tuple[float, float]]) -> str:
    round_id = _new_round(project_id)
    _publish(round_id, scored)
    return round_id


def _truth(slices: dict[str, int], scored: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Noise-free minutes of each offered case: the uncertainty is the score's rank within its round."""
    ids = list(scored)
    ranks = rank_normalise([scored[i][0] for i in ids])
    clean = true_minutes(np.array([slices[i] for i in ids]), np.array([scored[i][1] for i in ids]), np.asarray(ranks))
    return dict(zip(ids, (float(m) for m in clean), strict=True))


def _timed_reads(minutes: dict[str, float]) -> None:
    """Each patient read by the radiologist in ``minutes``, written straight to the database."""
    from backend.db.session import session_scope
    from backend.models import Annotation, Patient, User

    with session_scope() as session:
        author = session.scalar(select(User.id).where(User.username == "radiologist"))
        for patient_id, spent in minutes.items():
            patient = session.get(Patient, uuid.UUID(patient_id))
            assert patient is not None and patient.primary_volume_id is not None
            annotation = Annotation(
                patient_id=patient.id,
                volume_id=patient.primary_volume_id,
                author_id=author,
                version=1,
                source="human",
                storage_key=f"annotations/{uuid.uuid4()}.nii.gz",
                sha256="0" * 64,
                time_spent_s=spent * 60,
            )
            session.add(annotation)
            session.flush()
            patient.accepted_annotation_id, patient.status = annotation.id, "annotated"


def _read(client: TestClient, reader: dict[str, str], patient_id: str, slices: int, minutes: float) -> Any:
    mask = nifti_bytes(np.zeros((8, 8, slices), np.uint8))
    response = submit(client, patient_id, reader, mask, time_spent_s=f"{minutes * 60:.1f}")
    assert response.status_code == 201, response.text
    return response


def _modelled_project(
    client: TestClient, lead: dict[str, str], project_id: str, rng: np.random.Generator
) -> tuple[list[str], str]:
    """The demo priced by reading time with a model: sixteen clones, of which a round offered eight and they were
    read (timed) — with the demo's six timed imports, a model with every feature in play — and a new round, not
    yet scored. Returns the clones and that round."""
    body = {"cost_mode": "reading_time", "cost_per_patient": 0.5, "cost_per_hour": 45.5}
    assert client.patch(f"/api/projects/{project_id}/budget", json=body, headers=lead).status_code == 200
    slice_counts = [int(s) for s in rng.integers(10, 160, 16)]
    ids = _clones(project_id, slice_counts)
    offered = {p: (float(rng.random()), float(rng.integers(50, 5000))) for p in ids[:8]}
    _offer(project_id, offered)
    _timed_reads(_truth(dict(zip(ids, slice_counts, strict=True)), offered))
    return ids, _new_round(project_id)


def _cents(amount: float) -> int:
    return round(amount * 100)


def _queue(client: TestClient, reader: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {item["patient_id"]: item for item in client.get("/api/queue", headers=reader).json()}


def _debits(client: TestClient, project_id: str, lead: dict[str, str]) -> dict[str, float]:
    ledger = client.get(f"/api/projects/{project_id}/ledger", headers=lead).json()
    assert ledger["balanced"] is True
    return {e["patient"]: -e["amount"] for e in ledger["entries"] if e["kind"] == "annotation"}


class TestReadingTimeOverHttp:
    def test_the_model_prices_the_queue_and_the_debit_charges_that_price(
        self, client: TestClient, demo: dict[str, str], record_property: Any
    ) -> None:
        from backend.db.session import session_scope
        from backend.models import Annotation

        lead, reader = login(client, "lead"), login(client, "radiologist")
        project_id = demo["project_id"]
        with session_scope() as session:  # only this test's reads are timed
            session.execute(update(Annotation).values(time_spent_s=None))
        rng = np.random.default_rng(7)
        slice_counts = [int(s) for s in rng.integers(10, 160, 30)]
        ids = _clones(project_id, slice_counts)
        slices = dict(zip(ids, slice_counts, strict=True))
        external = {patient_id: f"timed-{index:03d}" for index, patient_id in enumerate(ids)}
        priced = client.patch(
            f"/api/projects/{project_id}/budget",
            json={"cost_mode": "reading_time", "cost_per_patient": 1, "cost_per_hour": 60, "budget_total": 100000},
            headers=lead,
        )
        assert priced.status_code == 200, priced.text
        assert (priced.json()["cost_mode"], priced.json()["cost_per_hour"]) == ("reading_time", 60)

        def scores(group: list[str]) -> dict[str, tuple[float, float]]:
            return {p: (float(rng.random()), float(np.round(rng.lognormal(7.5, 1.0)))) for p in group}

        def read_all(group: dict[str, tuple[float, float]]) -> dict[str, float]:
            truth = _truth(slices, group)
            shown = _queue(client, reader)
            for patient_id in group:
                _read(client, reader, patient_id, slices[patient_id], truth[patient_id] * math.exp(rng.normal(0, 0.1)))
            return {patient_id: shown[patient_id]["cost"] for patient_id in group}

        # Round 1: nothing timed yet, every case priced at the documented default minutes.
        first = scores(ids[:4])
        _offer(project_id, first)
        queue = _queue(client, reader)
        assert {_cents(queue[p]["cost"]) for p in first} == {100 + round(reading_time.DEFAULT_MINUTES / 60 * 6000)}
        assert all(queue[p]["predicted_minutes"] is None for p in first)
        charged = read_all(first)

        # Round 2: four timed reads, no model yet: the median of those four prices every case, no prediction shown.
        second = scores(ids[4:20])
        round_2 = _offer(project_id, second)
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()
        summary = board["reading_time"]
        assert (summary["cases"], summary["mae_minutes"], summary["features"]) == (4, None, [])
        queue = _queue(client, reader)
        assert all(queue[p]["predicted_minutes"] is None for p in second)
        assert {_cents(queue[p]["cost"]) for p in second} == {100 + round(summary["median_minutes"] / 60 * 6000)}
        review = client.get(f"/api/rounds/{round_2}/scores", headers=lead).json()
        assert all(row["predicted_minutes"] is None for row in review)
        charged |= read_all(second)

        # Round 3: twenty timed reads: the model predicts the held-back cases and prices them.
        third = scores(ids[20:])
        round_3 = _offer(project_id, third)
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()
        summary = board["reading_time"]
        assert summary["cases"] == 20 and summary["mae_minutes"] is not None
        assert summary["features"] == ["log_slices", "log_foreground", "uncertainty_rank"]
        queue = _queue(client, reader)
        predicted = {p: queue[p]["predicted_minutes"] for p in third}
        assert all(isinstance(m, float) for m in predicted.values())
        for p in third:
            assert _cents(queue[p]["cost"]) == 100 + round(predicted[p] / 60 * 6000)
        review = {row["patient_id"]: row for row in client.get(f"/api/rounds/{round_3}/scores", headers=lead).json()}
        assert {p: review[p]["predicted_minutes"] for p in third} == predicted
        assert {p: review[p]["cost"] for p in third} == {p: queue[p]["cost"] for p in third}
        truth = _truth(slices, third)
        mae = float(np.mean([abs(predicted[p] - truth[p]) for p in third]))
        record_property("http_held_out_mae_minutes", round(mae, 3))
        record_property("http_mean_minutes", round(float(np.mean(list(truth.values()))), 3))
        record_property("http_kfold_mae_minutes", summary["mae_minutes"])
        assert mae < 0.25 * float(np.mean(list(truth.values())))

        # Reading one case changes no price in the round (the model is the round's), and the debit is the price.
        first_case, *others = third
        _read(client, reader, first_case, slices[first_case], truth[first_case])
        charged[first_case] = queue[first_case]["cost"]
        after = _queue(client, reader)
        assert {p: after[p]["cost"] for p in others} == {p: queue[p]["cost"] for p in others}
        assert {p: after[p]["predicted_minutes"] for p in others} == {p: predicted[p] for p in others}
        assert _debits(client, project_id, lead) == {external[p]: cost for p, cost in charged.items()}
        # The patient list prices with the same formula.
        listed = {
            row["id"]: row["cost"] for row in client.get(f"/api/projects/{project_id}/patients", headers=lead).json()
        }
        assert {p: listed[p] for p in others} == {p: queue[p]["cost"] for p in others}

        # The next round refits with the 21 cases timed since.
        _offer(project_id, scores([]))
        assert client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()["reading_time"]["cases"] == 21

    def test_the_model_is_fitted_on_the_latest_timed_cases(
        self, client: TestClient, demo: dict[str, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A large project's fit reads a bounded number of cases, its latest; the fallback median counts them all."""
        from backend.budget import reading_model
        from backend.db.session import session_scope
        from backend.models import Project

        monkeypatch.setattr(reading_model, "MAX_FIT_CASES", 8)
        lead = login(client, "lead")
        project_id = demo["project_id"]
        _modelled_project(client, lead, project_id, np.random.default_rng(5))
        with session_scope() as session:
            project = session.get(Project, uuid.UUID(project_id))
            assert project is not None
            cases = reading_model.timed_cases(session, project.id, reading_model._cutoff(session, project.id)[1])
            pricing = reading_model.pricing_model(session, project)
        assert pricing.model is not None and len(cases) == pricing.cases == 14  # the demo's 6 imports and 8 reads
        assert pricing.model.cases == 8  # the eight reads: the latest
        assert pricing.median_minutes == round(float(np.median([seconds / 60 for _, _, seconds in cases])), 2)

    def test_a_round_being_selected_is_priced_as_its_stored_scores_will_be(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        """The worker prices its pool before the round's scores are stored (``scored``): the same prices as after."""
        from backend.budget import service as budget_service
        from backend.db.session import session_scope
        from backend.models import Project

        lead = login(client, "lead")
        project_id = demo["project_id"]
        rng = np.random.default_rng(11)
        ids, round_id = _modelled_project(client, lead, project_id, rng)
        # Tied scores too (a strategy's score of an empty prediction): ranked in the same order before and after.
        pending = {p: (float(rng.integers(0, 4)) / 4, float(rng.integers(50, 5000))) for p in ids[8:]}
        as_scored = {uuid.UUID(p): (value, {"foreground_voxels": fg}) for p, (value, fg) in pending.items()}
        with session_scope() as session:
            project = session.get(Project, uuid.UUID(project_id))
            assert project is not None
            before = budget_service.patient_prices(session, project, as_scored, scored=as_scored)
        _publish(round_id, pending)
        with session_scope() as session:
            project = session.get(Project, uuid.UUID(project_id))
            assert project is not None
            after = budget_service.patient_prices(session, project, as_scored)
            stale = budget_service.patient_prices(session, project, as_scored, scored={})
        assert before == after
        assert all(price.predicted_minutes is not None for price in after.values())
        board = client.get(f"/api/projects/{project_id}/dashboard", headers=lead).json()
        assert board["reading_time"]["features"] == list(reading_time.FEATURES)
        assert len({price.cost_cents for price in after.values()}) > 1  # the prices do differ between cases
        assert stale == after  # an empty mapping changes nothing

    def test_prices_are_kept_until_the_model_the_scores_or_the_rates_change(
        self, client: TestClient, demo: dict[str, str]
    ) -> None:
        """Every queue poll prices the same cases: a price is computed once, and computed again when what it rests
        on changes (a running round writing the scores its features come from, the project's rates)."""
        from sqlalchemy import event

        from backend.budget import service as budget_service
        from backend.db.session import get_engine, session_scope
        from backend.models import Project

        lead = login(client, "lead")
        project_id = demo["project_id"]
        body = {"cost_mode": "reading_time", "cost_per_patient": 0.5, "cost_per_hour": 45.5}
        rng = np.random.default_rng(5)
        ids, round_id = _modelled_project(client, lead, project_id, rng)
        wanted = [uuid.UUID(p) for p in ids[8:]]

        def prices(*, fresh: bool = False) -> tuple[dict[uuid.UUID, Any], list[str]]:
            statements: list[str] = []

            def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
                statements.append(statement)

            event.listen(get_engine(), "before_cursor_execute", seen)
            try:
                with session_scope() as session:
                    project = session.get(Project, uuid.UUID(project_id))
                    assert project is not None
                    found = budget_service.patient_prices(session, project, wanted, scored={} if fresh else None)
            finally:
                event.remove(get_engine(), "before_cursor_execute", seen)
            return found, statements

        first, _ = prices()
        again, statements = prices()
        assert again == first
        assert not [s for s in statements if "FROM volumes" in s or "JOIN volumes" in s]  # no case read again
        # The running round writes its scores: the cases' features (uncertainty rank, foreground) come from it now.
        _publish(round_id, {p: (float(rng.random()), float(rng.integers(50, 5000))) for p in ids[8:]}, ready=False)
        scored, _ = prices()
        assert scored == prices(fresh=True)[0]
        assert scored != first
        body["cost_per_hour"] = 90.0
        assert client.patch(f"/api/projects/{project_id}/budget", json=body, headers=lead).status_code == 200
        dearer, _ = prices()
        assert dearer == prices(fresh=True)[0]
        assert all(dearer[p].cost_cents > scored[p].cost_cents for p in wanted)

    def test_the_demo_shows_predicted_minutes_from_its_timed_sample(
        self, client: TestClient, demo: dict[str, str], record_property: Any
    ) -> None:
        from tests.backend.workstation_helpers import open_round_with_selection

        lead, reader = login(client, "lead"), login(client, "radiologist")
        board = client.get(f"/api/projects/{demo['project_id']}/dashboard", headers=lead).json()
        summary = board["reading_time"]
        record_property("demo_reading_time", summary)
        # Six imported labels (two validation, four pool) carry synthetic times; only the slices vary before a
        # round has scored anything.
        assert summary["cases"] == 6 and summary["features"] == ["log_slices"]
        assert summary["mae_minutes"] is not None and summary["mae_minutes"] < 3
        open_round_with_selection(demo["project_id"])
        queue = client.get("/api/queue", headers=reader).json()
        assert queue and all(8 < item["predicted_minutes"] < 20 for item in queue)
