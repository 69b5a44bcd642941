"""The dashboard's aggregates are computed by the database (issue 16); they must equal what numpy and statistics
computed over every row before: the uncertainty histograms (shared edges, non-finite scores left out) and each
reader's throughput (distinct patients, timed reads, hours, median seconds)."""

from __future__ import annotations

import statistics
import uuid

import numpy as np
from sqlalchemy import select

from backend.admin import service as admin_service
from backend.admin.service import HISTOGRAM_BINS
from backend.db.session import session_scope
from backend.models import Annotation, Patient, Project, Round, Score, User


def test_histograms_and_throughput_match_numpy_and_statistics(demo: dict[str, str]) -> None:
    project_id = uuid.UUID(demo["project_id"])
    rng = np.random.default_rng(7)
    values: dict[int, list[float]] = {}
    with session_scope() as session:
        # SQLite stores a NaN as NULL (refused by the column): it gets the infinities only.
        odd = float("nan") if session.get_bind().dialect.name == "postgresql" else float("inf")
        patients = session.scalars(select(Patient).where(Patient.project_id == project_id)).all()
        for number in (1, 2):
            found = Round(project_id=project_id, number=number, status="closed", strategy="entropy", batch_size=2)
            session.add(found)
            session.flush()
            drawn = [float(v) for v in rng.gamma(2.0, 0.3 * number, size=len(patients))]
            drawn[:3] = [float("inf"), float("-inf"), odd] if number == 1 else drawn[:3]
            values[number] = drawn
            for rank, (patient, value) in enumerate(zip(patients, drawn, strict=True), start=1):
                session.add(Score(round_id=found.id, patient_id=patient.id, value=value, rank=rank))
        readers = session.scalars(select(User).where(User.username.in_(["radiologist", "lead"]))).all()
        times: dict[str, list[float]] = {r.username: [] for r in readers}
        cases: dict[str, set[uuid.UUID]] = {r.username: set() for r in readers}
        volume_id = patients[0].primary_volume_id
        assert volume_id is not None
        for i, patient in enumerate(patients):
            reader = readers[i % 2]
            for version, seconds in enumerate([float(rng.integers(20, 400)), None, 0.0][: 1 + i % 3], start=50):
                session.add(
                    Annotation(
                        patient_id=patient.id,
                        volume_id=volume_id,
                        author_id=reader.id,
                        version=version,
                        source="human",
                        storage_key=f"annotations/x-{i}-{version}.nii.gz",
                        sha256="0" * 64,
                        time_spent_s=seconds,
                    )
                )
                cases[reader.username].add(patient.id)
                if seconds:
                    times[reader.username].append(seconds)
    with session_scope() as session:
        board = admin_service.dashboard(session, session.get_one(Project, project_id))

    finite = {n: [v for v in vs if np.isfinite(v)] for n, vs in values.items()}
    everything = [v for vs in finite.values() for v in vs]
    edges = np.linspace(min(everything), max(everything), HISTOGRAM_BINS + 1)
    assert [h.round for h in board.uncertainty] == [1, 2]
    for histogram in board.uncertainty:
        expected, _ = np.histogram(finite[histogram.round], bins=edges)
        assert histogram.edges == [float(e) for e in edges]
        assert histogram.counts == [int(c) for c in expected]
        assert histogram.n == len(finite[histogram.round])

    by_reader = {t.username: t for t in board.throughput}
    assert set(by_reader) == {name for name, c in cases.items() if c}
    for name, row in by_reader.items():
        hours = sum(times[name]) / 3600
        assert row.cases == len(cases[name])
        assert row.timed_cases == len(times[name])
        assert row.hours == round(hours, 4)
        assert row.median_seconds == (round(statistics.median(times[name]), 1) if times[name] else None)
