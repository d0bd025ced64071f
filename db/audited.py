"""Which tables keep an audit trail: declared once, for both ways the trail is written.

On SQLite the services' flush hook (panelapp/services/audit.py) writes the audit rows for
these tables; on PostgreSQL the triggers of migration 0003 do. That migration is applied
and never edited, so it keeps its own copy of the list: tests/db/test_audited_tables.py
checks the two agree, and that every table of the schema is in exactly one list below.
A new table is added to one of them, and when audited, a new migration adds its trigger.
"""

from __future__ import annotations

AUDITED_TABLES = frozenset(
    {
        "agency", "closure_day", "decision_maker", "local_authority", "locality", "panel",
        "case_type_setting", "member", "member_role", "member_panel", "member_status", "dbs_check",
        "appraisal", "training_event", "training_attendance", "standing_declaration", "meeting",
        "attendance", "agenda_item", "case", "case_child", "social_worker", "case_paper", "hearing",
        "case_declaration", "recommendation", "grading", "minutes", "minutes_section",
        "adm_decision", "report_narrative", "app_user",
        "adm_further_information",  # trigger added by migration 0004
        "withheld_name",  # trigger added by migration 0005
        "paper_file", "pack_circulation",  # triggers added by migration 0007
        "minutes_revision",  # trigger added by migration 0006: saved versions are personal data too
    }
)  # fmt: skip

# Tables with no audit trail, and why.
NOT_AUDITED_TABLES = {
    "paper_blob": "a paper's file itself, stored by its hash: paper_file's audited row names it",
    "audit_log": "the trail itself",
    "audit_chain": "the trail's own latest link (its hash chain)",
    "app_setting": "the app's own bookkeeping (such as the backup mark), not agency data",
}
