"""A reviewed case's agreement figures and consensus as a durable job on the ``cpu`` queue (queued by
``backend.review.jobs``).

Claim, then inside ``jobs.running`` (heartbeat, failure): load the case's masks, measure with the engine
(``worker.ml.agreement``, ``worker.ml.consensus``), write the rows, succeed. Re-running a job writes the same rows
again (it replaces the case's rows of that kind), so a redelivered task is harmless; a consensus is added only when
no consensus of exactly these reads exists yet.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.annotation import versions
from backend.core.errors import NotFound
from backend.db.session import session_scope
from backend.jobs import lifecycle
from backend.jobs.names import REVIEW_READS
from backend.jobs.settings import job_settings
from backend.models import Annotation, Job, Patient, Project, ReadAgreement, Volume
from backend.models.review import AgreementKind
from backend.review.jobs import ReviewEvent
from backend.review.service import latest_reads
from backend.storage import blobs, nifti_io
from worker.celery_app import app
from worker.ml import agreement, consensus
from worker.tasks import jobs

log = logging.getLogger(__name__)


@app.task(
    name=REVIEW_READS,
    acks_late=True,
    soft_time_limit=max(1, job_settings().time_limit_s - 60),
    time_limit=job_settings().time_limit_s,
)
def review_reads_task(job_id: str) -> None:
    execute(uuid.UUID(job_id))


def execute(job_id: uuid.UUID) -> None:
    if not lifecycle.claim(job_id):
        log.info("review_reads.job.skipped job=%s (finished, running elsewhere or out of attempts)", job_id)
        return
    with jobs.running(job_id, label="review_reads", error_text=jobs.short_error):
        outcome = run_job(job_id)
        lifecycle.succeed(
            job_id, progress={"agreements": outcome.agreements, "consensus_version": outcome.consensus_version}
        )


@dataclass(frozen=True)
class Outcome:
    agreements: int
    consensus_version: int | None


def run_job(job_id: uuid.UUID) -> Outcome:
    """The worker's side: load the case's masks, measure, write."""
    with session_scope() as session:
        job = session.get(Job, job_id)
        if job is None or job.project_id is None:
            raise NotFound(f"Job {job_id} not found")
        project = session.get(Project, job.project_id)
        patient = session.get(Patient, uuid.UUID(str(job.config["patient_id"])))
        if project is None or patient is None:
            raise NotFound(f"The project or patient of job {job_id} no longer exists")
        event = ReviewEvent(str(job.config["event"]))
        if event == ReviewEvent.reads:
            return _after_reads(session, project, patient)
        return _after_accept(session, project, patient)


def _labels(project: Project) -> list[int]:
    return sorted(int(item["value"]) for item in project.labels)


def _array(annotation: Annotation) -> np.ndarray:
    data, _ = nifti_io.load_array(blobs.read_bytes(annotation.storage_key))
    return np.asarray(data, dtype=np.uint8)


def _spacing(session: Session, annotation: Annotation) -> list[float]:
    return [float(s) for s in session.get_one(Volume, annotation.volume_id).spacing]


def _rows(
    project: Project,
    patient: Patient,
    kind: AgreementKind,
    read: Annotation,
    other: Annotation,
    measured: list[agreement.LabelAgreement],
) -> list[ReadAgreement]:
    return [
        ReadAgreement(
            project_id=project.id,
            patient_id=patient.id,
            kind=str(kind),
            label=m.label,
            annotation_id=read.id,
            reader_id=read.author_id,
            other_annotation_id=other.id,
            other_reader_id=other.author_id,
            dice=m.dice,
            hausdorff95_mm=m.hausdorff95_mm,
            surface_dice=m.surface_dice,
        )
        for m in measured
    ]


def _after_reads(session: Session, project: Project, patient: Patient) -> Outcome:
    reads = latest_reads(session, [patient.id]).get(patient.id, {})
    if len(reads) < 2:
        return Outcome(agreements=0, consensus_version=None)
    first, second = reads[1], reads[2]
    arrays = [_array(first), _array(second)]
    measured = agreement.measure(arrays[0], arrays[1], _labels(project), _spacing(session, first))
    session.execute(
        delete(ReadAgreement).where(
            ReadAgreement.patient_id == patient.id, ReadAgreement.kind == str(AgreementKind.between_reads)
        )
    )
    rows = _rows(project, patient, AgreementKind.between_reads, second, first, measured)
    session.add_all(rows)
    version = _propose_consensus(session, project, patient, [first, second], arrays)
    log.info("review.reads_measured patient=%s labels=%d consensus=%s", patient.id, len(rows), version)
    return Outcome(agreements=len(rows), consensus_version=version)


def _propose_consensus(
    session: Session, project: Project, patient: Patient, reads: list[Annotation], arrays: list[np.ndarray]
) -> int | None:
    sources = [str(a.id) for a in reads]
    existing = session.scalars(
        select(Annotation).where(Annotation.patient_id == patient.id, Annotation.source == "consensus")
    ).all()
    if any(a.derived_from == sources for a in existing):
        return None
    combined = consensus.combine(arrays, project.consensus_method)
    volume = session.get_one(Volume, reads[0].volume_id)
    encoded = nifti_io.encode(combined, np.asarray(volume.affine))
    for _ in range(3):  # a reader revising at the same moment may take the version number first
        annotation = versions.new_version(
            patient_id=patient.id,
            volume_id=volume.id,
            author_id=None,
            version=versions.next_version(session, patient.id),
            source="consensus",
            encoded=encoded,
            derived_from=sources,
        )
        if versions.insert(session, annotation):
            blobs.put_bytes(annotation.storage_key, encoded)
            return annotation.version
    raise RuntimeError(f"no free version for the consensus of patient {patient.id}")


def _after_accept(session: Session, project: Project, patient: Patient) -> Outcome:
    if patient.accepted_annotation_id is None:
        return Outcome(agreements=0, consensus_version=None)
    accepted = session.get_one(Annotation, patient.accepted_annotation_id)
    target = _array(accepted)
    spacing = _spacing(session, accepted)
    session.execute(
        delete(ReadAgreement).where(
            ReadAgreement.patient_id == patient.id, ReadAgreement.kind == str(AgreementKind.read_vs_accepted)
        )
    )
    written = 0
    for read in latest_reads(session, [patient.id]).get(patient.id, {}).values():
        measured = agreement.measure(_array(read), target, _labels(project), spacing)
        rows = _rows(project, patient, AgreementKind.read_vs_accepted, read, accepted, measured)
        session.add_all(rows)
        written += len(rows)
    log.info("review.accept_measured patient=%s rows=%d", patient.id, written)
    return Outcome(agreements=written, consensus_version=None)
