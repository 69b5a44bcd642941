"""Indexes for projects of 100,000 patients (issue 16)

The queue reads a round's selection in rank order, the scores page pages by rank, the ledger and the annotations
pages page newest first, and the audit page filters by target; without these each read every row of the project.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 09:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_patients_project_id_split_status", "patients", ["project_id", "split", "status"])
    op.create_index("ix_scores_round_id_rank", "scores", ["round_id", "rank"])
    op.create_index(
        "ix_scores_selected_round_id_rank",
        "scores",
        ["round_id", "rank"],
        postgresql_where=sa.text("selected"),
        sqlite_where=sa.text("selected"),
    )
    op.create_index("ix_budget_ledger_project_id_created_at", "budget_ledger", ["project_id", "created_at"])
    op.create_index("ix_annotations_created_at_id", "annotations", ["created_at", "id"])
    op.create_index("ix_annotations_author_id", "annotations", ["author_id"])
    _audit_project()


def _audit_project() -> None:
    """Events record their target's project; older events get it from their target (the project, or a patient's
    project). Postgres guards audit rows against UPDATE (migration 0004): the guard is lifted for this backfill only."""
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("project_id", sa.Uuid(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        op.execute(
            "UPDATE audit_events AS a SET project_id = p.project_id FROM patients AS p "
            "WHERE a.target_type = 'patient' AND a.target_id = p.id::text"
        )
        op.execute(
            "UPDATE audit_events AS a SET project_id = p.id FROM projects AS p "
            "WHERE a.target_type = 'project' AND a.target_id = p.id::text"
        )
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")
    else:  # SQLite stores a UUID as 32 hex digits, the events' target_id as the hyphenated text
        op.execute(
            "UPDATE audit_events SET project_id = (SELECT p.project_id FROM patients AS p "
            "WHERE p.id = replace(audit_events.target_id, '-', '')) WHERE target_type = 'patient'"
        )
        op.execute(
            "UPDATE audit_events SET project_id = (SELECT p.id FROM projects AS p "
            "WHERE p.id = replace(audit_events.target_id, '-', '')) WHERE target_type = 'project'"
        )
    op.create_index("ix_audit_events_project_id_created_at", "audit_events", ["project_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_project_id_created_at", table_name="audit_events")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("project_id")
    op.drop_index("ix_annotations_author_id", table_name="annotations")
    op.drop_index("ix_annotations_created_at_id", table_name="annotations")
    op.drop_index("ix_budget_ledger_project_id_created_at", table_name="budget_ledger")
    op.drop_index("ix_scores_selected_round_id_rank", table_name="scores")
    op.drop_index("ix_scores_round_id_rank", table_name="scores")
    op.drop_index("ix_patients_project_id_split_status", table_name="patients")
