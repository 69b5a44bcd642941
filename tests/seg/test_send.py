"""STOW-RS of a patient's SEG to the real test Orthanc (``make orthanc``): idempotent, filed under the real patient.

The TCIA study is in the PACS already (uploaded through Orthanc's REST API, as a hospital archive holds it) and in
Radloop (imported through the upload route, de-identified). The SEG sent back must land in that same study, under
the real PatientID, once however often it is sent.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
from dicomweb_client import DICOMwebClient
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes
from tests.conftest import login
from tests.pacs.conftest import Orthanc
from tests.seg.conftest import MASK_DIR, T1_DIR, TCIA_STUDY, dcm_files, seg_on_grid, zip_files


def _setup(client: TestClient, project_id: str, server: Orthanc) -> tuple[dict[str, str], str]:
    """The study in the PACS and in Radloop, the project connected to the PACS; returns the lead and the patient."""
    lead = login(client, "lead")
    assert server.upload([T1_DIR, MASK_DIR]) == 44
    files = dcm_files(T1_DIR) + dcm_files(MASK_DIR)
    response = client.post(
        f"/api/projects/{project_id}/imports",
        files=[("files", ("study.zip", zip_files(files, TCIA_STUDY), "application/zip"))],
        headers=lead,
    )
    assert response.status_code == 201, response.text
    connected = client.put(f"/api/projects/{project_id}/pacs", json=server.connection(), headers=lead)
    assert connected.status_code == 200, connected.text
    return lead, str(response.json()["patients"][0]["id"])


def _segs(server: Orthanc, study_uid: str) -> list[dict[str, object]]:
    """QIDO-RS: the SEG instances the PACS holds in the study."""
    web = DICOMwebClient(url=server.dicomweb_url, session=server.http)
    found: list[dict[str, object]] = web.search_for_instances(
        study_instance_uid=study_uid, search_filters={"Modality": "SEG"}
    )
    return found


def test_send_twice_stores_one_instance_under_the_real_patient(
    client: TestClient, project: dict[str, str], orthanc: Orthanc, tmp_path: Path
) -> None:
    lead, patient_id = _setup(client, project["project_id"], orthanc)
    url = f"/api/projects/{project['project_id']}/patients/{patient_id}/seg/send"
    source = pydicom.dcmread(dcm_files(T1_DIR)[0], stop_before_pixels=True)
    before = orthanc.statistics()

    first = client.post(url, headers=lead)
    assert first.status_code == 200, first.text
    assert first.json()["created"] is True
    second = client.post(url, headers=lead)
    assert second.status_code == 200, second.text
    assert second.json()["created"] is False
    for key in ("series_instance_uid", "sop_instance_uid"):
        assert first.json()[key] == second.json()[key]
    assert second.json()["sent_at"] > first.json()["sent_at"]

    [found] = _segs(orthanc, str(source.StudyInstanceUID))  # QIDO-RS back: exactly one SEG instance
    assert found["00080018"]["Value"] == [first.json()["sop_instance_uid"]]  # type: ignore[index]
    after = orthanc.statistics()
    assert (
        (after["CountPatients"], after["CountStudies"]) == (before["CountPatients"], before["CountStudies"]) == (1, 1)
    )
    assert after["CountSeries"] == before["CountSeries"] + 1 and after["CountInstances"] == before["CountInstances"] + 1

    # WADO-RS back: the real identity (filed beside its source), the voxels of the stored mask
    web = DICOMwebClient(url=orthanc.dicomweb_url, session=orthanc.http)
    stored_seg = web.retrieve_instance(
        study_instance_uid=str(source.StudyInstanceUID),
        series_instance_uid=first.json()["series_instance_uid"],
        sop_instance_uid=first.json()["sop_instance_uid"],
    )
    assert (stored_seg.PatientID, stored_seg.StudyInstanceUID) == (source.PatientID, source.StudyInstanceUID)
    buffer = io.BytesIO()
    stored_seg.save_as(buffer, enforce_file_format=True)
    seg = hd.seg.segread(io.BytesIO(buffer.getvalue()))
    mask, affine = _stored_mask(patient_id)
    np.testing.assert_array_equal(seg_on_grid(seg, mask.shape, affine), mask)

    # the download differs from the PACS copy: pseudonymous identity and its own UIDs
    download = client.get(f"/api/projects/{project['project_id']}/patients/{patient_id}/seg", headers=lead)
    downloaded = pydicom.dcmread(io.BytesIO(download.content))
    assert downloaded.PatientID != source.PatientID and downloaded.SOPInstanceUID != stored_seg.SOPInstanceUID

    # a new accepted version is a new SEG instance (the history stays in the PACS); re-sending it adds no third
    corrected = np.asarray(mask).copy()
    corrected[100:120, 100:120, 5:8] = 1
    response = client.post(
        f"/api/patients/{patient_id}/ground-truth",
        files={"mask": ("mask.nii.gz", nifti_bytes(corrected), "application/gzip")},
        data={"reason": "tumour extends further", "base_version": "1"},
        headers=lead,
    )
    assert response.status_code == 201, response.text
    third = client.post(url, headers=lead).json()
    assert third["created"] is True and third["sop_instance_uid"] != first.json()["sop_instance_uid"]
    assert client.post(url, headers=lead).json()["created"] is False
    assert len(_segs(orthanc, str(source.StudyInstanceUID))) == 2


def test_an_unreachable_pacs_is_a_clear_4xx(client: TestClient, project: dict[str, str], orthanc: Orthanc) -> None:
    lead, patient_id = _setup(client, project["project_id"], orthanc)
    body = orthanc.connection(base_url="http://127.0.0.1:9/dicom-web")  # the discard port: nothing answers
    assert client.put(f"/api/projects/{project['project_id']}/pacs", json=body, headers=lead).status_code == 200
    response = client.post(f"/api/projects/{project['project_id']}/patients/{patient_id}/seg/send", headers=lead)
    assert response.status_code == 422
    assert "could not be used" in response.json()["detail"]
    assert _segs(orthanc, str(pydicom.dcmread(dcm_files(T1_DIR)[0], stop_before_pixels=True).StudyInstanceUID)) == []


def _stored_mask(patient_id: str) -> tuple[np.ndarray, np.ndarray]:
    from backend.db.session import session_scope
    from backend.models import Annotation, Patient, Volume
    from backend.storage import blobs, nifti_io

    with session_scope() as session:
        patient = session.get(Patient, uuid.UUID(patient_id))
        assert patient is not None
        annotation = session.get(Annotation, patient.accepted_annotation_id)
        assert annotation is not None
        volume = session.get(Volume, annotation.volume_id)
        assert volume is not None
        mask, _ = nifti_io.load_array(blobs.read_bytes(annotation.storage_key))
        return np.asarray(mask), np.asarray(volume.affine, dtype=float)


def test_send_on_accept_queues_a_job_that_stores_the_new_label(
    client: TestClient, project: dict[str, str], orthanc: Orthanc
) -> None:
    from sqlalchemy import select

    from backend.db.session import session_scope
    from backend.models import Job
    from worker.tasks.seg_send import execute

    project_id = project["project_id"]
    lead, patient_id = _setup(client, project_id, orthanc)
    study_uid = str(pydicom.dcmread(dcm_files(T1_DIR)[0], stop_before_pixels=True).StudyInstanceUID)
    mask, _ = _stored_mask(patient_id)

    def correct(version: int) -> None:
        changed = np.asarray(mask).copy()
        changed[100 + version : 120, 100:120, 5:8] = 1
        response = client.post(
            f"/api/patients/{patient_id}/ground-truth",
            files={"mask": ("mask.nii.gz", nifti_bytes(changed), "application/gzip")},
            data={"reason": "tumour extends further", "base_version": str(version)},
            headers=lead,
        )
        assert response.status_code == 201, response.text

    def seg_jobs() -> list[tuple[uuid.UUID, str]]:
        with session_scope() as session:
            rows = session.execute(select(Job.id, Job.status).where(Job.kind == "seg_send").order_by(Job.created_at))
            return [(row.id, row.status) for row in rows]

    correct(1)  # send_on_accept is off: nothing queued
    assert seg_jobs() == []
    body = orthanc.connection(send_on_accept=True)
    assert client.put(f"/api/projects/{project_id}/pacs", json=body, headers=lead).status_code == 200
    correct(2)
    [(job_id, status)] = seg_jobs()
    assert status == "queued" and _segs(orthanc, study_uid) == []  # nothing was sent inside the request
    execute(job_id)  # what the cpu worker runs
    assert seg_jobs() == [(job_id, "succeeded")]
    [found] = _segs(orthanc, study_uid)
    execute(job_id)  # a redelivered message does nothing more
    assert _segs(orthanc, study_uid) == [found]
    deliveries = client.post(f"/api/projects/{project_id}/patients/{patient_id}/seg/send", headers=lead).json()
    assert deliveries["created"] is False  # the job recorded the delivery of this version
