"""The panel pack (issue 22): papers' files kept with the case, and who was sent which pack.

- paper_blob: each file once, by its SHA-256 (not audited: the file itself).
- paper_file: each version of a checklist paper's file (audited).
- pack_circulation: which pack (hash, papers' versions) went to whom and when (audited).
- agenda_item.hearing_id indexed (Panel day reads a sitting's slots by hearing; deleting a
  hearing cascades to them).
- PostgreSQL: chairs may read case_child.full_name (not the date of birth): the documents
  they export (the chairs' report, grading summaries) are checked against the children's
  names before they circulate. Viewers still cannot.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Audited tables this migration adds (db/audited.py names them too).
ADDED_AUDITED_TABLES = ("paper_file", "pack_circulation")
NEW_TABLES = ("paper_blob", *ADDED_AUDITED_TABLES)


def upgrade() -> None:
    op.create_table(
        "paper_blob",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_paper_blob"),
    )
    op.create_table(
        "paper_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_paper_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("pages_without_text", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(120), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_paper_id"],
            ["case_paper.id"],
            ondelete="CASCADE",
            name="fk_paper_file_case_paper_id_case_paper",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["paper_blob.sha256"], ondelete="RESTRICT", name="fk_paper_file_sha256_paper_blob"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_paper_file"),
        sa.UniqueConstraint("case_paper_id", "version", name="uq_paper_file_case_paper_id"),
    )
    op.create_index("ix_paper_file_case_paper_id", "paper_file", ["case_paper_id"])
    op.create_index("ix_paper_file_sha256", "paper_file", ["sha256"])
    op.create_table(
        "pack_circulation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("pack_sha256", sa.String(64), nullable=False),
        sa.Column("paper_versions", sa.JSON(), nullable=False),
        sa.Column("circulated_at", sa.DateTime(), nullable=False),
        sa.Column("circulated_by", sa.String(120), nullable=False),
        sa.Column("destroyed_confirmed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], ondelete="CASCADE", name="fk_pack_circulation_meeting_id_meeting"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], ondelete="SET NULL", name="fk_pack_circulation_member_id_member"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pack_circulation"),
    )
    op.create_index("ix_pack_circulation_meeting_id", "pack_circulation", ["meeting_id"])
    op.create_index("ix_agenda_item_hearing_id", "agenda_item", ["hearing_id"])
    if op.get_bind().dialect.name == "postgresql":
        _postgres()


def _postgres() -> None:
    """Triggers and grants as migration 0006 set them for every table of this database."""
    for table in ADDED_AUDITED_TABLES:
        op.execute(
            f'CREATE TRIGGER panelapp_audit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION panelapp_audit()"
        )
    for table in NEW_TABLES:
        op.execute(
            f"""DO $$ BEGIN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', '{table}',
                           panelapp_role('administrator'));
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', '{table}',
                           panelapp_role('adviser'));
            EXECUTE format('GRANT SELECT ON %I TO %I, %I', '{table}', panelapp_role('chair'),
                           panelapp_role('viewer'));
            END $$;"""
        )
    op.execute(
        "DO $$ BEGIN EXECUTE format('GRANT SELECT (full_name) ON case_child TO %I', "
        "panelapp_role('chair')); END $$;"
    )
    for sequence in ("paper_file_id_seq", "pack_circulation_id_seq"):
        op.execute(
            f"""DO $$ BEGIN
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO %I, %I, %I', '{sequence}',
                           panelapp_role('administrator'), panelapp_role('adviser'),
                           panelapp_role('chair'));
            END $$;"""
        )


def downgrade() -> None:
    op.drop_index("ix_agenda_item_hearing_id", "agenda_item")
    op.drop_index("ix_pack_circulation_meeting_id", "pack_circulation")
    op.drop_table("pack_circulation")
    op.drop_index("ix_paper_file_sha256", "paper_file")
    op.drop_index("ix_paper_file_case_paper_id", "paper_file")
    op.drop_table("paper_file")
    op.drop_table("paper_blob")
