"""Pseudonyms and date shifts: keyed, stable within a project, unlinkable across projects."""

from __future__ import annotations

import re

from backend.deid import date_shift_days, pseudonym
from backend.models import Project


def _project(key: str) -> Project:
    return Project(name="p", pseudonym_key=key)


def test_pseudonym_has_the_agreed_form_and_is_stable_per_project() -> None:
    project = _project("a" * 64)
    alias = pseudonym(project, "PGBM-002")
    assert re.fullmatch(r"P-[0-9a-f]{10}", alias)
    assert pseudonym(project, "PGBM-002") == alias
    assert pseudonym(project, "PGBM-003") != alias
    assert "PGBM" not in alias


def test_another_project_key_gives_an_unrelated_pseudonym_and_shift() -> None:
    ids = [f"patient-{n}" for n in range(200)]
    one, two = _project("a" * 64), _project("b" * 64)
    assert all(pseudonym(one, i) != pseudonym(two, i) for i in ids)
    assert sum(date_shift_days(one, i) == date_shift_days(two, i) for i in ids) < 10  # chance level: 200/365


def test_date_shift_is_deterministic_never_zero_and_spread_over_a_year() -> None:
    project = _project("c" * 64)
    shifts = [date_shift_days(project, f"patient-{n}") for n in range(2000)]
    assert all(-365 <= s <= -1 for s in shifts)
    assert shifts == [date_shift_days(project, f"patient-{n}") for n in range(2000)]
    assert len(set(shifts)) > 300
