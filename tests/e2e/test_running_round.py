"""A reader whose queue waits on a round sees that round, how far it is and about how long it has left, and the
queue refreshes the moment it finishes.

The round is put on the worker's state directly in the database (a round row and its job with the progress a
worker reports): a real round on the e2e server's two cores would finish before the page could be looked at, and
the page reads exactly those rows through ``GET /api/projects``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.db.base import utcnow
from backend.db.session import get_engine
from backend.jobs.names import ROUND_JOB
from backend.models import Job, Round
from tests.e2e.helpers import ApiClient, BrowserProblems, Server, demo_project


@pytest.fixture
def training_round(server: Server, api_as: Callable[[str], ApiClient]) -> Iterator[dict[str, Any]]:
    """A demo-project round two minutes into training at 40%, removed afterwards."""
    project_id = uuid.UUID(demo_project(api_as("lead"))["id"])
    engine = get_engine(server.env["DATABASE_URL"])
    started = utcnow() - timedelta(minutes=2)
    with Session(engine) as session, session.begin():
        number = (session.scalar(select(func.max(Round.number)).where(Round.project_id == project_id)) or 0) + 1
        round_ = Round(
            project_id=project_id, number=number, status="training", strategy="entropy", batch_size=2,
            started_at=started,
        )  # fmt: skip
        session.add(round_)
        session.flush()
        session.add(
            Job(
                round_id=round_.id, project_id=project_id, kind=ROUND_JOB, status="running", started_at=started,
                progress={"stage": "training", "percent": 40, "epoch": 2, "epochs": 5},
            )
        )  # fmt: skip
        round_id, created = round_.id, {"id": str(round_.id), "number": number}
    try:
        yield created
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(Job).where(Job.round_id == round_id))
            session.execute(delete(Round).where(Round.id == round_id))


def test_the_reader_sees_the_running_round_and_the_queue_refreshes_when_it_ends(
    server: Server,
    page: Page,
    login: Callable[[Page, str], None],
    training_round: dict[str, Any],
    browser_problems: BrowserProblems,
    artifacts: Path,
) -> None:
    login(page, "radiologist")
    page.goto(f"{server.base_url}/queue")
    entry = page.get_by_test_id("running-round")
    expect(entry).to_have_count(1)
    number = training_round["number"]
    # 40% after two minutes: about three minutes left.
    expect(entry).to_contain_text(f"round {number} is training · 40% (epoch 2/5) (started 2 min ago")
    expect(entry).to_contain_text("about 3 min left")
    expect(entry.get_by_role("progressbar")).to_have_attribute("value", "40")
    page.screenshot(path=str(artifacts / "queue-running-round.png"), full_page=True)

    # The worker finishes: the section goes at the next 5-second poll, and the queue is fetched again at that
    # moment, not at its own next 10-second poll.
    queue_fetches: list[float] = []
    page.on("request", lambda r: queue_fetches.append(time.monotonic()) if r.url.endswith("/api/queue") else None)
    engine = get_engine(server.env["DATABASE_URL"])
    with Session(engine) as session, session.begin():
        session.execute(
            Round.__table__.update().where(Round.id == uuid.UUID(training_round["id"])).values(status="cancelled")
        )
    expect(page.get_by_test_id("running-rounds")).to_have_count(0, timeout=12_000)
    gone = time.monotonic()
    page.wait_for_timeout(1_000)
    assert any(abs(t - gone) < 1.0 for t in queue_fetches), (gone, queue_fetches)
    browser_problems.assert_none()


def test_the_leads_rounds_tab_shows_the_bar_elapsed_time_and_estimate(
    server: Server,
    page: Page,
    login: Callable[[Page, str], None],
    api_as: Callable[[str], ApiClient],
    training_round: dict[str, Any],
    browser_problems: BrowserProblems,
) -> None:
    login(page, "lead")
    page.goto(f"{server.base_url}/projects/{demo_project(api_as('lead'))['id']}?tab=rounds")
    row = page.get_by_test_id("rounds-table").locator("tbody tr[data-status=training]")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("round-state")).to_have_text("training · 40% (epoch 2/5)")
    eta = row.get_by_test_id("round-eta")
    expect(eta).to_contain_text("started 2 min ago, about 3 min left")
    expect(eta.get_by_role("progressbar")).to_have_attribute("value", "40")
    browser_problems.assert_none()
