"""lead and admin: per-reader quotas, audit log made append-only in the database

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Postgres refuses any UPDATE, DELETE or TRUNCATE of audit events, whoever connects; the app never does either.
# Deliberate maintenance (a retention purge, the test harness emptying tables) must say so in its own transaction
# with `SET LOCAL radloop.audit_purge = 'on'` (backend.audit.service.allow_purge).
AUDIT_GUARD = (
    """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('radloop.audit_purge', true), '') = 'on' THEN
        IF TG_OP = 'TRUNCATE' THEN RETURN NULL; END IF;
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
""",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)


def upgrade() -> None:
    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quota", sa.Integer(), nullable=True))
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_created_at"), ["created_at"], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for statement in AUDIT_GUARD:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_created_at"))
    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.drop_column("quota")
