"""The chairs' report statistics for a date range, counted by the database.

A hearing is in the report when its sitting's date falls in [from, to], the sitting was not
cancelled, the hearing was not withdrawn, and it was heard: its status is `heard` or a
recommendation is recorded for it. Hearings recorded in the app and hearings imported from
the historic register live in the same tables (an imported case only has `imported` set),
so both are counted by the same queries. The heard hearings are read once, one row of facts
each (hearing_facts); what is not a hearing's (sittings, attendance, areas, grades of every
paper) is a GROUP BY / COUNT in SQL: five statements, however many hearings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, TypeVarTuple

from sqlalchemy import (
    BindParameter,
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from db.models import (
    Agency,
    Case,
    Grading,
    Hearing,
    LocalAuthority,
    Locality,
    Meeting,
    Panel,
    Recommendation,
)
from panelapp.domain import case_types
from panelapp.domain import report_counting as counting
from panelapp.domain import report_figures as fig
from panelapp.domain.report_counting import HeardHearing
from panelapp.domain.vocab import MeetingStatus, Outcome
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class ReportScope:
    agency_id: int
    period_from: date
    period_to: date
    panel_id: int | None = None  # None: every panel of the agency


@dataclass(frozen=True)
class ReportStatistics:
    """The figures of the chairs' report; `to_json()` gives exactly the dashboard keys."""

    period_from: date
    period_to: date
    cases_heard: int
    heard_by_type: dict[str, int]
    households_approved: int
    deferred: int
    matches_by_area: dict[str, int]  # children in matches recommended, by area
    # decision -> hearings; decided_after_period; further_info_then_decided; on_time_pct;
    # sw_notification_on_time_pct; written_confirmation_on_time_pct
    adm: dict[str, Any]
    gradings: dict[str, dict[str, dict[str, int]]]
    adm_grade_concurrence_pct: float | None
    sittings_held: int
    sittings_cancelled: int
    # Issue 17: children, not hearings; and the figures the published reports give.
    children_matched: int = 0
    children_consent_plans: int = 0
    inter_agency_matches: int = 0
    grading_differences: dict[str, int] = field(default_factory=dict)
    pars_capped: int = 0
    sittings_chaired_by_vice_chair: int = 0
    cases_per_sitting: float | None = None
    late_papers: int = 0
    attendance_pct: float | None = None
    disruptions: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.period_from.isoformat(),
            "to": self.period_to.isoformat(),
            "cases_heard": self.cases_heard,
            "heard_by_type": dict(self.heard_by_type),
            "households_approved": self.households_approved,
            "deferred": self.deferred,
            "matches_by_area": dict(self.matches_by_area),
            "adm": dict(self.adm),
            "gradings": {
                source: {paper: dict(grades) for paper, grades in papers.items()}
                for source, papers in self.gradings.items()
            },
            "adm_grade_concurrence_pct": self.adm_grade_concurrence_pct,
            "sittings_held": self.sittings_held,
            "sittings_cancelled": self.sittings_cancelled,
            "children_matched": self.children_matched,
            "children_consent_plans": self.children_consent_plans,
            "inter_agency_matches": self.inter_agency_matches,
            "grading_differences": dict(self.grading_differences),
            "pars_capped": self.pars_capped,
            "sittings_chaired_by_vice_chair": self.sittings_chaired_by_vice_chair,
            "cases_per_sitting": self.cases_per_sitting,
            "late_papers": self.late_papers,
            "attendance_pct": self.attendance_pct,
            "disruptions": self.disruptions,
        }


@dataclass(frozen=True)
class StatisticsDetail:
    """What the written report shows beyond the JSON figures."""

    outcomes_by_type: dict[str, dict[str, int]]  # case type -> outcome -> hearings
    not_agreed_households: int  # approvals recommended but not agreed by the ADM
    concurrence_equal: int
    concurrence_compared: int
    hearings: tuple[HeardHearing, ...] = ()  # every hearing heard: the figures' hearings behind
    attendance: tuple[int, int] = (0, 0)  # members attending, members expected
    decisions_timed: int = 0  # ADM decisions whose clock start is recorded (on_time_pct's whole)
    decided_on_time: int = 0


@dataclass(frozen=True)
class PanelChoice:
    id: int
    name: str
    chair: str


def check_period(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise ValidationError(
            "The report period ends before it starts: choose a 'to' date on or after the 'from' date.",
            {"to": "Must be on or after the 'from' date"},
        )


def report_panels(ctx: ServiceContext) -> list[PanelChoice]:
    """The agency's panels with their chairs, for the panel filter and the chairs' comments."""
    from db.models import Member

    with ctx.read() as session:
        rows = session.execute(
            select(Panel.id, Panel.name, Member.first_name, Member.last_name)
            .outerjoin(Member, Member.id == Panel.chair_id)
            .where(Panel.agency_id == ctx.agency_id)
            .order_by(Panel.name)
        ).all()
    return [PanelChoice(r[0], r[1], f"{r[2] or ''} {r[3] or ''}".strip()) for r in rows]


def report_statistics(
    ctx: ServiceContext, period_from: date, period_to: date, panel_id: int | None = None
) -> ReportStatistics:
    """The chairs' report figures for hearings whose sitting date is in [from, to]."""
    return report_statistics_with_detail(ctx, period_from, period_to, panel_id)[0]


def report_statistics_with_detail(
    ctx: ServiceContext, period_from: date, period_to: date, panel_id: int | None = None
) -> tuple[ReportStatistics, StatisticsDetail]:
    check_period(period_from, period_to)
    scope = ReportScope(ctx.agency_id, period_from, period_to, panel_id)
    with ctx.read() as session:
        if (
            panel_id is not None
            and session.scalar(
                select(Panel.id).where(Panel.id == panel_id, Panel.agency_id == scope.agency_id)
            )
            is None
        ):
            raise NotFound("That panel is not one of this agency's panels.")
        return compute_statistics(session, scope)


def compute_statistics(session: Session, scope: ReportScope) -> tuple[ReportStatistics, StatisticsDetail]:
    """All figures for `scope` in one read session (used by the service and the benchmark)."""
    # Imported here: hearing_facts builds on this module's heard-hearing query.
    from panelapp.services.reports.hearing_facts import read_facts, sitting_attendance

    facts, counts = read_facts(session, scope)
    outcomes = counts.outcomes_by_type
    heard_by_type = fig.all_codes(case_types.codes(), {t: sum(o.values()) for t, o in outcomes.items()})
    deferred = sum(o.get(Outcome.DEFERRED.value, 0) for o in outcomes.values())
    approved, not_agreed = counts.households_approved, counts.households_not_agreed
    held, cancelled = sittings_held_cancelled(session, scope)
    attendance = sitting_attendance(session, scope)
    figures = {rule.key: counting.count(rule, facts) for rule in counting.FIGURE_RULES}
    differences = {c: figures[f"grading_differences.{c}"] for c in counting.DIFFERENCE_CODES}
    # Concurrence is the "same" of the grade differences, so the two sentences of section 5
    # cannot disagree (and the report needs no query of its own for it).
    equal, compared = differences["same"], sum(differences.values())
    adm: dict[str, Any] = dict(fig.adm_outcomes(counts.adm_decisions, counts.decided_after_period))
    adm["further_info_then_decided"] = figures["adm.further_info_then_decided"]
    adm["on_time_pct"] = fig.percentage(figures["adm.decided_on_time"], figures["adm.decisions_timed"])
    adm["sw_notification_on_time_pct"] = fig.percentage(
        figures["adm.sw_notified_on_time"], figures["adm.sw_notifications_timed"]
    )
    adm["written_confirmation_on_time_pct"] = fig.percentage(
        figures["adm.written_confirmation_on_time"], figures["adm.written_confirmations_timed"]
    )
    stats = ReportStatistics(
        period_from=scope.period_from,
        period_to=scope.period_to,
        cases_heard=sum(heard_by_type.values()),
        heard_by_type=heard_by_type,
        households_approved=approved,
        deferred=deferred,
        matches_by_area=_matches_by_area(session, scope, facts),
        adm=adm,
        gradings=_gradings(session, scope),
        adm_grade_concurrence_pct=fig.percentage(equal, compared),
        sittings_held=held,
        sittings_cancelled=cancelled,
        children_matched=figures["children_matched"],
        children_consent_plans=figures["children_consent_plans"],
        inter_agency_matches=figures["inter_agency_matches"],
        grading_differences=differences,
        pars_capped=figures["pars_capped"],
        sittings_chaired_by_vice_chair=len({h.sitting_id for h in facts if h.chaired_by_vice_chair}),
        cases_per_sitting=_mean(sum(heard_by_type.values()), held),
        late_papers=figures["late_papers"],
        attendance_pct=fig.percentage(attendance.attended, attendance.expected),
        disruptions=figures["disruptions"],
    )
    detail = StatisticsDetail(
        outcomes_by_type={t: fig.all_codes(fig.OUTCOME_CODES, outcomes.get(t, {})) for t in heard_by_type},
        not_agreed_households=not_agreed,
        concurrence_equal=equal,
        concurrence_compared=compared,
        hearings=tuple(facts),
        attendance=(attendance.attended, attendance.expected),
        decisions_timed=figures["adm.decisions_timed"],
        decided_on_time=figures["adm.decided_on_time"],
    )
    return stats, detail


def _mean(total: int, over: int) -> float | None:
    return None if over <= 0 else round(total / over, 1)


# -- the queries -----------------------------------------------------------------------


_Row = TypeVarTuple("_Row")

# Statements are built once (per with/without panel filter) with these parameters: building
# SQLAlchemy expressions costs more than running these small indexed queries. They run on the
# session's Core connection: they return plain rows, and the ORM's execute adds ~10% a statement.
AGENCY = bindparam("agency", type_=Integer)
D_FROM = bindparam("d_from", type_=Date)
D_TO = bindparam("d_to", type_=Date)
PANEL = bindparam("panel", type_=Integer)
# The case types each figure counts, from the case-type rows (bound per run, so the cached
# statements see a case type added after they were built).
GRADED_PAIRS: BindParameter[Any] = bindparam("graded_pairs", expanding=True)  # (paper, case type)


# Case type as a filter that uses no index ("case.case_type || ''"): on an index SQLite
# starts from every case of that type in the database (every agency, every year: ~25 ms a
# figure on a national database) instead of from the period's sittings (~0.2 ms).
type_unindexed = Case.case_type.concat("")


def _params(scope: ReportScope) -> dict[str, Any]:
    return {
        "agency": scope.agency_id,
        "d_from": scope.period_from,
        "d_to": scope.period_to,
        "panel": scope.panel_id,
        **_case_type_params(),
    }


def _case_type_params() -> dict[str, Any]:
    graded = fig.graded_paper_case_types()
    return {
        "graded_pairs": [(paper, code) for paper, codes in graded.items() for code in codes],
    }


def _heard(stmt: Select[*_Row], with_panel: bool) -> Select[*_Row]:
    """Restrict `stmt` (selecting from hearing) to the hearings heard in the period."""
    stmt = (
        stmt.join(Meeting, Meeting.id == Hearing.meeting_id)
        .join(Case, Case.id == Hearing.case_id)
        .outerjoin(Recommendation, Recommendation.hearing_id == Hearing.id)
        # The agency through its panels' sittings, so the (panel, date) index leads the plan:
        # filtering on case.agency_id instead makes SQLite walk ten years of cases.
        .where(Meeting.panel_id.in_(select(Panel.id).where(Panel.agency_id == AGENCY)))
        .where(Meeting.date >= D_FROM, Meeting.date <= D_TO)
        .where(Meeting.status != MeetingStatus.CANCELLED.value)
        .where(Hearing.status != "withdrawn")
        .where(or_(Hearing.status == "heard", Recommendation.id.is_not(None)))
    )
    if with_panel:
        stmt = stmt.where(Meeting.panel_id == PANEL)
    return stmt


@cache
def _areas_stmt() -> Select[str, str]:
    return (
        select(LocalAuthority.name, Locality.name)
        .outerjoin(Locality, Locality.local_authority_id == LocalAuthority.id)
        .where(LocalAuthority.agency_id == AGENCY)
        .order_by(LocalAuthority.name, Locality.name)
    )


def _matches_by_area(session: Session, scope: ReportScope, facts: list[HeardHearing]) -> dict[str, int]:
    """Children in matches recommended, by locality (or local authority), every area listed."""
    areas = session.connection().execute(_areas_stmt(), {"agency": scope.agency_id})
    counts = {fig.area_name(la, loc): 0 for la, loc in areas}
    for name, n in counting.children_by_area(facts).items():
        counts[name] = counts.get(name, 0) + n
    return counts


def _graded_paper_filter() -> Any:
    """Each paper only at the hearings the report counts it for (PAR: approvals, ...).

    One row-value IN: an OR of per-paper conditions led SQLite to scan cases by type
    (every year's) instead of the period's sittings."""
    return tuple_(Grading.paper_type, type_unindexed).in_(GRADED_PAIRS)


@cache
def _gradings_stmt(with_panel: bool) -> Select[str, str, str, int]:
    stmt = select(Grading.source, Grading.paper_type, Grading.grade, func.count(Grading.id)).select_from(
        Hearing
    )
    return (
        _heard(stmt, with_panel)
        .join(Grading, Grading.hearing_id == Hearing.id)
        .where(_graded_paper_filter())
        .group_by(Grading.source, Grading.paper_type, Grading.grade)
    )


def _gradings(session: Session, scope: ReportScope) -> dict[str, dict[str, dict[str, int]]]:
    by_source: dict[str, dict[tuple[str, str], int]] = {"panel": {}, "adm": {}}
    stmt = _gradings_stmt(scope.panel_id is not None)
    for source, paper, grade, n in session.connection().execute(stmt, _params(scope)):
        by_source.setdefault(source, {})[(paper, grade)] = n
    return {source: fig.grading_table(counts) for source, counts in by_source.items()}


@cache
def _sittings_stmt(with_panel: bool) -> Select[Any, Any]:
    heard_at = (
        select(Hearing.meeting_id)
        .outerjoin(Recommendation, Recommendation.hearing_id == Hearing.id)
        .where(or_(Hearing.status == "heard", Recommendation.id.is_not(None)))
    )
    cancelled = Meeting.status == MeetingStatus.CANCELLED.value
    held = or_(Meeting.status == MeetingStatus.HELD.value, and_(~cancelled, Meeting.id.in_(heard_at)))
    stmt = (
        select(func.sum(case((held, 1), else_=0)), func.sum(case((cancelled, 1), else_=0)))
        .select_from(Meeting)
        .join(Panel, Panel.id == Meeting.panel_id)
        .where(Panel.agency_id == AGENCY)
        .where(Meeting.date >= D_FROM, Meeting.date <= D_TO)
    )
    if with_panel:
        stmt = stmt.where(Meeting.panel_id == PANEL)
    return stmt


def sittings_held_cancelled(session: Session, scope: ReportScope) -> tuple[int, int]:
    """Sittings held (status held, or a case was heard at it) and sittings cancelled."""
    stmt = _sittings_stmt(scope.panel_id is not None)
    n_held, n_cancelled = session.connection().execute(stmt, _params(scope)).one()
    return int(n_held or 0), int(n_cancelled or 0)


def agency_heading(session: Session, agency_id: int) -> tuple[str, str]:
    """(agency name, protective marking) for document headers."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("No agency has been set up yet. Open Settings to set one up.")
    return agency.name, agency.marking
