"""`panelapp audit` reads as the GUI's audit log (issue 20): London times and each field's label
with before → after, never UTC or raw JSON; `--csv` keeps the stored values (UTC, JSON) and its
header and help say so."""

from __future__ import annotations

import csv
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.models import AuditEntry, Member
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services.context import CurrentUser, ServiceContext


@pytest.fixture
def edited(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, AuditEntry, str]:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["--db", url, "init-db", "--demo"]) == 0
    capsys.readouterr()
    ctx = ServiceContext(make_engine(url), CurrentUser("ann.admin", "Ann Admin", UserRole.ADMINISTRATOR))
    with ctx.write(Permission.EDIT_MEMBERS, "surname corrected") as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        old = member.last_name
        member.last_name = old + "r"
    with ctx.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None
        session.expunge(entry)
    return url, entry, old


def test_the_listing_reads_in_london_time_with_labels_before_and_after(
    edited: tuple[str, AuditEntry, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, entry, old = edited
    assert main(["--db", url, "audit", "--table", "member", "--limit", "1"]) == 0
    line = capsys.readouterr().out.strip()
    london = entry.at.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/London"))
    assert line.startswith(f"{london:%d/%m/%Y %H:%M}  ann.admin")
    assert f"surname: {old} → {old}r" in line and "(surname corrected)" in line
    assert "Changed" in line and f"member {entry.row_id}" in line
    assert "{" not in line and "last_name" not in line and "version" not in line


def test_the_demo_note_lists_in_words(
    edited: tuple[str, AuditEntry, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _entry, _old = edited
    assert main(["--db", url, "audit", "--limit", "100000"]) == 0
    out = capsys.readouterr().out
    assert "Demo data created: 1 agency, 40 members, " in out
    assert "{" not in out and "'agencies'" not in out


def test_the_demo_note_counts_in_words() -> None:
    from panelapp.demo_words import audit_note

    note = audit_note({"agencies": 2, "members": 1, "meetings": 0, "cases": 3, "hearings": 1}, 7)
    assert note == (
        "Demo data created: 2 agencies, 1 member, 0 sittings, 3 cases, 1 hearing, "
        "every name invented (seed 7)."
    )


def test_the_csv_keeps_the_stored_utc_values_and_says_so(
    edited: tuple[str, AuditEntry, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, entry, old = edited
    out = tmp_path / "audit.csv"
    assert main(["--db", url, "audit", "--table", "member", "--csv", str(out)]) == 0
    assert "times in UTC" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    newest = rows[0]
    assert newest["at_utc"] == entry.at.isoformat(timespec="seconds")
    assert f'"{old}r"' in newest["after"]  # the stored JSON, for the record


def test_the_help_says_the_csv_is_in_utc(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "London time" in help_text and "times in UTC (column at_utc)" in help_text
