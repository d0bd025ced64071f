"""Calendar files: stable UIDs, SEQUENCE bumped on a move, cancelled sittings struck out."""

from __future__ import annotations

import datetime as dt
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from panelapp.cli import main
from panelapp.exports.ics import write_ics
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound
from panelapp.services.sittings import (
    calendar_entries,
    cancel_meeting,
    export_calendar,
    list_meetings,
    move_meeting,
    roster,
    set_attendance,
)
from tests.conftest import DEMO_UNTIL

SOON = (DEMO_UNTIL, DEMO_UNTIL + timedelta(days=60))


def events(path: Path) -> dict[str, dict[str, object]]:
    cal = Calendar.from_ical(path.read_bytes())
    out: dict[str, dict[str, object]] = {}
    for ev in cal.walk("VEVENT"):
        out[str(ev["UID"])] = {
            "sequence": int(ev["SEQUENCE"]),
            "start": ev.decoded("DTSTART"),
            "status": str(ev["STATUS"]),
            "summary": str(ev["SUMMARY"]),
            "description": str(ev["DESCRIPTION"]),
            "url": str(ev.get("URL", "")),
        }
    return out


def test_reexport_after_a_move_keeps_the_uid_and_increments_sequence(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    sitting = next(r for r in list_meetings(demo_ctx, *SOON) if r.status == "scheduled")
    first = write_ics(calendar_entries(demo_ctx, panel=sitting.panel, start=SOON[0]), tmp_path / "a.ics")
    before = events(first)[sitting.ics_uid]
    assert before["start"].date() == sitting.date  # type: ignore[attr-defined]
    assert before["status"] == "CONFIRMED"
    assert "teams.microsoft.com" in str(before["description"]) and str(before["url"]).startswith("https://")

    move_meeting(demo_ctx, sitting.id, sitting.date + timedelta(days=1), "Chair unwell")
    second = events(
        write_ics(calendar_entries(demo_ctx, panel=sitting.panel, start=SOON[0]), tmp_path / "b.ics")
    )
    after = second[sitting.ics_uid]
    assert after["sequence"] == int(before["sequence"]) + 1  # type: ignore[call-overload]
    assert after["start"].date() == sitting.date + timedelta(days=1)  # type: ignore[attr-defined]
    assert "Chair unwell" in str(after["description"])
    assert set(second) == set(events(first))  # same entries, none duplicated


def test_cancelled_sitting_is_sent_as_cancelled(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    sitting = next(r for r in list_meetings(demo_ctx, *SOON) if r.status == "scheduled")
    cancel_meeting(demo_ctx, sitting.id, "No cases booked")
    one = events(write_ics(calendar_entries(demo_ctx, meeting_id=sitting.id), tmp_path / "one.ics"))
    assert list(one) == [sitting.ics_uid]
    entry = one[sitting.ics_uid]
    assert entry["status"] == "CANCELLED" and str(entry["summary"]).startswith("CANCELLED:")
    assert entry["sequence"] == sitting.ics_sequence + 1


def test_member_calendar_has_their_sittings_only(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    sitting = next(r for r in list_meetings(demo_ctx, *SOON) if r.status == "scheduled")
    member = roster(demo_ctx, sitting.id).entries[0]
    selection = calendar_entries(demo_ctx, member_email=_email(demo_ctx, member.member_id), start=SOON[0])
    assert sitting.ics_uid in {e.uid for e in selection.entries}
    assert member.name in selection.title
    before = next(e for e in selection.entries if e.uid == sitting.ics_uid)
    set_attendance(demo_ctx, sitting.id, member.member_id, "apologies")
    selection = calendar_entries(demo_ctx, member_email=_email(demo_ctx, member.member_id), start=SOON[0])
    # RFC 5546 3.2.5: apologies cancel their copy, with a higher SEQUENCE, never a silent gap.
    after = next(e for e in selection.entries if e.uid == sitting.ics_uid)
    assert after.cancelled and after.sequence > before.sequence and "apologies" in after.status_reason
    with pytest.raises(NotFound, match="Nobody on the central list"):
        calendar_entries(demo_ctx, member_email="nobody@example.org")
    with pytest.raises(NotFound, match='no panel called "Panel 9"'):
        calendar_entries(demo_ctx, panel="Panel 9")


def _email(ctx: ServiceContext, member_id: int) -> str:
    from db.models import Member

    with ctx.read() as session:
        member = session.get(Member, member_id)
        assert member is not None and member.email
        return member.email


def test_cli_writes_a_panel_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    agencies = Path(__file__).resolve().parents[2] / "resources" / "agencies"
    assert main(["--db", url, "agency", "load", str(agencies / "one_fortnightly_panel.toml")]) == 0
    assert main(["--db", url, "meetings", "generate", "--from", "2026-01-01", "--to", "2026-12-31"]) == 0
    out = tmp_path / "panel.ics"
    assert main(["--db", url, "meetings", "ics", "--out", str(out), "--panel", "adoption panel"]) == 0
    assert "26 sittings written" in capsys.readouterr().out
    found = events(out)
    assert len(found) == 26 and all(e["sequence"] == 0 for e in found.values())
    starts = sorted(e["start"] for e in found.values())  # type: ignore[type-var]
    assert starts[-1].date() == date(2026, 12, 29) and starts[-1].hour == 13  # type: ignore[attr-defined]
    assert str(starts[-1].tzinfo) == "Europe/London"  # type: ignore[attr-defined]
    text = out.read_text()
    assert "BEGIN:VTIMEZONE" in text and "METHOD:PUBLISH" in text
    assert main(["--db", url, "meetings", "ics", "--out", str(out), "--member", "x@y.org"]) == 1
    assert "Nobody on the central list" in capsys.readouterr().err


def _three_parsers(data: bytes) -> list[list[tuple[str, dt.datetime, str]]]:
    """(uid, local start, status) of every event, as icalendar, ics and vobject read them."""
    import icalendar
    import ics
    import vobject

    london = ZoneInfo("Europe/London")
    by_icalendar = [
        (str(e["uid"]), e.decoded("dtstart").astimezone(london).replace(tzinfo=None), str(e["status"]))
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    ]
    by_ics = [
        (e.uid, e.begin.datetime.astimezone(london).replace(tzinfo=None), str(e.status))
        for e in ics.Calendar(data.decode()).events
    ]
    by_vobject = [
        (e.uid.value, e.dtstart.value.astimezone(london).replace(tzinfo=None), e.status.value)
        for e in vobject.readOne(data.decode()).vevent_list
    ]
    return [sorted(by_icalendar), sorted(by_ics), sorted(by_vobject)]


def test_three_calendar_readers_agree_on_every_winter_and_summer_sitting(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    """RFC 5545 3.6.5: Europe/London as yearly RRULEs, so GMT and BST sittings read alike."""
    sittings = list_meetings(demo_ctx, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    cancel_meeting(demo_ctx, next(r for r in sittings if r.status == "scheduled").id, "No cases booked")
    out, count = export_calendar(demo_ctx, tmp_path / "all.ics", start=dt.date(2026, 1, 1))
    data = out.read_bytes()
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in data and b"RDATE" not in data
    icalendar_view, ics_view, vobject_view = _three_parsers(data)
    assert count > 20 and icalendar_view == ics_view == vobject_view
    months = {start.month for _uid, start, _status in icalendar_view}
    assert {1, 7} <= months  # both sides of the clock change
    assert all(start.time() >= dt.time(9) for _uid, start, _status in icalendar_view)
    assert "CANCELLED" in {status for *_rest, status in icalendar_view}
