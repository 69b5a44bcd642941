"""Importing studies from a real Orthanc through the worker's task: end to end, idempotent, resumable after a crash,
through a flaky network, series subsets, failures reported per patient, cancellation, and a real Celery worker on
the ``cpu`` queue."""

from __future__ import annotations

import tempfile
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from backend.db.base import utcnow
from backend.db.session import session_scope
from backend.ingest.plan import plan_import
from backend.models import Job, Patient, Study, Volume
from backend.models.pacs import PacsImportedSeries
from backend.pacs.errors import PacsUnavailable
from backend.storage import blobs, nifti_io
from tests.conftest import login
from tests.pacs.conftest import TCIA, FlakyProxy, Orthanc, tcia_study
from worker.tasks import pacs_import


def _connect(client: TestClient, project_id: str, headers: dict[str, str], body: dict[str, Any]) -> None:
    response = client.put(f"/api/projects/{project_id}/pacs", json=body, headers=headers)
    assert response.status_code == 200, response.text


def _study_uids(client: TestClient, project_id: str, headers: dict[str, str], **params: str) -> list[str]:
    response = client.get(f"/api/projects/{project_id}/pacs/studies", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return sorted(s["study_uid"] for s in response.json())


def _start(client: TestClient, project_id: str, headers: dict[str, str], studies: list[dict[str, Any]]) -> Any:
    response = client.post(f"/api/projects/{project_id}/pacs/imports", json={"studies": studies}, headers=headers)
    assert response.status_code == 202, response.text
    return response.json()


def _read(client: TestClient, project_id: str, headers: dict[str, str], job_id: str) -> Any:
    response = client.get(f"/api/projects/{project_id}/pacs/imports/{job_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _counts(project_id: str) -> tuple[int, int, int]:
    """(patients, volumes, imported series rows) of the project."""
    project = uuid.UUID(project_id)
    with session_scope() as session:
        patients = session.scalar(select(func.count()).select_from(Patient).where(Patient.project_id == project))
        volumes = session.scalar(
            select(func.count())
            .select_from(Volume)
            .join(Study, Study.id == Volume.study_id)
            .join(Patient, Patient.id == Study.patient_id)
            .where(Patient.project_id == project)
        )
        rows = session.scalar(
            select(func.count()).select_from(PacsImportedSeries).where(PacsImportedSeries.project_id == project)
        )
    return patients or 0, volumes or 0, rows or 0


def _as_uploaded(folder: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Series uid -> (voxels, affine) of the same DICOM files read by the upload pipeline straight from disk."""
    with tempfile.TemporaryDirectory() as work:
        plans = plan_import([folder], workdir=Path(work))
        return {
            str(vol.series_uid): (vol.data, vol.affine)
            for plan in plans
            for study in plan.studies
            for vol in [*study.images, *([study.label] if study.label else [])]
        }


def test_two_studies_end_to_end(client: TestClient, project: dict[str, str], orthanc: Orthanc) -> None:
    orthanc.upload([TCIA / "PGBM-003", TCIA / "PGBM-008"])
    lead = login(client, "lead")
    project_id = project["project_id"]
    _connect(client, project_id, lead, orthanc.connection())
    studies = _study_uids(client, project_id, lead)
    assert len(studies) == 2

    queued = _start(client, project_id, lead, [{"study_uid": uid} for uid in studies])
    assert (queued["status"], queued["studies"], queued["series"], queued["instances"]) == ("queued", 2, 6, 132)
    assert queued["progress"]["total_instances"] == 132 and queued["result"] is None
    assert (
        client.post(
            f"/api/projects/{project_id}/pacs/imports",
            json={"studies": [{"study_uid": studies[0]}]},
            headers=login(client, "radiologist"),
        ).status_code
        == 403
    )

    pacs_import.execute(uuid.UUID(queued["id"]))

    done = _read(client, project_id, lead, queued["id"])
    assert done["status"] == "succeeded", done
    assert done["progress"]["stage"] == "done" and done["progress"]["percent"] == 100
    assert done["progress"]["done_instances"] == 132
    result = done["result"]
    assert len(result["patients"]) == 2 and result["failed"] == []
    assert (result["imported_series"], result["imported_instances"], result["skipped_series"]) == (6, 132, 0)
    assert all((p["series"], p["instances"]) == (3, 66) for p in result["patients"])
    assert result["instances_per_s"] > 0
    assert [j["id"] for j in client.get(f"/api/projects/{project_id}/pacs/imports", headers=lead).json()] == [
        queued["id"]
    ]

    # Each study became a labelled patient (its MaskTumor series is the label) with T1post and FLAIR volumes.
    listed = client.get(f"/api/projects/{project_id}/patients", headers=lead).json()
    assert sorted(p["status"] for p in listed) == ["annotated", "annotated"]
    assert _counts(project_id) == (2, 4, 6)
    with session_scope() as session:
        rows = list(session.scalars(select(PacsImportedSeries)))
        volumes = {v.id: v for v in session.scalars(select(Volume))}
        patients = {p.id: p for p in session.scalars(select(Patient))}
        assert Counter(r.role for r in rows) == {"image": 4, "label": 2}
        assert {r.source_url for r in rows} == {orthanc.dicomweb_url} and {r.instances for r in rows} == {22}
        assert {r.job_id for r in rows} == {uuid.UUID(queued["id"])}
        for row in rows:
            if row.role == "image":
                assert row.volume_id is not None and volumes[row.volume_id].series_uid == row.series_uid
        # The stored volumes are exactly what uploading the same files gives (same pipeline, lossless retrieval).
        for folder in (tcia_study("PGBM-003"), tcia_study("PGBM-008")):
            for series_uid, (voxels, affine) in _as_uploaded(folder).items():
                row = next(r for r in rows if r.series_uid == series_uid)
                if row.role == "image":
                    assert row.volume_id is not None
                    stored, stored_affine = nifti_io.load_array(blobs.read_bytes(volumes[row.volume_id].storage_key))
                    np.testing.assert_array_equal(stored, voxels)
                    np.testing.assert_allclose(stored_affine, affine, atol=1e-4)
                else:
                    assert patients[row.patient_id].accepted_annotation_id is not None

    # The search page now marks both studies imported, and their series too.
    found = client.get(f"/api/projects/{project_id}/pacs/studies", headers=lead).json()
    assert all(s["imported"] for s in found)
    series = client.get(f"/api/projects/{project_id}/pacs/studies/{studies[0]}/series", headers=lead).json()
    assert all(s["imported"] for s in series)

    # Importing the same studies again is harmless: every series is skipped, nothing is added.
    again = _start(client, project_id, lead, [{"study_uid": uid} for uid in studies])
    pacs_import.execute(uuid.UUID(again["id"]))
    repeated = _read(client, project_id, lead, again["id"])
    assert repeated["status"] == "succeeded"
    assert (repeated["result"]["imported_series"], repeated["result"]["skipped_series"]) == (0, 6)
    assert _counts(project_id) == (2, 4, 6)


def test_a_crashed_import_finishes_on_retry_without_duplicates(
    client: TestClient, project: dict[str, str], orthanc: Orthanc, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker dies right after the first patient is committed (no clean-up, no job update: like kill -9); the
    job goes stale, is claimed again and imports only what is missing."""
    orthanc.upload([TCIA / "PGBM-001", TCIA / "PGBM-003", TCIA / "PGBM-008"])
    lead = login(client, "lead")
    project_id = project["project_id"]
    _connect(client, project_id, lead, orthanc.connection())
    studies = _study_uids(client, project_id, lead)
    assert len(studies) == 4  # PGBM-001 has two studies: one patient, imported together
    queued = _start(client, project_id, lead, [{"study_uid": uid} for uid in studies])
    job_id = uuid.UUID(queued["id"])
    assert (queued["series"], queued["instances"]) == (12, 279)

    class WorkerDied(BaseException):
        """Not an Exception: nothing in the job's code catches it, as nothing runs after a SIGKILL."""

    from backend.pacs import importer

    original = importer.ImportRun._import

    def import_then_die(self: importer.ImportRun, *args: Any) -> None:
        original(self, *args)  # the patient is committed
        raise WorkerDied

    monkeypatch.setattr(importer.ImportRun, "_import", import_then_die)
    with pytest.raises(WorkerDied):
        pacs_import.execute(job_id)
    monkeypatch.undo()

    first_patients, first_volumes, first_rows = _counts(project_id)
    assert first_patients == 1 and first_rows in (3, 6)  # PGBM-001 (2 studies, 6 series) or a single-study patient
    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status == "running" and job.attempts == 1
        # The dead worker's heartbeat stops; once it is stale another worker may claim the job.
        session.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=utcnow() - timedelta(minutes=10)))

    pacs_import.execute(job_id)

    done = _read(client, project_id, lead, queued["id"])
    assert done["status"] == "succeeded", done
    assert done["attempts"] == 2
    result = done["result"]
    # The job's result covers both attempts; the second one skipped what the first had committed.
    assert (len(result["patients"]), result["imported_series"], result["imported_instances"]) == (3, 12, 279)
    assert result["skipped_series"] == first_rows
    assert _counts(project_id) == (3, 8, 12)
    with session_scope() as session:
        series = list(session.scalars(select(PacsImportedSeries.series_uid)))
        assert len(series) == len(set(series)) == 12


def test_transient_failures_are_retried(client: TestClient, project: dict[str, str], orthanc: Orthanc) -> None:
    """Every 3rd request through a proxy answers 503 (one study), every 4th is dropped unanswered (another): the
    import still brings every instance, retrying with back-off (a series is one request)."""
    orthanc.upload([TCIA / "PGBM-003", TCIA / "PGBM-008"])
    lead = login(client, "lead")
    project_id = project["project_id"]
    _connect(client, project_id, lead, orthanc.connection())
    studies = _study_uids(client, project_id, lead)
    for study, (every, drop) in zip(studies, ((3, False), (4, True)), strict=True):
        with FlakyProxy(orthanc.url, every, drop=drop) as proxy:
            _connect(client, project_id, lead, orthanc.connection(base_url=f"{proxy.url}/dicom-web"))
            queued = _start(client, project_id, lead, [{"study_uid": study}])
            pacs_import.execute(uuid.UUID(queued["id"]))
            done = _read(client, project_id, lead, queued["id"])
            assert done["status"] == "succeeded", done
            assert done["result"]["imported_instances"] == 66
            assert done["progress"]["retries"] >= 1 and proxy.failed >= 1, (done["progress"], proxy.failed)
    assert _counts(project_id) == (2, 4, 6)


def test_series_subsets_and_per_patient_failures(client: TestClient, project: dict[str, str], orthanc: Orthanc) -> None:
    orthanc.upload([TCIA / "PGBM-003", TCIA / "PGBM-008"])
    lead = login(client, "lead")
    project_id = project["project_id"]
    url = f"/api/projects/{project_id}/pacs"
    _connect(client, project_id, lead, orthanc.connection())
    pgbm3, pgbm8 = (_study_uids(client, project_id, lead, patient_id=p)[0] for p in ("PGBM-003", "PGBM-008"))
    series8 = {
        s["description"]: s["series_uid"] for s in client.get(f"{url}/studies/{pgbm8}/series", headers=lead).json()
    }

    # Only the T1post of PGBM-008: one unlabelled patient with one volume.
    queued = _start(client, project_id, lead, [{"study_uid": pgbm8, "series_uids": [series8["T1post"]]}])
    assert (queued["series"], queued["instances"]) == (1, 22)
    pacs_import.execute(uuid.UUID(queued["id"]))
    assert _read(client, project_id, lead, queued["id"])["status"] == "succeeded"
    assert _counts(project_id) == (1, 1, 1)
    marks = {s["description"]: s["imported"] for s in client.get(f"{url}/studies/{pgbm8}/series", headers=lead).json()}
    assert marks == {"T1post": True, "FLAIR_reg": False, "Mask_Tumor": False}

    # Both whole studies: PGBM-008 is half there (a patient is imported whole, so it is reported, not duplicated);
    # PGBM-003 is imported all the same.
    queued = _start(client, project_id, lead, [{"study_uid": pgbm8}, {"study_uid": pgbm3}])
    pacs_import.execute(uuid.UUID(queued["id"]))
    done = _read(client, project_id, lead, queued["id"])
    assert done["status"] == "failed"
    assert "1 patient(s) could not be imported (1 imported)" in done["error"]
    [failure] = done["result"]["failed"]
    assert failure["study_uids"] == [pgbm8] and "already in the project" in failure["detail"]
    # The reader's message named the real PatientID; the job result (read by any lead) must not.
    assert "PGBM-008" not in failure["detail"] and "PGBM-008" not in done["error"], failure["detail"]
    assert done["result"]["imported_series"] == 3 and done["result"]["skipped_series"] == 1
    assert _counts(project_id) == (2, 3, 4)

    # What the PACS does not have is refused before any job exists.
    for body in (
        {"studies": [{"study_uid": "1.2.3.4"}]},
        {"studies": [{"study_uid": pgbm8, "series_uids": ["1.2.3.4"]}]},
    ):
        response = client.post(f"{url}/imports", json=body, headers=lead)
        assert response.status_code == 400 and "no s" in response.json()["detail"], response.text
    for body in (
        {"studies": []},
        {"studies": [{"study_uid": "x"}]},
        {"studies": [{"study_uid": pgbm8, "series_uids": []}]},
    ):
        assert client.post(f"{url}/imports", json=body, headers=lead).status_code == 422
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 2


def test_cancel_and_an_unreachable_pacs(client: TestClient, project: dict[str, str], orthanc: Orthanc) -> None:
    orthanc.upload([tcia_study("PGBM-008")])
    lead = login(client, "lead")
    project_id = project["project_id"]
    url = f"/api/projects/{project_id}/pacs"
    _connect(client, project_id, lead, orthanc.connection())
    [study] = _study_uids(client, project_id, lead)
    queued = _start(client, project_id, lead, [{"study_uid": study}])

    cancelled = client.post(f"{url}/imports/{queued['id']}/cancel", headers=lead)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.post(f"{url}/imports/{queued['id']}/cancel", headers=lead).status_code == 409
    pacs_import.execute(uuid.UUID(queued["id"]))  # a message still in the queue does nothing now
    assert _counts(project_id) == (0, 0, 0)
    assert client.get(f"{url}/imports/{uuid.uuid4()}", headers=lead).status_code == 404

    # The PACS goes away after planning: the job fails naming the reason; nothing half-imported stays.
    queued = _start(client, project_id, lead, [{"study_uid": study}])
    _connect(client, project_id, lead, orthanc.connection(base_url="http://127.0.0.1:9/dicom-web"))
    with pytest.raises(PacsUnavailable):  # the task fails (and Celery logs it); the job says why
        pacs_import.execute(uuid.UUID(queued["id"]))
    failed = _read(client, project_id, lead, queued["id"])
    assert failed["status"] == "failed" and "connection was refused" in failed["error"]
    assert _counts(project_id) == (0, 0, 0)
    refused = client.post(f"{url}/imports", json={"studies": [{"study_uid": study}]}, headers=lead)
    assert refused.status_code == 422 and refused.json()["error"] == "PacsUnavailable"


def test_progress_only_moves_forward(client: TestClient, project: dict[str, str], orthanc: Orthanc) -> None:
    """What the progress bar is fed: stages in order, instance counts and percent never going back, 100 at the end
    (the next patient's series are retrieved while the current one is converted)."""
    from backend.pacs.importer import run_import

    orthanc.upload([TCIA / "PGBM-001", TCIA / "PGBM-003", TCIA / "PGBM-008"])
    lead = login(client, "lead")
    project_id = project["project_id"]
    _connect(client, project_id, lead, orthanc.connection())
    queued = _start(client, project_id, lead, [{"study_uid": uid} for uid in _study_uids(client, project_id, lead)])
    reports: list[tuple[str, dict[str, Any]]] = []
    outcome = run_import(uuid.UUID(queued["id"]), lambda stage, **values: reports.append((stage, values)))
    assert outcome.failed == [] and outcome.progress["percent"] == 100
    assert {stage for stage, _ in reports} == {"retrieving", "importing"}
    percents = [values["percent"] for _, values in reports]
    done = [values["done_instances"] for _, values in reports]
    assert percents == sorted(percents) and done == sorted(done), reports
    assert reports[-1][1]["done_instances"] == 279 and reports[-1][1]["done_patients"] == 3
    assert all(values["total_instances"] == 279 and values["total_patients"] == 3 for _, values in reports)
