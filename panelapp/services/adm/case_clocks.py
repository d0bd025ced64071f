"""A case's own statutory clocks on the ADM tracker: stage two, the PAR's comments, reviews.

These run on the case, not on one hearing: the stage-two clock and the applicants' 10
working days to comment come before panel, and the yearly review long after. The rules
are in `panelapp.domain.deadlines` (`case_deadlines`); this module reads the dates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased

from db.models import AdmDecisionRecord, Case, DecisionMaker, Hearing, LocalAuthority, Meeting, Recommendation
from db.sql import in_ids
from panelapp.domain import case_types
from panelapp.domain.case_types import CaseTypeRow
from panelapp.domain.deadlines import (
    DECIDED,
    CaseDates,
    Deadline,
    approval_date,
    case_deadlines,
    par_comments_warning,
)
from panelapp.domain.vocab import AdmDecision, Outcome
from panelapp.services.adm.kept import kept_statement

# Cases whose clocks have stopped for good: nothing more is due on them.
_FINISHED = ("closed", "withdrawn")
# Hearings that put the case before a panel (for the PAR comments warning).
_AT_PANEL = ("booked", "heard")
# Stored values to their members, looked up per decision row (cheaper than Enum's call).
_TO_ADM = {o.value: o for o in (Outcome.RECOMMENDED, Outcome.NOT_RECOMMENDED)}
_DECIDED = {d.value: d for d in DECIDED}


@dataclass(frozen=True)
class CaseClocks:
    """A case with its own clocks; reads like a TrackerCase where the tracker shows both."""

    case_id: int
    reference: str
    case_type: CaseTypeRow
    household: str
    local_authority: str
    adm_name: str
    panel_on: date | None  # the first sitting it is booked for or was heard at
    dates: CaseDates
    deadlines: tuple[Deadline, ...]
    warning: str  # e.g. booked for panel inside the applicants' 10 days to comment

    @property
    def heard_on(self) -> date | None:
        return self.panel_on

    @property
    def panel(self) -> str:
        return ""


def _clock_types() -> tuple[str, ...]:
    return case_types.codes(lambda row: bool(row.clock_dates))


@kept_statement  # built once per agency and filter (panelapp/services/adm/kept.py)
def clocks_query(
    agency_id: int,
    routed_adm: Any,
    adm_id: int | None,
    local_authority_id: int | None,
    case_type: str | None,
) -> Select[Any]:  # row shape unpacked in _to_clocks
    """Open cases of the types that keep clock dates, with the ADM they go to and the first
    sitting each is booked for or was heard at."""
    adm = aliased(DecisionMaker)
    columns: tuple[Any, ...] = (
        Case.id,
        Case.reference,
        Case.case_type,
        Case.household,
        LocalAuthority.name,
        adm.name,
        Case.stage2_start,  # the register's "Stage 2 start": the stage-two clock starts there
        Case.par_sent_on,
        Case.par_comments_on,
        Case.approval_reviewed_on,
        Case.child_placed_on,
        _first_at_panel(),
    )
    query = (
        select(*columns)
        .outerjoin(LocalAuthority, LocalAuthority.id == Case.local_authority_id)
        .outerjoin(adm, adm.id == routed_adm)
        .where(Case.agency_id == agency_id)
        .where(Case.imported.is_(False))
        .where(Case.status.notin_(_FINISHED))
        .where(Case.case_type.in_(_clock_types()))
        .order_by(Case.reference)
    )
    if adm_id is not None:
        query = query.where(routed_adm == adm_id)
    if local_authority_id is not None:
        query = query.where(Case.local_authority_id == local_authority_id)
    if case_type is not None:
        query = query.where(Case.case_type == case_types.get(case_type).code)
    return query


def _first_at_panel() -> Any:
    """The case's first sitting (booked or heard), looked up per case: PostgreSQL then reads the
    case's hearings by their index, where grouping the agency's hearings hash-joined all of them
    (every agency's 117,000 at national scale: ~25 ms against ~8)."""
    return (
        select(func.min(Meeting.date))
        .select_from(Hearing)
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .where(Hearing.case_id == Case.id)
        .where(Hearing.status.in_(_AT_PANEL))
        .correlate(Case)
        .scalar_subquery()
    )


def _in_agency(agency_id: int) -> ColumnElement[bool]:
    return Case.agency_id == agency_id


def _agency_cases(agency_id: int) -> Select[Any]:
    """The ids of the agency's cases of the types that keep clock dates."""
    return select(Case.id).where(_in_agency(agency_id)).where(Case.case_type.in_(_clock_types()))


def _decisions(session: Session, agency_id: int) -> dict[int, list[tuple[Outcome, AdmDecision, date | None]]]:
    """Per case: (panel's outcome, ADM's decision, date) of each decision, a final one included."""
    r = AdmDecisionRecord
    rows = session.execute(
        select(
            Hearing.case_id,
            Recommendation.outcome,
            r.decision,
            r.decided_on,
            r.final_decision,
            r.final_decided_on,
        )
        .join(Hearing, Hearing.id == r.hearing_id)
        .join(Recommendation, Recommendation.hearing_id == Hearing.id)
        .join(Case, Case.id == Hearing.case_id)
        .where(_in_agency(agency_id))
        .where(Case.case_type.in_(_clock_types()))
        .where(r.decision.in_([d.value for d in DECIDED]))
        # The agency's hearings by their case index: PostgreSQL otherwise scanned every
        # agency's hearings (117,000 at national scale: 16 -> 8 ms).
        .where(in_ids(Hearing.case_id, _agency_cases(agency_id)))
    ).all()
    found: dict[int, list[tuple[Outcome, AdmDecision, date | None]]] = defaultdict(list)
    for case_id, outcome, decision, decided_on, final, final_on in rows:
        if outcome not in _TO_ADM:
            continue
        found[case_id].append((_TO_ADM[outcome], _DECIDED[decision], decided_on))
        if final:  # the final answer, as if the ADM agreed a recommendation of it
            found[case_id].append((Outcome(final), AdmDecision.AGREED, final_on))
    return found


def read_case_clocks(session: Session, agency_id: int, query: Select[Any]) -> list[CaseClocks]:
    """Every case the query gives that has at least one clock."""
    decisions = _decisions(session, agency_id)
    worked = _worked_clocks()
    out: list[CaseClocks] = []
    for row in session.execute(query):
        decided = tuple(decisions.get(row[0], ()))
        key = (tuple(row), decided)
        clocks = worked.get(key)
        if clocks is None:
            clocks = worked[key] = _to_clocks(row, decided)
        if clocks.deadlines:
            out.append(clocks)
    return out


# A case's clocks are a pure function of its row, its decisions and the case types' registry
# (the statutory working days are fixed): worked out once and reused while all three are the
# same. The ADM tracker reads ~1,450 open cases a load at national scale and their working-day
# arithmetic was ~40 ms of each (issue 21); a row that changed is a new key.
_WORKED_LIMIT = 40_000  # cases kept; dropped wholesale beyond (a few agencies' open cases)
_worked: dict[tuple[Any, ...], CaseClocks] = {}
_worked_for: list[tuple[CaseTypeRow, ...]] = [()]


def _worked_clocks() -> dict[tuple[Any, ...], CaseClocks]:
    registry = case_types.all_case_types()
    if registry != _worked_for[0] or len(_worked) > _WORKED_LIMIT:
        _worked.clear()
        _worked_for[0] = registry
    return _worked


def _to_clocks(row: Any, decisions: tuple[tuple[Outcome, AdmDecision, date | None], ...]) -> CaseClocks:
    case_id, reference, ctype, household, la, adm_name, stage_two, sent, comments, reviewed, placed = row[:11]
    panel_on: date | None = row[11]
    first = min((on for _o, d, on in decisions if on is not None and d in DECIDED), default=None)
    dates = CaseDates(
        case_type=ctype,
        stage_two_started_on=stage_two,
        par_sent_on=sent,
        par_comments_on=comments,
        approval_reviewed_on=reviewed,
        child_placed_on=placed,
        first_decided_on=first,
        approved_on=approval_date(ctype, decisions),
    )
    return CaseClocks(
        case_id=case_id,
        reference=reference,
        case_type=case_types.get(ctype),
        household=household or "",
        local_authority=la or "",
        adm_name=adm_name or "No ADM set up",
        panel_on=panel_on,
        dates=dates,
        deadlines=case_deadlines(dates),
        warning=par_comments_warning(dates, panel_on),
    )
