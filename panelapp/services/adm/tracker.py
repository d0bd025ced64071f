"""The ADM tracker: routing recommendations to their decision maker and the statutory clock.

Routing follows each case type's row (`panelapp.domain.case_types`): to the agency's own
ADM (the decision maker marked `handles_approvals`: approvals, brief reports, reviews and
de-registrations), or to the ADM of the child's local authority (matches and adoption
plans by consent). Only hearings the panel recommended or did not recommend go to an ADM
(deferred and noted ones do not).

The deadlines themselves are worked out in `panelapp.domain.deadlines`, all on the statutory
calendar (agency closure days never move them). Besides each recommendation's items the
tracker lists each case's own clocks (`case_clocks`: stage two, the PAR's comments, the
yearly review of approval).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from db.models import (
    AdmDecisionRecord,
    AdmFurtherInformation,
    Case,
    DecisionMaker,
    Grading,
    Hearing,
    LocalAuthority,
    Meeting,
    Minutes,
    Panel,
    Recommendation,
)
from panelapp.domain import case_types
from panelapp.domain.case_types import AdmRoute, CaseTypeRow
from panelapp.domain.deadlines import (
    RECENTLY_DONE_DAYS,
    AdmDates,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    FurtherInformation,
    TrackerGroup,
    deadlines_for,
    decision_history,
    is_qualifying_determination,
    overdue,
)
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.vocab import AdmDecision, Grade, Outcome
from panelapp.services.adm.case_clocks import CaseClocks, clocks_query, read_case_clocks
from panelapp.services.adm.kept import kept_statement
from panelapp.services.agency.setup import agency_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound

GOES_TO_ADM = (Outcome.RECOMMENDED.value, Outcome.NOT_RECOMMENDED.value)
# Without archived items the tracker leaves out records whose every step was done longer
# ago than the "done recently" days...
ARCHIVE_AFTER_DAYS = RECENTLY_DONE_DAYS
# ...except refusals whose letter went within this many days more: their representations
# window (40 working days is under 62 calendar days, even over Christmas) may be open.
WINDOW_ALLOWANCE_DAYS = 92
KIND_ORDER = {kind: n for n, kind in enumerate(DeadlineKind)}
_R = AdmDecisionRecord
# The record's columns the statutory clock runs on, in AdmDates' order after the case type
# and outcome; read as plain values (no ORM objects: thousands of rows load fast).
CLOCK_COLUMNS = (
    _R.decision,
    _R.minutes_sent_on,
    _R.decided_on,
    _R.sw_notified_on,
    _R.letter_sent_on,
    _R.representations_received_on,
    _R.irm_applied_on,
    _R.review_recommendation_on,
    _R.final_decision,
    _R.final_decided_on,
)
RECORD_COLUMNS = (_R.id, _R.version, *CLOCK_COLUMNS)


@dataclass(frozen=True)
class AdmRef:
    id: int
    name: str
    title: str
    email: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name


@dataclass(frozen=True)
class TrackerCase:
    """One hearing that goes to an ADM, with its record's dates and its deadline items."""

    hearing_id: int
    record_id: int | None
    version: int | None  # of the ADM decision record; None until it exists
    reference: str
    case_type: CaseTypeRow
    household: str
    local_authority: str
    adm: AdmRef | None
    panel: str
    heard_on: date
    minutes_state: str  # draft | with_chair | final | "" when no minutes yet
    outcome: Outcome
    decision: AdmDecision
    minutes_sent_on: date | None
    decided_on: date | None
    sw_notified_on: date | None
    letter_sent_on: date | None
    representations_received_on: date | None
    irm_applied_on: date | None
    review_recommendation_on: date | None
    final_decision: Outcome | None  # the ADM's final answer, in the case type's answers
    final_decided_on: date | None
    further_information: tuple[FurtherInformation, ...]  # the ADM's requests, oldest first
    panel_par_grade: Grade | None
    adm_par_grade: Grade | None
    deadlines: tuple[Deadline, ...]

    @property
    def qualifying_determination(self) -> bool:
        return is_qualifying_determination(self.case_type.code, self.outcome, self.decision)

    @property
    def history(self) -> str:
        """The ADM's steps when more was asked for first ("" otherwise)."""
        return decision_history(self.further_information, self.decision, self.decided_on)

    @property
    def open_request(self) -> FurtherInformation | None:
        """The request for further information not yet provided, if any."""
        return next((r for r in reversed(self.further_information) if r.provided_on is None), None)

    @property
    def adm_name(self) -> str:
        return self.adm.name if self.adm else "No ADM set up"


@dataclass(frozen=True)
class TrackerItem:
    case: TrackerCase | CaseClocks  # a recommendation's item, or one of a case's own clocks
    deadline: Deadline
    status: DeadlineStatus
    group: TrackerGroup

    @property
    def kind(self) -> DeadlineKind:
        return self.deadline.kind

    @property
    def due(self) -> date:
        return self.deadline.due


@dataclass(frozen=True)
class AdmTracker:
    as_of: date
    cases: tuple[TrackerCase, ...]
    items: tuple[TrackerItem, ...]  # sorted by due date, then reference
    case_clocks: tuple[CaseClocks, ...] = ()

    @property
    def awaiting_minutes(self) -> tuple[TrackerCase, ...]:
        """Recommendations whose minutes have not gone to the ADM: no clock yet."""
        return tuple(c for c in self.cases if c.minutes_sent_on is None)

    @property
    def overdue_count(self) -> int:
        return sum(1 for i in self.items if i.status is DeadlineStatus.OVERDUE)


@dataclass(frozen=True)
class FilterOptions:
    adms: tuple[AdmRef, ...]
    local_authorities: tuple[tuple[int, str], ...]
    case_types: tuple[CaseTypeRow, ...]  # those that go to an ADM


# -- reading ------------------------------------------------------------------------


@kept_statement  # built once per agency (panelapp/services/adm/kept.py)
def _routing_columns(agency_id: int) -> tuple[Any, Any]:
    """(ADM id as routed by the agency setup, ADM id actually used: the record's if set)."""
    agency_adm = (
        select(func.min(DecisionMaker.id))
        .where(DecisionMaker.agency_id == agency_id)
        .where(DecisionMaker.handles_approvals.is_(True))
        .scalar_subquery()
    )
    child_types = case_types.routed_to(AdmRoute.CHILD_LA)
    routed = case((Case.case_type.in_(child_types), LocalAuthority.adm_id), else_=agency_adm)
    return routed, func.coalesce(AdmDecisionRecord.decision_maker_id, routed)


def _qualifying_types() -> tuple[str, ...]:
    """Case types whose refusal opens a representations window (it may still be open)."""
    return case_types.codes(lambda row: row.qualifying_determination)


@kept_statement  # built once per agency and filter
def tracker_query(
    agency_id: int,
    adm_id: int | None,
    local_authority_id: int | None,
    case_type: str | None,
    hearing_id: int | None,
    decided_since: date | None,
) -> Select[Any]:  # row shape unpacked in _to_case
    _, adm_used = _routing_columns(agency_id)
    query = _tracker_select(agency_id, adm_used)
    if hearing_id is not None:
        return query.where(Hearing.id == hearing_id)
    query = query.where(_still_shown(decided_since))
    if adm_id is not None:
        query = query.where(adm_used == adm_id)
    if local_authority_id is not None:
        query = query.where(Case.local_authority_id == local_authority_id)
    if case_type is not None:
        query = query.where(Case.case_type == case_types.get(case_type).code)
    return query


def _tracker_select(agency_id: int, adm_used: Any) -> Select[Any]:
    """Every recommendation of the agency that goes to an ADM, with its record and PAR grades."""
    adm = aliased(DecisionMaker)
    panel_grade = aliased(Grading)
    adm_grade = aliased(Grading)
    columns: tuple[Any, ...] = (
        Hearing.id,
        Case.reference,
        Case.case_type,
        Case.household,
        LocalAuthority.name,
        adm.id,
        adm.name,
        adm.title,
        adm.email,
        Panel.name,
        Meeting.date,
        Minutes.state,
        Recommendation.outcome,
        panel_grade.grade,
        adm_grade.grade,
        *RECORD_COLUMNS,
    )
    return (
        select(*columns)
        .select_from(Hearing)
        .join(Recommendation, Recommendation.hearing_id == Hearing.id)
        .join(Case, Case.id == Hearing.case_id)
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .join(Panel, Panel.id == Meeting.panel_id)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .outerjoin(LocalAuthority, LocalAuthority.id == Case.local_authority_id)
        .outerjoin(AdmDecisionRecord, AdmDecisionRecord.hearing_id == Hearing.id)
        .outerjoin(adm, adm.id == adm_used)
        .outerjoin(panel_grade, _par_grade(panel_grade, "panel"))
        .outerjoin(adm_grade, _par_grade(adm_grade, "adm"))
        .where(Case.agency_id == agency_id)
        .where(Recommendation.outcome.in_(GOES_TO_ADM))
        .where(Case.case_type.in_(case_types.codes(lambda row: row.goes_to_adm)))
        .order_by(Meeting.date, Case.reference)
    )


def _par_grade(grading: Any, source: str) -> ColumnElement[bool]:
    """The hearing's PAR grade given by the panel or by the ADM."""
    return and_(grading.hearing_id == Hearing.id, grading.paper_type == "PAR", grading.source == source)


def _still_shown(decided_since: date | None) -> ColumnElement[bool]:
    """A recommendation nobody has sent on is shown unless the case was closed or came from
    the historic register; a record is shown while anything on it is open (or, with
    `decided_since`, was done since then)."""
    no_record = and_(
        AdmDecisionRecord.id.is_(None),
        Case.imported.is_(False),
        Case.status.notin_(("closed", "withdrawn")),
    )
    if decided_since is None:
        return or_(AdmDecisionRecord.id.is_not(None), no_record)
    r = AdmDecisionRecord
    window_from = decided_since - timedelta(days=WINDOW_ALLOWANCE_DAYS)
    return or_(
        no_record,
        r.decided_on.is_(None),
        r.sw_notified_on.is_(None),
        r.letter_sent_on.is_(None),
        r.decided_on >= decided_since,
        r.sw_notified_on >= decided_since,
        r.letter_sent_on >= decided_since,
        and_(r.letter_sent_on >= window_from, Case.case_type.in_(_qualifying_types())),
        and_(r.review_recommendation_on.is_not(None), r.final_decided_on.is_(None)),
        r.final_decided_on >= decided_since,
    )


def _adm_dates(
    case_type: str,
    outcome: str,
    clock: Sequence[Any],
    further: tuple[FurtherInformation, ...] = (),
) -> AdmDates:
    """The facts the clock runs on, from a row of CLOCK_COLUMNS (the tracker's and the count's)."""
    decision, sent, decided, told, letter, representations, irm, review, final, final_on = clock
    return AdmDates(
        case_type,
        Outcome(outcome),
        AdmDecision(decision or AdmDecision.PENDING.value),
        minutes_sent_on=sent,
        decided_on=decided,
        sw_notified_on=told,
        letter_sent_on=letter,
        representations_received_on=representations,
        irm_applied_on=irm,
        review_recommendation_on=review,
        final_decision=Outcome(final) if final else None,
        final_decided_on=final_on,
        further_information=further,
    )


def _further_information(
    session: Session, agency_id: int, hearing_id: int | None = None
) -> dict[int, tuple[FurtherInformation, ...]]:
    """Per ADM record id: the requests for further information, oldest first."""
    f = AdmFurtherInformation
    query = (
        select(f.adm_decision_id, f.requested_on, f.what, f.due_by, f.provided_on)
        .join(AdmDecisionRecord, AdmDecisionRecord.id == f.adm_decision_id)
        .join(Hearing, Hearing.id == AdmDecisionRecord.hearing_id)
        .join(Case, Case.id == Hearing.case_id)
        .where(Case.agency_id == agency_id)
        .order_by(f.adm_decision_id, f.requested_on, f.id)
    )
    if hearing_id is not None:
        query = query.where(Hearing.id == hearing_id)
    found: dict[int, list[FurtherInformation]] = {}
    for record_id, requested_on, what, due_by, provided_on in session.execute(query):
        found.setdefault(record_id, []).append(
            FurtherInformation(requested_on, what or "", due_by, provided_on)
        )
    return {record_id: tuple(requests) for record_id, requests in found.items()}


def _to_case(
    row: Any, policy: AgencyPolicy, further: dict[int, tuple[FurtherInformation, ...]]
) -> TrackerCase:
    (hearing_id, reference, ctype, household, la, adm_id, adm_name, adm_title, adm_email) = row[:9]
    panel, heard_on, minutes_state, outcome, panel_grade, adm_grade = row[9:15]
    record_id, version = row[15:17]
    dates = _adm_dates(ctype, outcome, row[17:], further.get(record_id, ()) if record_id else ())
    return TrackerCase(
        hearing_id=hearing_id,
        record_id=record_id,
        version=version,
        reference=reference,
        case_type=case_types.get(ctype),
        household=household or "",
        local_authority=la or "",
        adm=AdmRef(adm_id, adm_name, adm_title or "", adm_email or "") if adm_id is not None else None,
        panel=panel,
        heard_on=heard_on,
        minutes_state=minutes_state or "",
        outcome=dates.outcome,
        decision=dates.decision,
        minutes_sent_on=dates.minutes_sent_on,
        decided_on=dates.decided_on,
        sw_notified_on=dates.sw_notified_on,
        letter_sent_on=dates.letter_sent_on,
        representations_received_on=dates.representations_received_on,
        irm_applied_on=dates.irm_applied_on,
        review_recommendation_on=dates.review_recommendation_on,
        final_decision=dates.final_decision,
        final_decided_on=dates.final_decided_on,
        further_information=dates.further_information,
        panel_par_grade=Grade(panel_grade) if panel_grade else None,
        adm_par_grade=Grade(adm_grade) if adm_grade else None,
        deadlines=deadlines_for(dates, policy),
    )


def adm_tracker(
    ctx: ServiceContext,
    as_of: date | None = None,
    *,
    adm_id: int | None = None,
    local_authority_id: int | None = None,
    case_type: str | None = None,
    include_archived: bool = True,
) -> AdmTracker:
    """Every recommendation with an ADM and its deadline items, as of a date.

    One query for the cases (filters applied in SQL), then pure computation.
    `include_archived=False` leaves out records fully done long ago (the screen's view).
    """
    as_of = as_of or ctx.today()
    policy = agency_policy(ctx)
    since = None if include_archived else as_of - timedelta(days=ARCHIVE_AFTER_DAYS)
    query = tracker_query(ctx.agency_id, adm_id, local_authority_id, case_type, None, since)
    routed, _ = _routing_columns(ctx.agency_id)
    own = clocks_query(ctx.agency_id, routed, adm_id, local_authority_id, case_type)
    with ctx.read() as session:
        further = _further_information(session, ctx.agency_id)
        cases = tuple(_to_case(row, policy, further) for row in session.execute(query))
        clocks = tuple(read_case_clocks(session, ctx.agency_id, own))
    subjects: tuple[TrackerCase | CaseClocks, ...] = (*cases, *clocks)
    items = [
        TrackerItem(c, d, d.status(as_of), group)
        for c in subjects
        for d in c.deadlines
        for group in (d.group(as_of),)  # once per item (~5,000 a screen at national scale)
        if include_archived or group is not TrackerGroup.ARCHIVED
    ]
    items.sort(key=lambda i: (i.due, i.case.reference, KIND_ORDER[i.kind]))
    if not include_archived:
        listed = {id(i.case) for i in items}  # a set, not a scan of every item per case
        cases = tuple(c for c in cases if c.minutes_sent_on is None or id(c) in listed)
        clocks = tuple(c for c in clocks if id(c) in listed)
    return AdmTracker(as_of, cases, tuple(items), clocks)


def tracker_case(ctx: ServiceContext, hearing_id: int, as_of: date | None = None) -> TrackerCase:
    policy = agency_policy(ctx)
    query = tracker_query(ctx.agency_id, None, None, None, hearing_id, None)
    with ctx.read() as session:
        row = session.execute(query).first()
        further = _further_information(session, ctx.agency_id, hearing_id)
    if row is None:
        raise NotFound("That case has no recommendation for an ADM to decide on.")
    return _to_case(row, policy, further)


def overdue_count(ctx: ServiceContext, as_of: date | None = None) -> int:
    """How many deadline items are overdue: cheap enough for the status bar at start.

    Only records with something still open are read, and only their dates.
    """
    as_of = as_of or ctx.today()
    policy = agency_policy(ctx)
    r = AdmDecisionRecord
    query = (
        select(Case.case_type, Recommendation.outcome, *CLOCK_COLUMNS)
        .join(Hearing, Hearing.id == r.hearing_id)
        .join(Case, Case.id == Hearing.case_id)
        .join(Recommendation, Recommendation.hearing_id == Hearing.id)
        .where(Case.agency_id == ctx.agency_id)
        .where(or_(r.minutes_sent_on.is_not(None), r.decided_on.is_not(None)))  # as the tracker
        .where(
            or_(
                r.decided_on.is_(None),
                r.sw_notified_on.is_(None),
                r.letter_sent_on.is_(None),
                and_(r.review_recommendation_on.is_not(None), r.final_decided_on.is_(None)),
            )
        )
    )
    routed, _ = _routing_columns(ctx.agency_id)
    with ctx.read() as session:
        rows = session.execute(query).all()
        clocks = read_case_clocks(
            session, ctx.agency_id, clocks_query(ctx.agency_id, routed, None, None, None)
        )
    count = sum(overdue(c.deadlines, as_of) for c in clocks)
    for ctype, outcome, *clock in rows:
        count += overdue(deadlines_for(_adm_dates(ctype, outcome, clock), policy), as_of)
    return count


def filter_options(ctx: ServiceContext) -> FilterOptions:
    with ctx.read() as session:
        adms = session.execute(
            select(DecisionMaker.id, DecisionMaker.name, DecisionMaker.title, DecisionMaker.email)
            .where(DecisionMaker.agency_id == ctx.agency_id)
            .order_by(DecisionMaker.name)
        ).all()
        las = session.execute(
            select(LocalAuthority.id, LocalAuthority.name)
            .where(LocalAuthority.agency_id == ctx.agency_id)
            .order_by(LocalAuthority.name)
        ).all()
    types = tuple(row for row in case_types.all_case_types() if row.goes_to_adm)
    return FilterOptions(
        tuple(AdmRef(i, n, t or "", e or "") for i, n, t, e in adms),
        tuple((i, n) for i, n in las),
        types,
    )


# -- routing and writing ----------------------------------------------------------------


def route_adm(ctx: ServiceContext, hearing_id: int) -> AdmRef | None:
    """The ADM this hearing's recommendation goes to by the agency setup (None if not set up)."""
    with ctx.read() as session:
        adm_id = routed_adm_id(session, ctx.agency_id, hearing_id)
        adm = session.get(DecisionMaker, adm_id) if adm_id is not None else None
        return AdmRef(adm.id, adm.name, adm.title, adm.email) if adm else None


def routed_adm_id(session: Session, agency_id: int, hearing_id: int) -> int | None:
    routed, _ = _routing_columns(agency_id)
    row = session.execute(
        select(Case.case_type, routed)
        .select_from(Hearing)
        .join(Case, Case.id == Hearing.case_id)
        .outerjoin(LocalAuthority, LocalAuthority.id == Case.local_authority_id)
        .where(Hearing.id == hearing_id)
        .where(Case.agency_id == agency_id)
    ).first()
    if row is None:
        raise NotFound("That hearing no longer exists.")
    return int(row[1]) if row[1] is not None else None


def items_as_rows(items: Sequence[TrackerItem]) -> list[dict[str, Any]]:
    """The data-interchange form used by `panelapp deadlines --json`.

    Every row has reference, case_type, adm, kind, due and status. An ADM decision whose
    ADM asked for more first also has "further_information" (each request: requested_on,
    what, due_by, provided_on) and "history" (in words); a case booked for panel inside the
    applicants' time to comment has "warning".
    """
    return [_item_row(i) for i in items]


def _item_row(item: TrackerItem) -> dict[str, Any]:
    row: dict[str, Any] = {
        "reference": item.case.reference,
        "case_type": item.case.case_type.code,
        "adm": item.case.adm_name,
        "kind": item.kind.value,
        "due": item.due.isoformat(),
        "status": item.status.value,
    }
    case = item.case
    if isinstance(case, TrackerCase) and item.kind is DeadlineKind.ADM_DECISION and case.further_information:
        row["further_information"] = [
            {
                "requested_on": r.requested_on.isoformat(),
                "what": r.what,
                "due_by": r.due_by.isoformat() if r.due_by else None,
                "provided_on": r.provided_on.isoformat() if r.provided_on else None,
            }
            for r in case.further_information
        ]
        row["history"] = case.history
    if isinstance(case, CaseClocks) and item.kind is DeadlineKind.PAR_COMMENTS and case.warning:
        row["warning"] = case.warning
    return row
