"""reading-time pricing, selection objective, forecast targets (issue 12 section 4)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cost_per_hour_cents", sa.BigInteger(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("selection_objective", sa.String(length=16), server_default=sa.text("'score'"), nullable=False)
        )
        batch_op.add_column(sa.Column("target_dice", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("stop_gain_per_100", sa.Float(), nullable=True))


def downgrade() -> None:
    # The code before this revision knows only flat and volume prices: a project priced by reading time goes back
    # to its flat base cost.
    op.execute("UPDATE projects SET cost_mode = 'flat' WHERE cost_mode = 'reading_time'")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("stop_gain_per_100")
        batch_op.drop_column("target_dice")
        batch_op.drop_column("selection_objective")
        batch_op.drop_column("cost_per_hour_cents")
