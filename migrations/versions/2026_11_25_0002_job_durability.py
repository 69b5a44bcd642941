"""job durability: heartbeats, attempt limits, task ids, one model version per job

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("max_attempts", sa.Integer(), server_default="3", nullable=False))
        batch_op.add_column(sa.Column("task_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_status"), ["status"], unique=False)
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_model_versions_job_id_jobs"), "jobs", ["job_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_unique_constraint(batch_op.f("uq_model_versions_job_id"), ["job_id"])


def downgrade() -> None:
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_model_versions_job_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_model_versions_job_id_jobs"), type_="foreignkey")
        batch_op.drop_column("job_id")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_status"))
        batch_op.drop_column("task_id")
        batch_op.drop_column("max_attempts")
        batch_op.drop_column("heartbeat_at")
