"""One fact per hearing heard in the report's period, read in one statement.

The hearings by case type and outcome, households and ADM decisions, and the figures the
issue-17 report added (children, inter-agency matches, the ADM's further
information and working-day target, grade differences, the four-month cap, late papers, a
vice chair chairing, disruptions) are counted from these facts by
panelapp.domain.report_counting, so each figure and the hearings listed behind it in the app
come from the same rows. A hearing is "heard" exactly as for the other figures
(statistics._heard).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from db.models import (
    AdmDecisionRecord,
    AdmFurtherInformation,
    Agency,
    Attendance,
    Case,
    CaseChild,
    CasePaper,
    Grading,
    Hearing,
    LocalAuthority,
    Locality,
    Meeting,
    Panel,
    Recommendation,
)
from panelapp.domain import case_types
from panelapp.domain import report_figures as fig
from panelapp.domain.grading_policy import add_months
from panelapp.domain.report_counting import (
    DECIDED_CODES,
    HeardHearing,
    children_in_case,
    grade_difference,
)
from panelapp.domain.vocab import AdmDecision, AttendanceStatus, MeetingStatus, Outcome
from panelapp.domain.workdays import WorkingDayCalendar
from panelapp.services.reports.statistics import AGENCY, D_FROM, D_TO, PANEL, ReportScope, _heard, _params

# Old records kept a further-information request only in the decision's notes (the ADM
# service wrote this sentence before the adm_further_information table existed).
FURTHER_INFO_NOTE = "further information requested"
RECOMMENDED, NOT_AGREED = Outcome.RECOMMENDED.value, AdmDecision.NOT_AGREED.value
ATTENDED = (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value)
RECORDED = (*ATTENDED, AttendanceStatus.APOLOGIES.value, AttendanceStatus.ABSENT.value)


@dataclass(frozen=True)
class SittingFacts:
    attended: int  # members present (or late) at the period's sittings where cases were heard
    expected: int  # members recorded as present, late, with apologies or absent there


@cache
def _facts_stmt(with_panel: bool) -> Select[*tuple[Any, ...]]:
    """One row per hearing heard, with everything the report counts about it.

    What used to be six more queries per run (children, PAR grades, further information,
    late papers, the panels, the agency's targets) are subqueries here: each is an index
    lookup per hearing (the agency's, once), and one statement costs less than SQLAlchemy's
    work for seven."""
    graded_par = Grading.hearing_id == Hearing.id, Grading.paper_type == "PAR"
    stmt = select(
        Hearing.id,
        Meeting.id,
        Meeting.date,
        _of_panel(Panel.name),
        _of_panel(Panel.chair_id),
        Case.reference,
        Case.case_type,
        func.coalesce(Recommendation.outcome, literal("")),
        Case.inter_agency,
        LocalAuthority.name,
        Locality.name,
        func.coalesce(AdmDecisionRecord.decision, literal("")),
        AdmDecisionRecord.decided_on,
        AdmDecisionRecord.minutes_sent_on,
        func.coalesce(AdmDecisionRecord.notes, literal("")),
        Case.stage2_start,
        Hearing.chaired_by_id,
        AdmDecisionRecord.sw_notified_on,
        AdmDecisionRecord.letter_sent_on,
        select(func.count()).where(CaseChild.case_id == Case.id).scalar_subquery(),
        select(Grading.grade).where(*graded_par, Grading.source == "panel").scalar_subquery(),
        select(Grading.grade).where(*graded_par, Grading.source == "adm").scalar_subquery(),
        # Further information asked for (a request recorded), and the last date it was provided.
        exists().where(AdmFurtherInformation.adm_decision_id == AdmDecisionRecord.id),
        select(func.max(AdmFurtherInformation.provided_on))
        .where(AdmFurtherInformation.adm_decision_id == AdmDecisionRecord.id)
        .scalar_subquery(),
        _late_papers(with_panel),
        *(
            select(setting).where(Agency.id == AGENCY).scalar_subquery()  # evaluated once
            for setting in (
                Agency.adm_decision_wd,
                Agency.sw_notification_wd,
                Agency.written_confirmation_wd,
                Agency.par_grade_cap_after_months,
            )
        ),
        Case.id,
    ).select_from(Hearing)
    return (
        _heard(stmt, with_panel)
        .outerjoin(LocalAuthority, LocalAuthority.id == Case.local_authority_id)
        .outerjoin(Locality, Locality.id == Case.locality_id)
        .outerjoin(AdmDecisionRecord, AdmDecisionRecord.hearing_id == Hearing.id)
    )


def _of_panel(column: Any) -> Any:
    # A lookup by key rather than a join: joined, SQLite starts the plan from the panels.
    return select(column).where(Panel.id == Meeting.panel_id).scalar_subquery()


def _late_papers(with_panel: bool) -> Any:
    """The hearing's papers received after their due date, or not received by the sitting.

    A paper booked for a hearing counts there; a paper of the case not tied to a hearing
    counts at the case's first hearing heard in the report (by sitting date, then hearing)
    on or after its due date: this one, when no earlier such hearing of the case exists."""
    paper = aliased(CasePaper)
    other, at, rec = aliased(Hearing), aliased(Meeting), aliased(Recommendation)
    earlier = (
        select(other.id)
        .join(at, at.id == other.meeting_id)
        .outerjoin(rec, rec.hearing_id == other.id)
        .where(other.case_id == paper.case_id)
        .where(at.panel_id.in_(select(Panel.id).where(Panel.agency_id == AGENCY)))
        .where(at.date >= D_FROM, at.date <= D_TO, at.date >= paper.due_on)
        .where(or_(at.date < Meeting.date, and_(at.date == Meeting.date, other.id < Hearing.id)))
        .where(at.status != MeetingStatus.CANCELLED.value)
        .where(other.status != "withdrawn")
        .where(or_(other.status == "heard", rec.id.is_not(None)))
        .correlate(paper, Meeting, Hearing)  # two levels up: only explicit correlation reaches there
    )
    if with_panel:
        earlier = earlier.where(at.panel_id == PANEL)
    not_received = and_(paper.received_on.is_(None), Meeting.date > paper.due_on)
    late = or_(paper.received_on > paper.due_on, not_received)
    counted_here = or_(
        paper.hearing_id == Hearing.id,
        and_(paper.hearing_id.is_(None), paper.due_on <= Meeting.date, ~earlier.exists()),
    )
    return (
        select(func.count())
        .select_from(paper)
        .where(paper.case_id == Case.id, paper.due_on.is_not(None), late, counted_here)
        .scalar_subquery()
    )


# Whether a thing was done within n working days after a date (None: a date not recorded).
Within = Callable[[date | None, date | None, int], bool | None]


@dataclass(frozen=True)
class PeriodCounts:
    """What the report counts of the heard hearings beyond each hearing's own facts."""

    outcomes_by_type: dict[str, dict[str, int]]  # case type -> outcome ("" none yet) -> hearings
    households_approved: int  # distinct cases of a household type recommended, less not agreed
    households_not_agreed: int  # distinct such cases the ADM did not agree
    adm_decisions: dict[str | None, int]  # recommendations sent to the ADM by decision ("" none)
    decided_after_period: int  # of those, decided (agreed or not) after the period's end


def read_facts(session: Session, scope: ReportScope) -> tuple[list[HeardHearing], PeriodCounts]:
    """Every hearing heard in the scope's period, with what the report counts about it, and
    the counts by outcome, household and ADM decision: all from the one facts statement (as
    GROUP BYs they were three more statements, each walking the same hearings again)."""
    rows = session.connection().execute(_facts_stmt(scope.panel_id is not None), _params(scope)).all()
    statutory = WorkingDayCalendar.statutory()  # a statutory clock: bank holidays only
    deadlines: dict[tuple[date, int], date] = {}  # many decisions share a date

    def within(start: date | None, done_on: date | None, days: int) -> bool | None:
        """Done within `days` statutory working days after `start`; None when either date
        is not recorded (only what has both dates recorded is measured)."""
        if start is None or done_on is None:
            return None
        deadline = deadlines.get((start, days))
        if deadline is None:
            deadline = deadlines[(start, days)] = statutory.add_working_days(start, days)
        return done_on <= deadline

    return [_fact(r, within) for r in rows], _period_counts(rows, scope.period_to)


def _period_counts(rows: Sequence[Any], period_to: date) -> PeriodCounts:
    outcomes: dict[str, dict[str, int]] = {}
    households = set(case_types.codes(lambda row: row.counts_households))
    approved: set[int] = set()
    not_agreed: set[int] = set()
    adm: dict[str | None, int] = {}
    decided_after = 0
    for r in rows:
        case_type, outcome, decision, decided_on, case_id = r[6], r[7], r[11], r[12], r[-1]
        by_outcome = outcomes.setdefault(case_type, {})
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        if outcome == RECOMMENDED and case_type in households:
            (not_agreed if decision == NOT_AGREED else approved).add(case_id)
        if outcome in fig.OUTCOMES_FOR_ADM:
            adm[decision] = adm.get(decision, 0) + 1
            decided_after += decision in DECIDED_CODES and decided_on is not None and decided_on > period_to
    return PeriodCounts(outcomes, len(approved), len(not_agreed), adm, decided_after)


def _fact(r: Any, within: Within) -> HeardHearing:
    (hid, mid, day, panel, chair_id, ref, ctype, outcome, inter, la, loc, decision, decided_on) = r[:13]
    (sent_on, notes, stage2, chaired_by, told_on, letter_on, n_children, panel_par, adm_par) = r[13:22]
    (asked, provided, late, decision_wd, sw_wd, letter_wd, cap_months, _case_id) = r[22:]
    row = case_types.get(ctype)
    asked = bool(asked) or FURTHER_INFO_NOTE in notes.lower()
    decided = decided_on if decision in DECIDED_CODES else None
    # The clock restarts when the information the ADM asked for is sent.
    start = max(sent_on, provided) if sent_on and provided else sent_on or provided
    counts_par = "PAR" in row.papers_graded and row.grades_in_report
    capped = bool(counts_par and panel_par and stage2 and cap_months > 0)
    return HeardHearing(
        hearing_id=hid,
        sitting_id=mid,
        sitting_date=day,
        panel=panel,
        reference=ref,
        case_type=ctype,
        outcome=outcome,
        children=children_in_case(row.concerns_children, n_children),
        inter_agency=bool(inter),
        area=fig.area_name(la, loc),
        adm_decision=decision,
        decision_on_time=within(start, decided, decision_wd),
        sw_notified_on_time=within(decided, told_on, sw_wd),
        written_confirmation_on_time=within(decided, letter_on, letter_wd),
        further_info_then_decided=asked and decision in DECIDED_CODES,
        # Only where the report counts the PAR (approvals), like the concurrence it gives.
        par_difference=grade_difference(panel_par, adm_par) if counts_par and panel_par and adm_par else "",
        par_capped=capped and day > add_months(stage2, cap_months),
        late_papers=late,
        chaired_by_vice_chair=chaired_by is not None and chaired_by != chair_id,
    )


@cache
def _attendance_stmt(with_panel: bool) -> Select[str, int]:
    sittings_heard = _heard(select(Hearing.meeting_id).select_from(Hearing), with_panel)
    return (
        select(Attendance.status, func.count())
        .where(Attendance.meeting_id.in_(sittings_heard), Attendance.status.in_(RECORDED))
        .group_by(Attendance.status)
    )


def sitting_attendance(session: Session, scope: ReportScope) -> SittingFacts:
    """Members' attendance at the scope's sittings where cases were heard, as recorded."""
    attended = expected = 0
    stmt = _attendance_stmt(scope.panel_id is not None)
    for status, n in session.connection().execute(stmt, _params(scope)):
        expected += n
        attended += n if status in ATTENDED else 0
    return SittingFacts(attended, expected)
