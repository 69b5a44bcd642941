"""The ZIP export of a project's accepted masks, with a manifest a spreadsheet can open safely."""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.models import Annotation, Patient, Project, User
from backend.storage import blobs


def export_labels(session: Session, *, project: Project, user: User) -> tuple[bytes, int]:
    """A zip of the accepted mask of every annotated patient (``labels/<patient>.nii.gz``) plus a manifest CSV."""
    rows = session.execute(
        select(Annotation, Patient, User.username)
        .join(Patient, Patient.accepted_annotation_id == Annotation.id)
        .outerjoin(User, User.id == Annotation.author_id)
        .where(Patient.project_id == project.id)
        .order_by(Patient.external_id)
    ).all()
    buffer = io.BytesIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["patient", "split", "file", "version", "source", "author", "created_at", "sha256"])
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for annotation, patient, username in rows:
            name = _entry_name(patient, used)
            archive.writestr(name, blobs.read_bytes(annotation.storage_key))
            writer.writerow(
                [
                    _csv_text(patient.external_id),
                    patient.split,
                    name,
                    annotation.version,
                    annotation.source,
                    username or "",
                    annotation.created_at.isoformat(),
                    annotation.sha256,
                ]
            )
        labels = "".join(f"{label['value']},{label['name']},{label['color']}\n" for label in project.labels)
        archive.writestr("labels.csv", "value,name,color\n" + labels)
        archive.writestr("manifest.csv", manifest.getvalue())
    audit.record(
        session,
        user_id=user.id,
        action="project.export",
        target_type="project",
        target_id=project.id,
        details={"patients": len(rows)},
    )
    return buffer.getvalue(), len(rows)


def _entry_name(patient: Patient, used: set[str]) -> str:
    """``labels/<patient>.nii.gz``; ids that sanitise alike (``a/b`` and ``a_b``, or differ only in case, which
    Windows and macOS unzip into one file) get the patient's uuid prefix, so no export entry overwrites another."""
    stem = _safe_name(patient.external_id)
    if stem.lower() in used:
        stem = f"{stem}-{patient.id.hex[:8]}"
    used.add(stem.lower())
    return f"labels/{stem}.nii.gz"


def _csv_text(value: str) -> str:
    """A name taken from a file, made inert for spreadsheets: a leading ``= + - @`` (or tab/CR) would run as a
    formula when the manifest is opened, so it is quoted with an apostrophe (the OWASP CSV-injection rule)."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _safe_name(external_id: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in external_id).strip(".")
    return cleaned or "patient"
