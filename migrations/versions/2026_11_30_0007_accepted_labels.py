"""accepted labels per patient, reader rules (issue 11 items 1-2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_annotation_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_patients_accepted_annotation_id_annotations"),
            "annotations",
            ["accepted_annotation_id"],
            ["id"],
            use_alter=True,
        )
    # Until now every reader took the highest version, so that is what each annotated patient has accepted.
    op.execute(
        """
        UPDATE patients SET accepted_annotation_id = (
            SELECT a.id FROM annotations a
            WHERE a.patient_id = patients.id
            ORDER BY a.version DESC
            LIMIT 1
        )
        WHERE EXISTS (SELECT 1 FROM annotations a WHERE a.patient_id = patients.id)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_patients_accepted_annotation_id_annotations"), type_="foreignkey")
        batch_op.drop_column("accepted_annotation_id")
