"""Grading summary for chairs: the panel's grades of PARs, CPRs and APRs in a period; its export.

Counts are aggregated in SQL: by paper type and by local authority (or by area team, the
locality where the LA has localities), with the strengths and areas for development written
for authors, and how often the ADM's grade agreed with the panel's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select, tuple_
from sqlalchemy.orm import Session

from db.models import Case, Grading, Hearing, LocalAuthority, Locality, Meeting, Panel, Recommendation
from panelapp.documents.grading_summary import GradeCounts, GradingComment, GradingSummary
from panelapp.domain import report_figures as fig
from panelapp.domain.grading_policy import ALL_GRADES
from panelapp.domain.vocab import MeetingStatus, Paper
from panelapp.services.agency.setup import agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.files import check_output
from panelapp.services.panel_day.gradings import PANEL, concurrence_of, grade_comparisons
from panelapp.services.panel_day.minutes_export import document_format

GROUP_BY = {"local_authority": "Local authority", "team": "Area team"}


def export_grading_summary(
    ctx: ServiceContext,
    date_from: date,
    date_to: date,
    panel_id: int | None,
    group_by: str,
    fmt: str,
    out: Path,
) -> Path:
    """Write the summary as `docx` or `pdf` to `out` (written whole, or not at all)."""
    fmt = document_format(fmt)
    check_output(out)
    summary = grading_summary(ctx, date_from, date_to, panel_id, group_by)
    # Comments for authors are typed text: names never to circulate are replaced, then checked.
    from panelapp.services.cases import withheld_names

    with ctx.read() as session:
        ids = _graded_in_period(ctx.agency_id, date_from, date_to, panel_id).subquery()
        hearing_ids = list(
            session.scalars(select(Grading.hearing_id).where(Grading.id.in_(select(ids.c.id))))
        )
    check = withheld_names.for_hearings(ctx, hearing_ids)
    summary = check.scrub(summary)
    if fmt == "pdf":
        from panelapp.exports.pdf.grading_summary import write_grading_summary_pdf as write
    else:
        from panelapp.exports.docx.grading_summary import write_grading_summary_docx as write
    return withheld_names.circulate(
        ctx, Path(out), lambda path: write(summary, path), check, "The grading summary"
    )


def grading_summary(
    ctx: ServiceContext,
    date_from: date,
    date_to: date,
    panel_id: int | None = None,
    group_by: str = "local_authority",
) -> GradingSummary:
    if date_to < date_from:
        raise ValidationError("The period ends before it starts.", {"date_to": "Before the start."})
    if group_by not in GROUP_BY:
        raise ValidationError(
            "Group the grades by local authority or by area team.", {"group_by": "Unknown."}
        )
    agency = agency_summary(ctx)
    with ctx.read() as session:
        panel_name = _panel_name(session, panel_id)
        ids = _graded_in_period(ctx.agency_id, date_from, date_to, panel_id).subquery()
        in_period = Grading.id.in_(select(ids.c.id))
        by_paper_rows = session.execute(
            select(Grading.paper_type, Grading.grade, func.count())
            .where(in_period)
            .group_by(Grading.paper_type, Grading.grade)
        ).all()
        by_group_rows = session.execute(_by_group_query(group_by).where(in_period)).all()
        comments = [GradingComment(*row) for row in session.execute(_comments_query().where(in_period))]
    papers = [p.value for p in Paper]
    by_paper = tuple(_counts(p, [(g, n) for pt, g, n in by_paper_rows if pt == p]) for p in papers)
    return GradingSummary(
        agency_name=agency.name if agency else "",
        marking=agency.marking if agency else "OFFICIAL-SENSITIVE",
        date_from=date_from,
        date_to=date_to,
        panel_name=panel_name,
        group_label=GROUP_BY[group_by],
        by_paper=by_paper,
        by_group=_by_group(by_group_rows, papers),
        comments=tuple(c for c in comments if c.strengths or c.development),
        concurrence=concurrence_of(grade_comparisons(ctx, date_from, date_to, panel_id)),
    )


def _panel_name(session: Session, panel_id: int | None) -> str:
    if panel_id is None:
        return "All panels"
    found = session.scalar(select(Panel.name).where(Panel.id == panel_id))
    if found is None:
        raise NotFound("That panel no longer exists.")
    return found


def _graded_in_period(agency_id: int, date_from: date, date_to: date, panel_id: int | None) -> Select[int]:
    """The panel's gradings the chairs' report counts for the period (at one panel, if given).

    The report's rule, so the two agree figure for figure: hearings heard (not withdrawn, at
    a sitting not cancelled, heard or with a recommendation) and each paper at the case
    types whose row counts its grades (CPRs at matches and at consent plans)."""
    pairs = [(paper, code) for paper, codes in fig.graded_paper_case_types().items() for code in codes]
    query = (
        select(Grading.id)
        .join(Hearing, Hearing.id == Grading.hearing_id)
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .join(Case, Case.id == Hearing.case_id)
        .outerjoin(Recommendation, Recommendation.hearing_id == Hearing.id)
        .where(Grading.source == PANEL)
        .where(Case.agency_id == agency_id)
        .where(Meeting.date.between(date_from, date_to))
        .where(Meeting.status != MeetingStatus.CANCELLED.value, Hearing.status != "withdrawn")
        .where(or_(Hearing.status == "heard", Recommendation.id.is_not(None)))
        .where(tuple_(Grading.paper_type, Case.case_type).in_(pairs))
    )
    return query.where(Meeting.panel_id == panel_id) if panel_id is not None else query


def _by_group_query(group_by: str) -> Select[*tuple[Any, ...]]:
    if group_by == "team":
        group_name = func.coalesce(Locality.name, LocalAuthority.name, "Not recorded")
    else:
        group_name = func.coalesce(LocalAuthority.name, "Not recorded")
    return (
        select(group_name, Grading.paper_type, Grading.grade, func.count())
        .join(Hearing, Hearing.id == Grading.hearing_id)
        .join(Case, Case.id == Hearing.case_id)
        .outerjoin(LocalAuthority, LocalAuthority.id == Case.local_authority_id)
        .outerjoin(Locality, Locality.id == Case.locality_id)
        .group_by(group_name, Grading.paper_type, Grading.grade)
    )


def _comments_query() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Meeting.date,
            Case.reference,
            Grading.paper_type,
            Grading.grade,
            Grading.author,
            Grading.strengths,
            Grading.development,
        )
        .join(Hearing, Hearing.id == Grading.hearing_id)
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .join(Case, Case.id == Hearing.case_id)
        .order_by(Meeting.date, Case.reference, Grading.paper_type)
    )


def _by_group(rows: Sequence[Any], papers: list[str]) -> tuple[tuple[str, tuple[GradeCounts, ...]], ...]:
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for name, paper, grade, n in rows:
        groups.setdefault(str(name), []).append((paper, grade, n))
    return tuple(
        (name, tuple(_counts(p, [(g, n) for pt, g, n in found if pt == p]) for p in papers))
        for name, found in sorted(groups.items())
    )


def _counts(name: str, rows: list[tuple[str, int]]) -> GradeCounts:
    counts = {g.value: 0 for g in ALL_GRADES}
    for grade, n in rows:
        counts[grade] = counts.get(grade, 0) + n
    return GradeCounts(name, counts)


def panel_choices(ctx: ServiceContext) -> list[tuple[int, str]]:
    """(id, name) of the agency's panels, for choosing one or all."""
    with ctx.read() as session:
        rows = session.execute(
            select(Panel.id, Panel.name).where(Panel.agency_id == ctx.agency_id).order_by(Panel.name)
        )
        return [(panel_id, name) for panel_id, name in rows]
