"""The radiologist workstation in Chromium against the real backend: reservations between two radiologists, a
draft that survives a reload, and the full paint / undo / paint / submit flow with screenshots of every overlay."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SECOND_RADIOLOGIST, browser_page
from tests.e2e.helpers import (
    ApiClient,
    BrowserProblems,
    Server,
    brush_label,
    first_queue_case,
    paint_horizontal_stroke,
    viewer_labelmap,
    wait_viewer_rendered,
)

pytestmark = pytest.mark.e2e


def _queue_ids(api: ApiClient) -> list[str]:
    queue = api.get_json("/api/queue")
    assert isinstance(queue, list)
    return [item["patient_id"] for item in queue]


def _free_queued_patient(api_as: Callable[[str], ApiClient]) -> str:
    """A case the radiologist's queue offers (the only cases readers may open), with a prediction, that nobody
    holds: the last one, so the tests that take the top of the queue still find it there."""
    radiologist = api_as("radiologist")
    for patient_id in reversed(_queue_ids(radiologist)):
        detail = radiologist.get_json(f"/api/patients/{patient_id}")
        assert isinstance(detail, dict)
        if detail["has_prediction"] and radiologist.send("POST", f"/api/patients/{patient_id}/reservation") == 200:
            radiologist.send("DELETE", f"/api/patients/{patient_id}/reservation")
            return str(patient_id)
    pytest.fail("no free queued patient with a prediction in the demo project")


@pytest.fixture
def second_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    with browser_page(browser, request, "second") as page:
        yield page


class TestWorkstation:
    def test_second_radiologist_cannot_take_a_reserved_case(
        self,
        server: Server,
        page: Page,
        second_page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        browser_problems.watch(second_page)
        login(page, "radiologist")
        first_row, patient_id = first_queue_case(page)
        # Why the case was chosen, in words (the score's component names stay behind "The numbers").
        expect(first_row.get_by_test_id("reason-summary")).to_have_text(re.compile(r"^[A-Z][a-z]+ [^_]+$"))
        first_row.get_by_test_id("queue-open").click()
        wait_viewer_rendered(page)
        expect(page.get_by_test_id("reserved-until")).to_contain_text("Reserved for you")

        login(second_page, SECOND_RADIOLOGIST)
        # The second reader's viewer asks for the case and is refused: the one answer this test provokes.
        browser_problems.expect("POST", f"/api/patients/{patient_id}/reservation$", 409)
        expect(
            second_page.get_by_test_id("queue-row").or_(second_page.get_by_test_id("queue-empty")).first
        ).to_be_visible()
        expect(second_page.locator(f'[data-testid=queue-row][data-patient-id="{patient_id}"]')).to_have_count(0)
        second_page.goto(f"{server.base_url}/annotate/{patient_id}")
        # Not in their queue any more: the page asks before it reserves, and taking it is refused.
        expect(second_page.get_by_test_id("not-in-queue")).to_be_visible()
        second_page.get_by_test_id("take-case").click()
        refused = second_page.get_by_test_id("reservation-refused")
        expect(refused).to_contain_text("reserved by radiologist")
        second_page.screenshot(path=str(artifacts / "reservation-refused.png"), full_page=True)
        assert api_as(SECOND_RADIOLOGIST).send("POST", f"/api/patients/{patient_id}/reservation") == 409

        # Leaving an untouched case gives it straight back to the queue.
        page.get_by_role("link", name="← Back to queue").click()
        expect(page.locator(f'[data-testid=queue-row][data-patient-id="{patient_id}"]')).to_have_count(1)
        api_as("radiologist").send("DELETE", f"/api/patients/{patient_id}/reservation")
        assert patient_id in _queue_ids(api_as(SECOND_RADIOLOGIST))
        browser_problems.assert_none()

    def test_draft_survives_a_page_reload(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
    ) -> None:
        patient_id = _free_queued_patient(api_as)
        login(page, "radiologist")
        page.goto(f"{server.base_url}/annotate/{patient_id}")
        wait_viewer_rendered(page)
        expect(page.get_by_test_id("viewer-status")).to_contain_text("Model prediction, round")
        page.keyboard.press("b")
        paint_label = brush_label(api_as("radiologist"), patient_id)
        page.get_by_test_id(f"label-{paint_label}").check()
        paint_horizontal_stroke(page, 0.5)
        expect(page.get_by_test_id("save-state")).to_have_attribute("data-state", "saved")

        api = api_as("radiologist")
        draft = api.get_array(f"/api/patients/{patient_id}/draft/mask")
        prediction = api.get_array(f"/api/patients/{patient_id}/prediction")
        assert draft.shape == prediction.shape
        changed = draft != prediction
        assert changed.any() and np.all(draft[changed] == paint_label)

        page.reload()
        wait_viewer_rendered(page)
        status = page.get_by_test_id("viewer-status")
        expect(status).to_have_attribute("data-mask", "draft")
        expect(status).to_contain_text("Your draft (saved ")
        assert np.array_equal(viewer_labelmap(page), draft)

        assert api.send("DELETE", f"/api/patients/{patient_id}/draft") == 204
        assert api.send("DELETE", f"/api/patients/{patient_id}/reservation") == 204
        browser_problems.assert_none()

    def test_paint_undo_paint_submit_stores_exactly_the_painted_change(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        login(page, "radiologist")
        first_row, patient_id = first_queue_case(page)
        page.screenshot(path=str(artifacts / "queue-workstation.png"), full_page=True)
        first_row.get_by_test_id("queue-open").focus()
        page.keyboard.press("Enter")  # the queue works by keyboard
        expect(page).to_have_url(f"{server.base_url}/annotate/{patient_id}")
        wait_viewer_rendered(page)
        expect(page.get_by_test_id("viewer-status")).to_contain_text("Model prediction, round")
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "workstation-prediction.png"))
        page.get_by_test_id("tool-uncertainty").check()
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "workstation-uncertainty.png"))
        page.get_by_test_id("tool-uncertainty").uncheck()

        page.keyboard.press("?")
        expect(page.get_by_test_id("help-overlay")).to_be_visible()
        expect(page.get_by_test_id("help-overlay")).to_contain_text("Redo")
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("help-overlay")).not_to_be_visible()

        page.keyboard.press("b")
        expect(page.get_by_test_id("tool-brush")).to_have_attribute("aria-pressed", "true")
        paint_label = brush_label(api_as("radiologist"), patient_id)
        page.get_by_test_id(f"label-{paint_label}").check()
        before = viewer_labelmap(page)
        paint_horizontal_stroke(page, 0.35)
        assert (viewer_labelmap(page) != before).any(), "the first stroke painted nothing"
        page.keyboard.press("Control+z")
        expect(page.get_by_test_id("tool-redo")).to_be_enabled()
        paint_horizontal_stroke(page, 0.65)
        expect(page.get_by_test_id("tool-redo")).to_be_disabled()
        page.get_by_test_id("viewer").screenshot(path=str(artifacts / "workstation-painted.png"))

        page.get_by_test_id("submit-annotation").click()
        expect(page).to_have_url(f"{server.base_url}/queue")
        expect(page.get_by_test_id("flash")).to_contain_text("Saved annotation")

        api = api_as("radiologist")
        annotations = api.get_json(f"/api/patients/{patient_id}/annotations")
        assert isinstance(annotations, list) and annotations
        latest = max(annotations, key=lambda a: a["version"])
        assert latest["time_spent_s"] > 0
        assert api.send("GET", f"/api/patients/{patient_id}/draft") == 204  # the submission cleared the draft

        volume = api.get_nifti(f"/api/patients/{patient_id}/volume")
        prediction = api.get_array(f"/api/patients/{patient_id}/prediction")
        mask = api.get_array(f"/api/annotations/{latest['id']}/mask")
        assert mask.shape == volume.shape
        changed = mask != prediction
        assert changed.any() and np.all(mask[changed] == paint_label)
        # One axial slice, one horizontal stroke: the undone stroke (30 % of the canvas higher) left nothing behind.
        codes = nib.aff2axcodes(volume.affine)
        superior = [code in "SI" for code in codes].index(True)
        anterior = [code in "AP" for code in codes].index(True)
        where = np.argwhere(changed)
        assert len(np.unique(where[:, superior])) == 1
        assert np.ptp(where[:, anterior]) <= 4

        lead_view = api_as("lead").get_json(
            f"/api/projects/{api.get_json(f'/api/patients/{patient_id}')['project_id']}/annotations"
        )  # type: ignore[index]
        assert isinstance(lead_view, list)
        assert any(a["id"] == latest["id"] and a["time_spent_s"] == latest["time_spent_s"] for a in lead_view)
        browser_problems.assert_none()
