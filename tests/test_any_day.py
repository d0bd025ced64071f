"""The panel team's key flows on fixed "today" dates around bank holidays, year ends and a leap day.

Issue 14: the suite must pass on any date. Each scenario pins today (``clock.set_today``) to a
day where date arithmetic is easy to get wrong, builds a fresh SQLite database and walks the
flows a user would, through the public services only:

1. the agency is loaded from one of ``resources/agencies/*.toml`` and five members are added;
2. the sittings are generated from today for four months: every one must be where an
   independent planner puts it (the panel's rule, ``holidays.UK(subdiv="ENG")`` and the
   file's closure days), so none is on a weekend, a bank holiday or a closure day;
3. a case is booked onto the next sitting (the first one the booking list offers *today*),
   its papers get their deadline, the roster is quorate with one apology;
4. today moves to the sitting: attendance, the recommendation, the PAR grade, minutes signed off;
5. the minutes go to the ADM: the decision deadline is 7 statutory working days later (weekends
   and English bank holidays only, counted here without the app's calendar), and the ADM
   tracker and the ``deadlines`` list show it due later, due today, then overdue as today moves;
6. the chairs' report figures (the JSON of ``report chairs --format json``) for the reporting
   period holding the sitting count the case; the period before does not.

A second test sends the minutes *on* the scenario's day (for a case heard a few weeks before),
so the ADM clock itself runs across Christmas, New Year, Easter and a period end.

No service is given a date it could default: anything reading the real calendar instead of the
pinned day books the wrong sitting, refuses a "future" date or puts an item in the wrong group.
Run it under ``faketime`` too, so the real calendar is nowhere near the pinned one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest

from panelapp import clock
from panelapp.domain.deadlines import DeadlineKind, DeadlineStatus, TrackerGroup
from panelapp.domain.vocab import AdmDecision
from panelapp.services import adm, agency, cases, members, panel_day, reports, sittings
from panelapp.services import adm as adm_record
from panelapp.services import cases as booking
from panelapp.services import cases as papers
from panelapp.services import panel_day as gradings
from panelapp.services import panel_day as minutes
from panelapp.services import panel_day as recommendations
from panelapp.services.context import ServiceContext
from tests.conftest import new_sqlite_context

AGENCIES = Path(__file__).resolve().parents[1] / "resources" / "agencies"
# The oracle: holidays.UK(subdiv="ENG") (substitute days included), not the app's calendar.
ENGLAND = holidays.country_holidays("UK", subdiv="ENG", years=range(2025, 2030))
ONE_DAY = timedelta(days=1)
GENERATE_DAYS = 120  # "a few months" of sittings from today
ADM_DECISION_WD = 7  # working days: the files keep the default
PAPERS_DEADLINE_WD = 10
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
APOLOGISING = "Nia Newly"  # sends apologies before every sitting


@dataclass(frozen=True)
class Scenario:
    today: date
    agency_file: str


SCENARIOS = [
    pytest.param(Scenario(date(2026, 12, 24), "one_fortnightly_panel.toml"), id="christmas-eve-2026"),
    pytest.param(Scenario(date(2026, 12, 31), "four_monthly_panels.toml"), id="year-end-2026"),
    pytest.param(Scenario(date(2027, 3, 26), "four_monthly_panels.toml"), id="good-friday-2027"),
    pytest.param(Scenario(date(2027, 3, 31), "four_monthly_panels.toml"), id="period-end-2027-03-31"),
    pytest.param(Scenario(date(2028, 2, 29), "four_monthly_panels.toml"), id="leap-day-2028"),
    pytest.param(Scenario(date(2027, 11, 29), "four_monthly_panels.toml"), id="a-year-ahead-2027-11-29"),
]


# -- the oracle: working days and sitting dates, worked out without the app ---------------------


def statutory_working_day(day: date) -> bool:
    """Monday to Friday and not an English bank holiday (substitute days included)."""
    return day.weekday() < 5 and day not in ENGLAND


def agency_working_day(day: date, closures: frozenset[date]) -> bool:
    return statutory_working_day(day) and day not in closures


def working_days_after(day: date, n: int, closures: frozenset[date] = frozenset()) -> date:
    """The n-th working day after ``day`` (``day`` itself not counted); n < 0 counts back."""
    step = ONE_DAY if n > 0 else -ONE_DAY
    left = abs(n)
    while left:
        day += step
        left -= agency_working_day(day, closures)
    return day


def rule_dates(rule: str, start: date, end: date) -> list[date]:
    """The dates a panel's rule gives in [start, end] ("monthly 2nd Monday", "fortnightly ... from")."""
    words = rule.split()
    if words[0] == "fortnightly":
        day = date.fromisoformat(words[3])
        out = []
        while day <= end:
            if day >= start:
                out.append(day)
            day += timedelta(days=14)
        return out
    assert words[0] == "monthly", f"the oracle does not know the rule {rule!r}"
    nth, weekday = ORDINALS[words[1]], WEEKDAYS.index(words[2])
    out = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        if start <= day <= end:
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def planned_sittings(
    rule: str, start: date, end: date, closures: frozenset[date], policy: str
) -> list[tuple[date, bool]]:
    """(date, cancelled) of each sitting whose rule date is in [start, end].

    A rule date on a non-working day moves to the next working day (policy
    "next_working_day") unless that reaches the rule's next date, or is cancelled.
    """
    dates = rule_dates(rule, start, end + timedelta(days=62))
    out = []
    for i, day in enumerate(dates):
        if day > end:
            break
        if agency_working_day(day, closures):
            out.append((day, False))
            continue
        moved = working_days_after(day, 1, closures)
        cancelled = policy == "cancel" or moved >= dates[i + 1]
        out.append((day, True) if cancelled else (moved, False))
    return out


def reporting_period(day: date) -> tuple[date, date]:
    """1 April to 30 September, or 1 October to 31 March."""
    if 4 <= day.month <= 9:
        return date(day.year, 4, 1), date(day.year, 9, 30)
    first = day.year if day.month >= 10 else day.year - 1
    return date(first, 10, 1), date(first + 1, 3, 31)


def period_before(period: tuple[date, date]) -> tuple[date, date]:
    return reporting_period(period[0] - ONE_DAY)


# -- the agency file, read here as a user would read it --------------------------------------


@dataclass(frozen=True)
class AgencyFacts:
    rules: dict[str, str]  # panel name -> rule
    chairs: dict[str, str]  # panel name -> chair as named in the file
    non_working_day: str
    closures: frozenset[date]
    approvals_adm: str
    first_local_authority: str


def read_facts(file_name: str) -> AgencyFacts:
    data: dict[str, Any] = tomllib.loads((AGENCIES / file_name).read_text(encoding="utf-8"))
    policy = data.get("policy", {})
    approvals = data["adm"]["approvals"]
    return AgencyFacts(
        rules={p["name"]: p["rule"] for p in data["panels"]},
        chairs={p["name"]: p["chair"] for p in data["panels"]},
        non_working_day=policy.get("non_working_day", "next_working_day"),
        closures=frozenset(
            d if isinstance(d, date) else date.fromisoformat(d) for d in policy.get("closure_days", [])
        ),
        approvals_adm=approvals if isinstance(approvals, str) else approvals["name"],
        first_local_authority=data["local_authorities"][0]["name"],
    )


# -- the flows ------------------------------------------------------------------------------


def pin(day: date) -> None:
    clock.set_today(day)
    assert clock.today() == day


def set_up_agency(ctx: ServiceContext, file_name: str) -> dict[str, int]:
    """Load the agency file and add the members a quorum needs; panel name -> id."""
    report = agency.load_agency_file(ctx, AGENCIES / file_name)
    assert report.created_agency
    panels = {c.name: c.id for c in members.member_choices(ctx).panels}
    home, *others = sorted(panels.values())
    today = clock.today()
    pool = (
        ("Sasha", "Social", "social_worker", today - timedelta(days=3650)),
        ("Nia", "Newly", "social_worker", today - timedelta(days=200)),  # under 3 years' PQE
        ("Ivy", "Independent", "independent", None),
        ("Ian", "Independent", "independent", None),
        ("Mo", "Medic", "medical_adviser", None),
    )
    for first, last, role, qualified in pool:
        members.save_member(
            ctx,
            None,
            members.MemberInput(
                first_name=first,
                last_name=last,
                roles=(role,),
                home_panel_id=home,
                covered_panel_ids=tuple(others),
                qualified_on=qualified,
                joined_on=today - timedelta(days=400),
            ),
        )
    return panels


def generate_and_check(
    ctx: ServiceContext, facts: AgencyFacts, panels: dict[str, int], start: date, end: date
) -> list[tuple[str, date]]:
    """Generate [start, end]: every sitting where the oracle puts it. Returns the scheduled (panel, date)."""
    report = sittings.generate_meetings(ctx, start, end)
    rows = sittings.list_meetings(ctx, start, end + timedelta(days=14))
    expected_total = 0
    for name, rule in facts.rules.items():
        planned = planned_sittings(rule, start, end, facts.closures, facts.non_working_day)
        expected_total += len(planned)
        got = [(r.date, r.status == "cancelled") for r in rows if r.panel_id == panels[name]]
        assert got == planned, f"{name} ({rule}) from {start}: sittings {got}, expected {planned}"
    assert report.created == expected_total == len(rows)
    scheduled = [(r.panel, r.date) for r in rows if r.status == "scheduled"]
    for panel, day in scheduled:
        assert agency_working_day(day, facts.closures), f"{panel} sits on {day:%a %d/%m/%Y}"
    return scheduled


@dataclass(frozen=True)
class Booked:
    case_id: int
    reference: str
    hearing_id: int
    meeting_id: int
    sitting: date
    panel: str


def book_next_sitting(
    ctx: ServiceContext, facts: AgencyFacts, scheduled: list[tuple[str, date]], reference: str
) -> Booked:
    """A new approval booked onto the first sitting the booking list offers today."""
    today = clock.today()
    first_panel, first_date = min((s for s in scheduled if s[1] >= today), key=lambda s: (s[1], s[0]))
    offered = booking.bookable_sittings(ctx)  # from today
    assert offered, "nothing offered for booking"
    nxt = offered[0]
    assert (nxt.panel, nxt.date) == (first_panel, first_date)
    la = next(la for la in cases.local_authority_choices(ctx) if la.name == facts.first_local_authority)
    case = cases.create_case(
        ctx,
        cases.CaseInput(
            reference=reference,
            case_type="approval",
            household="Alex and Sam Example",
            local_authority_id=la.id,
            locality_id=la.localities[0][0] if la.localities else None,
            stage2_start=today - timedelta(days=60),  # well inside the 4-month grading cap
            social_workers=(cases.SocialWorkerData("adopters", "Robin Worker", "Adoption team", "r@x.org"),),
        ),
    )
    result = booking.book_case(ctx, case.id, nxt.meeting_id)
    assert not [w for w in result.warnings if "not quorate" in w]
    return Booked(case.id, reference, result.hearing_id, nxt.meeting_id, nxt.date, nxt.panel)


def check_papers_due(ctx: ServiceContext, facts: AgencyFacts, booked: Booked) -> None:
    """Papers are due 10 working days (closure days count: agency, not statute) before the sitting."""
    today = clock.today()
    due = working_days_after(booked.sitting, -PAPERS_DEADLINE_WD, facts.closures)
    rows = papers.list_papers(ctx, booked.case_id)
    assert {p.paper_type for p in rows} >= {"PAR"}
    for paper in rows:
        assert paper.due_on == due, f"{paper.label} due {paper.due_on}, expected {due}"
        assert paper.state.value == ("missing" if today > due else "awaited")
    received = papers.update_papers(
        ctx,
        booked.case_id,
        {p.id: papers.PaperUpdate(author="Robin Worker", received_on=today) for p in rows},
    )
    assert {p.state.value for p in received} == {"late" if today > due else "on_time"}


def roster_with_one_apology(ctx: ServiceContext, booked: Booked) -> int:
    """Before the day: the usual seven invited, one apology, still quorate. Members expected."""
    before = sittings.roster(ctx, booked.meeting_id)
    names = {e.name: e.member_id for e in before.entries}
    assert len(names) == 7, sorted(names)
    sittings.set_attendance(ctx, booked.meeting_id, names[APOLOGISING], "apologies")
    after = sittings.roster(ctx, booked.meeting_id)
    assert after.quorum is not None and after.quorum.quorate_for_every_case, after.quorum
    assert after.quorum.overall.members_counted == 6
    return 6


def hold_the_sitting(ctx: ServiceContext, facts: AgencyFacts, booked: Booked, sitting_members: int) -> None:
    """On the day: everyone else present, the recommendation, the PAR grade, minutes signed off."""
    assert clock.today() == booked.sitting
    sheet = panel_day.day_sheet(ctx, booked.meeting_id)
    for row in sheet.attendance:
        if row.status != "apologies":
            sittings.set_attendance(ctx, booked.meeting_id, row.member_id, "present")
    summary = panel_day.quorum_summary(ctx, booked.meeting_id)
    assert summary.overall.quorate and summary.cases[booked.hearing_id].quorate
    assert summary.cases[booked.hearing_id].members_counted == sitting_members
    default = panel_day.default_sitting(panel_day.list_sittings(ctx), clock.today())
    assert default is not None and default.meeting_id == booked.meeting_id  # "today's sitting"
    view = recommendations.record_recommendation(
        ctx,
        booked.hearing_id,
        recommendations.RecommendationForm(
            outcome="recommended",
            vote_for=sitting_members,
            vote_against=0,
            vote_abstain=0,
            reasons="The applicants can meet the needs of a child throughout childhood.",
        ),
    )
    assert view.outcome == "recommended" and view.vote_text
    graded = gradings.record_grading(
        ctx, booked.hearing_id, "PAR", "outstanding", strengths="Clear analysis."
    )
    assert not graded.offer.capped and graded.grade == "outstanding"
    doc = minutes.open_minutes(ctx, booked.meeting_id)
    doc = minutes.send_to_chair(ctx, booked.meeting_id, doc.version)
    chair = facts.chairs[booked.panel]
    doc = minutes.sign_off(ctx, booked.meeting_id, doc.version, chair_name=chair)  # dated today
    assert doc.state == "final" and doc.signed_off_on == booked.sitting


def tracker_item(ctx: ServiceContext, booked: Booked) -> adm.TrackerItem:
    """The case's ADM decision item on the tracker as of today (the tracker's own default)."""
    tracker = adm.adm_tracker(ctx)
    assert tracker.as_of == clock.today()
    found = [
        i
        for i in tracker.items
        if isinstance(i.case, adm.TrackerCase) and i.case.reference == booked.reference
    ]
    assert [i.kind for i in found] == [DeadlineKind.ADM_DECISION]
    # The case's own clock (its stage two started months before) is listed beside it.
    assert {i.kind for i in tracker.items if i.case.reference == booked.reference} <= {
        DeadlineKind.ADM_DECISION,
        DeadlineKind.STAGE_TWO_DECISION,
    }
    return found[0]


def send_minutes_and_follow_the_clock(
    ctx: ServiceContext, facts: AgencyFacts, booked: Booked, sent_on: date
) -> date:
    """Minutes go to the ADM today; the tracker and deadlines list follow the 7-day clock."""
    assert clock.today() == sent_on
    adm_record.record_minutes_sent(ctx, booked.hearing_id, sent_on, None)
    due = working_days_after(sent_on, ADM_DECISION_WD)  # statutory: no closure days
    case = adm.tracker_case(ctx, booked.hearing_id)
    assert case.minutes_sent_on == sent_on and case.minutes_state == "final"
    assert case.adm_name == facts.approvals_adm
    assert [(d.kind, d.due) for d in case.deadlines] == [(DeadlineKind.ADM_DECISION, due)], (
        f"minutes sent {sent_on:%a %d/%m/%Y}: ADM decision due {case.deadlines[0].due:%a %d/%m/%Y}, "
        f"expected {due:%a %d/%m/%Y}"
    )
    item = tracker_item(ctx, booked)
    assert (item.due, item.status, item.group) == (due, DeadlineStatus.DUE, TrackerGroup.LATER)
    rows = adm.items_as_rows(adm.adm_tracker(ctx).items)  # `panelapp deadlines --json`
    assert {
        "reference": booked.reference,
        "case_type": "approval",
        "adm": facts.approvals_adm,
        "kind": "adm_decision",
        "due": due.isoformat(),
        "status": "due",
    } in rows
    pin(due)
    item = tracker_item(ctx, booked)
    assert (item.status, item.group) == (DeadlineStatus.DUE, TrackerGroup.DUE_TODAY)
    assert adm.overdue_count(ctx) == 0
    pin(due + ONE_DAY)
    item = tracker_item(ctx, booked)
    assert (item.status, item.group) == (DeadlineStatus.OVERDUE, TrackerGroup.OVERDUE)
    assert adm.overdue_count(ctx) == 1
    return due


def decide_and_report(ctx: ServiceContext, booked: Booked, decided_on: date) -> None:
    """The ADM agrees; the report for the sitting's period counts the case, the one before does not."""
    pin(decided_on)
    adm_record.record_decision(
        ctx,
        booked.hearing_id,
        adm_record.DecisionEntry(AdmDecision.AGREED, decided_on, sw_notified_on=decided_on),
        adm.tracker_case(ctx, booked.hearing_id).version,
    )
    period = reporting_period(booked.sitting)
    figures = reports.report_statistics(ctx, *period).to_json()
    assert (figures["from"], figures["to"]) == (period[0].isoformat(), period[1].isoformat())
    assert figures["cases_heard"] == 1 and figures["heard_by_type"]["approval"] == 1
    assert figures["households_approved"] == 1 and figures["deferred"] == 0
    assert figures["sittings_held"] == 1
    assert figures["adm"]["agreed"] == 1 and figures["adm"]["pending"] == 0
    assert figures["adm"]["decided_after_period"] == int(decided_on > period[1])
    assert figures["gradings"]["panel"]["PAR"]["outstanding"] == 1
    earlier = reports.report_statistics(ctx, *period_before(period)).to_json()
    assert earlier["cases_heard"] == 0 and earlier["sittings_held"] == 0


def fresh(tmp_path: Path, day: date, file_name: str) -> tuple[ServiceContext, AgencyFacts, dict[str, int]]:
    pin(day)
    ctx = new_sqlite_context(tmp_path)
    return ctx, read_facts(file_name), set_up_agency(ctx, file_name)


# -- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_case_from_booking_to_the_chairs_report(tmp_path: Path, scenario: Scenario) -> None:
    day = scenario.today
    ctx, facts, panels = fresh(tmp_path, day, scenario.agency_file)
    scheduled = generate_and_check(ctx, facts, panels, day, day + timedelta(days=GENERATE_DAYS))
    booked = book_next_sitting(ctx, facts, scheduled, f"AD-{day:%Y%m%d}")
    check_papers_due(ctx, facts, booked)
    sitting_members = roster_with_one_apology(ctx, booked)

    pin(booked.sitting)
    hold_the_sitting(ctx, facts, booked, sitting_members)
    due = working_days_after(booked.sitting, ADM_DECISION_WD)  # statutory: closure days ignored
    send_minutes_and_follow_the_clock(ctx, facts, booked, booked.sitting)
    decide_and_report(ctx, booked, due)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_minutes_sent_on_the_day_start_the_statutory_clock(tmp_path: Path, scenario: Scenario) -> None:
    """A case heard a few weeks before; its minutes go to the ADM on the scenario's day."""
    day = scenario.today
    start = day - timedelta(days=42)
    ctx, facts, panels = fresh(tmp_path, start, scenario.agency_file)
    scheduled = generate_and_check(ctx, facts, panels, start, day + timedelta(days=14))
    booked = book_next_sitting(ctx, facts, scheduled, f"AD-{day:%Y%m%d}-B")
    assert booked.sitting < day
    sitting_members = roster_with_one_apology(ctx, booked)
    pin(booked.sitting)
    hold_the_sitting(ctx, facts, booked, sitting_members)

    pin(day)
    due = working_days_after(day, ADM_DECISION_WD)  # statutory: closure days ignored
    send_minutes_and_follow_the_clock(ctx, facts, booked, day)
    decide_and_report(ctx, booked, due)
