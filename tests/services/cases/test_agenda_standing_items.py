"""The agenda as English panels write it (issue 19): standing items around the cases, a
cancelled sitting refused, a moved one with its new date, cases not coming left off and a
case not heard for want of a quorum marked as such; names in their alphabetical place."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select, update

from db.models import Agency, Hearing, Member
from panelapp.documents.agenda import DEFAULT_STANDING_ITEMS, NOT_HEARD_NOTE, standing_items
from panelapp.domain.names import fold, name_key
from panelapp.services import cases, sittings
from panelapp.services.agency import save_standing_items, standing_items_text
from panelapp.services.cases import agenda_document, export_agenda
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.cases.support import TODAY, new_case, new_sitting


def _booked_sitting(ctx: ServiceContext, n: int = 3) -> int:
    meeting_id = new_sitting(ctx)
    for i in range(n):
        case = new_case(ctx, f"STAND-{i}", "approval", household=f"Household {i}")
        cases.book_case(ctx, case.id, meeting_id, today=TODAY)
    return meeting_id


def _items(rows: list[list[str]]) -> list[str]:
    return [row[1].split("\n")[0] for row in rows]


def test_standing_items_open_and_close_the_agenda_when_the_agency_has_saved_none(
    demo_ctx: ServiceContext,
) -> None:
    """The usual English panel agenda: welcome and apologies, declarations, last minutes;
    the cases; any other business, date of next panel. Numbered in order."""
    document = agenda_document(demo_ctx, _booked_sitting(demo_ctx), TODAY)
    items = _items(document.slot_rows())
    assert items[:3] == [
        "1. Welcome, introductions and apologies",
        "2. Declarations of interest",
        "3. Minutes of the last meeting and matters arising",
    ]
    assert items[3:6] == ["4. STAND-0", "5. STAND-1", "6. STAND-2"]
    assert items[6] == "7. Any other business"
    assert items[7].startswith("8. Date of next panel")
    assert document.slot_rows()[0][0] == "09:30"  # the opening items at the sitting's start


def test_the_date_of_next_panel_is_the_panels_next_sitting(demo_ctx: ServiceContext) -> None:
    document = agenda_document(demo_ctx, _booked_sitting(demo_ctx), TODAY)
    assert document.next_sitting is not None and document.next_sitting > document.date
    last = document.slot_rows()[-1][1]
    day = document.next_sitting
    assert last == f"8. Date of next panel: {day.day} {day:%B} {day.year}"


def test_the_agencys_own_standing_items_are_used_and_blank_means_the_usual(demo_ctx: ServiceContext) -> None:
    saved = save_standing_items(demo_ctx, "Welcome\n\n  Panel training  update \n[Cases]\nClose")
    assert saved == "Welcome\nPanel training update\n[Cases]\nClose"
    document = agenda_document(demo_ctx, _booked_sitting(demo_ctx, 1), TODAY)
    assert _items(document.slot_rows()) == [
        "1. Welcome",
        "2. Panel training update",
        "3. STAND-0",
        "4. Close",
    ]
    assert save_standing_items(demo_ctx, "   \n") == "\n".join(DEFAULT_STANDING_ITEMS)
    assert standing_items_text(demo_ctx) == "\n".join(DEFAULT_STANDING_ITEMS)


def test_standing_items_without_the_cases_line_are_refused_and_nothing_is_saved(
    demo_ctx: ServiceContext,
) -> None:
    save_standing_items(demo_ctx, "Welcome\n[Cases]\nClose")
    with pytest.raises(ValidationError, match=r'one line "\[Cases\]"') as refused:
        save_standing_items(demo_ctx, "Welcome\nAny other business")
    assert refused.value.field_errors == {"standing_items": 'One line "[Cases]" is needed.'}
    with demo_ctx.read() as s:
        assert s.scalar(select(Agency.agenda_standing_items)) == "Welcome\n[Cases]\nClose"


def test_standing_items_split_at_the_cases_line() -> None:
    assert standing_items("") == (DEFAULT_STANDING_ITEMS[:3], DEFAULT_STANDING_ITEMS[4:])
    assert standing_items("A\n[cases]\nB\nC") == (("A",), ("B", "C"))
    assert standing_items("A\nB") == (("A", "B"), ())


def test_a_cancelled_sittings_agenda_is_refused_with_the_reason(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    """Issue 19 item 5: no normal agenda for a cancelled sitting, and no file written."""
    meeting_id = _booked_sitting(demo_ctx, 1)
    sittings.cancel_meeting(demo_ctx, meeting_id, "Too few cases booked")
    out = tmp_path / "agenda.docx"
    with pytest.raises(ValidationError, match=r"17/12/2026 is cancelled \(Too few cases booked\)"):
        export_agenda(demo_ctx, meeting_id, "docx", out)
    assert not out.exists() and not list(tmp_path.glob("*.docx"))


def test_a_moved_sitting_carries_its_new_date_and_leaves_off_cases_to_re_book(
    demo_ctx: ServiceContext,
) -> None:
    meeting_id = _booked_sitting(demo_ctx, 2)
    sittings.move_meeting(demo_ctx, meeting_id, date(2026, 12, 18), "Chair unwell", rebook_cases=True)
    document = agenda_document(demo_ctx, meeting_id, TODAY)
    assert document.date == date(2026, 12, 18) and document.title.endswith("18 December 2026")
    assert "This sitting has moved: it is now on 18 December 2026 at 09:30." in document.notice
    assert "Moved from 17/12/2026 09:30: Chair unwell" in document.notice
    assert document.left_off == ("STAND-0", "STAND-1")
    assert not any(item.is_case for item in document.items)
    assert ("Taken off to be re-booked", "STAND-0, STAND-1") in document.details()


def test_a_moved_sitting_keeping_its_cases_lists_them_at_the_new_times(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked_sitting(demo_ctx, 2)
    sittings.move_meeting(
        demo_ctx, meeting_id, date(2026, 12, 18), "Room needed", new_start=time(10, 0), rebook_cases=False
    )
    document = agenda_document(demo_ctx, meeting_id, TODAY)
    assert [i.reference for i in document.items if i.is_case] == ["STAND-0", "STAND-1"]
    assert document.items[0].start == time(10, 0) and not document.left_off


def test_a_case_not_heard_for_want_of_a_quorum_stays_marked_not_heard(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6: a case the panel could not hear (not quorate) is shown as not heard, in
    its place, so a re-issued agenda matches the minutes item for item."""
    meeting_id = _booked_sitting(demo_ctx, 2)
    with demo_ctx.engine.begin() as conn:  # set-up: as record_not_heard_inquorate leaves it
        hearing_id = conn.scalar(
            select(Hearing.id).where(Hearing.meeting_id == meeting_id).order_by(Hearing.id)
        )
        conn.execute(update(Hearing).where(Hearing.id == hearing_id).values(status="inquorate"))
    document = agenda_document(demo_ctx, meeting_id, TODAY)
    first, second = [row for row in document.slot_rows() if "STAND-" in row[1]]
    assert first[1].endswith(NOT_HEARD_NOTE) and NOT_HEARD_NOTE == "Not heard: the panel was not quorate"
    assert NOT_HEARD_NOTE not in second[1]


def test_names_sort_by_their_letters_whatever_the_accents() -> None:
    """Issue 19: "Łukasiewicz" under L, "Çelik" under C, not after Z."""
    names = ["Zhang", "Łukasiewicz-Nguyễn", "Lewis", "Çelik", "Cole", "Ødegaard", "Owen"]
    assert sorted(names, key=name_key) == [
        "Çelik",
        "Cole",
        "Lewis",
        "Łukasiewicz-Nguyễn",
        "Ødegaard",
        "Owen",
        "Zhang",
    ]
    assert fold("Zoë Łukasiewicz-Nguyễn") == "zoe lukasiewicz-nguyen"


def test_the_agenda_lists_who_is_sitting_in_surname_order_of_letters(demo_ctx: ServiceContext) -> None:
    """Issue 19: a member renamed Łukasiewicz moves among the L surnames, not after Z."""
    meeting_id = _booked_sitting(demo_ctx, 1)
    document = agenda_document(demo_ctx, meeting_id, TODAY)
    first, last = next(p.name for p in document.sitting if p.role == "Independent member").split()[-2:]
    with demo_ctx.engine.begin() as conn:
        renamed = update(Member).where(Member.first_name == first, Member.last_name == last)
        conn.execute(renamed.values(last_name="Łukasiewicz"))
    document = agenda_document(demo_ctx, meeting_id, TODAY)
    surnames = [p.name.split()[-1] for p in document.sitting if p.role == "Independent member"]
    assert "Łukasiewicz" in surnames
    assert surnames == sorted(surnames, key=fold)
    assert surnames != sorted(surnames)  # code-point order would put Ł after Z
