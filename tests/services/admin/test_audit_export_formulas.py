"""The audit log's CSV export and formula injection (issue 18, failure 11; OWASP "CSV Injection")."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from db.models import Member
from panelapp.domain.permissions import Permission
from panelapp.services.admin.audit_log import AuditFilter, export_audit_csv
from panelapp.services.context import ServiceContext


def test_an_audit_export_holds_no_live_formula(tmp_path: Path, demo_ctx: ServiceContext) -> None:
    with demo_ctx.write(Permission.EDIT_MEMBERS, '=HYPERLINK("http://x","y")') as session:
        member = session.scalars(select(Member)).first()
        assert member is not None
        member.notes = "=cmd|' /C calc'!A0"
    out = tmp_path / "audit.csv"
    assert export_audit_csv(demo_ctx, out, AuditFilter(text="HYPERLINK")) >= 1
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[1][5] == '\'=HYPERLINK("http://x","y")'  # the summary, quoted
    assert not [cell for row in rows for cell in row if cell[:1] in "=+-@\t\r" and cell]
