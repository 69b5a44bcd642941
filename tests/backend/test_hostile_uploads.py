"""The hostile-file corpus through the API: every file a 4xx with a message, nothing written (rows or files).

Also the body limits (backend/core/limits.py): a declared or streamed body over its route's limit is a 413 naming
the setting, and a failed import cleans up what it stored even when the database refuses at commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.helpers import nifti_bytes
from tests.backend.workstation_helpers import open_round_with_selection
from tests.conftest import login
from tests.ingest.hostile_corpus import HostileUpload, import_corpus, mask_corpus


def snapshot() -> tuple[dict[str, int], set[str]]:
    """Rows of every table an upload could write, and every file under STORAGE_ROOT."""
    from sqlalchemy import func, select

    from backend.core.config import get_settings
    from backend.db.session import session_scope
    from backend.models import Annotation, Draft, Patient, ReferenceLabel, Study, Volume

    with session_scope() as session:
        rows = {
            model.__tablename__: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Patient, Study, Volume, Annotation, ReferenceLabel, Draft)
        }
    root = Path(get_settings().storage_root)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    return rows, files


def _post_import(client: TestClient, project_id: str, headers: dict[str, str], case: HostileUpload) -> Any:
    files = [("files", (name, data, "application/octet-stream")) for name, data in case.files]
    files += [("labels", (name, data, "application/octet-stream")) for name, data in case.labels]
    return client.post(f"/api/projects/{project_id}/imports", files=files, headers=headers)


@pytest.mark.parametrize("case", import_corpus(), ids=lambda case: case.id)
def test_hostile_import_is_refused_and_stores_nothing(
    client: TestClient, demo: dict[str, str], case: HostileUpload
) -> None:
    headers = login(client, "lead")
    before = snapshot()
    response = _post_import(client, demo["project_id"], headers, case)
    assert response.status_code == case.status, response.text
    body = response.json()
    assert body["error"] in {"BadInput", "PayloadTooLarge"}
    assert case.message in body["detail"]
    assert snapshot() == before


@pytest.fixture
def queued_case(client: TestClient, demo: dict[str, str]) -> dict[str, Any]:
    """A pool patient offered to the radiologist in a published round: the one they may draw on and submit."""
    patient = open_round_with_selection(demo["project_id"])[0]
    headers = login(client, "radiologist")
    shape = client.get(f"/api/patients/{patient}", headers=headers).json()["shape"]
    return {"patient": patient, "headers": headers, "shape": tuple(shape)}


def test_hostile_masks_are_refused_as_annotations_and_drafts(client: TestClient, queued_case: dict[str, Any]) -> None:
    patient, headers = queued_case["patient"], queued_case["headers"]
    before = snapshot()
    for name, payload, status, message in mask_corpus(queued_case["shape"]):
        for method, path in (("post", "annotations"), ("put", "draft")):
            response = client.request(
                method.upper(),
                f"/api/patients/{patient}/{path}",
                files={"mask": ("mask.nii.gz", payload, "application/gzip")},
                headers=headers,
            )
            assert response.status_code == status, f"{name} {path}: {response.text}"
            assert message in response.json()["detail"], f"{name} {path}: {response.text}"
            assert snapshot() == before, f"{name} {path} changed the store"
    # The same door still takes a good mask (the refusals above did not break the case).
    mask = np.zeros(queued_case["shape"], dtype=np.uint8)
    mask[1, 1, 1] = 1
    response = client.put(
        f"/api/patients/{patient}/draft",
        files={"mask": ("d.nii.gz", nifti_bytes(mask), "application/gzip")},
        headers=headers,
    )
    assert response.status_code == 200, response.text


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from backend.core.config import get_settings

    monkeypatch.setenv("MAX_JSON_BYTES", "2000")
    monkeypatch.setenv("MAX_IMPORT_BYTES", "100000")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()
    assert "MAX_JSON_BYTES" not in os.environ


class TestBodyLimits:
    def test_declared_length_over_the_import_limit_is_refused_before_reading(
        self, client: TestClient, demo: dict[str, str], small_limits: None
    ) -> None:
        headers = login(client, "lead")
        before = snapshot()
        response = client.post(
            f"/api/projects/{demo['project_id']}/imports",
            files=[("files", ("big.nii.gz", b"\x00" * 200_000, "application/gzip"))],
            headers=headers,
        )
        assert response.status_code == 413
        assert response.json()["error"] == "PayloadTooLarge"
        assert "MAX_IMPORT_BYTES" in response.json()["detail"]
        assert snapshot() == before

    def test_chunked_body_is_counted_while_it_streams(
        self, client: TestClient, demo: dict[str, str], small_limits: None
    ) -> None:
        sent = 0

        def chunks() -> Iterator[bytes]:
            nonlocal sent
            for _ in range(100):
                sent += 1000
                yield b'{"username": "' + b"a" * 1000

        response = client.post("/api/auth/login", content=chunks(), headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert response.json() == {
            "error": "PayloadTooLarge",
            "detail": "The request body (more bytes) is larger than the 2,000 bytes allowed (MAX_JSON_BYTES)",
        }

    def test_json_routes_take_small_bodies_only(
        self, client: TestClient, demo: dict[str, str], small_limits: None
    ) -> None:
        response = client.post("/api/auth/login", json={"username": "x" * 5000, "password": "y"})
        assert response.status_code == 413
        assert "MAX_JSON_BYTES" in response.json()["detail"]
        assert client.post("/api/auth/login", json={"username": "lead", "password": "wrong"}).status_code in {401, 429}


def test_database_refusal_at_commit_removes_the_stored_blobs(demo: dict[str, str], tmp_path: Path) -> None:
    """The importer's clean-up wraps the commit: a database error there (any) leaves no orphan file."""
    import uuid

    from sqlalchemy.exc import SQLAlchemyError

    from backend.db.session import session_scope
    from backend.ingest.plan import plan_import
    from backend.models import Patient, Project
    from backend.patient import importer

    image = tmp_path / "commit_fails.nii.gz"
    image.write_bytes(nifti_bytes(np.ones((4, 5, 3), dtype=np.int16)))
    plans = plan_import([image], workdir=tmp_path / "work")
    before = snapshot()
    with pytest.raises(SQLAlchemyError):
        with importer.removing_blobs_on_failure() as written, session_scope() as session:
            project = session.get(Project, uuid.UUID(demo["project_id"]))
            assert project is not None
            importer.import_patients(session, project=project, plans=plans, written=written)
            assert written, "the volume was stored before the commit"
            session.add(Patient(project_id=project.id, external_id=None))  # NOT NULL: refused at commit
    assert snapshot() == before
