"""A project's reading-time model: its timed cases, the features of the cases to price, the fit kept per project.

**One fit per round.** The model that prices cases is fitted on the cases timed before the project's latest round
was created (the latest MAX_FIT_CASES of them), so it cannot change while that round is annotated: the price a
reader's queue shows is the price the submission debits, even when colleagues submit (and time) other cases
meanwhile. The next round refits with the cases timed since. Cases timed by readers (source "human") and imports
that carry a recorded time count; a lead's ground-truth correction is not a read. A patient counts once, with its
first timed version (the read that is paid).

A case's features come from the latest round that scored the patient (the round that offers it, or offered it:
for a timed case, the latest round created before it was read); its uncertainty is its place in that round's stored
ranking, so pricing a case reads its own score row, never the whole round. The worker prices the round it is
selecting before its scores are stored, so it passes them (``scored``) and the selection sees the prices the queue
will show.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from backend.budget import reading_time
from backend.budget.reading_time import CaseFeatures, ReadingTimeModel
from backend.core import caches
from backend.models import Annotation, Patient, Project, Round, Score, Volume
from backend.round.state import FINAL

TIMED_SOURCES = ("human", "import")
FOREGROUND = "foreground_voxels"
# A round being selected, before its Score rows exist: each patient's score value and components.
Scored = Mapping[uuid.UUID, tuple[float, Mapping[str, Any]]]
_CHUNK = 500
_CACHE_SIZE = 256
# The model is fitted on at most this many of the latest timed cases. Three features and an intercept are pinned
# down long before (a coefficient's standard error at 2,000 cases is about a hundredth of a log-minute), recent reads
# carry the readers' current pace, and a fit on all of a large project's cases cost a cold API process 3 s at 19,000
# timed cases (issue 16): with the cap, a fit's cost no longer grows with the project.
MAX_FIT_CASES = 2000


@dataclass(frozen=True)
class PricingModel:
    """What prices the project's cases now: the fitted model (None below MIN_CASES timed cases) and the minutes
    assumed without one (the median of the timed cases, or DEFAULT_MINUTES when none is timed)."""

    model: ReadingTimeModel | None
    fallback_minutes: float
    cases: int
    median_minutes: float | None


# Per project: (key, when the key was last confirmed, model).
_cache: OrderedDict[uuid.UUID, tuple[tuple[Any, ...], float, PricingModel]] = caches.register(OrderedDict())
# Once a round exists, reads land after its cutoff, so the cases before it change only out of band (a demo re-seed
# writing times into old versions): the key's aggregate is re-asked this often, not on every price.
REVALIDATE_S = 300.0
_lock = threading.Lock()
# A cold process's first fit is computed once however many requests ask for it together.
_computing = caches.KeyedLocks()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _chunks(ids: list[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    # SQLite caps the number of bound parameters of one statement.
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def shapes(session: Session, patient_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[int] | None]:
    """Each patient's primary volume shape (None without one), in one query per chunk."""
    found: dict[uuid.UUID, list[int] | None] = {}
    for chunk in _chunks(list(patient_ids)):
        rows = session.execute(
            select(Patient.id, Volume.shape)
            .outerjoin(Volume, Volume.id == Patient.primary_volume_id)
            .where(Patient.id.in_(chunk))
        ).all()
        found.update((patient_id, shape) for patient_id, shape in rows)
    return found


def _round_sizes(session: Session, round_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many patients each round ranked: its last rank, one step down the (round, rank) index."""
    return {
        round_id: int(session.scalar(select(func.max(Score.rank)).where(Score.round_id == round_id)) or 0)
        for round_id in round_ids
    }


def _foreground(components: Mapping[str, Any] | None) -> float | None:
    value = (components or {}).get(FOREGROUND)
    return float(value) if isinstance(value, int | float) and np.isfinite(value) else None


def _scored_features(
    session: Session, patient_ids: list[uuid.UUID], before: Mapping[uuid.UUID, datetime] | None = None
) -> dict[uuid.UUID, tuple[float | None, float | None]]:
    """(foreground, uncertainty rank) of each patient from the latest round that scored it (created before
    ``before[patient]`` when given)."""
    latest: dict[uuid.UUID, tuple[int, uuid.UUID, int, dict[str, Any]]] = {}
    for chunk in _chunks(patient_ids):
        for patient_id, round_id, number, created_at, rank, components in session.execute(
            select(Score.patient_id, Round.id, Round.number, Round.created_at, Score.rank, Score.components)
            .join(Round, Round.id == Score.round_id)
            .where(Score.patient_id.in_(chunk))
        ):
            if before is not None and not _aware(created_at) < before[patient_id]:
                continue
            if patient_id not in latest or number > latest[patient_id][0]:
                latest[patient_id] = (number, round_id, rank, components)
    sizes = _round_sizes(session, {round_id for _, round_id, _, _ in latest.values()})
    return {
        patient_id: (_foreground(components), reading_time.rank_position(rank, sizes[round_id]))
        for patient_id, (_, round_id, rank, components) in latest.items()
    }


def case_features(
    session: Session,
    patient_ids: Iterable[uuid.UUID],
    patient_shapes: Mapping[uuid.UUID, list[int] | None],
    scored: Scored | None = None,
) -> dict[uuid.UUID, CaseFeatures]:
    """The features of cases to price: from ``scored`` (a round being selected) where given, else from the latest
    round that scored each patient."""
    ids = list(patient_ids)
    stored = _scored_features(session, [i for i in ids if scored is None or i not in scored])
    pending: dict[uuid.UUID, tuple[float | None, float | None]] = {}
    if scored:
        keys = list(scored)
        normalised = reading_time.rank_normalise([float(scored[k][0]) for k in keys])
        pending = {k: (_foreground(scored[k][1]), float(u)) for k, u in zip(keys, normalised, strict=True)}
    result = {}
    for patient_id in ids:
        foreground, uncertainty = pending.get(patient_id) or stored.get(patient_id) or (None, None)
        slices = reading_time.slice_count(patient_shapes.get(patient_id))
        result[patient_id] = CaseFeatures(slices=slices, foreground_voxels=foreground, uncertainty=uncertainty)
    return result


def _cutoff(session: Session, project_id: uuid.UUID) -> tuple[uuid.UUID | None, datetime | None]:
    """The project's latest round (its id and creation time, as stored): the fit uses cases timed before it."""
    row = session.execute(
        select(Round.id, Round.created_at).where(Round.project_id == project_id).order_by(Round.number.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


def scores_version(session: Session, project_id: uuid.UUID) -> tuple[Any, ...]:
    """A key for the scores a case's features are read from (the latest round that scored it): the project's latest
    round, its run (a retry writes new scores) and, while it runs, how many scores it has (the worker writes them in
    one transaction); -1 once final, when they cannot change. Earlier rounds are final."""
    row = session.execute(
        select(Round.id, Round.status, Round.started_at)
        .where(Round.project_id == project_id)
        .order_by(Round.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return (None,)
    round_id, status, started_at = row
    return (round_id, started_at, -1 if status in FINAL else _round_sizes(session, [round_id])[round_id])


def _timed(project_id: uuid.UUID, before: datetime | None) -> list[ColumnElement[bool]]:
    """The annotations that time a read of the project (before the stored time ``before``, when given)."""
    conditions = [
        Patient.project_id == project_id,
        Annotation.source.in_(TIMED_SOURCES),
        Annotation.time_spent_s.is_not(None),
        Annotation.time_spent_s > 0,
    ]
    return [*conditions, Annotation.created_at < before] if before is not None else conditions


def timed_cases(
    session: Session, project_id: uuid.UUID, before: datetime | None = None
) -> list[tuple[uuid.UUID, datetime, float]]:
    """(patient, when, seconds) of each patient's first timed read, oldest first, read before ``before``."""
    rows = session.execute(
        select(Annotation.patient_id, Annotation.created_at, Annotation.time_spent_s, Annotation.version)
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(*_timed(project_id, None))
    ).all()
    cutoff = _aware(before) if before is not None else None
    first: dict[uuid.UUID, tuple[int, datetime, float]] = {}
    for patient_id, created_at, seconds, version in rows:
        when = _aware(created_at)
        if cutoff is not None and not when < cutoff:
            continue
        if patient_id not in first or version < first[patient_id][0]:
            first[patient_id] = (version, when, float(seconds or 0.0))
    return sorted(((p, when, s) for p, (_, when, s) in first.items()), key=lambda row: (row[1], str(row[0])))


def _fit(session: Session, cases: list[tuple[uuid.UUID, datetime, float]]) -> PricingModel:
    if not cases:
        return PricingModel(model=None, fallback_minutes=reading_time.DEFAULT_MINUTES, cases=0, median_minutes=None)
    minutes = [seconds / 60 for _, _, seconds in cases]
    median = round(float(np.median(minutes)), 2)
    model = None
    if len(cases) >= reading_time.MIN_CASES:
        latest = cases[-MAX_FIT_CASES:]  # the cases come oldest first
        patient_ids = [patient_id for patient_id, _, _ in latest]
        found_shapes = shapes(session, patient_ids)
        scored = _scored_features(session, patient_ids, before={p: when for p, when, _ in latest})
        features = [
            CaseFeatures(reading_time.slice_count(found_shapes.get(p)), *scored.get(p, (None, None)))
            for p in patient_ids
        ]
        model = reading_time.fit(features, minutes[-MAX_FIT_CASES:])
    return PricingModel(model=model, fallback_minutes=median, cases=len(cases), median_minutes=median)


def pricing_model(session: Session, project: Project) -> PricingModel:
    """The model pricing the project's cases now, refitted only when the timed cases it rests on change.

    Whether they changed is asked of the database (count, total and latest of the timed annotations before the
    cutoff): the cases themselves are read only to refit, not on every price (issue 16). While the latest round
    stays the same, that aggregate (a scan of the project's annotations: 33 ms at 22,000 versions, a third of a
    queue read) is re-asked every REVALIDATE_S only, since no read can land before the cutoff."""
    round_id, before = _cutoff(session, project.id)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(project.id)
        if hit is not None and round_id is not None and hit[0][0] == round_id and now - hit[1] < REVALIDATE_S:
            _cache.move_to_end(project.id)
            return hit[2]
    summary = session.execute(
        select(func.count(), func.sum(Annotation.time_spent_s), func.max(Annotation.created_at))
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(*_timed(project.id, before))
    ).one()
    key = (round_id, int(summary[0]), round(float(summary[1] or 0.0), 6), summary[2])
    with _computing.hold(("pricing", project.id)):
        with _lock:
            hit = _cache.get(project.id)
            if hit is not None and hit[0] == key:  # unchanged, or fitted by a concurrent request while this one waited
                _cache[project.id] = (key, now, hit[2])
                _cache.move_to_end(project.id)
                return hit[2]
        fitted = _fit(session, timed_cases(session, project.id, before))
        with _lock:
            _cache[project.id] = (key, now, fitted)
            _cache.move_to_end(project.id)
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return fitted


def predicted_minutes(
    session: Session,
    pricing: PricingModel,
    patient_ids: Iterable[uuid.UUID],
    patient_shapes: Mapping[uuid.UUID, list[int] | None],
    scored: Scored | None = None,
) -> dict[uuid.UUID, float | None]:
    """The project's model's minutes for each patient (None for all while the project has no model)."""
    ids = list(patient_ids)
    if pricing.model is None or not ids:
        return dict.fromkeys(ids)
    features = case_features(session, ids, patient_shapes, scored)
    minutes = reading_time.predict(pricing.model, [features[i] for i in ids])
    return {patient_id: float(m) for patient_id, m in zip(ids, minutes, strict=True)}
