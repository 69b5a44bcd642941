"""The lead's and the admin's pages tell one story (issue 15): the project page in tabs kept in the URL, money shown
in the project's currency, the same counts on the card and the dashboard, the queue's "Why" in words with its
numbers one click away, a finished round's selection, and the admin's new-user form filled by its labels."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import ApiClient, BrowserProblems, Server, demo_project

pytestmark = pytest.mark.e2e

TABS = ("Overview", "Rounds", "Patients", "Readers", "Budget", "Import / export")


def money(page: Page, value: float, currency: str) -> str:
    """An amount as the browser's Intl writes it in ``currency``, the way the app formats every money figure."""
    text = page.evaluate(
        "([value, currency]) => new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value)",
        [value, currency],
    )
    assert isinstance(text, str)
    return text


class TestProjectTabs:
    def test_each_tab_is_in_the_url_and_a_reload_keeps_it(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
        artifacts: Path,
    ) -> None:
        project = demo_project(api_as("lead"))
        url = f"{server.base_url}/projects/{project['id']}"
        login(page, "lead")
        page.goto(url)
        tabs = page.get_by_role("tablist", name="Project sections")
        expect(tabs.get_by_role("tab")).to_have_text(list(TABS))
        expect(tabs.get_by_role("tab", name="Overview")).to_have_attribute("aria-selected", "true")
        expect(page.get_by_test_id("project-card")).to_be_visible()
        # One panel at a time: the patients table is not on the overview.
        expect(page.get_by_test_id("patients-table")).to_have_count(0)

        expected = {
            "Rounds": ("rounds", "rounds-table"),
            "Patients": ("patients", "patients-table"),
            "Readers": ("readers", "members-form"),
            "Budget": ("budget", "ledger"),
            "Import / export": ("import-export", "export-menu"),
        }
        for name, (param, test_id) in expected.items():
            tabs.get_by_role("tab", name=name).click()
            expect(page).to_have_url(f"{url}?tab={param}")
            expect(page.get_by_role("tabpanel", name=name).get_by_test_id(test_id)).to_be_visible()
            page.screenshot(path=str(artifacts / f"project-tab-{param}.png"), full_page=True)

        # A reload and a shared link open the same tab; the browser's back button returns to the one before.
        page.reload()
        expect(tabs.get_by_role("tab", name="Import / export")).to_have_attribute("aria-selected", "true")
        page.go_back()
        expect(page).to_have_url(f"{url}?tab=budget")
        expect(page.get_by_test_id("ledger")).to_be_visible()
        page.goto(f"{url}?tab=patients")
        expect(page.get_by_test_id("patients-table")).to_be_visible()
        # The arrow keys move between tabs, as in any tab strip.
        tabs.get_by_role("tab", name="Patients").focus()
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(f"{url}?tab=readers")
        expect(tabs.get_by_role("tab", name="Readers")).to_be_focused()
        browser_problems.assert_none()

    def test_the_rounds_tab_shows_what_the_finished_round_selected(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
    ) -> None:
        lead = api_as("lead")
        project = demo_project(lead)
        rounds = lead.get_json(f"/api/projects/{project['id']}/rounds")
        assert isinstance(rounds, list)
        finished = max(
            (r for r in rounds if r["status"] in {"ready", "annotating", "closed"}), key=lambda r: r["number"]
        )
        scores = lead.get_json(f"/api/rounds/{finished['id']}/scores")
        assert isinstance(scores, list)
        chosen = [s for s in scores if s["selected"]]
        assert chosen, "the e2e server's round selected patients"

        login(page, "lead")
        page.goto(f"{server.base_url}/projects/{project['id']}?tab=rounds")
        selection = page.locator(f'[data-testid=round-selection][data-round="{finished["number"]}"]')
        expect(selection).to_contain_text(f"Round {finished['number']} selection")
        rows = selection.get_by_test_id("selection-row")
        expect(rows).to_have_count(len(chosen))
        first = chosen[0]
        expect(rows.first).to_contain_text(first["external_id"])
        expect(rows.first).to_contain_text(f"{first['score']:.3f}")
        expect(rows.first.get_by_test_id("reason-summary")).to_have_text(first["reason"]["summary"])
        expect(rows.first.get_by_test_id("selection-cost")).to_have_text(
            money(page, first["cost"], project["currency"])
        )
        expect(selection.get_by_test_id("selection-total")).to_contain_text(f"{len(chosen)} selected")
        browser_problems.assert_none()


class TestCurrencyAndCounts:
    def test_the_currency_set_on_the_budget_tab_is_on_every_money_figure(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
        artifacts: Path,
    ) -> None:
        lead = api_as("lead")
        project = demo_project(lead)
        assert project["currency"] == "EUR"
        try:
            login(page, "lead")
            page.goto(f"{server.base_url}/projects/{project['id']}?tab=budget")
            form = page.get_by_role("form", name="Budget")
            form.get_by_label("Currency").select_option("CHF")
            form.get_by_role("button", name="Save budget").click()
            # The form stays put after a save: its confirmation shows and it keeps what the server stored.
            expect(form.get_by_role("status")).to_have_text("Budget saved.")
            expect(form.get_by_label("Currency")).to_have_value("CHF")
            remaining = money(page, project["budget_remaining"], "CHF")
            expect(page.get_by_test_id("ledger-remaining")).to_have_text(f"remaining {remaining}")
            assert "CHF" in remaining
            stored = lead.get_json(f"/api/projects/{project['id']}")
            assert isinstance(stored, dict) and stored["currency"] == "CHF"
            page.screenshot(path=str(artifacts / "project-budget-chf.png"), full_page=True)

            page.get_by_role("tab", name="Overview").click()
            expect(page.get_by_test_id("project-budget")).to_contain_text(f"remaining {remaining}")
            page.get_by_role("tab", name="Patients").click()
            first_cost = page.get_by_test_id("patient-cost").first
            expect(first_cost).to_contain_text("CHF")

            # The dashboard's header line reads the same counts and money as the project card.
            counts = page.get_by_test_id("patient-counts")
            page.get_by_role("tab", name="Overview").click()
            card_counts = counts.first.inner_text()
            assert re.match(r"^10 patients: \d+ annotated", card_counts), card_counts
            assert "unlabeled" not in card_counts
            page.goto(f"{server.base_url}/projects/{project['id']}/dashboard")
            expect(page.get_by_test_id("project-dashboard").get_by_test_id("patient-counts")).to_have_text(card_counts)
        finally:
            lead.send_json("PATCH", f"/api/projects/{project['id']}/budget", {"currency": "EUR"})
        browser_problems.assert_none()


class TestQueueSaysWhy:
    def test_each_case_says_why_in_words_with_the_numbers_one_click_away(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
        artifacts: Path,
    ) -> None:
        queue = api_as("radiologist").get_json("/api/queue")
        assert isinstance(queue, list) and queue
        login(page, "radiologist")
        page.goto(f"{server.base_url}/queue")
        row = page.locator(f'[data-testid=queue-row][data-patient-id="{queue[0]["patient_id"]}"]')
        reason = row.get_by_test_id("queue-reason")
        summary = reason.get_by_test_id("reason-summary")
        expect(summary).to_have_text(queue[0]["reason"]["summary"])
        words = r"^(The model is unsure about the [\d.<]+ ml it predicts|The model predicts nothing here|Unlike|Drawn)"
        expect(summary).to_have_text(re.compile(words))
        # No debugging names in the sentence; they are behind the disclosure, with words beside them.
        expect(summary).not_to_contain_text("_")
        figures = reason.get_by_test_id("reason-figures")
        expect(figures.locator("dl")).not_to_be_visible()
        figures.get_by_text("The numbers").click()
        expect(figures.locator("dl")).to_be_visible()
        first = queue[0]["reason"]["figures"][0]
        expect(figures.locator("dt").first).to_have_text(first["label"])
        expect(figures.locator("dd").first).to_have_text(first["text"])
        expect(row).to_contain_text(money(page, queue[0]["cost"], queue[0]["currency"]))
        page.screenshot(path=str(artifacts / "queue-why-in-words.png"), full_page=True)
        browser_problems.assert_none()


class TestAdminCreatesAUser:
    def test_the_new_user_form_is_filled_by_its_labels_and_each_label_sits_beside_its_field(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
        artifacts: Path,
    ) -> None:
        username = f"reader{secrets.token_hex(3)}"
        login(page, "admin")
        page.goto(f"{server.base_url}/admin/users")
        form = page.get_by_role("form", name="New user")
        for label in ("Username", "Initial password", "Role"):
            field = form.get_by_label(label, exact=True)
            text = form.locator("label", has_text=label)
            field_box, label_box = field.bounding_box(), text.bounding_box()
            assert field_box and label_box
            # On the same row: the label's middle lies within the field's height.
            middle = label_box["y"] + label_box["height"] / 2
            assert field_box["y"] <= middle <= field_box["y"] + field_box["height"], label
        page.screenshot(path=str(artifacts / "admin-new-user-form.png"), full_page=True)

        form.get_by_label("Username", exact=True).fill(username)
        form.get_by_label("Initial password", exact=True).fill(server.password + "-Initial-7")
        form.get_by_label("Role", exact=True).select_option("lead")
        form.get_by_role("button", name="Create user").click()
        expect(form.get_by_role("status")).to_have_text(f"User {username} created.")
        row = page.get_by_test_id(f"user-{username}")
        expect(row.get_by_label(f"Role of {username}")).to_have_value("lead")
        users = api_as("admin").get_json("/api/admin/users")
        assert isinstance(users, list)
        assert {"username": username, "role": "lead", "is_active": True}.items() <= next(
            u for u in users if u["username"] == username
        ).items()
        browser_problems.assert_none()


class TestNewProjectReaders:
    def test_a_new_project_offers_to_assign_every_radiologist(
        self,
        server: Server,
        page: Page,
        login: Callable[[Page, str], None],
        api_as: Callable[[str], ApiClient],
        browser_problems: BrowserProblems,
    ) -> None:
        lead = api_as("lead")
        name = f"Readers {secrets.token_hex(3)}"
        login(page, "lead")
        page.goto(f"{server.base_url}/projects")
        page.get_by_role("button", name="New project").click()
        form = page.get_by_test_id("create-project")
        offer = form.get_by_label("Assign all radiologists as readers")
        expect(offer).to_be_checked()
        expect(form.get_by_test_id("radiologists-to-assign")).to_contain_text("radiologist")
        form.get_by_label("Name").fill(name)
        form.get_by_label("Label 1").fill("lesion")
        form.get_by_label("Currency").select_option("GBP")
        form.get_by_role("button", name="Create project").click()
        expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
        expect(page.get_by_test_id("project-budget")).to_contain_text(money(page, 100, "GBP"))
        created = next(p for p in lead.get_json("/api/projects") if p["name"] == name)  # type: ignore[union-attr]
        members = lead.get_json(f"/api/projects/{created['id']}/members")
        assert isinstance(members, list)
        assert "radiologist" in {m["username"] for m in members}
        page.get_by_role("tab", name="Readers").click()
        expect(page.get_by_label("Assign radiologist", exact=True)).to_be_checked()
        browser_problems.assert_none()
