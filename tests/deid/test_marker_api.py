"""The core proof of de-identification (issue 14 item 3): a DICOM study whose every identifying field carries a
marker is imported through the upload route; afterwards the marker is in no response body of any GET route of the
app (walked from the OpenAPI document as admin, lead and radiologist, with the ids of that patient), in no export,
in no log record (captured at DEBUG) and in no database row outside the lead-only identity table. The same proof
through a PACS import is tests/deid/pacs.

Pages are not rendered here: the single-page app shows only what these routes return, so a marker no route returns
cannot reach a page.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from backend.db.session import session_scope
from backend.deid import date_shift_days, pseudonym
from backend.ingest.dicom_headers import HEADERS_KEY, load_headers
from backend.models import Patient, PatientIdentity, Project, Study, Volume
from tests.conftest import login
from tests.deid.marked_study import MARKER, marked_zip
from tests.deid.walk import IDENTITY_ROUTE, leaks, log_leaks, read_and_walk, rows_with_marker


@pytest.fixture
def imported(client: TestClient, demo: dict[str, str], caplog: pytest.LogCaptureFixture) -> dict[str, Any]:
    """The marked study imported into the demo project (de-identified by default), logs captured from here on."""
    caplog.set_level(logging.DEBUG)
    lead = login(client, "lead")
    response = client.post(
        f"/api/projects/{demo['project_id']}/imports",
        files=[("files", ("study.zip", marked_zip(), "application/zip"))],
        headers=lead,
    )
    assert response.status_code == 201, response.text
    assert leaks(response) == []
    [patient] = response.json()["patients"]
    return {"project_id": demo["project_id"], "patient": patient, "lead": lead}


def test_the_patient_is_known_by_its_pseudonym_only(imported: dict[str, Any]) -> None:
    patient = imported["patient"]
    with session_scope() as session:
        project = session.get(Project, uuid.UUID(imported["project_id"]))
        assert project is not None and project.deidentify
        assert patient["external_id"] == pseudonym(project, MARKER)
        row = session.get(Patient, uuid.UUID(patient["id"]))
        assert row is not None
        [study] = session.scalars(select(Study).where(Study.patient_id == row.id))
        [volume] = session.scalars(select(Volume).where(Volume.study_id == study.id))
        assert (study.description, volume.description) == ("MR study", "MR series")
        identity = session.get(PatientIdentity, row.id)
        assert identity is not None
        assert (identity.real_patient_id, identity.real_patient_name) == (MARKER, f"{MARKER}^{MARKER}")
        assert identity.date_shift_days == date_shift_days(project, MARKER)
        # Contract 3: the original headers, one per slice in slice order, for results written back to the PACS.
        headers = load_headers(volume)
        assert volume.extra[HEADERS_KEY] and volume.extra["frame_of_reference_uid"] == headers[0].FrameOfReferenceUID
        assert len(headers) == volume.shape[2] == 32
        assert headers[0].PatientID == MARKER and study.study_uid == headers[0].StudyInstanceUID
        assert volume.series_uid == headers[0].SeriesInstanceUID
    assert rows_with_marker() == []


def test_the_marker_reaches_no_response_export_or_log(
    client: TestClient, imported: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    read_and_walk(client, imported["project_id"], imported["patient"])
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]  # the import ran in the fixture
    assert any("import.patient" in record.getMessage() for record in records)  # the capture really captured
    assert log_leaks(records) == []
    assert rows_with_marker() == []


def test_a_lead_reads_the_real_identity_and_each_look_is_audited(client: TestClient, imported: dict[str, Any]) -> None:
    project_id, patient_id = imported["project_id"], imported["patient"]["id"]
    url = IDENTITY_ROUTE.format(project_id=project_id, patient_id=patient_id)

    def looks() -> list[dict[str, Any]]:
        rows = client.get("/api/admin/audit?action=patient.identity.read", headers=login(client, "admin")).json()
        return [e for e in rows["events"] if e["target_id"] == patient_id]

    for expected in (1, 2):
        response = client.get(url, headers=imported["lead"])
        assert response.status_code == 200, response.text
        with session_scope() as session:
            project = session.get(Project, uuid.UUID(project_id))
            assert project is not None
            shift = date_shift_days(project, MARKER)
        assert response.json() == {
            "real_patient_id": MARKER,
            "real_patient_name": f"{MARKER}^{MARKER}",
            "date_shift_days": shift,
        }
        assert response.headers["cache-control"] == "no-store"
        events = looks()
        assert len(events) == expected
        assert events[0]["user"] == "lead" and MARKER not in str(events)
    assert client.get(url, headers=login(client, "admin")).status_code == 200
    assert len(looks()) == 3
    assert client.get(url, headers=login(client, "radiologist")).status_code == 403
    assert len(looks()) == 3  # a refused look reads nothing and writes nothing
    other = client.get(IDENTITY_ROUTE.format(project_id=project_id, patient_id=uuid.uuid4()), headers=imported["lead"])
    assert other.status_code == 404


def test_identity_of_a_patient_that_was_not_deidentified_is_not_found(client: TestClient, demo: dict[str, str]) -> None:
    lead = login(client, "lead")
    patients = client.get(f"/api/projects/{demo['project_id']}/patients", headers=lead).json()
    nifti = patients[0]  # the demo's NIfTI patients keep their file names
    assert nifti["external_id"].startswith("hippocampus_")
    url = IDENTITY_ROUTE.format(project_id=demo["project_id"], patient_id=nifti["id"])
    response = client.get(url, headers=lead)
    assert response.status_code == 404 and "not de-identified" in response.json()["detail"]
    with session_scope() as session:
        assert session.execute(text("SELECT count(*) FROM patient_identities")).scalar() == 0
