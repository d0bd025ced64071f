"""Grading summary for chairs: the panel's grades of PARs, CPRs and APRs in a period.

Counts are aggregated in SQL: by paper type and by local authority (or by area team, the
locality where the LA has localities), with the strengths and areas for development written
for authors, and how often the ADM's grade agreed with the panel's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from db.models import Case, Grading, Hearing, LocalAuthority, Locality, Meeting, Panel
from panelapp.domain.grading_policy import ALL_GRADES
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import Grade, Paper
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.panel_day.gradings import PANEL, Concurrence, concurrence_of, grade_comparisons

GROUP_BY = {"local_authority": "Local authority", "team": "Area team"}


@dataclass(frozen=True)
class GradeCounts:
    name: str
    counts: dict[str, int]  # grade code -> number

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class GradingComment:
    sitting: date
    reference: str
    paper_type: str
    grade: str
    author: str
    strengths: str
    development: str

    @property
    def grade_label(self) -> str:
        return Grade(self.grade).label


@dataclass(frozen=True)
class GradingSummary:
    date_from: date
    date_to: date
    panel_name: str
    group_label: str
    by_paper: tuple[GradeCounts, ...]
    by_group: tuple[tuple[str, tuple[GradeCounts, ...]], ...]  # group -> per paper counts
    comments: tuple[GradingComment, ...]
    concurrence: Concurrence

    @property
    def title(self) -> str:
        period = f"{uk_date(self.date_from)} to {uk_date(self.date_to)}"
        return f"Paperwork grading summary: {self.panel_name}, {period}"

    @property
    def total(self) -> int:
        return sum(p.total for p in self.by_paper)


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
    panel_name = "All panels"
    in_period = (
        select(Grading.id)
        .join(Hearing, Hearing.id == Grading.hearing_id)
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .join(Case, Case.id == Hearing.case_id)
        .where(Grading.source == PANEL)
        .where(Case.agency_id == ctx.agency_id)
        .where(Meeting.date.between(date_from, date_to))
    )
    with ctx.read() as session:
        if panel_id is not None:
            found = session.scalar(select(Panel.name).where(Panel.id == panel_id))
            if found is None:
                raise NotFound("That panel no longer exists.")
            panel_name = found
            in_period = in_period.where(Meeting.panel_id == panel_id)
        ids = in_period.subquery()
        by_paper_rows = session.execute(
            select(Grading.paper_type, Grading.grade, func.count())
            .where(Grading.id.in_(select(ids.c.id)))
            .group_by(Grading.paper_type, Grading.grade)
        ).all()
        if group_by == "team":
            group_name = func.coalesce(Locality.name, LocalAuthority.name, "Not recorded")
        else:
            group_name = func.coalesce(LocalAuthority.name, "Not recorded")
        by_group_rows = session.execute(
            select(group_name, Grading.paper_type, Grading.grade, func.count())
            .join(Hearing, Hearing.id == Grading.hearing_id)
            .join(Case, Case.id == Hearing.case_id)
            .outerjoin(LocalAuthority, LocalAuthority.id == Case.local_authority_id)
            .outerjoin(Locality, Locality.id == Case.locality_id)
            .where(Grading.id.in_(select(ids.c.id)))
            .group_by(group_name, Grading.paper_type, Grading.grade)
        ).all()
        comments = [
            GradingComment(*row)
            for row in session.execute(
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
                .where(Grading.id.in_(select(ids.c.id)))
                .order_by(Meeting.date, Case.reference, Grading.paper_type)
            )
        ]
    papers = [p.value for p in Paper]
    by_paper = tuple(_counts(p, [(g, n) for pt, g, n in by_paper_rows if pt == p]) for p in papers)
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for name, paper, grade, n in by_group_rows:
        groups.setdefault(str(name), []).append((paper, grade, n))
    by_group = tuple(
        (name, tuple(_counts(p, [(g, n) for pt, g, n in rows if pt == p]) for p in papers))
        for name, rows in sorted(groups.items())
    )
    return GradingSummary(
        date_from=date_from,
        date_to=date_to,
        panel_name=panel_name,
        group_label=GROUP_BY[group_by],
        by_paper=by_paper,
        by_group=by_group,
        comments=tuple(c for c in comments if c.strengths or c.development),
        concurrence=concurrence_of(grade_comparisons(ctx, date_from, date_to, panel_id)),
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
