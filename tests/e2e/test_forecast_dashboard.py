"""Budget intelligence on the lead's pages: the lead sets a target Dice and a stop threshold in the round settings
(the server's refusal of an invalid target is shown), the project dashboard's Forecast panel draws the learning
curve fitted to three rounds and recommends continuing or stopping, and the reader's queue shows each case's
predicted reading time (the demo's imported labels carry reading times, so its model has >= 5 timed cases).

The e2e server runs one real round; the two earlier rounds the forecast needs are written into the database by a
fixture (the real round is renumbered after them and given a known Dice, so the fit is deterministic), and
everything is put back afterwards so the other e2e tests see the demo as the server left it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.db.session import get_engine
from backend.models import Round
from tests.e2e.helpers import ApiClient, BrowserProblems, Server, api_login, demo_project, painted_pixels

pytestmark = pytest.mark.e2e

# Validation Dice of the two seeded rounds and of the real one, on 2, 3 and 4 annotated patients: a curve that
# still rises, so a small threshold says continue and a large one says stop.
SEEDED_DICE = (0.55, 0.66)
REAL_DICE = 0.72


def _per_label(dice: float) -> dict[str, float]:
    return {"anterior": round(dice - 0.02, 4), "posterior": round(dice + 0.02, 4)}


def _minutes_text(minutes: float) -> str:
    """frontend/src/lib/format.ts formatMinutes, for the values the demo's cases get."""
    if minutes < 0.5:
        return "<1 min"
    total = round(minutes)
    return f"~{total} min" if total < 60 else f"~{total // 60} h {total % 60:02d} min"


@pytest.fixture(scope="module")
def three_rounds(server: Server) -> Iterator[dict[str, Any]]:
    """The demo project with three finished rounds carrying validation Dice (two written here before the real one),
    restored afterwards: seeded rounds deleted, the real round's number and metrics and the settings put back."""
    lead = api_login(server, "lead")
    project = demo_project(lead)
    project_id = uuid.UUID(project["id"])
    engine = get_engine(server.env["DATABASE_URL"])
    with Session(engine) as session, session.begin():
        rounds = session.scalars(select(Round).where(Round.project_id == project_id).order_by(Round.number)).all()
        assert len(rounds) == 1, "the e2e server runs exactly one round"
        real = rounds[0]
        original = (real.number, dict(real.metrics))
        n_real = real.metrics.get("n_train")
        assert isinstance(n_real, int) and n_real >= 3, f"the demo round trains on its annotated patients: {n_real}"
        real.number = 3
        real.metrics = {**real.metrics, "val_dice": REAL_DICE, "val_dice_per_label": _per_label(REAL_DICE)}
        session.flush()
        seeded = []
        for number, (dice, n_train) in enumerate(zip(SEEDED_DICE, (n_real - 2, n_real - 1), strict=True), start=1):
            started = real.created_at - timedelta(hours=3 - number)
            found = Round(
                project_id=project_id,
                number=number,
                status="closed",
                strategy="entropy",
                batch_size=1,
                metrics={"val_dice": dice, "val_dice_per_label": _per_label(dice), "n_train": n_train},
                created_at=started,
                started_at=started,
                finished_at=started + timedelta(minutes=5),
            )
            session.add(found)
            seeded.append(found)
        session.flush()
        seeded_ids = [found.id for found in seeded]
        real_id = real.id
    try:
        yield project
    finally:
        restore = {
            "target_dice": None,
            "stop_gain_per_100": None,
            "selection_objective": project["selection_objective"],
        }
        lead.send_json("PATCH", f"/api/projects/{project['id']}/settings", restore)
        with Session(engine) as session, session.begin():
            session.execute(delete(Round).where(Round.id.in_(seeded_ids)))
            restored = session.get(Round, real_id)
            assert restored is not None
            restored.number, restored.metrics = original


class TestForecastDashboard:
    def test_lead_sets_targets_and_reads_the_forecast(
        self,
        server: Server,
        three_rounds: dict[str, Any],
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        lead = api_as("lead")
        project_id = three_rounds["id"]
        login(page, "lead")
        page.goto(f"{server.base_url}/projects/{project_id}?tab=rounds")
        settings = page.get_by_role("form", name="Round settings")

        # A target of 0 is refused by the server (0 < target <= 1) and its message is shown.
        browser_problems.expect("PATCH", f"/api/projects/{project_id}/settings$", 422)
        settings.get_by_label("Target Dice").fill("0")
        settings.get_by_role("button", name="Save settings").click()
        expect(settings.get_by_role("alert")).to_contain_text("target_dice")

        settings.get_by_label("Target Dice").fill("0.8")
        settings.get_by_label("Stop below a gain per 100 of").fill("0.005")
        settings.get_by_label("Select by").select_option("value_per_cost")
        settings.get_by_role("button", name="Save settings").click()
        expect(settings.get_by_role("status")).to_have_text("Settings saved.")
        expect(settings.get_by_label("Select by")).to_have_value("value_per_cost")
        # The card lives on the overview tab.
        page.get_by_role("tab", name="Overview").click()
        expect(page.get_by_test_id("project-card")).to_contain_text("best value per cost first")
        stored = lead.get_json(f"/api/projects/{project_id}")
        assert isinstance(stored, dict)
        assert stored["target_dice"] == 0.8
        assert stored["stop_gain_per_100"] == 0.005
        assert stored["selection_objective"] == "value_per_cost"
        # The form is re-keyed on the stored values and shows them.
        page.get_by_role("tab", name="Rounds").click()
        expect(page.get_by_role("form", name="Round settings").get_by_label("Target Dice")).to_have_value("0.8")

        page.get_by_role("link", name="Dashboard").click()
        panel = page.get_by_test_id("forecast-panel")
        board = lead.get_json(f"/api/projects/{project_id}/dashboard")
        assert isinstance(board, dict)
        forecast = board["forecast"]
        assert forecast["points"] == 3 and forecast["curve"], forecast
        assert forecast["recommendation"] == "continue", forecast["reason"]
        recommendation = panel.get_by_test_id("forecast-recommendation")
        expect(recommendation).to_have_attribute("data-recommendation", "continue")
        expect(recommendation).to_contain_text("Continue")
        expect(recommendation).to_contain_text(forecast["reason"])
        spent = forecast["expected_dice_if_spent"]
        expect(panel.get_by_test_id("forecast-if-spent")).to_contain_text(
            f"Dice {spent['mean']:.3f} ({spent['low']:.3f}–{spent['high']:.3f})"
        )
        target = panel.get_by_test_id("forecast-target")
        if forecast["target_unreachable"]:
            expect(target).to_contain_text("above the curve's plateau")
        else:
            budget = page.evaluate(
                "([v, c]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c }).format(v)",
                [forecast["budget_to_target"]["mean"], board["currency"]],
            )
            expect(target).to_contain_text(budget)
            expect(target).to_contain_text("more to reach Dice 0.80")
        expect(panel.get_by_test_id("forecast-gain")).to_contain_text("at or above the stop threshold of 0.0050")
        reading = board["reading_time"]
        assert reading is not None and reading["cases"] >= 5, reading
        expect(panel.get_by_test_id("reading-time-model")).to_contain_text(f"Fitted on {reading['cases']} timed cases")
        expect(panel.get_by_test_id("reading-time-model")).to_contain_text("held-out mean absolute error")

        # The chart is drawn (some pixels are painted) and its numbers are in the table behind "as a table".
        chart = page.get_by_test_id("forecast-chart")
        expect(chart).to_be_visible()
        painted = painted_pixels(page, "forecast-chart")
        assert painted > 500
        panel.get_by_text("The forecast as a table").click()
        table = panel.get_by_test_id("forecast-table")
        expect(table.locator("tbody tr").first).to_contain_text(f"{forecast['curve'][0]['dice']:.3f}")
        panel.get_by_text("The forecast as a table").click()
        panel.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "forecast-dashboard.png"), full_page=True)
        panel.screenshot(path=str(artifacts / "forecast-panel.png"))

        # A threshold above what the next 100 buy turns the recommendation to stop (the dashboard refetches).
        lead.send_json("PATCH", f"/api/projects/{project_id}/settings", {"stop_gain_per_100": 0.5})
        page.reload()
        expect(recommendation).to_have_attribute("data-recommendation", "stop")
        expect(recommendation).to_contain_text("Stop")
        expect(recommendation).to_contain_text("below your threshold")
        # The refused PATCH of the invalid target above was expected; nothing else may fail.
        browser_problems.assert_none()

    def test_the_queue_shows_predicted_reading_minutes(
        self,
        server: Server,
        three_rounds: dict[str, Any],
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        artifacts: Path,
        browser_problems: BrowserProblems,
    ) -> None:
        queue = api_as("radiologist").get_json("/api/queue")
        assert isinstance(queue, list)
        items = [q for q in queue if q["project_id"] == three_rounds["id"]]
        assert items, "the e2e server's round should have suggested patients"
        assert all(isinstance(q["predicted_minutes"], float) for q in items), items

        login(page, "radiologist")
        page.goto(f"{server.base_url}/queue")
        for item in items:
            row = page.locator(f"[data-testid=queue-row][data-patient-id='{item['patient_id']}']")
            expect(row.get_by_test_id("queue-minutes")).to_have_text(_minutes_text(item["predicted_minutes"]))
        expect(page.get_by_role("columnheader", name="Predicted reading time")).to_be_visible()
        page.screenshot(path=str(artifacts / "queue-predicted-minutes.png"), full_page=True)
        browser_problems.assert_none()
