"""Double reading in the browser (issue 17, items 2-5): the radiologist reads a case, a second radiologist sees it on
top of their queue marked as a second read and reads it blind; the review job measures the reads' agreement and
proposes a consensus; the lead opens the case, outlines both reads over the consensus, reads the agreement table and
accepts the consensus as it is.

The demo project reviews masks and double-reads every case for this test only, and the case is published into the
open round's selection the way test_review_journey does. The screenshots: the second reader's queue with the mark,
the review workspace with both reads outlined, the dashboard's reader table.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import delete
from sqlalchemy.orm import Session

from backend.db.session import get_engine
from backend.models import Annotation, LedgerEntry, Patient
from backend.models.review import CaseReview, ReadAgreement
from tests.e2e.conftest import SECOND_RADIOLOGIST, _run_cli, browser_page
from tests.e2e.helpers import (
    ApiClient,
    BrowserProblems,
    Server,
    demo_project,
    unqueued_pool_patients,
    viewer_labelmap,
    wait_viewer_rendered,
)
from tests.e2e.test_review_journey import _case, _open_from_review_queue, _paint_and_submit, _set_selected

pytestmark = pytest.mark.e2e


@pytest.fixture
def double_read_case(server: Server, api_as: Callable[[str], ApiClient]) -> Iterator[dict[str, Any]]:
    """The demo project with review on and every read case double-read, one more case published to its readers;
    review and double reading are off again after, and the case unread again (its reads, consensus, review, agreement
    and charges removed), so test_starting_mask still finds an unlabelled pool patient the round did not select."""
    lead, reader, second = api_as("lead"), api_as("radiologist"), api_as(SECOND_RADIOLOGIST)
    project = demo_project(lead)
    free = unqueued_pool_patients(lead, reader, project["id"])
    # Not test_review_journey's (the last): that journey wants a case with no review history, and this one leaves
    # its decisions in the audit log. test_starting_mask borrows this one again once it is unread (below).
    patient = free[0]
    settings = lead.send_json(
        "PATCH",
        f"/api/projects/{project['id']}/settings",
        {"review_required": True, "double_read_fraction": 1.0, "double_read_rule": "random"},
    )
    assert settings["review_required"] is True and settings["double_read_fraction"] == 1.0
    _set_selected(server, project["id"], patient["id"], True)
    try:
        yield {"project_id": project["id"], "patient_id": patient["id"], "external_id": patient["external_id"]}
    finally:
        lead.send_json(
            "PATCH",
            f"/api/projects/{project['id']}/settings",
            {"review_required": False, "double_read_fraction": 0.0},
        )
        _set_selected(server, project["id"], patient["id"], False)
        for client in (reader, second):
            client.send("DELETE", f"/api/patients/{patient['id']}/draft")
            client.send("DELETE", f"/api/patients/{patient['id']}/reservation")
        _unread(server, patient["id"])


def _unread(server: Server, patient_id: str) -> None:
    """Puts the case back as it was before the journey: no masks, no review, no charges."""
    engine = get_engine(server.env["DATABASE_URL"])
    key = uuid.UUID(patient_id)
    with Session(engine) as session, session.begin():
        patient = session.get(Patient, key)
        assert patient is not None
        patient.accepted_annotation_id = None
        patient.status = "unlabeled"
        session.flush()
        session.execute(delete(ReadAgreement).where(ReadAgreement.patient_id == key))
        session.execute(delete(CaseReview).where(CaseReview.patient_id == key))
        session.execute(delete(LedgerEntry).where(LedgerEntry.patient_id == key))
        session.execute(delete(Annotation).where(Annotation.patient_id == key))


def _read_in_browser(page: Page, server: Server, api: ApiClient, patient_id: str, y_fraction: float) -> None:
    row = page.locator(f"[data-testid=queue-row][data-patient-id='{patient_id}']")
    expect(row).to_be_visible()
    row.get_by_test_id("queue-open").click()
    expect(page).to_have_url(f"{server.base_url}/annotate/{patient_id}")
    wait_viewer_rendered(page)
    _paint_and_submit(page, server, api, patient_id, y_fraction)


class TestDoubleReadJourney:
    def test_second_read_consensus_and_acceptance(
        self,
        server: Server,
        page: Page,
        browser: Browser,
        request: pytest.FixtureRequest,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
        double_read_case: dict[str, Any],
    ) -> None:
        patient_id, external_id = double_read_case["patient_id"], double_read_case["external_id"]
        project_id = double_read_case["project_id"]
        reader, second, lead = api_as("radiologist"), api_as(SECOND_RADIOLOGIST), api_as("lead")

        # 1. The radiologist reads the published case: it waits for a second reader.
        login(page, "radiologist")
        _read_in_browser(page, server, reader, patient_id, 0.45)
        first_read = _case(reader, patient_id)["masks"]["read"]
        assert first_read["review_status"] == "second_read"

        with browser_page(browser, request, SECOND_RADIOLOGIST) as second_page:
            browser_problems.watch(second_page)
            # 2. The second radiologist finds it on top of their queue, marked, and reads it without the first read.
            login(second_page, SECOND_RADIOLOGIST)
            rows = second_page.get_by_test_id("queue-row")
            expect(rows.first).to_have_attribute("data-patient-id", patient_id)
            expect(rows.first.get_by_test_id("queue-second-read")).to_have_text("Second read — read independently")
            expect(second_page.get_by_test_id("queue-second-read")).to_have_count(1)
            second_page.screenshot(path=str(artifacts / "double-read-queue.png"), full_page=True)
            _read_in_browser(second_page, server, second, patient_id, 0.6)
            assert _case(second, patient_id)["masks"]["read"]["review_status"] == "pending"

        # 3. The review job measures the reads' agreement and proposes the consensus.
        _run_cli(["review-reads"], server.env, timeout=300, module="worker.cli")
        detail = lead.get_json(f"/api/patients/{patient_id}/review")
        assert isinstance(detail, dict)
        assert sorted(read["read_number"] for read in detail["reads"]) == [1, 2]
        consensus = detail["consensus"]
        assert consensus is not None, "the review job should have made the consensus"
        between = [row for row in detail["agreement"] if row["kind"] == "between_reads"]
        assert between, "the review job should have measured the reads against each other"

        with browser_page(browser, request, "lead") as lead_page:
            browser_problems.watch(lead_page)
            # 4. The lead opens the case: the drawing starts from the consensus, both reads can be outlined over it.
            login(lead_page, "lead")
            _open_from_review_queue(lead_page, server, patient_id)
            expect(lead_page.get_by_test_id("review-status")).to_contain_text(f"Consensus v{consensus['version']}")
            expect(lead_page.get_by_test_id("start-consensus")).to_be_checked()
            assert np.array_equal(
                viewer_labelmap(lead_page), lead.get_array(f"/api/annotations/{consensus['annotation_id']}/mask")
            )
            outline_1, outline_2 = (
                lead_page.get_by_test_id("outline-read-1"),
                lead_page.get_by_test_id("outline-read-2"),
            )
            expect(outline_1).to_be_enabled()
            lead_page.keyboard.press("j")
            lead_page.keyboard.press("k")
            expect(outline_1).to_be_checked()
            expect(outline_2).to_be_checked()
            rows_shown = lead_page.locator("[data-testid=agreement-row][data-kind=between_reads]")
            expect(rows_shown).to_have_count(len(between))
            expect(rows_shown.first).to_contain_text(f"{SECOND_RADIOLOGIST}'s read")
            lead_page.screenshot(path=str(artifacts / "double-read-review-workspace.png"), full_page=True)
            lead_page.keyboard.press("j")
            expect(outline_1).not_to_be_checked()
            lead_page.keyboard.press("?")
            expect(lead_page.get_by_test_id("help-overlay")).to_contain_text("read 1's outline")
            lead_page.keyboard.press("Escape")
            # Two readers: the return goes to the one the lead picks.
            expect(lead_page.get_by_test_id("review-return-reader").locator("option")).to_have_count(2)

            # 5. The lead accepts the consensus as it is.
            lead_page.get_by_test_id("review-accept").click()
            expect(lead_page).to_have_url(f"{server.base_url}/review")
            expect(lead_page.get_by_test_id("flash")).to_have_text(
                f"Accepted the consensus of {external_id}: version {consensus['version']} is its ground truth."
            )

            final = _case(lead, patient_id)
            assert final["status"] == "annotated"
            accepted = final["masks"]["accepted"]
            assert accepted["annotation_id"] == consensus["annotation_id"]
            assert accepted["source"] == "consensus"

            # 6. Measured against the accepted mask, each reader's figures reach the dashboard's reader table.
            _run_cli(["review-reads"], server.env, timeout=300, module="worker.cli")
            lead_page.goto(f"{server.base_url}/projects/{project_id}/dashboard")
            table = lead_page.get_by_test_id("throughput")
            expect(table).to_contain_text("Agreement with other reader")
            # Match the reader's cell exactly: "radiologist" + a count of 2 also reads "radiologist2".
            reader_cell = lead_page.get_by_role("cell", name=SECOND_RADIOLOGIST, exact=True)
            expect(table.locator("tr").filter(has=reader_cell)).to_contain_text("(1 case)")
            table.scroll_into_view_if_needed()
            lead_page.screenshot(path=str(artifacts / "double-read-dashboard.png"), full_page=True)
        browser_problems.assert_none()
