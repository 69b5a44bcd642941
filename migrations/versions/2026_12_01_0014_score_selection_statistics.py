"""Extended statistics on a round's selection (issue 16)

A round selects a few thousand of its scores; without statistics on (round_id, selected) together, Postgres took
the selected fraction over every round (8,900 rows for 2,000) and counted a project's queue by scanning its
100,000 patients. With them, and an SSD's random_page_cost (settings.db_random_page_cost), it walks the selection's
partial index and looks each patient up: 48 ms → 13 ms at 100,000 patients. SQLite has no such statistics.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 12:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE STATISTICS IF NOT EXISTS st_scores_round_id_selected (dependencies, mcv) ON round_id, selected FROM scores"
    )
    op.execute("ANALYZE scores")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP STATISTICS IF EXISTS st_scores_round_id_selected")
