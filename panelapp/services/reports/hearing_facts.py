"""One fact per hearing heard in the report's period, read in a handful of grouped queries.

The figures the issue-17 report added (children, inter-agency matches, the ADM's further
information and working-day target, grade differences, the four-month cap, late papers, a
vice chair chairing, disruptions) are counted from these facts by
panelapp.domain.report_counting, so each figure and the hearings listed behind it in the app
come from the same rows. A hearing is "heard" exactly as for the other figures
(statistics._heard).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

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
from panelapp.domain.vocab import AttendanceStatus
from panelapp.domain.workdays import WorkingDayCalendar
from panelapp.services.reports.statistics import ReportScope, _heard, _params

# Old records kept a further-information request only in the decision's notes (the ADM
# service wrote this sentence before the adm_further_information table existed).
FURTHER_INFO_NOTE = "further information requested"
ATTENDED = (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value)
RECORDED = (*ATTENDED, AttendanceStatus.APOLOGIES.value, AttendanceStatus.ABSENT.value)


@dataclass(frozen=True)
class SittingFacts:
    attended: int  # members present (or late) at the period's sittings where cases were heard
    expected: int  # members recorded as present, late, with apologies or absent there


@cache
def _facts_stmt(with_panel: bool) -> Select[*tuple[Any, ...]]:
    stmt = select(
        Hearing.id,
        Meeting.id,
        Meeting.date,
        Meeting.panel_id,
        Case.id,
        Case.reference,
        Case.case_type,
        func.coalesce(Recommendation.outcome, literal("")),
        Case.inter_agency,
        LocalAuthority.name,
        Locality.name,
        AdmDecisionRecord.id,
        func.coalesce(AdmDecisionRecord.decision, literal("")),
        AdmDecisionRecord.decided_on,
        AdmDecisionRecord.minutes_sent_on,
        func.coalesce(AdmDecisionRecord.notes, literal("")),
        Case.stage2_start,
        Hearing.chaired_by_id,
        AdmDecisionRecord.sw_notified_on,
        AdmDecisionRecord.letter_sent_on,
    ).select_from(Hearing)
    return (
        _heard(stmt, with_panel)
        .outerjoin(LocalAuthority, LocalAuthority.id == Case.local_authority_id)
        .outerjoin(Locality, Locality.id == Case.locality_id)
        .outerjoin(AdmDecisionRecord, AdmDecisionRecord.hearing_id == Hearing.id)
    )


@dataclass(frozen=True)
class _Lookups:
    children: dict[int, int]
    pars: dict[int, tuple[str, str]]
    further_info: dict[int, tuple[bool, date | None]]
    late: dict[int, int]
    decision_wd: int
    sw_notification_wd: int
    written_confirmation_wd: int
    cap_months: int
    statutory: WorkingDayCalendar
    panels: dict[int, tuple[str, int | None]]  # id -> name, chair


def heard_hearings(session: Session, scope: ReportScope) -> list[HeardHearing]:
    """Every hearing heard in the scope's period, with what the report counts about it."""
    rows = session.execute(_facts_stmt(scope.panel_id is not None), _params(scope)).all()
    if not rows:
        return []
    case_ids = sorted({r[4] for r in rows})
    agency = session.get(Agency, scope.agency_id)
    found = _Lookups(
        children=_children(session, case_ids),
        pars=_par_grades(session, [r[0] for r in rows]),
        further_info=_further_info(session, [r[11] for r in rows if r[11] is not None]),
        late=_late_papers(session, case_ids, {r[0]: (r[4], r[2]) for r in rows}),
        decision_wd=agency.adm_decision_wd if agency else 7,
        sw_notification_wd=agency.sw_notification_wd if agency else 2,
        written_confirmation_wd=agency.written_confirmation_wd if agency else 5,
        cap_months=agency.par_grade_cap_after_months if agency else 4,
        statutory=WorkingDayCalendar.statutory(),  # a statutory clock: bank holidays only
        panels={
            pid: (name, chair)
            for pid, name, chair in session.execute(
                select(Panel.id, Panel.name, Panel.chair_id).where(Panel.agency_id == scope.agency_id)
            )
        },
    )
    return [_fact(r, found) for r in rows]


def _fact(r: Any, found: _Lookups) -> HeardHearing:
    (hid, mid, day, panel_id, case_id, ref, ctype, outcome, inter, la, loc) = r[:11]
    adm_id, decision, decided_on, sent_on, notes, stage2, chaired_by, told_on, letter_on = r[11:]
    panel, chair_id = found.panels.get(panel_id, ("", None))
    row = case_types.get(ctype)
    asked, provided = found.further_info.get(adm_id, (False, None)) if adm_id else (False, None)
    asked = asked or FURTHER_INFO_NOTE in notes.lower()
    # The clock restarts when the information the ADM asked for is sent.
    start = max((d for d in (sent_on, provided) if d), default=None)
    on_time = None
    if decision in DECIDED_CODES and decided_on is not None and start is not None:
        on_time = decided_on <= found.statutory.add_working_days(start, found.decision_wd)
    decided = decided_on if decision in DECIDED_CODES else None
    panel_par, adm_par = found.pars.get(hid, ("", ""))
    counts_par = "PAR" in row.papers_graded and row.grades_in_report
    capped = bool(counts_par and panel_par and stage2 and found.cap_months > 0)
    return HeardHearing(
        hearing_id=hid,
        sitting_id=mid,
        sitting_date=day,
        panel=panel,
        reference=ref,
        case_type=ctype,
        outcome=outcome,
        children=children_in_case(row.concerns_children, found.children.get(case_id, 0)),
        inter_agency=bool(inter),
        area=fig.area_name(la, loc),
        adm_decision=decision,
        decision_on_time=on_time,
        sw_notified_on_time=_within(found, decided, told_on, found.sw_notification_wd),
        written_confirmation_on_time=_within(found, decided, letter_on, found.written_confirmation_wd),
        further_info_then_decided=asked and decision in DECIDED_CODES,
        # Only where the report counts the PAR (approvals), like the concurrence it gives.
        par_difference=grade_difference(panel_par, adm_par) if counts_par and panel_par and adm_par else "",
        par_capped=capped and day > add_months(stage2, found.cap_months),
        late_papers=found.late.get(hid, 0),
        chaired_by_vice_chair=chaired_by is not None and chaired_by != chair_id,
    )


def _within(found: _Lookups, decided_on: date | None, done_on: date | None, days: int) -> bool | None:
    """Done within `days` statutory working days after the decision; None when either date is
    not recorded (only decisions with the date recorded are measured)."""
    if decided_on is None or done_on is None:
        return None
    return done_on <= found.statutory.add_working_days(decided_on, days)


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _children(session: Session, case_ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in _chunks(case_ids):
        for case_id, n in session.execute(
            select(CaseChild.case_id, func.count())
            .where(CaseChild.case_id.in_(chunk))
            .group_by(CaseChild.case_id)
        ):
            out[case_id] = n
    return out


def _par_grades(session: Session, hearing_ids: list[int]) -> dict[int, tuple[str, str]]:
    """hearing -> (the panel's PAR grade, the ADM's), "" where not graded."""
    found: dict[int, dict[str, str]] = {}
    for chunk in _chunks(hearing_ids):
        for hid, source, grade in session.execute(
            select(Grading.hearing_id, Grading.source, Grading.grade).where(
                Grading.hearing_id.in_(chunk), Grading.paper_type == "PAR"
            )
        ):
            found.setdefault(hid, {})[source] = grade
    return {hid: (g.get("panel", ""), g.get("adm", "")) for hid, g in found.items()}


def _further_info(session: Session, record_ids: list[int]) -> dict[int, tuple[bool, date | None]]:
    """ADM record -> (further information was asked for, the last date it was provided)."""
    out: dict[int, tuple[bool, date | None]] = {}
    for chunk in _chunks(record_ids):
        for rid, provided in session.execute(
            select(AdmFurtherInformation.adm_decision_id, func.max(AdmFurtherInformation.provided_on))
            .where(AdmFurtherInformation.adm_decision_id.in_(chunk))
            .group_by(AdmFurtherInformation.adm_decision_id)
        ):
            out[rid] = (True, provided)
    return out


def _late_papers(session: Session, case_ids: list[int], heard: dict[int, tuple[int, date]]) -> dict[int, int]:
    """hearing -> its papers received after their due date, or not received by the sitting.

    A paper booked for a hearing counts there; a paper of the case not tied to a hearing
    counts at the case's first hearing in the period on or after its due date."""
    sittings: dict[int, list[tuple[date, int]]] = {}
    for hid, (case_id, day) in heard.items():
        sittings.setdefault(case_id, []).append((day, hid))
    out: dict[int, int] = {}
    for chunk in _chunks(case_ids):
        for case_id, hearing_id, due, received in session.execute(
            select(CasePaper.case_id, CasePaper.hearing_id, CasePaper.due_on, CasePaper.received_on).where(
                CasePaper.case_id.in_(chunk), CasePaper.due_on.is_not(None)
            )
        ):
            if due is None:
                continue
            target = hearing_id if hearing_id in heard else None
            if target is None and hearing_id is None:
                target = next((hid for day, hid in sorted(sittings[case_id]) if day >= due), None)
            if target is None:
                continue
            day = heard[target][1]
            if (received is not None and received > due) or (received is None and day > due):
                out[target] = out.get(target, 0) + 1
    return out


def sitting_attendance(session: Session, sitting_ids: Iterable[int]) -> SittingFacts:
    """Members' attendance at the given sittings, from the recorded attendance."""
    attended = expected = 0
    for chunk in _chunks(sorted(set(sitting_ids))):
        for status, n in session.execute(
            select(Attendance.status, func.count())
            .where(Attendance.meeting_id.in_(chunk), Attendance.status.in_(RECORDED))
            .group_by(Attendance.status)
        ):
            expected += n
            attended += n if status in ATTENDED else 0
    return SittingFacts(attended, expected)
