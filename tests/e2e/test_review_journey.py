"""Review of masks in the browser (issue 17, item 1): a reader's submission waits for a reviewer, who returns it with
a comment; the reader sees the comment over their read, fixes it and resubmits; the reviewer accepts it.

The demo project reviews masks for this test only, and the case is published into the open round's selection
beside the round's own two cases (a pool patient the round scored but did not select), so the journeys that take
the top of the reader's queue still find their cases there. The screenshots are the pages a user sees: the review
queue, the review workspace with the model's prediction over the read, the reader's returned banner.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.db.session import get_engine
from backend.models import Round, Score
from backend.round.state import OPEN_FOR_ANNOTATION
from tests.e2e.conftest import browser_page
from tests.e2e.helpers import (
    ApiClient,
    BrowserProblems,
    Server,
    brush_label,
    demo_project,
    paint_horizontal_stroke,
    unqueued_pool_patients,
    viewer_labelmap,
    wait_viewer_rendered,
)

pytestmark = pytest.mark.e2e

COMMENT = "The posterior part is missing on the lower slices: extend the label there."


def _set_selected(server: Server, project_id: str, patient_id: str, selected: bool) -> None:
    """Adds the patient to (or takes it out of) the open round's selection: the round had scored it."""
    engine = get_engine(server.env["DATABASE_URL"])
    with Session(engine) as session, session.begin():
        round_id = session.scalar(
            select(Round.id).where(
                Round.project_id == uuid.UUID(project_id),
                Round.status.in_([str(status) for status in OPEN_FOR_ANNOTATION]),
            )
        )
        assert round_id is not None, "the e2e server's round should be open for annotation"
        changed = session.execute(
            update(Score)
            .where(Score.round_id == round_id, Score.patient_id == uuid.UUID(patient_id))
            .values(selected=selected)
        ).rowcount  # type: ignore[attr-defined]
        assert changed == 1, "the round should have scored the patient"


@pytest.fixture
def review_case(server: Server, api_as: Callable[[str], ApiClient]) -> Iterator[dict[str, Any]]:
    """The demo project with review on and one more case published to its readers; review is off again after."""
    lead, reader = api_as("lead"), api_as("radiologist")
    project = demo_project(lead)
    free = unqueued_pool_patients(lead, reader, project["id"])
    patient = free[-1]  # test_starting_mask borrows the first one
    settings = lead.send_json("PATCH", f"/api/projects/{project['id']}/settings", {"review_required": True})
    assert settings["review_required"] is True
    _set_selected(server, project["id"], patient["id"], True)
    try:
        yield {"project_id": project["id"], "patient_id": patient["id"], "external_id": patient["external_id"]}
    finally:
        lead.send_json("PATCH", f"/api/projects/{project['id']}/settings", {"review_required": False})
        _set_selected(server, project["id"], patient["id"], False)
        reader.send("DELETE", f"/api/patients/{patient['id']}/draft")
        reader.send("DELETE", f"/api/patients/{patient['id']}/reservation")


def _paint_and_submit(page: Page, server: Server, reader: ApiClient, patient_id: str, y_fraction: float) -> None:
    page.keyboard.press("b")
    page.get_by_test_id(f"label-{brush_label(reader, patient_id)}").check()
    paint_horizontal_stroke(page, y_fraction)
    page.get_by_test_id("submit-annotation").click()
    expect(page).to_have_url(f"{server.base_url}/queue")


def _case(api: ApiClient, patient_id: str) -> dict[str, Any]:
    detail = api.get_json(f"/api/patients/{patient_id}")
    assert isinstance(detail, dict)
    return detail


def _open_from_review_queue(page: Page, server: Server, patient_id: str) -> None:
    """Opens the case from the review queue, reached by the top bar's "Review" link (shown to reviewers only)."""
    page.goto(f"{server.base_url}/account")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review", exact=True).click()
    expect(page).to_have_url(f"{server.base_url}/review")
    row = page.locator(f"[data-testid=review-row][data-patient-id='{patient_id}']")
    expect(row).to_be_visible()
    row.get_by_test_id("review-open").click()
    expect(page).to_have_url(f"{server.base_url}/review/{patient_id}")
    wait_viewer_rendered(page)
    expect(page.get_by_test_id("review-status")).to_have_attribute("data-state", "ready")


class TestReviewJourney:
    def test_returned_read_is_fixed_resubmitted_and_accepted(
        self,
        server: Server,
        page: Page,
        browser: Browser,
        request: pytest.FixtureRequest,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
        review_case: dict[str, Any],
    ) -> None:
        patient_id, external_id = review_case["patient_id"], review_case["external_id"]
        reader = api_as("radiologist")

        # 1. The radiologist (no reviewer) reads the published case and submits it: it goes to review.
        login(page, "radiologist")
        review_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Review", exact=True)
        expect(review_link).to_have_count(0)
        row = page.locator(f"[data-testid=queue-row][data-patient-id='{patient_id}']")
        expect(row).to_be_visible()
        row.get_by_test_id("queue-open").click()
        wait_viewer_rendered(page)
        expect(page.get_by_test_id("viewer-status")).to_have_attribute("data-mask", "prediction")
        _paint_and_submit(page, server, reader, patient_id, 0.45)
        expect(page.get_by_test_id("flash")).to_contain_text(f"Submitted {external_id} for review")
        first = _case(reader, patient_id)
        assert first["status"] == "in_review" and first["annotation_version"] is None
        first_read = first["masks"]["read"]
        assert first_read["review_status"] == "pending" and first["masks"]["starting"] == "read"

        with browser_page(browser, request, "lead") as lead_page:
            browser_problems.watch(lead_page)
            # 2. The lead finds it in the review queue, compares the read with the prediction and returns it.
            login(lead_page, "lead")
            _open_from_review_queue(lead_page, server, patient_id)
            shown = viewer_labelmap(lead_page)
            assert np.array_equal(shown, reader.get_array(f"/api/annotations/{first_read['annotation_id']}/mask"))
            lead_page.goto(f"{server.base_url}/review")
            expect(lead_page.locator(f"[data-testid=review-row][data-patient-id='{patient_id}']")).to_contain_text(
                "Read 1 v"
            )
            lead_page.screenshot(path=str(artifacts / "review-queue.png"), full_page=True)
            lead_page.locator(f"[data-testid=review-row][data-patient-id='{patient_id}']").get_by_test_id(
                "review-open"
            ).click()
            wait_viewer_rendered(lead_page)
            expect(lead_page.get_by_test_id("review-no-decisions")).to_be_visible()
            prediction = lead_page.get_by_test_id("tool-prediction")
            expect(prediction).to_be_enabled()
            lead_page.keyboard.press("p")
            expect(prediction).to_be_checked()
            lead_page.screenshot(path=str(artifacts / "review-workspace.png"))
            lead_page.keyboard.press("?")
            expect(lead_page.get_by_test_id("help-overlay")).to_contain_text("model prediction's outline")
            lead_page.keyboard.press("Escape")
            lead_page.get_by_test_id("review-return").click()
            expect(lead_page.get_by_test_id("review-error")).to_contain_text("comment is required")
            lead_page.get_by_test_id("review-comment").fill(COMMENT)
            lead_page.get_by_test_id("review-return").click()
            expect(lead_page).to_have_url(f"{server.base_url}/review")
            expect(lead_page.get_by_test_id("flash")).to_have_text(f"Returned {external_id} to radiologist.")
            assert _case(reader, patient_id)["masks"]["read"]["review_status"] == "returned"

            # 3. The radiologist sees it returned, with the comment, over the read they submitted; fixes, resubmits.
            page.goto(f"{server.base_url}/queue")
            returned = page.locator(f"[data-testid=returned-row][data-patient-id='{patient_id}']")
            expect(returned).to_contain_text(COMMENT)
            expect(returned).to_contain_text("lead")
            returned.get_by_test_id("returned-open").click()
            expect(page).to_have_url(f"{server.base_url}/annotate/{patient_id}")
            wait_viewer_rendered(page)
            banner = page.get_by_test_id("returned-banner")
            expect(banner).to_contain_text("Returned by lead")
            expect(page.get_by_test_id("returned-comment")).to_have_text(COMMENT)
            status = page.get_by_test_id("viewer-status")
            expect(status).to_have_attribute("data-mask", "read")
            expect(status).to_have_text(f"Your read v{first_read['version']}, returned by lead.")
            assert np.array_equal(
                viewer_labelmap(page), reader.get_array(f"/api/annotations/{first_read['annotation_id']}/mask")
            )
            page.screenshot(path=str(artifacts / "review-returned-banner.png"), full_page=True)
            _paint_and_submit(page, server, reader, patient_id, 0.6)
            expect(page.get_by_test_id("returned-cases")).to_have_count(0)
            resubmitted = _case(reader, patient_id)["masks"]["read"]
            assert resubmitted["review_status"] == "pending"
            assert resubmitted["version"] > first_read["version"]

            # 4. The lead sees the return in the case's history and accepts the resubmitted read as it is.
            _open_from_review_queue(lead_page, server, patient_id)
            expect(lead_page.get_by_test_id("review-decisions")).to_contain_text("Returned to radiologist by lead")
            expect(lead_page.get_by_test_id("review-decisions")).to_contain_text(COMMENT)
            assert np.array_equal(
                viewer_labelmap(lead_page), reader.get_array(f"/api/annotations/{resubmitted['annotation_id']}/mask")
            )
            lead_page.get_by_test_id("review-accept").click()
            expect(lead_page).to_have_url(f"{server.base_url}/review")
            expect(lead_page.get_by_test_id("flash")).to_have_text(
                f"Accepted the read of {external_id}: version {resubmitted['version']} is its ground truth."
            )

        final = _case(api_as("lead"), patient_id)
        assert final["status"] == "annotated"
        assert final["annotation_version"] == resubmitted["version"]
        assert final["masks"]["accepted"]["annotation_id"] == resubmitted["annotation_id"]
        accepted = api_as("lead").get_json(f"/api/reviews?status=accepted&project_id={review_case['project_id']}")
        assert isinstance(accepted, list)
        item = next(i for i in accepted if i["patient_id"] == patient_id)
        assert item["reviewer"] == "lead" and item["review_time_s"] > 0
        browser_problems.assert_none()
