"""The whole chairs' report for a period: figures, membership, narrative; and its export.

`build_chairs_report` gathers plain data in one read session; `export_chairs_report` writes
it as Word or PDF (drawn from report_document's blocks) or JSON. Both are what the CLI and
the Reports view's background job call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Panel
from panelapp.domain import report_counting as counting
from panelapp.domain.report_counting import HeardHearing
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.files import check_output
from panelapp.services.reports.membership import Membership, compute_membership
from panelapp.services.reports.narrative import ReportNarrativeSet, load_narrative
from panelapp.services.reports.report_document import report_document
from panelapp.services.reports.statistics import (
    PanelChoice,
    ReportScope,
    ReportStatistics,
    StatisticsDetail,
    agency_heading,
    check_period,
    compute_statistics,
    report_panels,
    sittings_held_cancelled,
)

# Called with (percent, what is happening); may raise to cancel (ui.shell.jobs' Progress does).
ProgressFn = Callable[[int, str], None]
FORMATS = ("docx", "pdf", "json")


@dataclass(frozen=True)
class PanelFigures:
    """One panel's figures for its chair's comments (section 10)."""

    panel_id: int
    name: str
    chair: str
    held: int
    cancelled: int
    cases_heard: int
    vice_chair_sittings: int
    late_papers: int

    @property
    def cases_per_sitting(self) -> float | None:
        return None if self.held <= 0 else round(self.cases_heard / self.held, 1)


@dataclass(frozen=True)
class ChairsReport:
    agency_name: str
    marking: str
    panel_id: int | None
    panel_name: str  # "All panels" or the panel's name
    period_from: date
    period_to: date
    stats: ReportStatistics
    detail: StatisticsDetail
    membership: Membership
    narrative: ReportNarrativeSet
    produced_on: date | None = None
    panels: tuple[PanelFigures, ...] = ()


def build_chairs_report(
    ctx: ServiceContext, period_from: date, period_to: date, panel_id: int | None = None
) -> ChairsReport:
    check_period(period_from, period_to)
    scope = ReportScope(ctx.agency_id, period_from, period_to, panel_id)
    narrative = load_narrative(ctx, period_from, period_to, panel_id)
    choices = report_panels(ctx)
    with ctx.read() as session:
        agency_name, marking = agency_heading(session, scope.agency_id)
        panel_name = "All panels"
        if panel_id is not None:
            found = session.scalar(
                select(Panel.name).where(Panel.id == panel_id, Panel.agency_id == scope.agency_id)
            )
            if found is None:
                raise NotFound("That panel is not one of this agency's panels.")
            panel_name = found
        stats, detail = compute_statistics(session, scope)
        membership = compute_membership(session, scope)
        panels = _panel_figures(session, scope, detail, choices)
    return ChairsReport(
        agency_name=agency_name,
        marking=marking,
        panel_id=panel_id,
        panel_name=panel_name,
        period_from=period_from,
        period_to=period_to,
        stats=stats,
        detail=detail,
        membership=membership,
        narrative=narrative,
        produced_on=ctx.today(),
        panels=panels,
    )


def _panel_figures(
    session: Session, scope: ReportScope, detail: StatisticsDetail, choices: list[PanelChoice]
) -> tuple[PanelFigures, ...]:
    out = []
    for p in choices:
        if scope.panel_id is not None and p.id != scope.panel_id:
            continue
        held, cancelled = sittings_held_cancelled(session, replace(scope, panel_id=p.id))
        heard = [h for h in detail.hearings if h.panel == p.name]
        out.append(
            PanelFigures(
                panel_id=p.id,
                name=p.name,
                chair=p.chair,
                held=held,
                cancelled=cancelled,
                cases_heard=len(heard),
                vice_chair_sittings=len({h.sitting_id for h in heard if h.chaired_by_vice_chair}),
                late_papers=sum(h.late_papers for h in heard),
            )
        )
    return tuple(out)


def export_chairs_report(
    ctx: ServiceContext,
    period_from: date,
    period_to: date,
    panel_id: int | None,
    fmt: str,
    out: Path,
    progress: ProgressFn | None = None,
) -> Path:
    """Write the report to `out` (written under a temporary name, then renamed)."""
    if fmt not in FORMATS:
        raise ValidationError(f"Choose Word (docx), PDF or JSON, not '{fmt}'.")
    out = check_output(out)
    step = progress or (lambda _p, _t: None)
    step(5, "Counting the period's hearings")
    report = build_chairs_report(ctx, period_from, period_to, panel_id)
    if fmt == "json":
        from panelapp.exports.files import write_json

        step(60, "Writing JSON")
        write_json(out, report.stats.to_json())
    else:  # names never to circulate (issue 19): replaced, then the written file checked
        from panelapp.services.cases import withheld_names

        check = withheld_names.for_hearings(ctx, [h.hearing_id for h in report.detail.hearings])
        document = check.scrub(report_document(report))
        if fmt == "docx":
            from panelapp.exports.docx.report import write_report_docx as write
        else:
            from panelapp.exports.pdf.report import write_report_pdf as write
        what = "The chairs' report"
        withheld_names.circulate(ctx, out, lambda path: write(document, path, step), check, what)
    try:
        step(100, "Done")
    except BaseException:  # cancelled at the last moment: leave no file, as promised
        out.unlink(missing_ok=True)
        raise
    return out


def figure_hearings(report: ChairsReport, key: str) -> list[HeardHearing]:
    """The hearings behind one of the report's figures (a click on it in the app lists them).

    `key` is a JSON key of report_counting's rules, or `cases_heard` (every hearing heard)."""
    if key == "cases_heard":
        return sorted(report.detail.hearings, key=lambda h: (h.sitting_date, h.panel, h.reference))
    return counting.behind(counting.RULES_BY_KEY[key], report.detail.hearings)
