"""The study date the viewer's header shows, kept in ``Volume.extra`` at import and backfilled for older volumes.

Volumes imported before the header existed (issue 15) have their original DICOM headers stored but no date: the
backfill reads it from those headers with the same rule as an import, shifted by the patient's recorded date shift
when the project de-identified them, so a backfilled date equals the one a fresh import would have shown.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from pydicom import Dataset
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.deid.identity import find_identity
from backend.deid.profile import shift_date
from backend.ingest.dicom_headers import HEADERS_KEY, load_headers
from backend.models import Patient, Study, Volume

log = logging.getLogger(__name__)

STUDY_DATE_KEY = "study_date"


def iso_study_date(headers: Sequence[Dataset] | None, date_shift: int | None) -> str | None:
    """The first header's StudyDate as an ISO date, moved by ``date_shift`` days (the shift the de-identified
    headers get); None without a full date."""
    raw = str(headers[0].get("StudyDate", "") or "") if headers else ""
    value = shift_date(raw, date_shift) if date_shift is not None else raw.strip()
    if len(value) != 8 or not value.isdigit():
        return None
    return f"{value[:4]}-{value[4:6]}-{value[6:]}"


def backfill(session: Session, project_id: uuid.UUID | None = None, *, batch: int = 200) -> tuple[int, int]:
    """Give every DICOM volume with stored headers and no recorded date its study date; ``(dated, without)``.

    A volume whose headers hold no date is marked as looked at (``null``), so a second run reads nothing again.
    Commits every ``batch`` volumes: a large project is not one long transaction.
    """
    query = (
        select(Volume, Patient).join(Study, Study.id == Volume.study_id).join(Patient, Patient.id == Study.patient_id)
    )
    if project_id is not None:
        query = query.where(Patient.project_id == project_id)
    dated = without = seen = 0
    for volume, patient in session.execute(query.order_by(Volume.id)).all():
        extra = dict(volume.extra or {})
        if STUDY_DATE_KEY in extra or not extra.get(HEADERS_KEY):
            continue
        identity = find_identity(session, patient)
        value = iso_study_date(load_headers(volume)[:1], identity.date_shift_days if identity else None)
        volume.extra = {**extra, STUDY_DATE_KEY: value}
        dated, without = (dated + 1, without) if value else (dated, without + 1)
        seen += 1
        if seen % batch == 0:
            session.commit()
    session.commit()
    log.info("study_dates.backfilled project=%s dated=%d without_date=%d", project_id, dated, without)
    return dated, without
