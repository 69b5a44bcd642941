"""At most one queued or running Genesis pre-training per project (issue 15)

Two imports committing at once both found no pre-training queued and both queued one; a partial unique index makes
the second insert fail, and the import that loses the race simply queues nothing.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIVE_PRETRAINING = sa.text("kind = 'genesis_pretrain' AND status IN ('queued', 'running')")


def upgrade() -> None:
    # Duplicates queued before this revision: keep the newest active one per project, cancel the others.
    op.execute(
        """
        UPDATE jobs SET status = 'cancelled', error = 'a second pre-training queued by a concurrent import'
        WHERE kind = 'genesis_pretrain' AND status IN ('queued', 'running')
          AND EXISTS (
            SELECT 1 FROM jobs AS newer
            WHERE newer.project_id = jobs.project_id AND newer.kind = 'genesis_pretrain'
              AND newer.status IN ('queued', 'running')
              AND (newer.created_at > jobs.created_at OR (newer.created_at = jobs.created_at AND newer.id > jobs.id))
          )
        """
    )
    op.create_index(
        "ux_jobs_one_active_pretraining",
        "jobs",
        ["project_id"],
        unique=True,
        postgresql_where=_ACTIVE_PRETRAINING,
        sqlite_where=_ACTIVE_PRETRAINING,
    )


def downgrade() -> None:
    op.drop_index("ux_jobs_one_active_pretraining", table_name="jobs")
