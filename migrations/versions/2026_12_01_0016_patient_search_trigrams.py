"""A trigram index for the patient search (issue 16)

The patients page searches external ids by substring (ILIKE '%…%'). A b-tree cannot serve that, so a search with
few or no matches walked the project's whole (project_id, external_id) index: every patient of a 100,000-patient
project for a typo. pg_trgm's GIN index finds the candidates from the search's trigrams. pg_trgm ships with
Postgres and is a trusted extension (the database's owner may create it); where it cannot be created the search
keeps working, unindexed, and the migration says so. SQLite has no such index.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 17:40:00.000000
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as error:
        log.warning("pg_trgm is not available (%s): the patient search stays unindexed", error.orig)
        return
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_patients_external_id_trgm ON patients USING gin (external_id gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_patients_external_id_trgm")
