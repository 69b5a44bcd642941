"""Review, double reading, agreement and consensus (issue 17)

Projects choose whether masks are reviewed and what share is read twice; members can be reviewers; reads are
annotation versions with a read number; a case's way from its first read to an accepted mask is a case_reviews row;
read_agreements keeps Dice, HD95 and surface Dice between reads and against the accepted mask.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from backend.db.base import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_required", sa.Boolean(), server_default=sa.text("false"), nullable=False))
        batch_op.add_column(sa.Column("double_read_fraction", sa.Float(), server_default=sa.text("0"), nullable=False))
        batch_op.add_column(
            sa.Column("double_read_rule", sa.String(length=16), server_default=sa.text("'random'"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("consensus_method", sa.String(length=16), server_default=sa.text("'staple'"), nullable=False)
        )
    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_reviewer", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("read_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("derived_from", sa.JSON(), nullable=True))
    op.create_table(
        "case_reviews",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("double_read", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("first_reader_id", sa.Uuid(), nullable=False),
        sa.Column("second_reader_id", sa.Uuid(), nullable=True),
        sa.Column("returned_to_id", sa.Uuid(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reviewer_id", sa.Uuid(), nullable=True),
        sa.Column("review_time_s", sa.Float(), server_default=sa.text("0"), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("model_dice", sa.Float(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["first_reader_id"], ["users.id"], name=op.f("fk_case_reviews_first_reader_id_users")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_case_reviews_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_case_reviews_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["returned_to_id"], ["users.id"], name=op.f("fk_case_reviews_returned_to_id_users")),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], name=op.f("fk_case_reviews_reviewer_id_users")),
        sa.ForeignKeyConstraint(
            ["second_reader_id"], ["users.id"], name=op.f("fk_case_reviews_second_reader_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_reviews")),
        sa.UniqueConstraint("patient_id", name=op.f("uq_case_reviews_patient_id")),
    )
    op.create_index(
        "ix_case_reviews_project_id_status_updated_at", "case_reviews", ["project_id", "status", "updated_at"]
    )
    op.create_index(op.f("ix_case_reviews_returned_to_id"), "case_reviews", ["returned_to_id"])
    op.create_table(
        "read_agreements",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("label", sa.Integer(), nullable=False),
        sa.Column("annotation_id", sa.Uuid(), nullable=False),
        sa.Column("reader_id", sa.Uuid(), nullable=True),
        sa.Column("other_annotation_id", sa.Uuid(), nullable=False),
        sa.Column("other_reader_id", sa.Uuid(), nullable=True),
        sa.Column("dice", sa.Float(), nullable=False),
        sa.Column("hausdorff95_mm", sa.Float(), nullable=True),
        sa.Column("surface_dice", sa.Float(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annotation_id"],
            ["annotations.id"],
            name=op.f("fk_read_agreements_annotation_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_annotation_id"],
            ["annotations.id"],
            name=op.f("fk_read_agreements_other_annotation_id_annotations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_reader_id"], ["users.id"], name=op.f("fk_read_agreements_other_reader_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_read_agreements_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_read_agreements_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["reader_id"], ["users.id"], name=op.f("fk_read_agreements_reader_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_read_agreements")),
    )
    op.create_index("ix_read_agreements_project_id_kind", "read_agreements", ["project_id", "kind"])
    op.create_index(op.f("ix_read_agreements_patient_id"), "read_agreements", ["patient_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_read_agreements_patient_id"), table_name="read_agreements")
    op.drop_index("ix_read_agreements_project_id_kind", table_name="read_agreements")
    op.drop_table("read_agreements")
    op.drop_index(op.f("ix_case_reviews_returned_to_id"), table_name="case_reviews")
    op.drop_index("ix_case_reviews_project_id_status_updated_at", table_name="case_reviews")
    op.drop_table("case_reviews")
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_column("derived_from")
        batch_op.drop_column("read_number")
    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.drop_column("is_reviewer")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("consensus_method")
        batch_op.drop_column("double_read_rule")
        batch_op.drop_column("double_read_fraction")
        batch_op.drop_column("review_required")
