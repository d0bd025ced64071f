"""Children counted and names withheld (issues 17 and 19).

- case.inter_agency: a match whose adopters are another agency's.
- withheld_name: names that must never circulate, per case (audited).
- app_user.email: the From address of the user's email drafts.
- agency.agenda_standing_items: the agenda's standing items, one per line.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Audited tables this migration adds (db/audited.py names them too).
ADDED_AUDITED_TABLES = ("withheld_name",)


def upgrade() -> None:
    # Plain ADD COLUMN: a batch "move and copy" of `case` on SQLite would drop the old
    # table, and its ON DELETE CASCADE would take the hearings with it.
    op.add_column("case", sa.Column("inter_agency", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("app_user", sa.Column("email", sa.String(200), nullable=False, server_default=""))
    op.add_column("agency", sa.Column("agenda_standing_items", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "withheld_name",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer(),
            sa.ForeignKey("case.id", ondelete="CASCADE", name="fk_withheld_name_case_id_case"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("initials", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_withheld_name"),
    )
    op.create_index("ix_withheld_name_case_id", "withheld_name", ["case_id"])
    if op.get_bind().dialect.name == "postgresql":
        for table in ADDED_AUDITED_TABLES:
            op.execute(
                f'CREATE TRIGGER panelapp_audit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION panelapp_audit()"
            )
            op.execute(
                f'GRANT SELECT ON "{table}" TO panelapp_administrator, panelapp_adviser, '
                "panelapp_chair, panelapp_viewer"
            )
            op.execute(f'GRANT ALL ON "{table}" TO panelapp_administrator')
            op.execute(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO panelapp_adviser')
        op.execute(
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "
            "panelapp_administrator, panelapp_adviser, panelapp_chair"
        )


def downgrade() -> None:
    op.drop_index("ix_withheld_name_case_id", "withheld_name")
    op.drop_table("withheld_name")
    with op.batch_alter_table("agency") as batch:
        batch.drop_column("agenda_standing_items")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("email")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("inter_agency")
