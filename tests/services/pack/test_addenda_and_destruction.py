"""Destroyed copies recorded and addenda for everyone behind (issue 22).

The agency's retention rule (AAR 2005 reg 41; Statutory guidance 2013 para 1.23, case
records kept confidential): after the sitting each holder destroys their copy and says so;
the reminder list shrinks as they do. A paper changed after circulation reaches every holder
of an out-of-date pack as an addendum with only the papers they lack, each encrypted with
its own password like the full packs.
"""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.models import AuditEntry, PackCirculation
from panelapp import clock
from panelapp.services import pack, papers
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.papers.make_pdfs import sitting_with_papers, write_pdf

AFTER = date(2026, 12, 18)  # the day after the sitting (17/12/2026)


def _destroyed(ctx: ServiceContext) -> list[date | None]:
    with ctx.read() as session:
        return list(session.scalars(select(PackCirculation.destroyed_confirmed_on)))


def test_retention_rule_a_confirmed_copy_leaves_the_reminder_list_audited(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    people = pack.recipients(demo_ctx, meeting_id)
    pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "pw.txt")
    clock.set_today(date(2026, 12, 21))
    holder = pack.holder_by_email(demo_ctx, meeting_id, people[1].email.upper())
    assert holder.recipient == people[1].name
    done = pack.confirm_destroyed(demo_ctx, meeting_id, holder.key, AFTER)
    assert done.destroyed_confirmed_on == AFTER
    left = [h.recipient for h in pack.destruction_reminders(demo_ctx, meeting_id)]
    assert people[1].name not in left and len(left) == len(people) - 1
    with demo_ctx.read() as session:
        said = session.scalars(select(AuditEntry.summary).where(AuditEntry.table_name == "pack_circulation"))
        assert f"Pack destroyed: {people[1].name}, sitting {meeting_id}, confirmed 18/12/2026" in list(said)


def test_retention_rule_no_destruction_dated_before_the_sitting_or_in_the_future(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "pw.txt")
    clock.set_today(AFTER)
    key = pack.pack_status(demo_ctx, meeting_id)[0].key
    with pytest.raises(ValidationError, match="The sitting is on 17/12/2026"):
        pack.confirm_destroyed(demo_ctx, meeting_id, key, date(2026, 12, 16))
    with pytest.raises(ValidationError, match="19/12/2026 is in the future"):
        pack.confirm_destroyed(demo_ctx, meeting_id, key, date(2026, 12, 19))
    with pytest.raises(ValidationError, match="has not been sent this sitting's pack"):
        pack.holder_by_email(demo_ctx, meeting_id, "nobody@example.org")
    assert set(_destroyed(demo_ctx)) == {None}


def test_an_addendum_each_for_the_holders_of_out_of_date_packs_with_their_own_passwords(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    first, second, third = pack.recipients(demo_ctx, meeting_id)[:3]
    for person in (first, second, third):
        pack.write_pack(demo_ctx, meeting_id, tmp_path / f"{person.member_id}.pdf", for_email=person.email)
    pack.write_pack(demo_ctx, meeting_id, tmp_path / "anyone.pdf")  # not personalised: no addendum
    papers.add_paper_file(demo_ctx, ids["PK-MAT"], "CPR", write_pdf(tmp_path, "c2.pdf", 3, title="CPR v2"))
    pack.write_addendum(demo_ctx, meeting_id, tmp_path / "a.pdf", for_email=first.email)  # first is level
    papers.add_paper_file(demo_ctx, ids["PK-APP"], "PAR", write_pdf(tmp_path, "p2.pdf", 2, title="PAR v2"))
    result = pack.write_addenda(demo_ctx, meeting_id, tmp_path / "addenda", tmp_path / "list.txt")
    listed = [line.split("\t") for line in (tmp_path / "list.txt").read_text().splitlines()[2:]]
    assert stat.S_IMODE((tmp_path / "list.txt").stat().st_mode) == 0o600
    by_name = {line[0]: line for line in listed}
    assert set(by_name) == {first.name, second.name, third.name}
    assert len({w.password for w in result.packs}) == 3
    for written in result.packs:
        name, _email, filename, password = by_name[written.recipient]
        assert filename == written.out.name and "addendum" in filename
        reader = PdfReader(written.out)
        assert reader.is_encrypted and not reader.decrypt("wrong") and reader.decrypt(password)
        texts = [p.extract_text() for p in reader.pages]
        assert "Addendum to the panel pack" in texts[0] and f"Prepared for {name}" in texts[0]
        assert any("PAR v2, page 2" in t for t in texts)
        assert any("CPR v2" in t for t in texts) is (name != first.name)  # first had CPR v2 already
        assert not any("APR for PK-MAT" in t for t in texts)
    status = {h.recipient: h for h in pack.pack_status(demo_ctx, meeting_id)}
    assert all(status[p.name].up_to_date for p in (first, second, third))
    assert not status[pack.NOT_PERSONALISED].up_to_date
    with pytest.raises(ValidationError, match="no addendum is needed"):
        pack.write_addenda(demo_ctx, meeting_id, tmp_path / "again", tmp_path / "again.txt")
    assert not (tmp_path / "again.txt").exists()


def test_no_addendum_for_a_holder_who_has_destroyed_their_copy(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    first, second = pack.recipients(demo_ctx, meeting_id)[:2]
    for person in (first, second):
        pack.write_pack(demo_ctx, meeting_id, tmp_path / f"{person.member_id}.pdf", for_email=person.email)
    clock.set_today(AFTER)
    pack.confirm_destroyed(demo_ctx, meeting_id, pack.holder_by_email(demo_ctx, meeting_id, first.email).key)
    papers.add_paper_file(demo_ctx, ids["PK-MAT"], "CPR", write_pdf(tmp_path, "c2.pdf", 3, title="CPR v2"))
    result = pack.write_addenda(demo_ctx, meeting_id, tmp_path / "addenda", tmp_path / "list.txt")
    assert [w.recipient for w in result.packs] == [second.name]
