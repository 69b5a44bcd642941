"""The marker proof through the PACS: the marked study is stored in a real Orthanc and imported by the PACS import
job (in this process), then no GET route, export or log record holds the marker.

The PACS search routes are not walked: they are the lead's window onto the PACS's own records (a lead searches the
archive by real PatientID and name, as in any PACS client), not data Radloop keeps or shows to readers.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pydicom
import pytest
from fastapi.testclient import TestClient

from backend.db.session import session_scope
from backend.deid import pseudonym
from backend.models import Project
from tests.conftest import login
from tests.deid.marked_study import MARKER, marked_files
from tests.deid.walk import IDENTITY_ROUTE, leaks, log_leaks, read_and_walk, rows_with_marker
from tests.pacs.conftest import Orthanc
from worker.tasks import pacs_import

PACS_SEARCH = frozenset(
    {"/api/projects/{project_id}/pacs/studies", "/api/projects/{project_id}/pacs/studies/{study_uid}/series"}
)


def test_the_marker_of_a_pacs_study_reaches_no_response_export_or_log(
    client: TestClient,
    project: dict[str, str],
    orthanc: Orthanc,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    files = marked_files()
    for name, data in files.items():
        (tmp_path / name.replace("/", "_")).write_bytes(data)
    assert orthanc.upload([tmp_path]) == len(files)
    study_uid = pydicom.dcmread(next(tmp_path.iterdir()), stop_before_pixels=True).StudyInstanceUID
    lead = login(client, "lead")
    project_id = project["project_id"]
    response = client.put(f"/api/projects/{project_id}/pacs", json=orthanc.connection(), headers=lead)
    assert response.status_code == 200, response.text
    response = client.post(
        f"/api/projects/{project_id}/pacs/imports", json={"studies": [{"study_uid": study_uid}]}, headers=lead
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    pacs_import.execute(uuid.UUID(job_id))
    job = client.get(f"/api/projects/{project_id}/pacs/imports/{job_id}", headers=lead)
    assert job.status_code == 200 and job.json()["status"] == "succeeded", job.text
    assert leaks(job) == []
    [patient] = client.get(f"/api/projects/{project_id}/patients", headers=lead).json()
    with session_scope() as session:
        found = session.get(Project, uuid.UUID(project_id))
        assert found is not None
        assert patient["external_id"] == pseudonym(found, MARKER)
    identity = client.get(IDENTITY_ROUTE.format(project_id=project_id, patient_id=patient["id"]), headers=lead)
    assert identity.status_code == 200 and identity.json()["real_patient_id"] == MARKER

    read_and_walk(client, project_id, patient, skip=PACS_SEARCH, job_id=job_id)
    records = caplog.get_records("call")
    assert any("import.patient" in record.getMessage() for record in records)
    assert log_leaks(records) == []
    assert rows_with_marker() == []
