"""Who holds which pack (issue 22): one pack each for the members sitting and the adviser,
passwords listed apart, the record of each pack's hash and papers' versions, out-of-date
holders after a paper changes, the addendum, and the destruction reminder after the sitting.

AAR 2005 reg 41 and Statutory guidance 2013 para 1.23 (confidential case records); the
agency's retention rule: members destroy their copy after the sitting and say so.
"""

from __future__ import annotations

import hashlib
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.models import CasePaper, PackCirculation
from panelapp import clock
from panelapp.services import pack, papers
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.papers.make_pdfs import sitting_with_papers, write_pdf


def test_one_encrypted_pack_each_and_a_separate_password_list(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    people = pack.recipients(demo_ctx, meeting_id)
    assert people[-1].role == "Panel adviser" and len(people) >= 6
    result = pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "passwords.txt")
    listed = (tmp_path / "passwords.txt").read_text().splitlines()[2:]
    assert stat.S_IMODE((tmp_path / "passwords.txt").stat().st_mode) == 0o600
    assert len(result.packs) == len(people) == len(listed) == len(list((tmp_path / "packs").iterdir()))
    assert len({w.password for w in result.packs}) == len(people)
    for person, line, written in zip(people, listed, result.packs, strict=True):
        name, email, filename, password = line.split("\t")
        assert (name, email, filename) == (person.name, person.email, written.out.name)
        reader = PdfReader(written.out)
        assert reader.is_encrypted and reader.decrypt(password)
        assert person.name in reader.pages[-1].extract_text()
    with demo_ctx.read() as session:
        rows = session.scalars(select(PackCirculation).order_by(PackCirculation.id)).all()
        in_pack = [int(k) for k in rows[0].paper_versions]
        circulated = {
            p.circulated_on for p in session.scalars(select(CasePaper).where(CasePaper.id.in_(in_pack)))
        }
    assert [r.recipient for r in rows] == [p.name for p in people]
    first = result.packs[0]
    assert rows[0].pack_sha256 == hashlib.sha256(first.out.read_bytes()).hexdigest() == first.sha256
    assert len(rows[0].paper_versions) == 4 and rows[0].kind == "full"
    assert circulated == {date(2026, 11, 20)}


def test_for_all_needs_somewhere_for_the_passwords(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValidationError, match="is a file: with --for all, name a folder"):
        pack.write_packs(demo_ctx, meeting_id, tmp_path / "file", tmp_path / "pw.txt")


def test_a_stranger_gets_no_pack(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    with pytest.raises(ValidationError, match="not the email of a member sitting"):
        pack.write_pack(demo_ctx, meeting_id, tmp_path / "p.pdf", for_email="someone@else.org")
    assert not (tmp_path / "p.pdf").exists()


def test_a_paper_changed_after_circulation_is_reported_and_an_addendum_has_only_it(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    member, other = pack.recipients(demo_ctx, meeting_id)[:2]
    for person in (member, other):
        pack.write_pack(demo_ctx, meeting_id, tmp_path / f"{person.member_id}.pdf", for_email=person.email)
    assert all(h.up_to_date for h in pack.pack_status(demo_ctx, meeting_id))
    papers.add_paper_file(
        demo_ctx, ids["PK-MAT"], "CPR", write_pdf(tmp_path, "cpr v2.pdf", 3, title="CPR v2")
    )
    status = pack.pack_status(demo_ctx, meeting_id)
    assert {h.recipient for h in status if not h.up_to_date} == {member.name, other.name}
    assert status[0].out_of_date == ("case PK-MAT, CPR (now version 2)",)
    result = pack.write_addendum(demo_ctx, meeting_id, tmp_path / "add.pdf", for_email=member.email)
    reader = PdfReader(result.packs[0].out)
    texts = [p.extract_text() for p in reader.pages]
    assert "Addendum to the panel pack" in texts[0] and f"Prepared for {member.name}" in texts[0]
    assert len(reader.pages) == 1 + 3 and "CPR v2, page 1" in texts[1]
    assert not any("APR for PK-MAT" in t or "Panel 1 agenda" in t for t in texts)
    holders = {h.recipient: h for h in pack.pack_status(demo_ctx, meeting_id)}
    assert holders[member.name].up_to_date and not holders[other.name].up_to_date
    with pytest.raises(ValidationError, match="No paper has changed"):
        pack.write_addendum(demo_ctx, meeting_id, tmp_path / "again.pdf", for_email=member.email)


def test_after_the_sitting_those_who_have_not_destroyed_their_copy_are_listed(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    pack.write_packs(demo_ctx, meeting_id, tmp_path / "packs", tmp_path / "pw.txt")
    assert (
        pack.destruction_reminders(demo_ctx, meeting_id) == []
    )  # before the sitting: nothing to destroy yet
    with pytest.raises(ValidationError, match="destroyed after it"):
        pack.confirm_destroyed(demo_ctx, meeting_id, pack.pack_status(demo_ctx, meeting_id)[0].key)
    clock.set_today(date(2026, 12, 18))
    holders = pack.pack_status(demo_ctx, meeting_id)
    pack.confirm_destroyed(demo_ctx, meeting_id, holders[0].key)
    reminded = pack.destruction_reminders(demo_ctx, meeting_id)
    assert [h.recipient for h in reminded] == [h.recipient for h in holders[1:]]
    assert pack.pack_status(demo_ctx, meeting_id)[0].destroyed_confirmed_on == date(2026, 12, 18)
