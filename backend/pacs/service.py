"""A project's PACS: the connection (CRUD, verify), QIDO-RS search, and planning an import job.

Planning happens in the request so a lead hears at once about a study the PACS does not have or a PACS that does
not answer; the job then carries the plan (studies and series grouped by patient, with instance counts for the
progress bar) and the worker (``backend.pacs.importer``) carries it out. Real patient identifiers are shown to
leads in search results but never stored in the plan, the job's result, the audit log or a log line.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dicomweb_client import DICOMwebClient
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import BadInput, Conflict, NotFound
from backend.jobs import lifecycle
from backend.jobs.names import PACS_IMPORT_JOB
from backend.models import Job, Patient, Project, Study, User, Volume
from backend.models.pacs import PacsAuth, PacsConnection, PacsImportedSeries
from backend.pacs.client import INTERACTIVE_TIMEOUT, PACS_ERRORS, calling, open_client, reason
from backend.pacs.errors import PacsUnavailable
from backend.pacs.schemas import (
    PacsConnectionRead,
    PacsConnectionWrite,
    PacsImportCreate,
    PacsImportRead,
    PacsImportResult,
    PacsSeries,
    PacsStudy,
    PacsVerifyRead,
)
from backend.pacs.secrets import encrypt_secret

log = logging.getLogger(__name__)

# Series that hold no image volume (reports, presentation states, key images, registrations, RT plans...): a whole
# study's import leaves them out. A mask series or a DICOM SEG stays in: it becomes the study's label.
NON_IMAGE_MODALITIES = frozenset(
    {"SR", "PR", "KO", "DOC", "REG", "FID", "RTPLAN", "RTRECORD", "RTDOSE", "RTSTRUCT", "AU", "ECG", "HD", "OT"}
)
SEARCH_LIMIT_MAX = 500
RECENT_IMPORTS = 20

# QIDO-RS attributes asked for (keywords; dicomweb_client maps them to tags).
STUDY_FIELDS = [
    "StudyDescription",
    "ModalitiesInStudy",
    "NumberOfStudyRelatedSeries",
    "NumberOfStudyRelatedInstances",
    "PatientName",
    "AccessionNumber",
    "StudyDate",
]
SERIES_FIELDS = ["Modality", "SeriesDescription", "SeriesNumber", "NumberOfSeriesRelatedInstances"]


# --- the connection -----------------------------------------------------------------------------------------------


def get_connection(session: Session, project_id: uuid.UUID) -> PacsConnection | None:
    return session.scalar(select(PacsConnection).where(PacsConnection.project_id == project_id))


def require_connection(session: Session, project_id: uuid.UUID) -> PacsConnection:
    connection = get_connection(session, project_id)
    if connection is None:
        raise NotFound("This project is not connected to a PACS: set its DICOMweb URL first (PUT .../pacs)")
    return connection


def to_read(connection: PacsConnection) -> PacsConnectionRead:
    return PacsConnectionRead(
        base_url=connection.base_url,
        auth=connection.auth,
        username=connection.username,
        has_secret=connection.secret_ciphertext is not None,
        send_on_accept=connection.send_on_accept,
    )


def save_connection(session: Session, *, project: Project, user: User, body: PacsConnectionWrite) -> PacsConnection:
    """Create or replace the project's connection; the caller commits. A secret is kept only while the kind of
    authentication stays the same (a basic password is no bearer token)."""
    connection = get_connection(session, project.id)
    created = connection is None
    if connection is None:
        connection = PacsConnection(project_id=project.id, base_url=body.base_url, send_on_accept=False)
        session.add(connection)
    keep_secret = not created and connection.auth == body.auth and connection.secret_ciphertext is not None
    if body.secret is not None:
        connection.secret_ciphertext = encrypt_secret(body.secret)
    elif not keep_secret:
        connection.secret_ciphertext = None
    if body.auth != PacsAuth.none and connection.secret_ciphertext is None:
        what = "password" if body.auth == PacsAuth.basic else "token"
        raise BadInput(f"auth '{body.auth}' needs a {what}: send it as secret")
    connection.base_url = body.base_url
    connection.auth = str(body.auth)
    connection.username = body.username if body.auth == PacsAuth.basic else None
    if body.send_on_accept is not None:
        connection.send_on_accept = body.send_on_accept
    session.flush()
    audit.record(
        session,
        user_id=user.id,
        action="pacs.connection.create" if created else "pacs.connection.update",
        target_type="project",
        target_id=project.id,
        # What changed, never the secret itself.
        details={
            "base_url": connection.base_url,
            "auth": connection.auth,
            "username": connection.username,
            "secret_changed": body.secret is not None,
            "send_on_accept": connection.send_on_accept,
        },
    )
    return connection


def delete_connection(session: Session, *, project: Project, user: User) -> None:
    connection = require_connection(session, project.id)
    session.delete(connection)
    audit.record(
        session,
        user_id=user.id,
        action="pacs.connection.delete",
        target_type="project",
        target_id=project.id,
        details={"base_url": connection.base_url},
    )


def interactive_client(connection: PacsConnection) -> DICOMwebClient:
    """For a lead waiting on a page: a short timeout and one retry."""
    return open_client(connection, timeout=INTERACTIVE_TIMEOUT, attempts=2)


def verify(connection: PacsConnection) -> PacsVerifyRead:
    """Ask the PACS for one study (QIDO-RS): proves the URL, the credentials and the DICOMweb service at once."""
    try:
        client = interactive_client(connection)
        client.search_for_studies(limit=1)
    except PacsUnavailable as exc:
        return PacsVerifyRead(ok=False, detail=exc.detail)
    except PACS_ERRORS as exc:
        return PacsVerifyRead(ok=False, detail=f"The PACS at {connection.base_url} could not be used: {reason(exc)}")
    return PacsVerifyRead(ok=True, detail=f"The PACS at {connection.base_url} answered a QIDO-RS study search")


# --- QIDO-RS search -----------------------------------------------------------------------------------------------


def _value(item: dict[str, Any], tag: str) -> Any:
    values = item.get(tag, {}).get("Value") or []
    return values[0] if values else None


def _values(item: dict[str, Any], tag: str) -> list[Any]:
    return list(item.get(tag, {}).get("Value") or [])


def tag_text(item: dict[str, Any], tag: str) -> str:
    value = _value(item, tag)
    if isinstance(value, dict):  # a person name in DICOM JSON: {"Alphabetic": "Family^Given"}
        value = value.get("Alphabetic", "")
    return "" if value is None else str(value)


def _int(item: dict[str, Any], tag: str) -> int | None:
    value = _value(item, tag)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _date(item: dict[str, Any], tag: str) -> date | None:
    text = tag_text(item, tag).strip()
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _contains(text: str) -> str:
    """A substring match in QIDO-RS wildcards. A space becomes ``?`` (any one character): Orthanc before 1.12 does
    not decode the ``+`` or ``%20`` a space is sent as, and matched nothing."""
    text = text.strip().replace(" ", "?")
    return text if "*" in text else f"*{text}*"


def _exact(text: str) -> str:
    return text.strip().replace(" ", "?")


@dataclass(frozen=True)
class StudyFilters:
    patient_id: str | None = None
    accession: str | None = None
    modality: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    description: str | None = None

    def qido(self) -> dict[str, str]:
        """The QIDO-RS matching parameters (keywords): exact IDs, a date range, a description substring."""
        found: dict[str, str] = {}
        if self.patient_id:
            found["PatientID"] = _exact(self.patient_id)
        if self.accession:
            found["AccessionNumber"] = _exact(self.accession)
        if self.modality:
            found["ModalitiesInStudy"] = self.modality.strip().upper()
        if self.date_from or self.date_to:
            start = self.date_from.strftime("%Y%m%d") if self.date_from else ""
            end = self.date_to.strftime("%Y%m%d") if self.date_to else ""
            found["StudyDate"] = f"{start}-{end}"
        if self.description:
            found["StudyDescription"] = _contains(self.description)
        return found


def _project_studies(session: Session, project_id: uuid.UUID, study_uids: Iterable[str]) -> set[str]:
    wanted = sorted(set(study_uids))
    if not wanted:
        return set()
    query = (
        select(Study.study_uid)
        .join(Patient, Patient.id == Study.patient_id)
        .where(Patient.project_id == project_id, Study.study_uid.in_(wanted))
    )
    return {uid for uid in session.scalars(query) if uid}


def imported_series(session: Session, project_id: uuid.UUID, series_uids: Iterable[str]) -> set[str]:
    """Which of these series are already in the project: imported from a PACS (image or label) or uploaded."""
    wanted = sorted(set(series_uids))
    if not wanted:
        return set()
    from_pacs = select(PacsImportedSeries.series_uid).where(
        PacsImportedSeries.project_id == project_id, PacsImportedSeries.series_uid.in_(wanted)
    )
    uploaded = (
        select(Volume.series_uid)
        .join(Study, Study.id == Volume.study_id)
        .join(Patient, Patient.id == Study.patient_id)
        .where(Patient.project_id == project_id, Volume.series_uid.in_(wanted))
    )
    return {uid for uid in session.scalars(from_pacs.union(uploaded)) if uid}


def search_studies(
    session: Session, *, connection: PacsConnection, filters: StudyFilters, limit: int, offset: int
) -> list[PacsStudy]:
    client = interactive_client(connection)
    found = calling(
        connection,
        lambda: client.search_for_studies(
            search_filters=filters.qido(), fields=STUDY_FIELDS, limit=limit, offset=offset or None
        ),
    )
    in_project = _project_studies(session, connection.project_id, (tag_text(item, "0020000D") for item in found))
    studies = []
    for item in found:
        study_uid = tag_text(item, "0020000D")
        if not study_uid:
            continue
        studies.append(
            PacsStudy(
                study_uid=study_uid,
                patient_id=tag_text(item, "00100020"),
                patient_name=tag_text(item, "00100010"),
                accession=tag_text(item, "00080050"),
                study_date=_date(item, "00080020"),
                description=tag_text(item, "00081030"),
                modalities=[str(v) for v in _values(item, "00080061")],
                series_count=_int(item, "00201206"),
                instance_count=_int(item, "00201208"),
                imported=study_uid in in_project,
            )
        )
    return studies


def _series_of(client: DICOMwebClient, connection: PacsConnection, study_uid: str) -> list[dict[str, Any]]:
    return calling(connection, lambda: client.search_for_series(study_instance_uid=study_uid, fields=SERIES_FIELDS))


def _to_series(item: dict[str, Any], imported: set[str]) -> PacsSeries:
    series_uid = tag_text(item, "0020000E")
    return PacsSeries(
        series_uid=series_uid,
        modality=tag_text(item, "00080060"),
        description=tag_text(item, "0008103E"),
        number=_int(item, "00200011"),
        instance_count=_int(item, "00201209"),
        imported=series_uid in imported,
    )


def list_series(session: Session, *, connection: PacsConnection, study_uid: str) -> list[PacsSeries]:
    client = interactive_client(connection)
    found = [item for item in _series_of(client, connection, study_uid) if tag_text(item, "0020000E")]
    if not found and not _find_study(client, connection, study_uid):
        raise NotFound(f"The PACS has no study {study_uid}")
    imported = imported_series(session, connection.project_id, (tag_text(item, "0020000E") for item in found))
    series = [_to_series(item, imported) for item in found]
    return sorted(series, key=lambda s: (s.number is None, s.number or 0, s.series_uid))


def _find_study(client: DICOMwebClient, connection: PacsConnection, study_uid: str) -> dict[str, Any] | None:
    found = calling(
        connection,
        lambda: client.search_for_studies(search_filters={"StudyInstanceUID": study_uid}, fields=["PatientID"]),
    )
    return next((item for item in found if tag_text(item, "0020000D") == study_uid), None)


# --- planning an import ------------------------------------------------------------------------------------------


def plan(connection: PacsConnection, request: PacsImportCreate) -> list[dict[str, Any]]:
    """The import's work as groups of studies, one group per PACS patient (a patient is imported, and committed, as a
    whole). Each series carries its instance count. Raises BadInput for a study or series the PACS does not have."""
    client = interactive_client(connection)
    groups: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for wanted in request.studies:
        if wanted.study_uid in seen:
            continue
        seen.add(wanted.study_uid)
        study = _find_study(client, connection, wanted.study_uid)
        if study is None:
            raise BadInput(f"The PACS has no study {wanted.study_uid}")
        series = [item for item in _series_of(client, connection, wanted.study_uid) if tag_text(item, "0020000E")]
        by_uid = {tag_text(item, "0020000E"): item for item in series}
        if wanted.series_uids is not None:
            missing = [uid for uid in wanted.series_uids if uid not in by_uid]
            if missing:
                raise BadInput(f"Study {wanted.study_uid} has no series {', '.join(missing[:3])}")
            chosen = [by_uid[uid] for uid in dict.fromkeys(wanted.series_uids)]
        else:
            chosen = [item for item in series if tag_text(item, "00080060").upper() not in NON_IMAGE_MODALITIES]
        if not chosen:
            raise BadInput(f"Study {wanted.study_uid} has no image series to import")
        # Grouped by the PACS's PatientID (kept in memory only); a study without one stands alone.
        key = tag_text(study, "00100020") or f"study:{wanted.study_uid}"
        groups.setdefault(key, []).append(
            {
                "study_uid": wanted.study_uid,
                "series": [
                    {"series_uid": tag_text(item, "0020000E"), "instances": _int(item, "00201209") or 0}
                    for item in chosen
                ],
            }
        )
    return [{"studies": studies} for studies in groups.values()]


def totals(groups: Sequence[dict[str, Any]]) -> dict[str, int]:
    studies = [study for group in groups for study in group["studies"]]
    series = [s for study in studies for s in study["series"]]
    return {
        "patients": len(groups),
        "studies": len(studies),
        "series": len(series),
        "instances": sum(int(s["instances"]) for s in series),
    }


def _imports(project_id: uuid.UUID) -> Select[Job]:
    return (
        select(Job)
        .where(Job.project_id == project_id, Job.kind == PACS_IMPORT_JOB)
        .order_by(Job.created_at.desc(), Job.id.desc())
    )


def start_import(
    session: Session, *, project: Project, connection: PacsConnection, user: User, request: PacsImportCreate
) -> Job:
    """Plan the import and create its queued job; the caller commits, then dispatches it."""
    groups = plan(connection, request)
    counts = totals(groups)
    config: dict[str, Any] = {"split": str(request.split), "groups": groups, "totals": counts}
    job = lifecycle.add_job(session, kind=PACS_IMPORT_JOB, config=config, project_id=project.id)
    job.progress = {"stage": "queued", "done_instances": 0, "total_instances": counts["instances"], "percent": 0}
    audit.record(
        session,
        user_id=user.id,
        action="pacs.import.start",
        target_type="project",
        target_id=project.id,
        details={"job_id": str(job.id), **counts, "study_uids": [s["study_uid"] for g in groups for s in g["studies"]]},
    )
    log.info("pacs.import.planned project=%s job=%s %s", project.id, job.id, counts)
    return job


def get_import(session: Session, project_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    job = session.scalar(_imports(project_id).where(Job.id == job_id))
    if job is None:
        raise NotFound(f"No PACS import {job_id} in this project")
    return job


def recent_imports(session: Session, project_id: uuid.UUID) -> list[Job]:
    return list(session.scalars(_imports(project_id).limit(RECENT_IMPORTS)))


def cancel_import(session: Session, *, project: Project, user: User, job_id: uuid.UUID) -> Job:
    """Stop a queued or running import; patients already imported stay (each was committed whole)."""
    job = get_import(session, project.id, job_id)
    if not lifecycle.cancel(session, job.id):
        raise Conflict(f"The import has already ended ({job.status})")
    audit.record(
        session,
        user_id=user.id,
        action="pacs.import.cancel",
        target_type="project",
        target_id=project.id,
        details={"job_id": str(job.id)},
    )
    session.refresh(job)
    return job


def import_to_read(job: Job) -> PacsImportRead:
    counts = (job.config or {}).get("totals", {})
    return PacsImportRead(
        id=job.id,
        status=job.status,
        progress=dict(job.progress or {}),
        studies=int(counts.get("studies", 0)),
        series=int(counts.get("series", 0)),
        instances=int(counts.get("instances", 0)),
        attempts=job.attempts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        error=job.error,
        result=PacsImportResult.model_validate(job.result) if job.result else None,
    )
