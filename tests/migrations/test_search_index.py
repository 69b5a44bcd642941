"""Revision 0016: on Postgres the patient search's substring match is served by a trigram index (a search with
no match no longer reads every patient of the project); on SQLite it changes nothing; both roll back."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from tests.migrations.conftest import alembic_config

SEARCH = "SELECT id FROM patients WHERE external_id ILIKE '%' || :q || '%'"


def _indexes(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {index["name"] or "" for index in inspect(engine).get_indexes("patients")}
    finally:
        engine.dispose()


def test_the_search_uses_trigrams_on_postgres_and_the_downgrade_drops_them(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "0016")
    postgres = not url.startswith("sqlite")
    assert ("ix_patients_external_id_trgm" in _indexes(url)) == postgres
    if postgres:
        engine = create_engine(url)
        with engine.begin() as connection:
            # An empty table: ask whether an index can serve the match, not whether it pays.
            connection.execute(text("SET LOCAL enable_seqscan = off"))
            connection.execute(text("SET LOCAL enable_indexscan = off"))
            plan = "\n".join(connection.execute(text(f"EXPLAIN {SEARCH}"), {"q": "zzzz"}).scalars())
        engine.dispose()
        assert "ix_patients_external_id_trgm" in plan, plan
    command.downgrade(config, "0015")
    assert "ix_patients_external_id_trgm" not in _indexes(url)
