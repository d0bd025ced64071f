"""Generating sittings (no duplicates, edited ones kept), moving and cancelling, the JSON list."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Hearing, Meeting
from panelapp.cli import main
from panelapp.services import agency
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ValidationError
from panelapp.services.sittings import (
    MeetingRow,
    cancel_meeting,
    generate_meetings,
    list_meetings,
    move_meeting,
    reinstate_meeting,
)
from tests.conftest import DEMO_UNTIL

AGENCIES = Path(__file__).resolve().parents[3] / "resources" / "agencies"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def meeting_count(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count(Meeting.id))) or 0


@pytest.fixture
def wealdmoor(empty_ctx: ServiceContext) -> ServiceContext:
    agency.load_agency_file(empty_ctx, AGENCIES / "four_monthly_panels.toml")
    generate_meetings(empty_ctx, *YEAR)
    return empty_ctx


def upcoming_with_cases(ctx: ServiceContext) -> MeetingRow:
    rows = list_meetings(ctx, DEMO_UNTIL, DEMO_UNTIL + timedelta(days=60))
    return next(r for r in rows if r.status == "scheduled" and r.cases_booked)


def test_generating_over_the_demo_year_adds_no_duplicates(demo_ctx: ServiceContext) -> None:
    before = meeting_count(demo_ctx)
    report = generate_meetings(demo_ctx, *YEAR)
    assert report.created == 0 and report.updated == 0
    assert report.kept_edited + report.unchanged == 48  # held sittings are kept as held
    assert meeting_count(demo_ctx) == before


def test_rerunning_creates_nothing_and_overlapping_ranges_join_up(wealdmoor: ServiceContext) -> None:
    again = generate_meetings(wealdmoor, date(2026, 6, 1), date(2027, 3, 31))
    assert again.created == 12  # January to March 2027 only
    assert again.unchanged == 28
    assert meeting_count(wealdmoor) == 60
    days = [(r.panel, r.date) for r in list_meetings(wealdmoor, date(2026, 1, 1), date(2027, 4, 30))]
    assert len(days) == len(set(days)) == 60


def test_a_sitting_moved_by_hand_is_kept_when_generating_again(wealdmoor: ServiceContext) -> None:
    june = next(
        r for r in list_meetings(wealdmoor, date(2026, 6, 1), date(2026, 6, 30)) if r.panel == "Panel 2"
    )
    assert june.date == date(2026, 6, 8)
    move_meeting(wealdmoor, june.id, date(2026, 6, 10), "Chair unavailable")
    report = generate_meetings(wealdmoor, *YEAR)
    assert (report.created, report.kept_edited) == (0, 1)
    moved = next(r for r in list_meetings(wealdmoor, *YEAR) if r.id == june.id)
    assert moved.date == date(2026, 6, 10) and moved.edited
    assert moved.status_reason == "Moved from 08/06/2026 09:30: Chair unavailable"
    assert meeting_count(wealdmoor) == 48


def test_a_closure_day_added_later_moves_the_generated_sitting(wealdmoor: ServiceContext) -> None:
    agency.add_closure_day(wealdmoor, date(2026, 3, 16), "Office move")
    report = generate_meetings(wealdmoor, *YEAR)
    assert (report.created, report.updated, report.moved) == (0, 1, 1)
    row = next(r for r in list_meetings(wealdmoor, *YEAR) if r.rule_date == date(2026, 3, 16))
    assert row.date == date(2026, 3, 17)
    assert row.ics_sequence == 1
    assert row.status_reason == "Moved from 16/03/2026: agency closure day"


def test_cancel_policy_cancels_instead_of_moving(empty_ctx: ServiceContext) -> None:
    agency.load_agency_file(empty_ctx, AGENCIES / "four_monthly_panels.toml")
    agency.save_policy(empty_ctx, {"non_working_day": "cancel"})
    report = generate_meetings(empty_ctx, *YEAR)
    assert (report.created, report.cancelled, report.moved) == (48, 4, 0)
    easter = next(r for r in list_meetings(empty_ctx, *YEAR) if r.date == date(2026, 4, 6))
    assert easter.status == "cancelled" and "Easter Monday" in easter.status_reason


def test_generate_refuses_a_backwards_or_huge_range(wealdmoor: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="before the start date"):
        generate_meetings(wealdmoor, date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError, match="three years"):
        generate_meetings(wealdmoor, date(2026, 1, 1), date(2036, 1, 1))


def test_cancelling_flags_the_booked_cases_to_rebook(demo_ctx: ServiceContext) -> None:
    sitting = upcoming_with_cases(demo_ctx)
    change = cancel_meeting(demo_ctx, sitting.id, "No chair available", expected_version=sitting.version)
    assert len(change.flagged_cases) == sitting.cases_booked
    assert change.ics_sequence == sitting.ics_sequence + 1
    with demo_ctx.read() as session:
        statuses = session.scalars(select(Hearing.status).where(Hearing.meeting_id == sitting.id)).all()
    assert statuses and set(statuses) == {"rebook"}
    after = next(r for r in list_meetings(demo_ctx, sitting.date, sitting.date) if r.id == sitting.id)
    assert (after.status, after.quorate, after.cases_booked) == ("cancelled", None, 0)
    assert after.status_reason == "Cancelled: No chair available"
    with pytest.raises(ValidationError, match="already cancelled"):
        cancel_meeting(demo_ctx, sitting.id, "again")
    reinstate_meeting(demo_ctx, sitting.id)
    assert next(r for r in list_meetings(demo_ctx, sitting.date, sitting.date) if r.id == sitting.id).quorate


def test_moving_checks_the_day_and_says_why(demo_ctx: ServiceContext) -> None:
    sitting = upcoming_with_cases(demo_ctx)
    with pytest.raises(ValidationError, match="Please say why"):
        move_meeting(demo_ctx, sitting.id, sitting.date + timedelta(days=1), "  ")
    with pytest.raises(ValidationError, match=r"25/12/2026 is not a working day \(Christmas Day\)"):
        move_meeting(demo_ctx, sitting.id, date(2026, 12, 25), "Christmas")
    other = next(
        r
        for r in list_meetings(demo_ctx, sitting.date, sitting.date + timedelta(days=90))
        if r.panel == sitting.panel and r.id != sitting.id and r.status == "scheduled"
    )
    with pytest.raises(ValidationError, match="already sits on"):
        move_meeting(demo_ctx, sitting.id, other.date, "Clash")
    with pytest.raises(ConflictError):
        move_meeting(demo_ctx, sitting.id, sitting.date + timedelta(days=1), "x", expected_version=0)
    change = move_meeting(
        demo_ctx, sitting.id, sitting.date + timedelta(days=1), "Room booked", new_start=time(10, 0)
    )
    assert change.ics_sequence == sitting.ics_sequence + 1
    assert len(change.flagged_cases) == sitting.cases_booked
    moved = next(r for r in list_meetings(demo_ctx, *YEAR) if r.id == sitting.id)
    assert (moved.date, moved.start) == (sitting.date + timedelta(days=1), time(10, 0))
    assert moved.end is not None and moved.end > moved.start


def test_held_sittings_cannot_be_moved(demo_ctx: ServiceContext) -> None:
    held = next(r for r in list_meetings(demo_ctx, date(2026, 1, 1), DEMO_UNTIL) if r.status == "held")
    with pytest.raises(ValidationError, match="has been held"):
        cancel_meeting(demo_ctx, held.id, "late")


def test_cli_list_prints_json_ordered_by_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["--db", url, "agency", "load", str(AGENCIES / "two_panels_three_chairs.toml")]) == 0
    assert main(["--db", url, "meetings", "generate", "--from", "2026-01-01", "--to", "31/12/2026"]) == 0
    assert "24 sittings created" in capsys.readouterr().out
    assert main(["--db", url, "meetings", "generate", "--from", "2026-01-01", "--to", "2026-12-31"]) == 0
    assert "0 sittings created" in capsys.readouterr().out
    assert (
        main(["--db", url, "meetings", "list", "--from", "2026-11-01", "--to", "2026-12-31", "--json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [r["date"] for r in rows] == ["2026-11-04", "2026-11-18", "2026-12-02", "2026-12-16"]
    assert set(rows[0]) == {"id", "panel", "date", "start", "status", "quorate", "reasons"}
    assert rows[0]["panel"] == "North Panel" and rows[0]["start"] == "09:30"
    assert rows[0]["quorate"] is False and rows[0]["reasons"][0].startswith(
        "Not quorate under regulation 6: only 2 members"
    )
    assert rows[3]["status"] == "cancelled" and rows[3]["quorate"] is None
