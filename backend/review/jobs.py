"""Queuing the worker's part of review (issue 17, items 3 and 4) as a durable job on the ``cpu`` queue.

When a double-read case has both its reads (and again whenever a reader revises one), the job measures how the reads
agree and proposes a consensus to the reviewer; when a mask is accepted, it measures each read against it
(``worker/tasks/review_reads.py``). The API queues the job in the request's transaction and dispatches it after the
commit, like the SEG send: a worker that is down delays the figures, never the reader.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.jobs import enqueue, lifecycle
from backend.jobs.names import REVIEW_READS, REVIEW_READS_JOB
from backend.models import CaseReview, Patient, Project
from backend.models.review import ReviewStatus


class ReviewEvent(StrEnum):
    reads = "reads"  # every read of a double-read case is in, or one was revised
    accepted = "accepted"  # a reviewer accepted a mask


def queue_after_read(session: Session, *, project: Project, patient: Patient) -> uuid.UUID | None:
    """After a read: a job when the case has two reads (its second just arrived, or one of them was revised)."""
    review = session.scalar(select(CaseReview).where(CaseReview.patient_id == patient.id))
    if review is None or review.second_reader_id is None or review.status == ReviewStatus.accepted:
        return None
    return _add(session, project, patient, ReviewEvent.reads)


def queue_after_accept(session: Session, *, project: Project, patient: Patient) -> uuid.UUID:
    return _add(session, project, patient, ReviewEvent.accepted)


def dispatch(session: Session, job_id: uuid.UUID) -> None:
    """Send a committed job to the worker (a broker that is down leaves it to the recovery sweep)."""
    enqueue.try_dispatch(session, REVIEW_READS, job_id)
    session.commit()


def _add(session: Session, project: Project, patient: Patient, event: ReviewEvent) -> uuid.UUID:
    job = lifecycle.add_job(
        session,
        kind=REVIEW_READS_JOB,
        config={"patient_id": str(patient.id), "event": str(event)},
        project_id=project.id,
    )
    return job.id
