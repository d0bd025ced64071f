"""The law (issue 16): fitness to sit, statutory clocks, ADM history, inquorate hearings.

- agency.fitness_rule: warn or block when a member is not fit to sit.
- member: the start of relevant post-qualifying experience; the DBS Update Service.
- case: the approval's statutory clocks (the PAR's comments, reviews, placement; stage two
  starts on the existing case.stage2_start).
- hearing.status_note: why it was not heard (e.g. the panel was not quorate).
- adm_decision: the re-hearing after representations / IRM and the final decision.
- adm_further_information: each request for further information, kept.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Audited tables this migration adds (db/audited.py names them too).
ADDED_AUDITED_TABLES = ("adm_further_information",)


def upgrade() -> None:
    with op.batch_alter_table("agency") as batch:
        batch.add_column(sa.Column("fitness_rule", sa.String(32), nullable=False, server_default="warn"))
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("relevant_experience_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("dbs_update_service_id", sa.String(60), nullable=False, server_default=""))
        batch.add_column(sa.Column("dbs_update_checked_on", sa.Date(), nullable=True))
    with op.batch_alter_table("case") as batch:
        for name in (
            "par_sent_on",
            "par_comments_on",
            "approval_reviewed_on",
            "child_placed_on",
        ):
            batch.add_column(sa.Column(name, sa.Date(), nullable=True))
    with op.batch_alter_table("hearing") as batch:
        batch.add_column(sa.Column("status_note", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("adm_decision") as batch:
        batch.add_column(sa.Column("review_recommendation_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("final_decision", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("final_decided_on", sa.Date(), nullable=True))
    op.create_table(
        "adm_further_information",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "adm_decision_id",
            sa.Integer(),
            sa.ForeignKey(
                "adm_decision.id",
                ondelete="CASCADE",
                name="fk_adm_further_information_adm_decision_id_adm_decision",
            ),
            nullable=False,
        ),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=True),
        sa.Column("provided_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_adm_further_information"),
    )
    op.create_index(
        "ix_adm_further_information_adm_decision_id",
        "adm_further_information",
        ["adm_decision_id"],
    )
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
    op.drop_index("ix_adm_further_information_adm_decision_id", "adm_further_information")
    op.drop_table("adm_further_information")
    with op.batch_alter_table("adm_decision") as batch:
        for name in ("final_decided_on", "final_decision", "review_recommendation_on"):
            batch.drop_column(name)
    with op.batch_alter_table("hearing") as batch:
        batch.drop_column("status_note")
    with op.batch_alter_table("case") as batch:
        for name in (
            "child_placed_on",
            "approval_reviewed_on",
            "par_comments_on",
            "par_sent_on",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("member") as batch:
        for name in ("dbs_update_checked_on", "dbs_update_service_id", "relevant_experience_from"):
            batch.drop_column(name)
    with op.batch_alter_table("agency") as batch:
        batch.drop_column("fitness_rule")
