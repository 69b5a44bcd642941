"""The de-identified header the viewer shows over the image (issue 15 item 7): study date, study and series
description and modality come with the patient's detail. In a de-identifying project the date is the patient's
shifted date and the descriptions are the coded names; the real values stay out of the response."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import nibabel as nib
import numpy as np
from fastapi.testclient import TestClient

from backend.db.session import session_scope
from backend.deid import date_shift_days
from backend.models import Project
from tests.conftest import login
from tests.deid.marked_study import MARKER, MARKER_DATE, marked_zip

LABELS = [{"value": 1, "name": "tumour", "color": "#e6194b"}]


def _project(client: TestClient, headers: dict[str, str], *, deidentify: bool) -> str:
    body = {"name": f"p-{uuid.uuid4().hex[:6]}", "modality": "MR", "labels": LABELS, "cost_per_patient": 1}
    response = client.post(
        "/api/projects", json={**body, "budget_total": 10, "deidentify": deidentify}, headers=headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _import(client: TestClient, project_id: str, headers: dict[str, str], files: list[Any]) -> dict[str, Any]:
    response = client.post(f"/api/projects/{project_id}/imports", files=files, headers=headers)
    assert response.status_code == 201, response.text
    [patient] = response.json()["patients"]
    detail = client.get(f"/api/patients/{patient['id']}", headers=headers)
    assert detail.status_code == 200, detail.text
    assert MARKER not in detail.text
    return dict(detail.json())


def _marker_date() -> date:
    return date(int(MARKER_DATE[:4]), int(MARKER_DATE[4:6]), int(MARKER_DATE[6:]))


def test_a_deidentified_patient_shows_its_shifted_study_date_and_coded_descriptions(
    client: TestClient, demo: dict[str, str]
) -> None:
    lead = login(client, "lead")
    project_id = _project(client, lead, deidentify=True)
    detail = _import(client, project_id, lead, [("files", ("study.zip", marked_zip(), "application/zip"))])
    with session_scope() as session:
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        shift = date_shift_days(project, MARKER)
    expected = _marker_date() + timedelta(days=shift)
    assert shift != 0 and detail["study_date"] == expected.isoformat()
    assert (detail["modality"], detail["study_description"], detail["series_description"]) == (
        "MR",
        "MR study",
        "MR series",
    )


def test_an_identified_project_shows_the_real_study_date(client: TestClient, demo: dict[str, str]) -> None:
    lead = login(client, "lead")
    project_id = _project(client, lead, deidentify=False)
    response = client.post(
        f"/api/projects/{project_id}/imports",
        files=[("files", ("study.zip", marked_zip(), "application/zip"))],
        headers=lead,
    )
    assert response.status_code == 201, response.text
    [patient] = response.json()["patients"]
    detail = client.get(f"/api/patients/{patient['id']}", headers=lead).json()
    assert detail["study_date"] == _marker_date().isoformat()


def test_a_nifti_patient_has_no_study_date_and_no_descriptions(client: TestClient, demo: dict[str, str]) -> None:
    """A file carries no study: its only name is the file name, which names the patient, so none is shown."""
    lead = login(client, "lead")
    project_id = _project(client, lead, deidentify=True)
    image = nib.Nifti1Image(np.arange(8 * 8 * 4, dtype=np.int16).reshape(8, 8, 4), np.eye(4))
    payload = image.to_bytes()
    detail = _import(client, project_id, lead, [("files", ("case_7.nii", payload, "application/octet-stream"))])
    assert detail["external_id"] == "case_7"
    assert (detail["study_date"], detail["study_description"], detail["series_description"]) == (None, "", "")
    assert detail["modality"] == "MR"


def _forget_study_dates(project_id: str) -> None:
    """What a volume imported before the study header existed looks like: headers stored, no date."""
    from sqlalchemy import select

    from backend.models import Patient, Study, Volume
    from backend.patient.study_dates import STUDY_DATE_KEY

    with session_scope() as session:
        volumes = session.scalars(
            select(Volume)
            .join(Study, Study.id == Volume.study_id)
            .join(Patient, Patient.id == Study.patient_id)
            .where(Patient.project_id == uuid.UUID(project_id))
        ).all()
        for volume in volumes:
            volume.extra = {k: v for k, v in (volume.extra or {}).items() if k != STUDY_DATE_KEY}


def test_the_backfill_gives_older_volumes_the_date_an_import_shows_and_reads_each_once(
    client: TestClient, demo: dict[str, str], capsys: Any
) -> None:
    from backend import cli
    from backend.patient import study_dates

    lead = login(client, "lead")
    shifted = _project(client, lead, deidentify=True)
    real = _project(client, lead, deidentify=False)
    files = [("files", ("study.zip", marked_zip(), "application/zip"))]
    expected = {shifted: _import(client, shifted, lead, files)["study_date"], real: _marker_date().isoformat()}
    patients = {}
    for project_id in (shifted, real):
        if project_id == real:
            response = client.post(f"/api/projects/{project_id}/imports", files=files, headers=lead)
            assert response.status_code == 201, response.text
        patients[project_id] = client.get(f"/api/projects/{project_id}/patients", headers=lead).json()[0]["id"]
        _forget_study_dates(project_id)
        assert client.get(f"/api/patients/{patients[project_id]}", headers=lead).json()["study_date"] is None

    with session_scope() as session:
        name = session.get_one(Project, uuid.UUID(shifted)).name
    assert cli.main(["backfill-study-dates", "--project", name]) == 0
    assert "1 volumes dated" in capsys.readouterr().out
    assert client.get(f"/api/patients/{patients[real]}", headers=lead).json()["study_date"] is None  # not its project
    assert cli.main(["backfill-study-dates"]) == 0
    for project_id in (shifted, real):
        detail = client.get(f"/api/patients/{patients[project_id]}", headers=lead).json()
        assert detail["study_date"] == expected[project_id]  # the shifted date where the project de-identifies
    with session_scope() as session:
        assert study_dates.backfill(session) == (0, 0)  # nothing is read twice
