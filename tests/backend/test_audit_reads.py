"""Reads of patient data are audited (issue 11 item 6): image, masks, prediction, uncertainty, drafts, export.

Each download writes exactly one event naming who, which patient (by its uuid) and which version, on 200 and 304
alike; failed reads write none; the admin audit page filters them like any other event.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.db.session import session_scope
from backend.models import Annotation, AuditEvent, Draft, ModelVersion, Patient, Prediction, Round, User
from backend.storage import blobs
from tests.backend.helpers import nifti_bytes
from tests.conftest import login


def _events(**where: Any) -> list[AuditEvent]:
    with session_scope() as session:
        query = select(AuditEvent).order_by(AuditEvent.created_at)
        for name, value in where.items():
            query = query.where(getattr(AuditEvent, name) == value)
        return list(session.scalars(query))


@pytest.fixture
def world(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    """A demo patient with an imported mask, a model prediction with its uncertainty map, and a reader's draft."""
    mask = nifti_bytes(np.zeros((2, 2, 2), np.uint8))
    with session_scope() as session:
        annotation = session.scalars(
            select(Annotation)
            .join(Patient, Patient.id == Annotation.patient_id)
            .where(Patient.project_id == uuid.UUID(demo["project_id"]))
            .order_by(Annotation.created_at)
        ).first()
        assert annotation is not None
        patient = session.get(Patient, annotation.patient_id)
        assert patient is not None
        radiologist = session.scalar(select(User).where(User.username == "radiologist"))
        assert radiologist is not None
        found = Round(project_id=patient.project_id, number=1, status="ready", strategy="random", batch_size=1)
        session.add(found)
        session.flush()
        model = ModelVersion(
            project_id=patient.project_id, round_id=found.id, storage_key="audit/m.pt", sha256="m" * 64
        )
        session.add(model)
        session.flush()
        prediction = Prediction(
            round_id=found.id,
            patient_id=patient.id,
            model_version_id=model.id,
            mask_key="audit/prediction.nii.gz",
            uncertainty_key="audit/uncertainty.nii.gz",
            mask_sha256=blobs.put_bytes("audit/prediction.nii.gz", mask),
            uncertainty_sha256=blobs.put_bytes("audit/uncertainty.nii.gz", mask + b""),
        )
        draft = Draft(
            patient_id=patient.id,
            user_id=radiologist.id,
            storage_key="audit/draft.nii.gz",
            sha256=blobs.put_bytes("audit/draft.nii.gz", mask),
            size_bytes=len(mask),
        )
        session.add_all([prediction, draft])
        session.flush()
        world = {
            "patient_id": str(patient.id),
            "external_id": patient.external_id,
            "annotation": annotation,
            "prediction": prediction,
            "draft": draft,
            "radiologist_id": radiologist.id,
        }
    return world


def _download(client: TestClient, url: str, headers: dict[str, str]) -> Any:
    client.cookies.clear()
    first = client.get(url, headers=headers)
    assert first.status_code == 200, first.text
    again = client.get(url, headers={**headers, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    return first


class TestReadsAreAudited:
    @pytest.mark.parametrize(
        ("route", "action", "expected"),
        [
            ("/api/patients/{patient_id}/volume", "patient.volume.read", {"volume_id", "sha256"}),
            ("/api/annotations/{annotation_id}/mask", "annotation.mask.read", {"annotation_id", "version", "sha256"}),
            ("/api/patients/{patient_id}/prediction", "patient.prediction.read", {"prediction_id", "round_id"}),
            ("/api/patients/{patient_id}/uncertainty", "patient.uncertainty.read", {"prediction_id", "sha256"}),
            ("/api/patients/{patient_id}/draft/mask", "draft.mask.read", {"draft_id", "sha256"}),
        ],
    )
    def test_each_download_writes_one_event_on_200_and_on_304(
        self, client: TestClient, world: dict[str, Any], route: str, action: str, expected: set[str]
    ) -> None:
        headers = login(client, "radiologist")
        before = len(_events())
        url = route.format(patient_id=world["patient_id"], annotation_id=world["annotation"].id)
        response = _download(client, url, headers)
        events = _events()[before:]
        assert [e.action for e in events] == [action, action]
        assert [e.details["status"] for e in events] == [200, 304]
        for event in events:
            assert event.user_id == world["radiologist_id"]
            assert (event.target_type, event.target_id) == ("patient", world["patient_id"])
            assert expected <= set(event.details)
            assert world["external_id"] not in json.dumps(event.details)
        assert events[0].details["sha256"] == response.headers["etag"].strip('"')
        if action == "annotation.mask.read":
            assert events[0].details["version"] == world["annotation"].version
        if action == "patient.prediction.read":
            assert events[0].details["model_version_id"] == str(world["prediction"].model_version_id)

    def test_failed_reads_write_nothing(self, client: TestClient, world: dict[str, Any]) -> None:
        headers = login(client, "lead")
        before = len(_events())
        client.cookies.clear()
        assert client.get(f"/api/patients/{uuid.uuid4()}/volume", headers=headers).status_code == 404
        assert client.get(f"/api/annotations/{uuid.uuid4()}/mask", headers=headers).status_code == 404
        # The lead has no draft of this patient (the radiologist's is not theirs to read).
        assert client.get(f"/api/patients/{world['patient_id']}/draft/mask", headers=headers).status_code == 404
        assert client.get(f"/api/patients/{world['patient_id']}/volume").status_code == 401
        assert _events()[before:] == []

    def test_export_is_audited_once(self, client: TestClient, world: dict[str, Any], demo: dict[str, str]) -> None:
        headers = login(client, "lead")
        before = len(_events())
        client.cookies.clear()
        assert client.get(f"/api/projects/{demo['project_id']}/export", headers=headers).status_code == 200
        assert [e.action for e in _events()[before:]] == ["project.export"]


class TestAdminAuditPage:
    def test_reads_can_be_filtered_by_action_user_and_project(
        self, client: TestClient, world: dict[str, Any], demo: dict[str, str]
    ) -> None:
        radiologist = login(client, "radiologist")
        lead = login(client, "lead")
        client.cookies.clear()
        for headers in (radiologist, lead):
            client.get(f"/api/patients/{world['patient_id']}/volume", headers=headers)
        client.get(f"/api/annotations/{world['annotation'].id}/mask", headers=lead)
        admin = login(client, "admin")
        client.cookies.clear()

        def page(**params: str) -> dict[str, Any]:
            response = client.get("/api/admin/audit", params=params, headers=admin)
            assert response.status_code == 200, response.text
            return response.json()

        volume_reads = page(action="patient.volume.read")
        assert volume_reads["total"] == 2
        assert {e["user"] for e in volume_reads["events"]} == {"radiologist", "lead"}
        assert "patient.volume.read" in volume_reads["actions"] and "annotation.mask.read" in volume_reads["actions"]
        by_lead = page(action="patient.volume.read", user="lead")
        assert by_lead["total"] == 1 and by_lead["events"][0]["target_id"] == world["patient_id"]
        masks = page(action="annotation.mask")
        assert [e["action"] for e in masks["events"]] == ["annotation.mask.read"]
        in_project = page(project_id=demo["project_id"], action="patient.volume.read")
        assert in_project["total"] == 2
        elsewhere = page(project_id=str(uuid.uuid4()), action="patient.volume.read")
        assert elsewhere["total"] == 0
