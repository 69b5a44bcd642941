"""Build a large project on Postgres the way months of real use would have left it, in seconds per table.

What is written, for ``P`` patients (the issue's figures at P = 100,000):

* users through the ORM (one admin, one lead, ``readers`` radiologists; the password hashed once with the app's
  argon2 hasher) and the project through ``backend.project.crud.create`` (membership, opening budget, audit);
* everything that grows with the project with one ``INSERT … SELECT`` per table over a plan of the patients: a
  study and a volume per patient (all pointing at one small real stored NIfTI, so the volume endpoint serves real
  bytes), 2 % validation patients with imported labels, 18 % annotated by the readers (10 % of those twice), the
  rest unlabelled; round 1 (closed) scored and predicted the then-pool (98 %) and selected what was annotated since;
  round 2 (published, ``ready``) scored and predicted the 80 % unlabelled pool and selected ``selected`` of them
  (1 % of those set aside with an open skip); one ledger debit per first annotation plus the budget changes;
  the audit trail those actions write (views, volume and prediction reads, submissions, logins).

Rows carry the values the services would write (``round_persistence.save_scores``' ranks, entropy components and
costs, ``annotation.service``'s versions and accepted pointers, ``budget.service.debit``'s ledger rows,
``audit.service.record``'s target types and string ids), so ``backend/project/counts.py`` adds up: validation +
annotated + set aside + queued + unlabelled = P. Ids are ``md5(salt, kind, i)`` so each table joins the plan
without a lookup.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import nibabel as nib
import numpy as np
import psycopg
from sqlalchemy import create_engine, update
from sqlalchemy.orm import Session

from benchmarks.scale.names import ADMIN, LEAD, reader_name

REPO_ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_DSN = os.environ.get("RADLOOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "scale-benchmark-password-7f3a"
IMAGE = REPO_ROOT / "demo" / "hippocampus" / "imagesTr" / "hippocampus_003.nii.gz"
LABEL = REPO_ROOT / "demo" / "hippocampus" / "labelsTr" / "hippocampus_003.nii.gz"
LABELS = [
    {"value": 1, "name": "anterior", "color": "#e6194b"},
    {"value": 2, "name": "posterior", "color": "#3cb44b"},
]
COST_CENTS = 1_000
# Shared blobs: every volume, prediction and annotation row points at one of these.
VOLUME_KEY = "volumes/scale-shared.nii.gz"
MASK_KEY = "predictions/scale-shared_mask.nii.gz"
UNCERTAINTY_KEY = "predictions/scale-shared_uncertainty.nii.gz"
ANNOTATION_KEY = "annotations/scale-shared.nii.gz"

Log = Callable[[str], None]


@dataclass(frozen=True)
class Spec:
    patients: int = 100_000
    readers: int = 50
    # The published round's selection; capped at a quarter of its pool on small projects.
    selected: int = 2_000
    validation_pct: int = 2
    annotated_pct: int = 18
    second_version_pct: int = 10  # of the annotated patients


@dataclass
class Built:
    database: str
    url: str
    storage_root: Path
    payloads: Path
    project_id: uuid.UUID
    round_id: uuid.UUID
    readers: list[str]
    password: str
    expected_counts: dict[str, int]
    spent_cents: int
    total_cents: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        """What the load's users read (``locustfile``)."""
        return {
            "SCALE_PASSWORD": self.password,
            "SCALE_READERS": str(len(self.readers)),
            "SCALE_PROJECT_ID": str(self.project_id),
            "SCALE_ROUND_ID": str(self.round_id),
            "SCALE_PAYLOADS": str(self.payloads),
        }


def create_database(prefix: str = "radloop_scale") -> tuple[str, str]:
    """A fresh database on the admin DSN's server: its name and its SQLAlchemy URL."""
    name = f"{prefix}_{secrets.token_hex(5)}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return name, f"{base}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


T = TypeVar("T")


class _Timer:
    def __init__(self, log: Log) -> None:
        self.log = log
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}

    def run(self, name: str, step: Callable[[], int | None]) -> None:
        """Time ``step`` (which returns the rows it wrote, None for no row count) and print the figure."""
        start = time.perf_counter()
        rows = step()
        elapsed = time.perf_counter() - start
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
        if rows is not None:
            self.rows[name] = self.rows.get(name, 0) + rows
        suffix = f"{rows:>9,} rows" if rows is not None else " " * 14
        self.log(f"  {name:<24}{suffix}  {elapsed:7.2f} s")

    def value(self, name: str, step: Callable[[], T]) -> T:
        """Time a step that returns something other than a row count."""
        found: list[T] = []

        def once() -> None:
            found.append(step())

        self.run(name, once)
        return found[0]


# ---------------------------------------------------------------------------------------------------------------
# blobs


@dataclass(frozen=True)
class Blobs:
    shape: list[int]
    spacing: list[float]
    affine: list[list[float]]
    dtype: str
    volume_sha: str
    mask_sha: str
    uncertainty_sha: str
    annotation_sha: str


def _put(root: Path, key: str, data: bytes) -> str:
    path = root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def write_blobs(storage_root: Path, payloads: Path) -> Blobs:
    """The four shared blobs as the app stores them, and the reader's upload payloads (a plain NIfTI mask to
    submit, a gzipped one to autosave as a draft)."""
    from backend.storage import nifti_io

    data, affine = nifti_io.load_array(IMAGE.read_bytes())
    label = nifti_io.load_array(LABEL.read_bytes())[0].astype(np.uint8)
    rng = np.random.default_rng(16)
    uncertainty = (rng.random(label.shape, dtype=np.float32) * 0.7).astype(np.float32)
    volume_sha = _put(storage_root, VOLUME_KEY, nifti_io.encode(data, affine))
    mask_sha = _put(storage_root, MASK_KEY, nifti_io.encode(label, affine))
    uncertainty_sha = _put(storage_root, UNCERTAINTY_KEY, nifti_io.encode(uncertainty, affine))
    annotation_sha = _put(storage_root, ANNOTATION_KEY, nifti_io.encode(label, affine))
    payloads.mkdir(parents=True, exist_ok=True)
    plain = nib.Nifti1Image(label, affine)
    plain.header.set_data_dtype(np.uint8)
    (payloads / "mask.nii").write_bytes(plain.to_bytes())
    (payloads / "draft.nii.gz").write_bytes(nifti_io.encode(label, affine))
    return Blobs(
        shape=[int(n) for n in data.shape],
        spacing=[float(s) for s in np.linalg.norm(affine[:3, :3], axis=0)],
        affine=np.asarray(affine, dtype=np.float64).tolist(),
        dtype=str(data.dtype),
        volume_sha=volume_sha,
        mask_sha=mask_sha,
        uncertainty_sha=uncertainty_sha,
        annotation_sha=annotation_sha,
    )


# ---------------------------------------------------------------------------------------------------------------
# users and project, through the app's own code


@dataclass(frozen=True)
class People:
    admin_id: uuid.UUID
    lead_id: uuid.UUID
    reader_ids: list[uuid.UUID]
    project_id: uuid.UUID


def create_people(url: str, spec: Spec, started: datetime, opening_cents: int) -> People:
    from backend.core.security import hash_password
    from backend.models import LedgerEntry, Project, User
    from backend.models.user import Role
    from backend.project import crud

    password_hash = hash_password(PASSWORD)  # once: every account shares it
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            admin = User(username=ADMIN, password_hash=password_hash, role=str(Role.admin), created_at=started)
            lead = User(username=LEAD, password_hash=password_hash, role=str(Role.lead), created_at=started)
            readers = [
                User(
                    username=reader_name(k), password_hash=password_hash, role=str(Role.radiologist), created_at=started
                )
                for k in range(1, spec.readers + 1)
            ]
            session.add_all([admin, lead, *readers])
            session.flush()
            project = crud.create(
                session,
                name=f"Scale benchmark ({spec.patients:,} patients)",
                modality="MR",
                labels=LABELS,
                cost_per_patient_cents=COST_CENTS,
                budget_total_cents=opening_cents,
                strategy="entropy",
                batch_size=spec.selected,
                created_by=lead,
                deidentify=False,
                assign_radiologists=True,
            )
            session.flush()
            # The project (and its opening budget) dates from the start of the history written below.
            session.execute(update(Project).where(Project.id == project.id).values(created_at=started))
            session.execute(update(LedgerEntry).where(LedgerEntry.project_id == project.id).values(created_at=started))
            session.commit()
            return People(admin.id, lead.id, [r.id for r in readers], project.id)
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------------------------------------------
# the bulk, set-based


def _id(kind: str, expr: str = "i") -> str:
    """A deterministic uuid per (build, kind, patient index): tables join the plan without a lookup."""
    return f"md5(%(salt)s || '{kind}' || ({expr})::text)::uuid"


def _uniform(kind: str) -> str:
    """A uniform [0, 1) number per (build, kind, patient index), from the same hash."""
    return f"(('x' || substr(md5(%(salt)s || '{kind}' || i::text), 1, 8))::bit(32)::bigint / 4294967296.0)"


def _components(value: str) -> str:
    """What the entropy strategy stores per patient (``worker.ml.scoring._band_components``)."""
    return (
        f"json_build_object('entropy', {value}, 'entropy_whole_volume', round((({value}) * 0.2)::numeric, 6)::float8, "
        "'foreground_voxels', CASE WHEN mod(i, 50) = 0 THEN 0 ELSE 200 + mod(i, 900) END, "
        "'band_voxels', CASE WHEN mod(i, 50) = 0 THEN 60 ELSE 3 * (200 + mod(i, 900)) END, "
        "'empty_prediction', CASE WHEN mod(i, 50) = 0 THEN 1.0 ELSE 0.0 END, "
        "'top_quantile_fallback', CASE WHEN mod(i, 50) = 0 THEN 1.0 ELSE 0.0 END)"
    )


@dataclass(frozen=True)
class Timeline:
    """When things happened: the project ~200 days ago, round 1 a week in, annotations until round 2, two days ago."""

    started: datetime
    imported: datetime
    round1: datetime
    annotating_from: datetime
    annotating_until: datetime
    round2: datetime

    @classmethod
    def ending(cls, now: datetime) -> Timeline:
        started = now - timedelta(days=200)
        return cls(
            started=started,
            imported=started + timedelta(days=1),
            round1=started + timedelta(days=5),
            annotating_from=started + timedelta(days=6),
            annotating_until=now - timedelta(days=5),
            round2=now - timedelta(days=2),
        )


def _rounds(cur: psycopg.Cursor[Any], p: dict[str, Any], timeline: Timeline, spec: Spec, n: dict[str, int]) -> int:
    """Two rounds, each with its job and model version, as the worker leaves them (metrics included)."""
    for number, status, at, batch, n_train, n_scored, n_selected, dice in (
        (1, "closed", timeline.round1, n["annotated"], 0, n["annotated"] + n["pool"], n["annotated"], 0.41),
        (2, "ready", timeline.round2, p["selected"], n["annotated"], n["pool"], p["selected"], 0.78),
    ):
        round_id, model_id, job_id = p[f"r{number}"], p[f"m{number}"], p[f"j{number}"]
        finished = at + timedelta(hours=2)
        metrics = {
            "val_dice": dice,
            "val_dice_per_label": {"anterior": dice - 0.02, "posterior": dice + 0.02},
            "n_train": n_train,
            "n_new_train": n_train,
            "n_trained_on": n_train,
            "n_validation": n["validation"],
            "epochs_run": 40,
            "best_epoch": 31,
            "converged": True,
            "train_seconds": 5400.0,
            "score_seconds": 1800.0,
            "compute_seconds": 7200.0,
            "n_scored": n_scored,
            "n_selected": n_selected,
        }
        cur.execute(
            "INSERT INTO rounds (id, created_at, project_id, number, status, strategy, batch_size, seed, metrics, "
            "started_at, finished_at) VALUES (%(id)s, %(at)s, %(project)s, %(number)s, %(status)s, 'entropy', "
            "%(batch)s, 0, %(metrics)s, %(at)s, %(finished)s)",
            {
                "id": round_id,
                "at": at,
                "project": p["project"],
                "number": number,
                "status": status,
                "batch": batch,
                "metrics": json.dumps(metrics),
                "finished": finished,
            },
        )
        cur.execute(
            "INSERT INTO jobs (id, created_at, round_id, project_id, kind, status, progress, config, attempts, worker, "
            "started_at, finished_at, heartbeat_at, max_attempts, task_id) VALUES (%(id)s, %(at)s, %(round)s, "
            "%(project)s, 'round', 'succeeded', %(progress)s, '{}', 1, 'gpu0@scale', %(at)s, %(finished)s, "
            "%(finished)s, 3, %(task)s)",
            {
                "id": job_id,
                "at": at,
                "round": round_id,
                "project": p["project"],
                "progress": json.dumps({"stage": "done"}),
                "finished": finished,
                "task": str(uuid.uuid4()),
            },
        )
        # What the model learned from and was validated on, as round_persistence stores it.
        trained = "('annotated')" if number == 2 else "('none')"
        cur.execute(
            "INSERT INTO model_versions (id, created_at, project_id, round_id, parent_id, kind, storage_key, sha256, "
            "config, metrics, job_id) SELECT %(id)s, %(finished)s, %(project)s, %(round)s, %(parent)s, 'segmenter', "
            "%(key)s, %(sha)s, '{}', (%(metrics)s::jsonb || jsonb_build_object("
            f"'trained_on', (SELECT coalesce(jsonb_agg(pid::text ORDER BY pid::text), '[]') FROM plan WHERE cat IN "
            f"{trained}), 'validated_on', (SELECT coalesce(jsonb_agg(pid::text ORDER BY pid::text), '[]') FROM plan "
            "WHERE cat = 'validation')))::json, %(job)s",
            {
                "id": model_id,
                "finished": finished,
                "project": p["project"],
                "round": round_id,
                "parent": p["m1"] if number == 2 else None,
                "key": f"models/{model_id}.pt",
                "sha": "0" * 64,
                "metrics": json.dumps(metrics),
                "job": job_id,
            },
        )
        cur.execute("UPDATE rounds SET model_version_id = %(m)s WHERE id = %(r)s", {"m": model_id, "r": round_id})
    return 2


def build(url: str, storage_root: Path, spec: Spec, *, database: str = "", log: Log = print) -> Built:
    """Migrate the (empty) database at ``url`` and fill it; prints each step's time."""
    from backend.migrate import upgrade_head

    timer = _Timer(log)
    now = datetime.now(UTC)
    timeline = Timeline.ending(now)
    payloads = storage_root.parent / "payloads"
    timer.run("migrate", lambda: upgrade_head(url))
    blob = timer.value("blobs", lambda: write_blobs(storage_root, payloads))

    # The plan's category counts decide the budget, so compute them first (the same rule as the SQL below).
    pcts = spec.validation_pct, spec.validation_pct + spec.annotated_pct
    buckets = [(i * 7919) % 100 for i in range(1, spec.patients + 1)]
    counts = {
        "validation": sum(b < pcts[0] for b in buckets),
        "annotated": sum(pcts[0] <= b < pcts[1] for b in buckets),
    }
    counts["pool"] = spec.patients - counts["validation"] - counts["annotated"]
    selected = max(0, min(spec.selected, counts["pool"] // 4 or counts["pool"]))
    spent = counts["annotated"] * COST_CENTS
    total = spent + (selected + max(selected // 2, 10)) * COST_CENTS
    opening = max(total // 4, COST_CENTS)

    who = timer.value("users+project (ORM)", lambda: create_people(url, spec, timeline.started, opening))
    p: dict[str, Any] = {
        "salt": who.project_id.hex,
        "project": who.project_id,
        "readers": who.reader_ids,
        "nreaders": len(who.reader_ids),
        "lead": who.lead_id,
        "admin": who.admin_id,
        "n": spec.patients,
        "v_pct": pcts[0],
        "a_pct": pcts[1],
        "two_pct": spec.second_version_pct,
        "selected": selected,
        "cost": COST_CENTS,
        "started": timeline.started,
        "imported": timeline.imported,
        "a_from": timeline.annotating_from,
        "a_until": timeline.annotating_until,
        "r1_done": timeline.round1 + timedelta(hours=2),
        "r2_done": timeline.round2 + timedelta(hours=2),
        "volume_key": VOLUME_KEY,
        "volume_sha": blob.volume_sha,
        "shape": json.dumps(blob.shape),
        "spacing": json.dumps(blob.spacing),
        "affine": json.dumps(blob.affine),
        "dtype": blob.dtype,
        "mask_key": MASK_KEY,
        "mask_sha": blob.mask_sha,
        "unc_key": UNCERTAINTY_KEY,
        "unc_sha": blob.uncertainty_sha,
        "ann_key": ANNOTATION_KEY,
        "ann_sha": blob.annotation_sha,
        **{f"{k}{n}": uuid.uuid4() for k in "rmj" for n in (1, 2)},
    }

    with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cur:

        def sql(statement: str) -> int:
            cur.execute(statement, p)
            conn.commit()
            return int(cur.rowcount)

        timer.run(
            "plan (temp)",
            lambda: (
                sql(
                    "CREATE TEMP TABLE plan (i int PRIMARY KEY, cat text, two bool, pid uuid, sid uuid, vid uuid, "
                    "a1 uuid, a2 uuid, ext text, author uuid, imported_at timestamptz, a_at timestamptz)"
                )
                and None
            ),
        )
        timer.run(
            "plan",
            lambda: sql(
                # Categories interleave along the external ids (b is i × a prime, mod 100); the annotated patients
                # are annotated in a shuffled order spread over the months between the two rounds.
                f"INSERT INTO plan SELECT i, cat, {_uniform('two')} * 100 < %(two_pct)s, "
                f"{_id('p')}, {_id('s')}, {_id('v')}, {_id('a1')}, {_id('a2')}, 'SC' || lpad(i::text, 7, '0'), "
                "(%(readers)s::uuid[])[1 + mod(i, %(nreaders)s)], "
                "%(imported)s::timestamptz + (i * interval '1 day') / %(n)s, "
                "CASE WHEN cat = 'annotated' THEN %(a_from)s::timestamptz + "
                "(%(a_until)s::timestamptz - %(a_from)s::timestamptz) * (ord::float8 / na) END "
                "FROM (SELECT c.*, row_number() OVER (PARTITION BY cat ORDER BY md5(%(salt)s || i::text)) AS ord, "
                "count(*) OVER (PARTITION BY cat) AS na FROM (SELECT i, CASE WHEN b < %(v_pct)s THEN 'validation' "
                "WHEN b < %(a_pct)s THEN 'annotated' ELSE 'pool' END AS cat FROM (SELECT i, "
                "mod(i * 7919::bigint, 100) AS b FROM generate_series(1, %(n)s) AS i) AS g) AS c) AS q"
            ),
        )
        timer.run("plan (analyze)", lambda: sql("ANALYZE plan") and None)
        n = dict(counts)
        timer.run(
            "patients",
            lambda: sql(
                "INSERT INTO patients (id, created_at, project_id, external_id, split, status) "
                "SELECT pid, imported_at, %(project)s, ext, "
                "CASE WHEN cat = 'validation' THEN 'validation' ELSE 'pool' END, 'unlabeled' FROM plan ORDER BY i"
            ),
        )
        timer.run(
            "studies",
            lambda: sql(
                "INSERT INTO studies (id, created_at, patient_id, study_uid, description) "
                "SELECT sid, imported_at, pid, NULL, '' FROM plan ORDER BY i"
            ),
        )
        timer.run(
            "volumes",
            lambda: sql(
                "INSERT INTO volumes (id, created_at, study_id, series_uid, description, modality, source_format, "
                "storage_key, sha256, shape, spacing, affine, dtype, extra) "
                "SELECT vid, imported_at, sid, NULL, '', 'MR', 'nifti', %(volume_key)s, %(volume_sha)s, "
                "%(shape)s::json, %(spacing)s::json, %(affine)s::json, %(dtype)s, '{\"series_number\": null}'::json "
                "FROM plan ORDER BY i"
            ),
        )
        timer.run("rounds+jobs+models", lambda: _commit(conn, _rounds(cur, p, timeline, spec, n)))
        timer.run(
            "annotations",
            lambda: sql(
                # v1: the readers' first accepted masks and the validation set's imported labels; v2: a correction
                # by the same reader a day later (only the author adds versions).
                "INSERT INTO annotations (id, created_at, patient_id, volume_id, author_id, version, source, "
                "storage_key, sha256, time_spent_s, source_model_version_id) "
                "SELECT a1, CASE WHEN cat = 'validation' THEN imported_at ELSE a_at END, pid, vid, "
                "CASE WHEN cat = 'validation' THEN NULL ELSE author END, 1, "
                "CASE WHEN cat = 'validation' THEN 'import' ELSE 'human' END, %(ann_key)s, %(ann_sha)s, "
                "CASE WHEN cat = 'validation' THEN NULL ELSE 60 + mod(i, 240) END, "
                "CASE WHEN cat = 'validation' THEN NULL ELSE %(m1)s::uuid END "
                "FROM plan WHERE cat IN ('validation', 'annotated') "
                "UNION ALL SELECT a2, a_at + interval '1 day', pid, vid, author, 2, 'human', %(ann_key)s, %(ann_sha)s, "
                "30 + mod(i, 120), %(m1)s::uuid FROM plan WHERE cat = 'annotated' AND two"
            ),
        )
        timer.run(
            "patients (pointers)",
            lambda: sql(
                "UPDATE patients SET primary_volume_id = plan.vid, "
                "status = CASE WHEN plan.cat = 'pool' THEN 'unlabeled' ELSE 'annotated' END, "
                "accepted_annotation_id = CASE WHEN plan.cat = 'pool' THEN NULL "
                "WHEN plan.cat = 'annotated' AND plan.two THEN plan.a2 "
                "ELSE plan.a1 END FROM plan WHERE patients.id = plan.pid"
            ),
        )
        timer.run(
            "scores",
            lambda: sql(
                # Round 1 scored the then-pool and selected what was annotated since (its top ranks); round 2
                # scores today's unlabelled pool and selects its top ``selected``.
                "INSERT INTO scores (id, round_id, patient_id, value, components, rank, selected, cost_cents) "
                f"SELECT {_id('c1')}, %(r1)s, pid, v, {_components('v')}, "
                "row_number() OVER (ORDER BY v DESC, i), cat = 'annotated', %(cost)s "
                f"FROM (SELECT *, round((CASE WHEN cat = 'annotated' THEN 0.5 + 0.5 * {_uniform('u1')} "
                f"ELSE 0.5 * {_uniform('u1')} END)::numeric, 6)::float8 AS v FROM plan WHERE cat <> 'validation') q"
            ),
        )
        timer.run(
            "scores",
            lambda: sql(
                "INSERT INTO scores (id, round_id, patient_id, value, components, rank, selected, cost_cents) "
                f"SELECT {_id('c2')}, %(r2)s, pid, v, {_components('v')}, r, r <= %(selected)s, %(cost)s "
                "FROM (SELECT *, row_number() OVER (ORDER BY v DESC, i) AS r FROM "
                f"(SELECT *, round({_uniform('u2')}::numeric, 6)::float8 AS v FROM plan WHERE cat = 'pool') q) q2"
            ),
        )
        timer.run(
            "predictions",
            lambda: sql(
                # Every round predicts its whole pool (round_persistence.save_model_and_predictions).
                "INSERT INTO predictions (id, created_at, round_id, patient_id, model_version_id, mask_key, "
                "uncertainty_key, mask_sha256, uncertainty_sha256) "
                f"SELECT {_id('q1')}, %(r1_done)s, %(r1)s, pid, %(m1)s, %(mask_key)s, %(unc_key)s, %(mask_sha)s, "
                "%(unc_sha)s FROM plan WHERE cat <> 'validation' "
                f"UNION ALL SELECT {_id('q2')}, %(r2_done)s, %(r2)s, pid, %(m2)s, %(mask_key)s, %(unc_key)s, "
                "%(mask_sha)s, %(unc_sha)s FROM plan WHERE cat = 'pool'"
            ),
        )
        timer.run(
            "skips",
            lambda: sql(
                # 1 % of the published selection set aside by a reader for the lead (open skips).
                "INSERT INTO skips (id, created_at, patient_id, user_id, round_id, reason, note, resolved_at, "
                f"resolved_by_id) SELECT {_id('k', 's.rank')}, %(r2_done)s::timestamptz + interval '1 hour', "
                "s.patient_id, (%(readers)s::uuid[])[1 + mod(s.rank, %(nreaders)s)], %(r2)s, 'poor_quality', "
                "'motion artefact', NULL, NULL FROM scores s WHERE s.round_id = %(r2)s AND s.selected "
                "AND mod(s.rank, 100) = 50"
            ),
        )
        timer.run(
            "budget_ledger",
            lambda: sql(
                # One debit per first accepted human annotation (budget.service.debit), three budget raises.
                "INSERT INTO budget_ledger (id, created_at, project_id, amount_cents, kind, reason, user_id, "
                "patient_id, annotation_id) SELECT md5(%(salt)s || 'l' || i::text)::uuid, a_at, %(project)s, "
                "-%(cost)s, 'annotation', 'annotation of ' || ext, author, pid, a1 FROM plan WHERE cat = 'annotated'"
            ),
        )
        raises = _budget_raises(opening, total, timeline)
        for at, delta, new_total in raises:
            cur.execute(
                "INSERT INTO budget_ledger (id, created_at, project_id, amount_cents, kind, reason, user_id) "
                "VALUES (%(id)s, %(at)s, %(project)s, %(delta)s, 'budget_change', %(reason)s, %(lead)s)",
                {
                    "id": uuid.uuid4(),
                    "at": at,
                    "project": who.project_id,
                    "delta": delta,
                    "reason": f"total budget set to {new_total / 100:.2f}",
                    "lead": who.lead_id,
                },
            )
        cur.execute(
            "UPDATE projects SET budget_total_cents = %(total)s, budget_spent_cents = %(spent)s WHERE id = %(project)s",
            {"total": total, "spent": spent, "project": who.project_id},
        )
        conn.commit()
        timer.run("audit_events", lambda: sql(_AUDIT))
        timer.run("audit_events", lambda: sql(_AUDIT_LOGINS))
        conn.commit()

    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        timer.value("vacuum analyze", lambda: conn.execute("VACUUM (ANALYZE)"))

    skipped = selected // 100 + (1 if selected % 100 >= 50 else 0)
    expected = {
        "patients": spec.patients,
        "validation": counts["validation"],
        "annotated": counts["annotated"],
        "in_review": 0,  # the built project does not review its masks
        "reserved": 0,
        "set_aside": skipped,
        "queued": selected - skipped,
        "unlabeled": counts["pool"] - selected,
    }
    return Built(
        database=database,
        url=url,
        storage_root=storage_root,
        payloads=payloads,
        project_id=who.project_id,
        round_id=p["r2"],
        readers=[reader_name(k) for k in range(1, spec.readers + 1)],
        password=PASSWORD,
        expected_counts=expected,
        spent_cents=spent,
        total_cents=total,
        rows=timer.rows,
        seconds=timer.seconds,
    )


def _commit(conn: psycopg.Connection[Any], rows: int) -> int:
    conn.commit()
    return rows


def _budget_raises(opening: int, total: int, timeline: Timeline) -> list[tuple[datetime, int, int]]:
    """The lead raised the total three times (to a half, three quarters, all of it), each well before it ran out."""
    span = timeline.annotating_until - timeline.annotating_from
    steps = [(timeline.annotating_from + span * f, total * k // 4) for f, k in ((0.2, 2), (0.5, 3))]
    steps.append((timeline.round2 - timedelta(hours=1), total))
    raises: list[tuple[datetime, int, int]] = []
    previous = opening
    for at, new_total in steps:
        if new_total > previous:
            raises.append((at, new_total - previous, new_total))
            previous = new_total
    return raises


# Per human annotation version: the reader opened the case (patient.view), read the volume and (for 80 % of first
# versions) the prediction, then submitted; what the routes' audit.record / record_read write.
_AUDIT = """
INSERT INTO audit_events (id, created_at, user_id, action, target_type, target_id, details)
SELECT md5(%(salt)s || 'e' || kind || ':' || i::text || ':' || version::text)::uuid, at, author, action, 'patient',
       pid::text, details
FROM (
    SELECT i, version, author, pid, kind, action, details,
           CASE kind WHEN 'view' THEN t - interval '6 minutes' WHEN 'volume' THEN t - interval '358 seconds'
                     WHEN 'prediction' THEN t - interval '357 seconds' ELSE t END AS at
    FROM (
        SELECT plan.*, v.version, CASE v.version WHEN 1 THEN a_at ELSE a_at + interval '1 day' END AS t,
               CASE v.version WHEN 1 THEN a1 ELSE a2 END AS ann
        FROM plan CROSS JOIN (VALUES (1), (2)) AS v (version)
        WHERE cat = 'annotated' AND (v.version = 1 OR two)
    ) AS versions
    CROSS JOIN LATERAL (VALUES
        ('view', 'patient.view', '{}'::json),
        ('volume', 'patient.volume.read',
         json_build_object('volume_id', vid::text, 'sha256', %(volume_sha)s::text, 'status', 200)),
        ('prediction', 'patient.prediction.read',
         json_build_object('prediction_id', md5(%(salt)s || 'q1' || i::text)::uuid::text, 'round_id', %(r1)s::text,
                           'model_version_id', %(m1)s::text, 'sha256', %(mask_sha)s::text, 'status', 200)),
        ('submit', 'annotation.submit',
         json_build_object('version', version, 'base_version', CASE version WHEN 1 THEN NULL ELSE 1 END,
                           'charged', version = 1, 'time_spent_s', 60 + mod(i, 240)))
    ) AS e (kind, action, details)
    WHERE kind <> 'prediction' OR (version = 1 AND mod(i, 5) <> 0)
) AS events
"""

# Each account logged in about once a week (target: the user, as auth.service.login records it).
_AUDIT_LOGINS = """
INSERT INTO audit_events (id, created_at, user_id, action, target_type, target_id, details)
SELECT gen_random_uuid(), %(started)s::timestamptz + week * interval '7 days' + k * interval '3 minutes', u,
       'auth.login', 'user', u::text,
       json_build_object('session_id', gen_random_uuid()::text, 'client_address', '10.0.0.' || (mod(k, 250))::text)
FROM unnest(%(readers)s::uuid[] || ARRAY[%(lead)s::uuid, %(admin)s::uuid]) WITH ORDINALITY AS users (u, k)
CROSS JOIN generate_series(0, 27) AS week
"""
