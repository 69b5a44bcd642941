"""The demo: users, the hippocampus project and its shipped sample. Safe to run again (it reuses what exists).

The sample's unlabelled pool patients get their MSD labels as hidden reference labels, so the demo can simulate
the random-selection baseline without those labels reaching the radiologist or the rounds.

The imported labels carry reading times, so the demo prices and shows predicted reading minutes from the start.
They are synthetic (no one timed the MSD labelling): DEMO_MINUTES of the case's slices and labelled voxels, times
seeded log-normal noise; the dashboard reports how well the reading-time model recovers them (held-out MAE).
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import REPO_ROOT, VAR_DIR, get_settings
from backend.core.errors import BadInput
from backend.ingest.nifti import load_nifti
from backend.ingest.plan import plan_import
from backend.models import Annotation, Patient, Project, ReferenceLabel, User
from backend.models.patient import PatientStatus, Split
from backend.models.user import Role
from backend.patient import importer
from backend.patient import service as patient_service
from backend.project import crud as project_crud
from backend.project import members as project_members
from backend.storage import blobs
from backend.user import service as user_service

log = logging.getLogger(__name__)

DEMO_PROJECT = "Hippocampus MRI (demo)"
DEMO_DATA = REPO_ROOT / "demo" / "hippocampus"
DEMO_LABELS = [
    {"value": 1, "name": "anterior", "color": "#e6194b"},
    {"value": 2, "name": "posterior", "color": "#3cb44b"},
]
DEMO_USERS = (("admin", Role.admin), ("lead", Role.lead), ("radiologist", Role.radiologist))
N_VALIDATION = 2
N_ANNOTATED = 4
# Synthetic reading time of an imported label: minutes = 2 + 0.25 per slice + 1 per 1,000 labelled voxels, times
# log-normal noise (sd 0.1), seeded by the patient id so every seed of the demo writes the same times.
DEMO_MINUTES = (2.0, 0.25, 1e-3)
DEMO_NOISE_SD = 0.1


@dataclass
class DemoResult:
    password: str
    project: Project
    created: bool


def demo_password() -> str:
    """RADLOOP_DEMO_PASSWORD, else one generated on the first run and kept under var/ for later runs."""
    configured = get_settings().demo_password or os.environ.get("RADLOOP_DEMO_PASSWORD", "")
    if configured:
        return configured
    stored = VAR_DIR / "demo-password"
    if stored.exists():
        return stored.read_text().strip()
    password = secrets.token_urlsafe(12)  # 16 random characters: well inside the password policy
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(password)
    stored.chmod(0o600)
    return password


def _ensure_users(session: Session, password: str) -> list[User]:
    users = []
    try:
        for username, role in DEMO_USERS:
            user = user_service.get_by_username(session, username)
            if user is None:
                user = user_service.create(session, username=username, password=password, role=role)
            else:
                user_service.set_password(session, user, password)
            users.append(user)
    except BadInput as exc:
        # Demo accounts are real accounts: a weak RADLOOP_DEMO_PASSWORD is refused like any other password.
        raise BadInput(f"The demo password (RADLOOP_DEMO_PASSWORD) is refused: {exc.detail}") from exc
    return users


def seed(session: Session, data_dir: Path = DEMO_DATA) -> DemoResult:
    password = demo_password()
    users = _ensure_users(session, password)
    project = project_crud.get_by_name(session, DEMO_PROJECT)
    created = project is None
    if project is None:
        project = project_crud.create(
            session,
            name=DEMO_PROJECT,
            modality="MR",
            labels=DEMO_LABELS,
            cost_per_patient_cents=100,
            budget_total_cents=1000,
            strategy="entropy",
            batch_size=2,
        )
        _import_sample(session, project, data_dir)
    else:
        _add_missing_reference_labels(session, project, data_dir)
    _add_reading_times(session, project, data_dir)
    for user in users:
        if user.role != Role.admin:
            project_members.add_member(session, project=project, user=user)
    session.flush()
    return DemoResult(password=password, project=project, created=created)


def _import_sample(session: Session, project: Project, data_dir: Path) -> None:
    images = sorted((data_dir / "imagesTr").glob("*.nii.gz"))
    labels = {p.name: p for p in (data_dir / "labelsTr").glob("*.nii.gz")}
    validation = images[:N_VALIDATION]
    annotated = images[N_VALIDATION : N_VALIDATION + N_ANNOTATED]
    unlabeled = images[N_VALIDATION + N_ANNOTATED :]
    with tempfile.TemporaryDirectory() as workdir:
        for group, split, reference in (
            (validation, Split.validation, False),
            (annotated, Split.pool, False),
            (unlabeled, Split.pool, True),
        ):
            label_paths = [labels[p.name] for p in group if p.name in labels]
            # Unlabelled patients of a --data folder without their labels are imported without reference labels.
            hidden = reference and bool(label_paths)
            plans = plan_import(group, label_paths, workdir=Path(workdir) / split / str(hidden))
            importer.import_patients(session, project=project, plans=plans, split=split, reference_labels=hidden)
    log.info("demo.imported project=%s patients=%d", project.name, len(images))


def _add_missing_reference_labels(session: Session, project: Project, data_dir: Path) -> None:
    """A demo seeded before reference labels existed gets them for its still-unlabelled pool patients."""
    missing = session.scalars(
        select(Patient).where(
            Patient.project_id == project.id,
            Patient.split == Split.pool,
            Patient.status == PatientStatus.unlabeled,
            Patient.id.not_in(select(ReferenceLabel.patient_id)),
        )
    ).all()
    written: list[str] = []
    try:
        for patient in missing:
            path = data_dir / "labelsTr" / f"{patient.external_id}.nii.gz"
            if not path.exists() or patient.primary_volume_id is None:
                continue
            volume = patient_service.primary_volume(session, patient)
            label = load_nifti(path, as_label=True, name=path.name).data
            importer.store_reference_label(
                session, project=project, patient=patient, volume=volume, label=label, written=written
            )
    except Exception:
        for key in written:  # the caller's transaction rolls back; leave no orphan blob behind
            blobs.delete(key)
        raise
    if written:
        log.info("demo.reference_labels.added project=%s patients=%d", project.name, len(written))


def demo_minutes(external_id: str, slices: int, foreground_voxels: int) -> float:
    """The synthetic reading time of one demo case (see DEMO_MINUTES)."""
    base, per_slice, per_voxel = DEMO_MINUTES
    noise = np.random.default_rng(zlib.crc32(external_id.encode())).normal(0.0, DEMO_NOISE_SD)
    return (base + per_slice * slices + per_voxel * foreground_voxels) * math.exp(float(noise))


def _add_reading_times(session: Session, project: Project, data_dir: Path) -> None:
    """Time the demo's imported labels, unless the project already has a timed case (nothing real is overwritten)."""
    rows = session.execute(
        select(Annotation, Patient.external_id)
        .join(Patient, Patient.id == Annotation.patient_id)
        .where(Patient.project_id == project.id)
    ).all()
    if any(annotation.time_spent_s is not None for annotation, _ in rows):
        return
    timed = 0
    for annotation, external_id in rows:
        path = data_dir / "labelsTr" / f"{external_id}.nii.gz"
        if annotation.source != "import" or not path.exists():
            continue
        label = load_nifti(path, as_label=True, name=path.name).data
        minutes = demo_minutes(external_id, int(label.shape[-1]), int(np.count_nonzero(label)))
        annotation.time_spent_s = round(minutes * 60, 1)
        timed += 1
    session.flush()
    if timed:
        log.info("demo.reading_times.added project=%s cases=%d", project.name, timed)
