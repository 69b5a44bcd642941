"""The lead lowers the budget and the radiologist's queue shrinks with it; the admin dashboard renders the demo
project's rounds and label-efficiency curve (screenshot kept under test-artifacts/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import ApiClient, BrowserProblems, Server, demo_project, painted_pixels

pytestmark = pytest.mark.e2e


class TestLeadLowersTheBudget:
    def test_the_radiologists_queue_shrinks_accordingly(
        self,
        server: Server,
        browser: Browser,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        lead_api, reader_api = api_as("lead"), api_as("radiologist")
        project = demo_project(lead_api)
        queue = reader_api.get_json("/api/queue")
        assert isinstance(queue, list)
        before = len([q for q in queue if q["project_id"] == project["id"]])
        assert before >= 1, "the e2e server's finished round should have suggested patients"
        keep = before - 1
        new_total = project["budget_spent"] + keep * project["cost_per_patient"]
        original_total = project["budget_total"]
        try:
            login(page, "lead")
            page.goto(f"{server.base_url}/projects/{project['id']}?tab=budget")
            page.get_by_label("Total budget").fill(f"{new_total:.2f}")
            page.get_by_role("button", name="Save budget").click()
            # Every amount is shown in the project's currency, as the browser writes it.
            remaining = page.evaluate(
                "([v, c]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c }).format(v)",
                [keep * project["cost_per_patient"], project["currency"]],
            )
            expect(page.get_by_test_id("ledger-remaining")).to_have_text(f"remaining {remaining}")
            # The ledger shows the lead's change with who and why, newest first.
            last = page.get_by_test_id("ledger").locator("tbody tr").first
            expect(last).to_contain_text("lead")
            expect(last).to_contain_text(f"total budget set to {new_total:.2f}")
            page.screenshot(path=str(artifacts / "lead-budget-ledger.png"), full_page=True)
            # The card on the overview tab agrees.
            page.get_by_role("tab", name="Overview").click()
            expect(page.get_by_test_id("project-budget")).to_contain_text(f"remaining {remaining}")

            reader_context = browser.new_context(viewport={"width": 1400, "height": 1000})
            reader = browser_problems.watch(reader_context.new_page())
            try:
                login(reader, "radiologist")
                reader.goto(f"{server.base_url}/queue")
                rows = reader.get_by_test_id("queue-row")
                if keep == 0:
                    expect(reader.get_by_test_id("queue-empty")).to_be_visible()
                else:
                    expect(rows).to_have_count(keep)
                reader.screenshot(path=str(artifacts / "queue-after-budget-cut.png"), full_page=True)
            finally:
                reader_context.close()
            after = reader_api.get_json("/api/queue")
            assert isinstance(after, list)
            assert len([q for q in after if q["project_id"] == project["id"]]) == keep
            browser_problems.assert_none()
        finally:
            lead_api.send_json("PATCH", f"/api/projects/{project['id']}/budget", {"budget_total": original_total})


class TestAdminDashboard:
    def test_renders_the_demo_rounds_and_the_label_efficiency_curve(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        admin_api = api_as("admin")
        project = demo_project(admin_api)
        board = admin_api.get_json(f"/api/projects/{project['id']}/dashboard")
        assert isinstance(board, dict)
        finished = [r for r in board["rounds"] if r["val_dice"] is not None]
        assert finished, "the e2e server ran one round"

        login(page, "admin")
        page.goto(f"{server.base_url}/admin?project={project['id']}")
        timeline = page.get_by_test_id("rounds-timeline")
        expect(timeline.locator("tbody tr")).to_have_count(len(board["rounds"]))
        expect(timeline).to_contain_text(f"{finished[0]['val_dice']:.3f}")
        for chart in ("efficiency-chart", "dice-chart", "uncertainty-chart"):
            expect(page.get_by_test_id(chart)).to_be_visible()
        # Chart.js has drawn on the curve's canvas: some pixels are not transparent.
        painted = painted_pixels(page, "efficiency-chart")
        assert painted > 500
        # The random baseline is offered beside the curve (not started here: the e2e server runs no worker).
        expect(page.get_by_test_id("random-baseline")).to_contain_text("hidden reference labels")
        expect(page.get_by_role("button", name="Simulate random baseline")).to_be_enabled()
        page.screenshot(path=str(artifacts / "admin-dashboard.png"), full_page=True)
        # Started, it waits for a worker (none here) and can be cancelled from the same panel.
        page.get_by_role("button", name="Simulate random baseline").click()
        baseline = page.get_by_test_id("random-baseline")
        expect(baseline.get_by_role("status")).to_contain_text("Waiting for a worker")
        expect(page.get_by_role("button", name="Simulate random baseline")).to_be_disabled()
        baseline.get_by_role("button", name="Cancel").click()
        expect(baseline).to_contain_text("The last simulation was cancelled")
        expect(page.get_by_role("button", name="Simulate random baseline")).to_be_enabled()
        simulation = admin_api.get_json(f"/api/projects/{project['id']}/simulations/random")
        assert isinstance(simulation, dict) and simulation["status"] == "cancelled"

        page.get_by_role("link", name="Audit log").click()
        expect(page.get_by_test_id("audit-table")).to_contain_text("auth.login")
        page.get_by_role("link", name="Users").click()
        expect(page.get_by_test_id("user-radiologist")).to_be_visible()
        browser_problems.assert_none()


class TestLeadSeesSkippedCases:
    def test_a_skipped_case_is_listed_and_can_be_returned_to_the_queue(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
    ) -> None:
        lead_api, reader_api = api_as("lead"), api_as("radiologist")
        project = demo_project(lead_api)
        queue = reader_api.get_json("/api/queue")
        assert isinstance(queue, list)
        case = next((q for q in queue if q["project_id"] == project["id"]), None)
        assert case is not None, "the e2e server's finished round should have suggested patients"
        skipped = reader_api.send_json(
            "POST", f"/api/patients/{case['patient_id']}/skip", {"reason": "poor_quality", "note": "e2e motion"}
        )
        resolved = False
        try:
            login(page, "lead")
            page.goto(f"{server.base_url}/projects/{project['id']}")
            skips = page.get_by_role("region", name="Skipped cases")
            row = skips.get_by_role("row").filter(has_text=case["external_id"])
            expect(row).to_have_count(1)
            expect(row).to_contain_text("Poor image quality")
            expect(row).to_contain_text("e2e motion")
            expect(row).to_contain_text("radiologist")
            row.get_by_role("button", name="Return to queue").click()
            expect(row).to_have_count(0)
            resolved = True
            open_skips = lead_api.get_json(f"/api/projects/{project['id']}/skips")
            assert isinstance(open_skips, list)
            assert skipped["id"] not in {s["id"] for s in open_skips}
            browser_problems.assert_none()
        finally:
            if not resolved:
                lead_api.send("POST", f"/api/patients/{case['patient_id']}/skip/resolve")
