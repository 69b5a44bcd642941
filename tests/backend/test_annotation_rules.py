"""Who may annotate what (issue 11 item 1): readers only write cases offered to them, never validation patients or
imported ground truth; leads correct ground truth only through the explicit, audited correction; rounds, the
export and the viewer read the accepted label, never whatever was posted last."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.backend.helpers import nifti_bytes, patients, publish_round, read_nifti, submit
from tests.backend.workstation_helpers import add_radiologist
from tests.conftest import login

PUBLISHED = ["ready", "annotating"]
UNPUBLISHED = ["created", "pretraining", "training", "scoring", "selecting", "review", "closed", "cancelled"]


@pytest.fixture
def world(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    add_radiologist(demo["project_id"])
    lead = login(client, "lead")
    project_id = demo["project_id"]
    return {
        "project_id": project_id,
        "alice": login(client, "radiologist"),
        "bob": login(client, "radiologist2"),
        "lead": lead,
        "admin": login(client, "admin"),
        "pool": patients(client, project_id, lead, status="unlabeled", split="pool"),
        "imported": patients(client, project_id, lead, status="annotated", split="pool"),
        "validation": patients(client, project_id, lead, split="validation"),
    }


def _mask(patient: dict[str, Any], value: int = 1) -> bytes:
    data = np.zeros(patient["shape"], dtype=np.uint8)
    data[2:6, 2:6, 2:6] = value
    return nifti_bytes(data)


def correct(client: TestClient, patient_id: str, headers: dict[str, str], mask: bytes, **form: str) -> Any:
    return client.post(
        f"/api/patients/{patient_id}/ground-truth",
        files={"mask": ("mask.nii.gz", mask, "application/gzip")},
        data=form,
        headers=headers,
    )


def _snapshot(project_id: str) -> tuple[int, int, int, list[str]]:
    """Annotation rows, ledger rows, money spent and files under annotations/: what a refusal must not change."""
    from backend.core.config import get_settings
    from backend.db.session import session_scope
    from backend.models import Annotation, LedgerEntry, Project

    with session_scope() as session:
        annotations = session.scalar(select(func.count()).select_from(Annotation)) or 0
        ledger = session.scalar(select(func.count()).select_from(LedgerEntry)) or 0
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        spent = project.budget_spent_cents
    folder = Path(get_settings().storage_root) / "annotations"
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return annotations, ledger, spent, files


def _refused_everywhere(
    client: TestClient, world: dict[str, Any], patient: dict[str, Any], headers: dict[str, str], status: int
) -> list[str]:
    """Submit, autosave and reserve the case; every one is refused with ``status`` and nothing changes."""
    before = _snapshot(world["project_id"])
    details = []
    for response in (
        submit(client, patient["id"], headers, _mask(patient)),
        client.put(
            f"/api/patients/{patient['id']}/draft",
            files={"mask": ("d.nii.gz", _mask(patient), "application/gzip")},
            headers=headers,
        ),
        client.post(f"/api/patients/{patient['id']}/reservation", headers=headers),
    ):
        assert response.status_code == status, response.text
        assert set(response.json()) == {"error", "detail"}
        details.append(response.json()["detail"])
    assert _snapshot(world["project_id"]) == before
    assert client.get(f"/api/patients/{patient['id']}/draft", headers=headers).status_code == 204
    return details


class TestReaderRules:
    @pytest.mark.parametrize("role", ["alice", "lead"])
    def test_a_case_no_published_round_offers_is_refused(
        self, client: TestClient, world: dict[str, Any], role: str
    ) -> None:
        details = _refused_everywhere(client, world, world["pool"][0], world[role], 403)
        assert all("not offered to you" in detail for detail in details)

    @pytest.mark.parametrize("status", UNPUBLISHED)
    def test_a_selection_that_is_not_published_offers_nothing(
        self, client: TestClient, world: dict[str, Any], status: str
    ) -> None:
        publish_round(world["project_id"], [world["pool"][0]["id"]], status=status)
        _refused_everywhere(client, world, world["pool"][0], world["alice"], 403)

    @pytest.mark.parametrize("status", PUBLISHED)
    @pytest.mark.parametrize("role", ["alice", "lead"])
    def test_a_case_of_the_published_round_is_annotated_and_charged_once(
        self, client: TestClient, world: dict[str, Any], status: str, role: str
    ) -> None:
        patient = world["pool"][0]
        publish_round(world["project_id"], [patient["id"]], status=status)
        assert client.post(f"/api/patients/{patient['id']}/reservation", headers=world[role]).status_code == 200
        response = submit(client, patient["id"], world[role], _mask(patient))
        assert response.status_code == 201, response.text
        assert response.json()["version"] == 1 and response.json()["budget_remaining"] == 9.0

    def test_a_case_selected_but_not_in_the_round_is_refused(self, client: TestClient, world: dict[str, Any]) -> None:
        publish_round(world["project_id"], [world["pool"][0]["id"]])
        _refused_everywhere(client, world, world["pool"][1], world["alice"], 403)

    @pytest.mark.parametrize("role", ["alice", "lead"])
    def test_validation_patients_are_never_annotated_by_readers(
        self, client: TestClient, world: dict[str, Any], role: str
    ) -> None:
        patient = world["validation"][0]
        publish_round(world["project_id"], [patient["id"]])  # even a (corrupt) selection of it changes nothing
        details = _refused_everywhere(client, world, patient, world[role], 403)
        assert all("validation patient" in d and "ground-truth correction" in d for d in details)

    @pytest.mark.parametrize("role", ["alice", "lead"])
    def test_imported_ground_truth_is_never_overwritten_by_readers(
        self, client: TestClient, world: dict[str, Any], role: str
    ) -> None:
        patient = world["imported"][0]
        publish_round(world["project_id"], [patient["id"]])
        details = _refused_everywhere(client, world, patient, world[role], 403)
        assert all("imported ground truth" in d and "ground-truth correction" in d for d in details)
        detail = client.get(f"/api/patients/{patient['id']}", headers=world["lead"]).json()
        assert detail["annotation_version"] == 1

    def test_a_case_set_aside_or_reserved_by_a_colleague_is_409(
        self, client: TestClient, world: dict[str, Any]
    ) -> None:
        skipped, held = world["pool"][0], world["pool"][1]
        publish_round(world["project_id"], [skipped["id"], held["id"]])
        assert client.post(f"/api/patients/{held['id']}/reservation", headers=world["bob"]).status_code == 200
        details = _refused_everywhere(client, world, held, world["alice"], 409)
        assert all("reserved by radiologist2" in d for d in details)
        skip = client.post(f"/api/patients/{skipped['id']}/skip", json={"reason": "other"}, headers=world["bob"])
        assert skip.status_code == 201
        details = _refused_everywhere(client, world, skipped, world["alice"], 409)
        assert all("set aside" in d for d in details)

    def test_only_the_author_adds_versions_of_an_annotated_case(
        self, client: TestClient, world: dict[str, Any]
    ) -> None:
        patient = world["pool"][0]
        publish_round(world["project_id"], [patient["id"]])
        assert submit(client, patient["id"], world["alice"], _mask(patient)).status_code == 201
        for other in ("bob", "lead"):
            details = _refused_everywhere(client, world, patient, world[other], 403)
            assert all("only its author" in d for d in details)
        again = submit(client, patient["id"], world["alice"], _mask(patient, 2), base_version="1")
        assert again.status_code == 201, again.text
        assert again.json()["version"] == 2 and again.json()["budget_remaining"] == 9.0  # charged once
        detail = client.get(f"/api/patients/{patient['id']}", headers=world["alice"]).json()
        assert detail["annotation_version"] == 2

    def test_a_stale_base_version_is_409_and_stores_nothing(self, client: TestClient, world: dict[str, Any]) -> None:
        patient = world["pool"][0]
        publish_round(world["project_id"], [patient["id"]])
        assert submit(client, patient["id"], world["alice"], _mask(patient)).status_code == 201
        before = _snapshot(world["project_id"])
        for base in ({}, {"base_version": "2"}):
            stale = submit(client, patient["id"], world["alice"], _mask(patient, 2), **base)
            assert stale.status_code == 409, stale.text
            assert "annotated meanwhile (version 1 by radiologist" in stale.json()["detail"]
            assert "reload" in stale.json()["detail"]
        assert _snapshot(world["project_id"]) == before

    def test_the_reader_cannot_touch_a_case_the_lead_corrected(self, client: TestClient, world: dict[str, Any]) -> None:
        patient = world["pool"][0]
        publish_round(world["project_id"], [patient["id"]])
        assert submit(client, patient["id"], world["alice"], _mask(patient)).status_code == 201
        fixed = correct(
            client, patient["id"], world["lead"], _mask(patient, 2), reason="missed a lesion", base_version="1"
        )
        assert fixed.status_code == 201, fixed.text
        details = _refused_everywhere(client, world, patient, world["alice"], 403)
        assert all("corrected by the lead" in d for d in details)


class TestGroundTruthCorrection:
    @pytest.mark.parametrize("role", ["lead", "admin"])
    @pytest.mark.parametrize("kind", ["validation", "imported"])
    def test_lead_or_admin_corrects_any_ground_truth_uncharged_and_audited(
        self, client: TestClient, world: dict[str, Any], role: str, kind: str
    ) -> None:
        from backend.db.session import session_scope
        from backend.models import AuditEvent

        patient = world[kind][0]
        before = client.get(f"/api/projects/{world['project_id']}", headers=world["lead"]).json()
        response = correct(
            client, patient["id"], world[role], _mask(patient, 2), reason="  boundary redrawn ", base_version="1"
        )
        assert response.status_code == 201, response.text
        assert response.json()["version"] == 2
        after = client.get(f"/api/projects/{world['project_id']}", headers=world["lead"]).json()
        assert after["budget_spent"] == before["budget_spent"]
        versions = client.get(f"/api/patients/{patient['id']}/annotations", headers=world["lead"]).json()
        assert [(v["version"], v["source"], v["author"]) for v in versions] == [
            (1, "import", None),
            (2, "correction", role),
        ]
        detail = client.get(f"/api/patients/{patient['id']}", headers=world["lead"]).json()
        assert detail["annotation_version"] == 2 and detail["status"] == "annotated"
        stored = read_nifti(client.get(f"/api/annotations/{versions[1]['id']}/mask", headers=world["lead"]).content)
        assert int(stored.max()) == 2
        with session_scope() as session:
            event = session.scalar(select(AuditEvent).where(AuditEvent.action == "annotation.correct"))
            assert event is not None and event.target_id == patient["id"]
            assert event.details == {
                "version": 2,
                "previous_version": 1,
                "previous_author": None,
                "previous_source": "import",
                "reason": "boundary redrawn",
            }

    def test_correction_of_a_readers_annotation_names_the_previous_author(
        self, client: TestClient, world: dict[str, Any]
    ) -> None:
        from backend.db.session import session_scope
        from backend.models import AuditEvent

        patient = world["pool"][0]
        publish_round(world["project_id"], [patient["id"]])
        assert submit(client, patient["id"], world["alice"], _mask(patient)).status_code == 201
        assert (
            correct(client, patient["id"], world["lead"], _mask(patient), reason="r", base_version="1").status_code
            == 201
        )
        with session_scope() as session:
            event = session.scalar(select(AuditEvent).where(AuditEvent.action == "annotation.correct"))
            assert event is not None
            assert event.details["previous_author"] == "radiologist"
            assert event.details["previous_source"] == "human"

    def test_readers_cannot_correct_and_bad_corrections_change_nothing(
        self, client: TestClient, world: dict[str, Any]
    ) -> None:
        patient = world["validation"][0]
        before = _snapshot(world["project_id"])
        forbidden = correct(client, patient["id"], world["alice"], _mask(patient), reason="x", base_version="1")
        assert forbidden.status_code == 403
        assert correct(client, patient["id"], world["lead"], _mask(patient), base_version="1").status_code == 422
        blank = correct(client, patient["id"], world["lead"], _mask(patient), reason="   ", base_version="1")
        assert blank.status_code == 400 and "reason" in blank.json()["detail"]
        stale = correct(client, patient["id"], world["lead"], _mask(patient), reason="x")
        assert stale.status_code == 409 and "version 1 by import" in stale.json()["detail"]
        bad = correct(client, patient["id"], world["lead"], b"not a nifti", reason="x", base_version="1")
        assert bad.status_code == 400
        assert _snapshot(world["project_id"]) == before


class TestAcceptedLabelIsRead:
    def test_round_data_export_and_viewer_read_the_accepted_label_not_the_highest_version(
        self, client: TestClient, world: dict[str, Any]
    ) -> None:
        """A lead's correction is what the next round trains on; a stray row with a higher version is ignored."""
        from backend.db.session import session_scope
        from backend.models import Annotation, Patient, Project
        from backend.storage import blobs
        from worker.tasks.data import load_round_data

        patient = world["imported"][0]
        corrected = np.zeros(patient["shape"], dtype=np.uint8)
        corrected[1:4, 1:4, 1:4] = 2
        response = correct(client, patient["id"], world["lead"], nifti_bytes(corrected), reason="r", base_version="1")
        assert response.status_code == 201
        with session_scope() as session:  # a stray version that nobody accepted (what a bypass would leave)
            row = session.get(Patient, uuid.UUID(patient["id"]))
            assert row is not None and row.primary_volume_id is not None
            blobs.put_bytes("annotations/stray.nii.gz", nifti_bytes(np.ones(patient["shape"], dtype=np.uint8)))
            session.add(
                Annotation(
                    patient_id=row.id,
                    volume_id=row.primary_volume_id,
                    version=3,
                    source="human",
                    storage_key="annotations/stray.nii.gz",
                    sha256="0" * 64,
                )
            )
        with session_scope() as session:
            project = session.get(Project, uuid.UUID(world["project_id"]))
            assert project is not None
            data = load_round_data(session, project)
        trained = next(item for item in data.train if str(item.patient_id) == patient["id"])
        assert trained.label is not None and np.array_equal(trained.label, corrected)
        detail = client.get(f"/api/patients/{patient['id']}", headers=world["lead"]).json()
        assert detail["annotation_version"] == 2
        listed = patients(client, world["project_id"], world["lead"], id=patient["id"])[0]
        assert listed["annotation_version"] == 2
        export = client.get(f"/api/projects/{world['project_id']}/export", headers=world["lead"])
        assert export.status_code == 200
        with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
            manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
            row_of = next(r for r in manifest if r["patient"] == patient["external_id"])
            assert row_of["version"] == "2" and row_of["source"] == "correction"
            assert np.array_equal(read_nifti(archive.read(row_of["file"])), corrected)

    def test_a_corrected_validation_label_is_what_rounds_validate_on(
        self, client: TestClient, world: dict[str, Any]
    ) -> None:
        from backend.db.session import session_scope
        from backend.models import Project
        from worker.tasks.data import load_validation

        patient = world["validation"][0]
        empty = np.zeros(patient["shape"], dtype=np.uint8)
        assert (
            correct(client, patient["id"], world["lead"], nifti_bytes(empty), reason="r", base_version="1").status_code
            == 201
        )
        with session_scope() as session:
            project = session.get(Project, uuid.UUID(world["project_id"]))
            assert project is not None
            validation = load_validation(session, project)
        item = next(v for v in validation if str(v.patient_id) == patient["id"])
        assert item.label is not None and not item.label.any()
