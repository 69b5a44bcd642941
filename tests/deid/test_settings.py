"""The project's ``deidentify`` setting: on by default, off only for projects without de-identified patients;
and what it does to NIfTI uploads (file names kept, header text never stored)."""

from __future__ import annotations

import gzip
import uuid
from typing import Any

import nibabel as nib
import numpy as np
from fastapi.testclient import TestClient

from backend.db.session import session_scope
from backend.models import PatientIdentity
from tests.conftest import login
from tests.deid.marked_study import MARKER, marked_zip

LABELS = [{"value": 1, "name": "tumour", "color": "#e6194b"}]


def _create(client: TestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"name": f"p-{uuid.uuid4().hex[:6]}", "modality": "MR", "labels": LABELS, "cost_per_patient": 1}
    response = client.post("/api/projects", json={**body, "budget_total": 10, **fields}, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _import(client: TestClient, project_id: str, headers: dict[str, str], files: list[Any]) -> dict[str, Any]:
    response = client.post(f"/api/projects/{project_id}/imports", files=files, headers=headers)
    assert response.status_code == 201, response.text
    [patient] = response.json()["patients"]
    return dict(patient)


def _settings(client: TestClient, project_id: str, headers: dict[str, str], value: bool) -> Any:
    return client.patch(f"/api/projects/{project_id}/settings", json={"deidentify": value}, headers=headers)


def test_deidentification_is_on_by_default_and_cannot_be_turned_off_once_used(
    client: TestClient, demo: dict[str, str]
) -> None:
    lead = login(client, "lead")
    project = _create(client, lead)
    assert project["deidentify"] is True
    patient = _import(client, project["id"], lead, [("files", ("study.zip", marked_zip(), "application/zip"))])
    assert patient["external_id"].startswith("P-")
    # The same patient again is recognised by its pseudonym, and the refusal names only that.
    again = client.post(
        f"/api/projects/{project['id']}/imports",
        files=[("files", ("study.zip", marked_zip(), "application/zip"))],
        headers=lead,
    )
    assert again.status_code == 409 and patient["external_id"] in again.json()["detail"]
    assert MARKER not in again.text
    response = _settings(client, project["id"], lead, False)
    assert response.status_code == 409 and "de-identified patients" in response.json()["detail"]
    assert client.get(f"/api/projects/{project['id']}", headers=lead).json()["deidentify"] is True
    assert _settings(client, project["id"], lead, True).status_code == 200  # saying it again is fine
    assert _settings(client, project["id"], login(client, "radiologist"), False).status_code == 403


def test_an_identified_project_keeps_patient_ids_and_may_turn_deidentification_on(
    client: TestClient, demo: dict[str, str]
) -> None:
    lead = login(client, "lead")
    project = _create(client, lead, deidentify=False)
    assert project["deidentify"] is False
    patient = _import(client, project["id"], lead, [("files", ("study.zip", marked_zip(), "application/zip"))])
    assert patient["external_id"] == MARKER
    with session_scope() as session:
        assert session.get(PatientIdentity, uuid.UUID(patient["id"])) is None
    url = f"/api/projects/{project['id']}/patients/{patient['id']}/identity"
    assert client.get(url, headers=lead).status_code == 404
    # Turning it on applies to later imports: nothing was de-identified yet, so turning it off again is allowed.
    response = _settings(client, project["id"], lead, True)
    assert response.status_code == 200 and response.json()["deidentify"] is True
    assert _settings(client, project["id"], lead, False).status_code == 200
    events = client.get("/api/admin/audit?action=project.settings.update", headers=login(client, "admin")).json()
    assert [e["details"]["deidentify"] for e in events["events"]][:2] == [False, True]


def test_nifti_keeps_its_file_name_and_its_header_text_is_not_stored(client: TestClient, demo: dict[str, str]) -> None:
    """NIfTI and 2D uploads carry no DICOM identity: their id is the file name the uploader chose. Free text in a
    NIfTI header (description, aux file, intent name, extensions) is never stored or served."""
    lead = login(client, "lead")
    image = nib.Nifti1Image(np.arange(8 * 8 * 4, dtype=np.int16).reshape(8, 8, 4), np.eye(4))
    image.header["descrip"] = MARKER.encode()
    image.header["aux_file"] = MARKER.encode()
    image.header.set_intent("estimate", name=MARKER)
    image.header.extensions.append(nib.nifti1.Nifti1Extension(6, MARKER.encode() * 4))
    payload = gzip.compress(image.to_bytes())
    patient = _import(client, demo["project_id"], lead, [("files", ("case_0042.nii.gz", payload, "application/gzip"))])
    assert patient["external_id"] == "case_0042"
    volume = client.get(f"/api/patients/{patient['id']}/volume", headers=lead)
    assert volume.status_code == 200
    assert MARKER.encode() not in gzip.decompress(volume.content)
