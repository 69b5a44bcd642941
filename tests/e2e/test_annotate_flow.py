"""A radiologist opens the top suggestion, corrects the model's mask with the brush, and submits it; the server
must then hold a mask on the image's own voxel grid that differs from the prediction only where they painted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    ApiClient,
    BrowserProblems,
    Server,
    brush_label,
    first_queue_case,
    paint_horizontal_stroke,
    viewer_labelmap,
)

pytestmark = pytest.mark.e2e


class TestAnnotateTopSuggestion:
    def test_brush_correction_is_stored_on_the_image_grid_and_budget_shown(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        login(page, "radiologist")
        expect(page).to_have_url(f"{server.base_url}/queue")
        first_row, patient_id = first_queue_case(page)
        page.screenshot(path=str(artifacts / "queue.png"), full_page=True)

        first_row.get_by_test_id("queue-open").click()
        expect(page).to_have_url(f"{server.base_url}/annotate/{patient_id}")
        expect(page.get_by_test_id("viewer")).to_have_attribute("data-rendered", "true")
        page.evaluate("window.__radloopViewer.rendered")
        # The case payload named the prediction and its round as the start; the viewer holds exactly its voxels.
        detail = api_as("radiologist").get_json(f"/api/patients/{patient_id}")
        assert isinstance(detail, dict)
        masks = detail["masks"]
        assert masks["starting"] == "prediction", masks
        status = page.get_by_test_id("viewer-status")
        expect(status).to_have_attribute("data-mask", "prediction")
        expect(status).to_have_text(f"Model prediction, round {masks['prediction']['round_number']}.")
        start = api_as("radiologist").get_array(f"/api/patients/{patient_id}/prediction")
        assert np.array_equal(viewer_labelmap(page), start)
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "viewer-prediction.png"))

        page.keyboard.press("b")
        expect(page.get_by_test_id("tool-brush")).to_have_attribute("aria-pressed", "true")
        paint_label = brush_label(api_as("radiologist"), patient_id)
        page.get_by_test_id(f"label-{paint_label}").check()
        paint_horizontal_stroke(page, 0.5)
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "viewer-painted.png"))

        page.get_by_test_id("submit-annotation").click()
        expect(page).to_have_url(f"{server.base_url}/queue")
        flash = page.get_by_test_id("flash")
        expect(flash).to_contain_text("Remaining budget")
        page.screenshot(path=str(artifacts / "queue-after-submit.png"), full_page=True)

        api = api_as("radiologist")
        annotations = api.get_json(f"/api/patients/{patient_id}/annotations")
        assert isinstance(annotations, list) and annotations
        latest = max(annotations, key=lambda a: a["version"])
        assert latest["time_spent_s"] > 0

        volume = api.get_nifti(f"/api/patients/{patient_id}/volume")
        prediction = api.get_array(f"/api/patients/{patient_id}/prediction")
        mask = api.get_array(f"/api/annotations/{latest['id']}/mask")

        assert mask.shape == volume.shape
        assert mask.dtype == np.uint8
        changed = mask != prediction
        assert changed.any()
        # Only the painted voxels may differ, and all of them now carry the brush label: a mask written in the
        # wrong voxel order would scramble the untouched prediction instead.
        assert np.all(mask[changed] == paint_label)
        assert changed.mean() < 0.05
        # An axial stroke lies in one axial slice of the image's own grid.
        superior_axis = [code in "SI" for code in nib.aff2axcodes(volume.affine)].index(True)
        assert len(np.unique(np.argwhere(changed)[:, superior_axis])) == 1

        projects = api.get_json("/api/projects")
        assert isinstance(projects, list)
        remaining = {p["id"]: p["budget_remaining"] for p in projects}
        patient = api.get_json(f"/api/patients/{patient_id}")
        assert isinstance(patient, dict)
        currency = next(p["currency"] for p in projects if p["id"] == patient["project_id"])
        shown = page.evaluate(
            "([v, c]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c }).format(v)",
            [remaining[patient["project_id"]], currency],
        )
        expect(flash).to_contain_text(f"Remaining budget: {shown}.")
        browser_problems.assert_none()
