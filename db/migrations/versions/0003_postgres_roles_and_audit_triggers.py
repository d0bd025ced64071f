"""PostgreSQL only: the app's roles as database roles with grants, and audit by triggers.

On a shared PostgreSQL database each person signs in with their own login, which is a
member of one of the group roles below. The grants decide what that login may do even
from another client, and the audit trail is written by triggers with the login as
author, so no client can skip it. SQLite databases are untouched (services audit there).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

GROUP_ROLES = ("panelapp_administrator", "panelapp_adviser", "panelapp_chair", "panelapp_viewer")

AUDITED_TABLES = (
    "agency", "closure_day", "decision_maker", "local_authority", "locality", "panel",
    "case_type_setting", "member", "member_role", "member_panel", "member_status", "dbs_check",
    "appraisal", "training_event", "training_attendance", "standing_declaration", "meeting",
    "attendance", "agenda_item", "case", "case_child", "social_worker", "case_paper", "hearing",
    "case_declaration", "recommendation", "grading", "minutes", "minutes_section",
    "adm_decision", "report_narrative", "app_user",
)  # fmt: skip

# What each role may change (everyone may read everything).
ADVISER_WRITES = (
    "meeting", "attendance", "agenda_item", "case", "case_child", "social_worker", "case_paper",
    "hearing", "case_declaration", "recommendation", "grading", "minutes", "minutes_section",
    "minutes_revision", "adm_decision", "report_narrative",
)  # fmt: skip
CHAIR_WRITES = ("minutes", "minutes_revision", "report_narrative")

AUDIT_FUNCTION = """
CREATE OR REPLACE FUNCTION panelapp_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    before_row jsonb;
    after_row jsonb;
    changed_before jsonb := '{}'::jsonb;
    changed_after jsonb := '{}'::jsonb;
    k text;
    rid text;
BEGIN
    IF TG_OP <> 'INSERT' THEN before_row := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN after_row := to_jsonb(NEW); END IF;
    rid := COALESCE(after_row ->> 'id', before_row ->> 'id', after_row ->> 'key',
                    after_row ->> 'member_id', before_row ->> 'member_id', '');
    IF TG_OP = 'UPDATE' THEN
        FOR k IN SELECT jsonb_object_keys(after_row) LOOP
            IF k NOT IN ('version', 'updated_at', 'updated_by')
               AND (before_row -> k) IS DISTINCT FROM (after_row -> k) THEN
                changed_before := changed_before || jsonb_build_object(k, before_row -> k);
                changed_after := changed_after || jsonb_build_object(k, after_row -> k);
            END IF;
        END LOOP;
        IF changed_after = '{}'::jsonb THEN RETURN NULL; END IF;
        before_row := changed_before;
        after_row := changed_after;
    END IF;
    INSERT INTO audit_log (at, author, action, table_name, row_id, before, after, summary)
    VALUES (now() AT TIME ZONE 'utc', session_user, lower(TG_OP), TG_TABLE_NAME, rid,
            before_row::json, after_row::json,
            COALESCE(current_setting('panelapp.summary', true), ''));
    RETURN NULL;
END;
$$;
"""


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _is_postgres():
        return
    for role in GROUP_ROLES:
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$;"
        )
    op.execute(AUDIT_FUNCTION)
    for table in AUDITED_TABLES:
        op.execute(
            f'CREATE TRIGGER panelapp_audit AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION panelapp_audit()"
        )
    op.execute("GRANT USAGE ON SCHEMA public TO " + ", ".join(GROUP_ROLES))
    op.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + ", ".join(GROUP_ROLES))
    op.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO panelapp_administrator")
    op.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + ", ".join(GROUP_ROLES[:3]))
    for table in ADVISER_WRITES:
        op.execute(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO panelapp_adviser')
    for table in CHAIR_WRITES:
        op.execute(f'GRANT INSERT, UPDATE ON "{table}" TO panelapp_chair')
    # Nobody but the owner may rewrite history.
    op.execute("REVOKE UPDATE, DELETE ON audit_log FROM " + ", ".join(GROUP_ROLES))


def downgrade() -> None:
    if not _is_postgres():
        return
    for table in AUDITED_TABLES:
        op.execute(f'DROP TRIGGER IF EXISTS panelapp_audit ON "{table}"')
    op.execute("DROP FUNCTION IF EXISTS panelapp_audit()")
    op.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + ", ".join(GROUP_ROLES))
