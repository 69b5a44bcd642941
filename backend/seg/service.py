"""A patient's accepted label as a DICOM SEG: built from the stored mask and source headers, downloaded
de-identified, or stored in the project's PACS with the real identity.

Two variants of one annotation's SEG exist and never share a UID:
- ``pacs``: the patient and study modules of the ORIGINAL source headers. The hospital PACS files an object under
  the PatientID/StudyInstanceUID it carries; a pseudonym there would create a phantom patient beside the real one
  (or be refused by the PACS's patient reconciliation), and the SEG would not appear with its images in OHIF.
  The PACS already holds the identity: nothing leaves the hospital that was not there.
- ``deidentified``: the headers pass through ``backend.deid.deidentify_dataset`` first (pseudonym, shifted dates;
  UIDs kept, so the SEG still references the source instances). This is what the browser and the API download
  when the project de-identifies; a project that does not gets the ``pacs`` variant.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import highdicom as hd
import numpy as np
import pydicom
from pydicom import Dataset
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.audit import service as audit
from backend.core.errors import Conflict, NotFound
from backend.db.base import utcnow
from backend.db.session import session_scope
from backend.deid import deidentify_dataset
from backend.ingest.dicom_headers import HEADERS_KEY, load_headers
from backend.jobs import enqueue, lifecycle
from backend.jobs.names import SEG_SEND, SEG_SEND_JOB
from backend.models import (
    Annotation,
    Job,
    ModelVersion,
    PacsConnection,
    Patient,
    Project,
    Round,
    SegDelivery,
    User,
    Volume,
)
from backend.pacs import client as pacs
from backend.patient import service as patient_service
from backend.seg import builder
from backend.seg.coding import project_codings
from backend.storage import blobs, nifti_io

log = logging.getLogger(__name__)

NEEDS_DICOM = "SEG needs a DICOM source series"


class SegVariant(StrEnum):
    pacs = "pacs"
    deidentified = "deidentified"


@dataclass(frozen=True)
class BuiltSeg:
    dataset: hd.seg.Segmentation
    uids: builder.SegUids
    annotation: Annotation
    variant: SegVariant


def reader_pseudonym(project: Project, user_id: uuid.UUID) -> str:
    """A reader as the SEG names them: ``reader-`` + 8 hex digits of an HMAC of the user id under the project's
    pseudonym key. Usernames are chosen by people and often are names (``jsmith``), so they never leave; the
    pseudonym is stable within a project (one reader, one name across SEGs) and unlinkable across projects."""
    key = project.pseudonym_key.encode("utf-8")
    return "reader-" + hmac.new(key, b"reader\x00" + str(user_id).encode(), hashlib.sha256).hexdigest()[:8]


def source_for(session: Session, project: Project, patient: Patient) -> tuple[Annotation, Volume]:
    """The accepted annotation and the DICOM volume it was drawn on, or a 409 saying why there is no SEG."""
    if patient.project_id != project.id:
        raise NotFound(f"Patient {patient.id} not found in this project")
    annotation = patient_service.accepted_annotation(session, patient)
    if annotation is None:
        raise Conflict(f"Patient {patient.external_id} has no accepted label yet; a SEG is written from it")
    volume = session.get(Volume, annotation.volume_id)
    if volume is None or not (volume.extra or {}).get(HEADERS_KEY):  # kept for every DICOM-sourced image
        raise Conflict(f"{NEEDS_DICOM}: patient {patient.external_id}'s image was not imported from DICOM")
    return annotation, volume


def provenance_of(session: Session, project: Project, annotation: Annotation) -> builder.SegProvenance:
    model: ModelVersion | None = None
    found_round: Round | None = None
    if annotation.source_model_version_id is not None:
        model = session.get(ModelVersion, annotation.source_model_version_id)
        if model is not None and model.round_id is not None:
            found_round = session.get(Round, model.round_id)
    return builder.SegProvenance(
        annotation_version=annotation.version,
        source=annotation.source,
        reader=reader_pseudonym(project, annotation.author_id) if annotation.author_id else None,
        model_version=str(annotation.source_model_version_id) if annotation.source_model_version_id else None,
        round_number=found_round.number if found_round else None,
        strategy=found_round.strategy if found_round else None,
        time_spent_s=annotation.time_spent_s,
        created_at=annotation.created_at,
    )


def build(session: Session, project: Project, patient: Patient, variant: SegVariant) -> BuiltSeg:
    annotation, volume = source_for(session, project, patient)
    headers = load_headers(volume)
    if not headers:
        raise Conflict(f"{NEEDS_DICOM}: the source headers of patient {patient.external_id} are missing")
    if variant == SegVariant.deidentified:
        headers = [deidentify_dataset(ds, project) for ds in headers]
    mask, _ = nifti_io.load_array(blobs.read_bytes(annotation.storage_key))
    if list(mask.shape) != list(volume.shape):
        raise Conflict(f"SEG: the stored mask {list(mask.shape)} does not match its volume {list(volume.shape)}")
    uids = builder.derived_uids(str(annotation.id), str(variant))
    dataset = builder.build_segmentation(
        mask=np.asarray(mask),
        affine=np.asarray(volume.affine, dtype=np.float64),
        source_headers=headers,
        codings=project_codings(project.labels),
        provenance=provenance_of(session, project, annotation),
        uids=uids,
    )
    return BuiltSeg(dataset=dataset, uids=uids, annotation=annotation, variant=variant)


def to_bytes(dataset: Dataset) -> bytes:
    buffer = io.BytesIO()
    pydicom.dcmwrite(buffer, dataset, enforce_file_format=True)
    return buffer.getvalue()


def download(session: Session, project: Project, patient: Patient, user: User) -> tuple[bytes, str]:
    """The SEG a lead downloads (de-identified when the project is) and its file name; audited as a read."""
    variant = SegVariant.deidentified if project.deidentify else SegVariant.pacs
    built = build(session, project, patient, variant)
    payload = to_bytes(built.dataset)
    audit.record_read(
        session,
        user_id=user.id,
        action="seg.download",
        patient_id=patient.id,
        status=200,
        details={
            "version": built.annotation.version,
            "variant": str(variant),
            "sop_instance_uid": built.uids.sop_instance_uid,
        },
    )
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in patient.external_id) or "patient"
    return payload, f"{stem}-seg-v{built.annotation.version}.dcm"


def connection_of(session: Session, project: Project) -> PacsConnection:
    connection = session.scalar(select(PacsConnection).where(PacsConnection.project_id == project.id))
    if connection is None:
        raise Conflict("This project has no PACS connection; connect one (PUT /api/projects/{id}/pacs) first")
    return connection


@dataclass(frozen=True)
class Delivery:
    series_instance_uid: str
    sop_instance_uid: str
    sent_at: datetime
    created: bool


def _stow(connection: PacsConnection, dataset: Dataset) -> None:
    """STOW-RS one instance. Storing a SOP Instance UID the PACS already holds replaces it (or is acknowledged
    as already stored): either way the PACS keeps one instance per annotation. A PACS that cannot be used is
    ``PacsUnavailable`` (422, the PACS package's one answer for it)."""
    pacs.calling(connection, lambda: pacs.open_client(connection).store_instances(datasets=[dataset]))


def send(session: Session, project: Project, patient: Patient, user_id: uuid.UUID | None) -> Delivery:
    """Store the patient's accepted SEG (real identity) in the project's PACS and record the delivery.

    Idempotent: the UIDs derive from the annotation, so a second send stores the same instance again (the PACS
    keeps one) and updates the delivery's ``sent_at``; ``created`` says whether this annotation was sent before.
    The caller commits.
    """
    connection = connection_of(session, project)
    built = build(session, project, patient, SegVariant.pacs)
    _stow(connection, built.dataset)
    now = utcnow()
    delivery = session.scalar(
        select(SegDelivery).where(
            SegDelivery.annotation_id == built.annotation.id, SegDelivery.connection_id == connection.id
        )
    )
    created = delivery is None
    if delivery is None:
        delivery = SegDelivery(
            annotation_id=built.annotation.id,
            connection_id=connection.id,
            series_instance_uid=built.uids.series_instance_uid,
            sop_instance_uid=built.uids.sop_instance_uid,
            sent_at=now,
        )
        try:
            with session.begin_nested():
                session.add(delivery)
                session.flush()
        except IntegrityError:  # a concurrent send of the same annotation recorded it first
            created = False
            delivery = session.scalars(
                select(SegDelivery).where(
                    SegDelivery.annotation_id == built.annotation.id, SegDelivery.connection_id == connection.id
                )
            ).one()
    delivery.sent_at = now
    audit.record(
        session,
        user_id=user_id,
        action="seg.send",
        target_type="patient",
        target_id=patient.id,
        details={
            "version": built.annotation.version,
            "sop_instance_uid": built.uids.sop_instance_uid,
            "created": created,
        },
    )
    log.info("seg.sent patient=%s version=%s created=%s", patient.id, built.annotation.version, created)
    return Delivery(
        series_instance_uid=delivery.series_instance_uid,
        sop_instance_uid=delivery.sop_instance_uid,
        sent_at=now,
        created=created,
    )


def patient_in_project(session: Session, project: Project, patient_id: uuid.UUID) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None or patient.project_id != project.id:
        raise NotFound(f"Patient {patient_id} not found in this project")
    return patient


def queue_send_on_accept(session: Session, *, project: Project, patient: Patient) -> uuid.UUID | None:
    """When the project's PACS connection sends on accept, add a ``seg_send`` job for the patient's accepted label
    to the caller's transaction (the caller commits, then ``dispatch``es it): the PACS is never called inside the
    reader's request, and a PACS that is down fails the job, not the submission. None when nothing is to be sent
    (no connection, sending on accept off, or a label whose image did not come from DICOM)."""
    connection = session.scalar(select(PacsConnection).where(PacsConnection.project_id == project.id))
    if connection is None or not connection.send_on_accept:
        return None
    session.flush()
    session.refresh(patient, ["accepted_annotation_id"])
    try:
        annotation, _ = source_for(session, project, patient)
    except Conflict:
        return None
    job = lifecycle.add_job(
        session,
        kind=SEG_SEND_JOB,
        config={"patient_id": str(patient.id), "annotation_id": str(annotation.id)},
        project_id=project.id,
    )
    return job.id


def dispatch(session: Session, job_id: uuid.UUID) -> None:
    """Send a committed ``seg_send`` job to the worker (a broker that is down leaves it to the recovery sweep)."""
    enqueue.try_dispatch(session, SEG_SEND, job_id)
    session.commit()


def run_send_job(job_id: uuid.UUID) -> Delivery:
    """The worker's side of ``queue_send_on_accept``: send the patient's accepted SEG now (idempotent, so a
    redelivered job or a second job for the same label stores the same instance again)."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.project_id is None:
            raise NotFound(f"Job {job_id} not found")
        project = session.get(Project, job.project_id)
        patient = session.get(Patient, uuid.UUID(str(job.config["patient_id"])))
        if project is None or patient is None:
            raise NotFound(f"The project or patient of job {job_id} no longer exists")
        return send(session, project, patient, None)
