"""PACS connections, de-identification, SEG deliveries (issue 14)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 22:30:00.000000
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deidentify", sa.Boolean(), server_default=sa.text("true"), nullable=False))
        batch_op.add_column(sa.Column("pseudonym_key", sa.String(length=64), nullable=True))
    # Every existing project gets its own key (a shared default would link pseudonyms across projects).
    conn = op.get_bind()
    projects = sa.table("projects", sa.column("id"), sa.column("pseudonym_key"))
    for (project_id,) in conn.execute(sa.select(projects.c.id)).all():
        conn.execute(projects.update().where(projects.c.id == project_id).values(pseudonym_key=secrets.token_hex(32)))
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.alter_column("pseudonym_key", existing_type=sa.String(length=64), nullable=False)

    op.create_table(
        "pacs_connections",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("base_url", sa.String(length=1024), nullable=False),
        sa.Column("auth", sa.String(length=16), nullable=False),
        sa.Column("username", sa.String(length=256), nullable=True),
        sa.Column("secret_ciphertext", sa.Text(), nullable=True),
        sa.Column("send_on_accept", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id"),
    )
    op.create_table(
        "patient_identities",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("real_patient_id", sa.String(length=128), nullable=False),
        sa.Column("real_patient_name", sa.String(length=256), nullable=False),
        sa.Column("date_shift_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("patient_id"),
    )
    op.create_table(
        "seg_deliveries",
        sa.Column("annotation_id", sa.Uuid(), nullable=False),
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("series_instance_uid", sa.String(length=64), nullable=False),
        sa.Column("sop_instance_uid", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["annotation_id"], ["annotations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["connection_id"], ["pacs_connections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("annotation_id", "connection_id"),
    )
    op.create_index("ix_seg_deliveries_annotation_id", "seg_deliveries", ["annotation_id"])
    op.create_table(
        "pacs_imported_series",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("volume_id", sa.Uuid(), nullable=True),
        sa.Column("study_uid", sa.String(length=128), nullable=False),
        sa.Column("series_uid", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("instances", sa.Integer(), nullable=False),
        sa.Column("source_url", sa.String(length=1024), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["volume_id"], ["volumes.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "series_uid"),
    )
    op.create_index("ix_pacs_imported_series_patient_id", "pacs_imported_series", ["patient_id"])
    op.create_index("ix_pacs_imported_series_job_id", "pacs_imported_series", ["job_id"])


def downgrade() -> None:
    op.drop_index("ix_pacs_imported_series_job_id", table_name="pacs_imported_series")
    op.drop_index("ix_pacs_imported_series_patient_id", table_name="pacs_imported_series")
    op.drop_table("pacs_imported_series")
    op.drop_index("ix_seg_deliveries_annotation_id", table_name="seg_deliveries")
    op.drop_table("seg_deliveries")
    op.drop_table("patient_identities")
    op.drop_table("pacs_connections")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("pseudonym_key")
        batch_op.drop_column("deidentify")
