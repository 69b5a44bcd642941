"""A long patient list pages in the browser (issue 16): the lead sees the first page, "Load more" brings the next
one, the rows continue in external-id order without a gap or a repeat, and the button goes once the list is whole.

The project and its 130 patients are written straight into the e2e server's database (importing 130 volumes would
take minutes), in a project of their own so the shared demo project's counts stay as the other journeys expect.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete
from sqlalchemy.orm import Session

from backend.db.session import get_engine
from backend.models import Project
from tests.backend.helpers import add_bare_patient
from tests.e2e.helpers import ApiClient, BrowserProblems, Server

pytestmark = pytest.mark.e2e

PATIENTS = 130  # more than one page (the API's default page is 100)


@pytest.fixture
def long_project(server: Server, api_as: Callable[[str], ApiClient]) -> Iterator[tuple[str, list[str]]]:
    lead = api_as("lead")
    labels = [{"value": 1, "name": "lesion", "color": "#e6194b"}]
    created = lead.send_json(
        "POST",
        "/api/projects",
        {
            "name": f"paging-{uuid.uuid4().hex[:6]}",
            "modality": "CT",
            "labels": labels,
            "cost_per_patient": 1,
            "budget_total": 10,
        },
    )
    project_id = uuid.UUID(created["id"])
    names = [f"case-{i:03d}" for i in range(PATIENTS)]
    engine = get_engine(server.env["DATABASE_URL"])
    with Session(engine) as session, session.begin():
        for name in reversed(names):  # written in the reverse of the list's order: the order is the server's
            add_bare_patient(session, project_id, name, [16, 16, 8], "CT")
    try:
        yield str(project_id), names
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(Project).where(Project.id == project_id))


def test_the_patient_list_pages_with_load_more(
    server: Server,
    page: Page,
    login: Callable[[Page, str], None],
    long_project: tuple[str, list[str]],
    browser_problems: BrowserProblems,
    artifacts: Path,
) -> None:
    project_id, names = long_project
    login(page, "lead")
    page.goto(f"{server.base_url}/projects/{project_id}?tab=patients")
    rows = page.get_by_test_id("patient-row")
    expect(rows).to_have_count(100)
    expect(page.get_by_test_id("patient-matches")).to_have_text("100 patients shown, more to load")
    more = page.get_by_test_id("patients-load-more")
    expect(more).to_be_visible()
    page.screenshot(path=str(artifacts / "patients-first-page.png"), full_page=False)

    more.click()
    expect(rows).to_have_count(PATIENTS)
    expect(more).to_have_count(0)
    expect(page.get_by_test_id("patient-matches")).to_contain_text(f"{PATIENTS} patients")
    shown = [text.split()[0] for text in rows.locator("td:first-child").all_inner_texts()]
    assert shown == names  # the server's order across both pages: nothing missing, nothing twice
    browser_problems.assert_none()
