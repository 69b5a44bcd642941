"""An annotated patient opens with its annotation, and the page says which mask it opened (issue 15, item 2).

Two cases the viewer used to open wrong: a patient imported with its label, and a reader's own accepted annotation
re-opened from the reader's viewer (it started from the model's prediction). The drawing the viewer holds is read
back voxel for voxel and compared with the stored mask; the browser must not log a single failed request.
"""

from __future__ import annotations

import gzip
import hashlib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.db.session import get_engine
from backend.models import Annotation, Patient, User
from tests.e2e.helpers import (
    ApiClient,
    BrowserProblems,
    Server,
    demo_project,
    viewer_labelmap,
    wait_viewer_rendered,
)

pytestmark = pytest.mark.e2e


def _patients(api: ApiClient, project_id: str) -> list[dict[str, Any]]:
    rows = api.get_json(f"/api/projects/{project_id}/patients")
    assert isinstance(rows, list)
    return rows


@pytest.fixture
def own_annotation(server: Server, api_as: Callable[[str], ApiClient]) -> Iterator[dict[str, Any]]:
    """A reader's accepted annotation (version 1 by "radiologist", as a submission of an earlier round leaves it) on
    a pool patient the current round did not select, so no queue case is used up; removed again afterwards."""
    lead, reader = api_as("lead"), api_as("radiologist")
    project = demo_project(lead)
    queue = reader.get_json("/api/queue")
    assert isinstance(queue, list)
    queued = {item["patient_id"] for item in queue}
    free = [
        p
        for p in _patients(lead, project["id"])
        if p["split"] == "pool" and p["status"] == "unlabeled" and p["id"] not in queued
    ]
    if not free:
        pytest.fail("the demo project should have an unlabelled pool patient the round did not select")
    patient_id = free[0]["id"]

    # A mask unlike the prediction: the prediction with a block of label 1 stamped in the middle slices.
    volume = reader.get_nifti(f"/api/patients/{patient_id}/volume")
    prediction = reader.get_array(f"/api/patients/{patient_id}/prediction")
    mask = prediction.astype(np.uint8).copy()
    centre = [n // 2 for n in mask.shape]
    mask[centre[0] - 3 : centre[0] + 3, centre[1] - 3 : centre[1] + 3, centre[2] - 1 : centre[2] + 2] = 1
    assert not np.array_equal(mask, prediction)
    annotation_id = uuid.uuid4()
    key = f"annotations/{annotation_id}.nii.gz"
    encoded = gzip.compress(nib.Nifti1Image(mask, volume.affine).to_bytes())
    blob = Path(server.env["STORAGE_ROOT"]) / key
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(encoded)

    engine = get_engine(server.env["DATABASE_URL"])
    with Session(engine) as session, session.begin():
        patient = session.get(Patient, uuid.UUID(patient_id))
        author = session.scalar(select(User).where(User.username == "radiologist"))
        assert patient is not None and patient.primary_volume_id is not None and author is not None
        session.add(
            Annotation(
                id=annotation_id,
                patient_id=patient.id,
                volume_id=patient.primary_volume_id,
                author_id=author.id,
                version=1,
                source="human",
                storage_key=key,
                sha256=hashlib.sha256(encoded).hexdigest(),
                time_spent_s=300.0,
            )
        )
        session.flush()
        patient.accepted_annotation_id = annotation_id
        patient.status = "annotated"
    try:
        yield {"patient_id": patient_id, "mask": mask, "prediction": prediction}
    finally:
        reader.send("DELETE", f"/api/patients/{patient_id}/draft")
        reader.send("DELETE", f"/api/patients/{patient_id}/reservation")
        with Session(engine) as session, session.begin():
            patient = session.get(Patient, uuid.UUID(patient_id))
            assert patient is not None
            patient.accepted_annotation_id = None
            patient.status = "unlabeled"
            session.flush()
            session.execute(delete(Annotation).where(Annotation.id == annotation_id))
        blob.unlink(missing_ok=True)


class TestStartingMask:
    def test_imported_label_is_drawn_and_named(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        lead = api_as("lead")
        project = demo_project(lead)
        imported = next(
            p for p in _patients(lead, project["id"]) if p["split"] == "pool" and p["annotation_version"] == 1
        )
        detail = lead.get_json(f"/api/patients/{imported['id']}")
        assert isinstance(detail, dict)
        accepted = detail["masks"]["accepted"]
        assert detail["masks"]["starting"] == "accepted" and accepted["source"] == "import"
        stored = lead.get_array(f"/api/annotations/{accepted['annotation_id']}/mask")
        assert int((stored > 0).sum()) > 0

        login(page, "lead")
        page.goto(f"{server.base_url}/patients/{imported['id']}/ground-truth")
        wait_viewer_rendered(page)
        status = page.get_by_test_id("viewer-status")
        expect(status).to_have_attribute("data-mask", "accepted")
        expect(status).to_have_text("Annotation v1 (imported).")
        shown = viewer_labelmap(page)
        assert np.array_equal(shown, stored), (
            f"{int((shown > 0).sum())} label voxels shown, {int((stored > 0).sum())} stored"
        )
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "starting-mask-imported.png"))
        browser_problems.assert_none()

    def test_a_readers_own_annotation_reopens_with_its_version_not_the_prediction(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        artifacts: Path,
        own_annotation: dict[str, Any],
        browser_problems: BrowserProblems,
    ) -> None:
        login(page, "radiologist")
        page.goto(f"{server.base_url}/annotate/{own_annotation['patient_id']}")
        wait_viewer_rendered(page)
        status = page.get_by_test_id("viewer-status")
        expect(status).to_have_attribute("data-mask", "accepted")
        expect(status).to_have_text("Annotation v1 by radiologist.")
        shown = viewer_labelmap(page)
        assert np.array_equal(shown, own_annotation["mask"])
        assert not np.array_equal(shown, own_annotation["prediction"])
        page.screenshot(path=str(artifacts / "starting-mask-own-annotation.png"), full_page=True)
        browser_problems.assert_none()
