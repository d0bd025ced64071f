"""Panel grades of the PAR, CPR and APR at each hearing, and how the ADM's grade compares.

The ADM's own grade is recorded by the ADM area (source "adm"); the comparison helpers live
here so the chairs' report and the grading summary say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from db.models import Case, CasePaper, Grading, Hearing, Meeting
from panelapp.documents.grading_summary import Concurrence
from panelapp.domain import case_types
from panelapp.domain.grading_policy import (
    GRADED_PAPERS,
    GradeOffer,
    check_grade,
    grade_steps_apart,
    grades_offered,
)
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import Grade, Paper
from panelapp.services.agency.setup import agency_policy
from panelapp.services.conflicts import changed_by, lock_for_write, locked, refuse_if_changed
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.panel_day.recordable import refuse_unless_recordable

PANEL, ADM = "panel", "adm"


@dataclass(frozen=True)
class PaperGrading:
    """One paper to grade at a hearing: what may be offered, and the grade given so far."""

    hearing_id: int
    paper_type: str
    author: str
    offer: GradeOffer
    grade: str | None
    strengths: str
    development: str
    adm_grade: str | None

    @property
    def grade_label(self) -> str:
        return Grade(self.grade).label if self.grade else ""


def graded_papers_for(case_type: str, papers_on_file: set[str]) -> tuple[str, ...]:
    """The papers to grade: those on the case's checklist, else the case type's defaults."""
    wanted = papers_on_file or set(case_types.get(case_type).default_papers)
    return tuple(p.value for p in Paper if p.value in wanted)


def paper_gradings_for_meeting(
    session: Session, meeting_id: int, cap_after_months: int
) -> dict[int, tuple[PaperGrading, ...]]:
    """Hearing id -> papers to grade, for every case at a sitting (three queries in all)."""
    hearings = session.execute(
        select(Hearing.id, Case.id, Case.case_type, Case.stage2_start, Meeting.date)
        .join(Case, Case.id == Hearing.case_id)
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .where(Hearing.meeting_id == meeting_id)
    ).all()
    case_ids = [case_id for _h, case_id, *_ in hearings]
    papers: dict[int, dict[str, str]] = {}
    for case_id, paper_type, author in session.execute(
        select(CasePaper.case_id, CasePaper.paper_type, CasePaper.author)
        .where(CasePaper.case_id.in_(case_ids))
        .where(CasePaper.paper_type.in_(GRADED_PAPERS))
    ):
        papers.setdefault(case_id, {})[paper_type] = author
    grades: dict[tuple[int, str, str], Grading] = {
        (g.hearing_id, g.paper_type, g.source): g
        for g in session.scalars(
            select(Grading)
            .join(Hearing, Hearing.id == Grading.hearing_id)
            .where(Hearing.meeting_id == meeting_id)
        )
    }
    out: dict[int, tuple[PaperGrading, ...]] = {}
    for hearing_id, case_id, case_type, stage2_start, sitting_date in hearings:
        on_file = papers.get(case_id, {})
        rows = []
        for paper in graded_papers_for(case_type, set(on_file)):
            given = grades.get((hearing_id, paper, PANEL))
            adm = grades.get((hearing_id, paper, ADM))
            rows.append(
                PaperGrading(
                    hearing_id=hearing_id,
                    paper_type=paper,
                    author=(given.author if given and given.author else on_file.get(paper, "")),
                    offer=grades_offered(paper, stage2_start, sitting_date, cap_after_months),
                    grade=given.grade if given else None,
                    strengths=given.strengths if given else "",
                    development=given.development if given else "",
                    adm_grade=adm.grade if adm else None,
                )
            )
        out[hearing_id] = tuple(rows)
    return out


def papers_to_grade(ctx: ServiceContext, hearing_id: int) -> tuple[PaperGrading, ...]:
    policy = agency_policy(ctx)
    with ctx.read() as session:
        meeting_id = session.scalar(select(Hearing.meeting_id).where(Hearing.id == hearing_id))
        if meeting_id is None:
            raise NotFound("That case is no longer booked at this sitting.")
        return paper_gradings_for_meeting(session, meeting_id, policy.par_grade_cap_after_months).get(
            hearing_id, ()
        )


def record_grading(
    ctx: ServiceContext,
    hearing_id: int,
    paper_type: str,
    grade: str,
    strengths: str = "",
    development: str = "",
    author: str | None = None,
    expected: PaperGrading | None = None,
) -> PaperGrading:
    """The panel's grade of one paper. The PAR cap is enforced here as well as in the form.

    Like the recommendation, only on or after the sitting's day and by a panel quorate for
    the case (AAR 2005 reg 6): an inquorate panel does not grade.
    `expected` is the grading as the form loaded it: a save over someone else's newer grade
    raises ConflictError naming them (a grade has no version column: the values are compared).
    """
    if paper_type not in GRADED_PAPERS:
        raise ValidationError(
            f"Only the PAR, CPR and APR are graded, not {paper_type}.", {"paper_type": "Not graded."}
        )
    ctx.require(Permission.RECORD_OUTCOMES)
    refuse_unless_recordable(ctx, hearing_id, "its papers can be graded")
    policy = agency_policy(ctx)
    with ctx.read() as session:
        found = session.execute(
            select(Case.reference, Case.stage2_start, Meeting.date)
            .join(Hearing, Hearing.case_id == Case.id)
            .join(Meeting, Meeting.id == Hearing.meeting_id)
            .where(Hearing.id == hearing_id)
        ).first()
    if found is None:
        raise NotFound("That case is no longer booked at this sitting.")
    reference, stage2_start, sitting_date = found
    offer = grades_offered(paper_type, stage2_start, sitting_date, policy.par_grade_cap_after_months)
    problem = check_grade(grade, offer)
    if problem:
        raise ValidationError(f"{reference}: {problem} Nothing was saved.", {"grade": problem})
    summary = f"{paper_type} for {reference} graded {Grade(grade).label}"
    what = f"The {paper_type} grade for {reference}"
    with ctx.write(Permission.RECORD_OUTCOMES, summary) as session:
        lock_for_write(session)
        row = locked(
            session,
            select(Grading)
            .where(Grading.hearing_id == hearing_id)
            .where(Grading.paper_type == paper_type)
            .where(Grading.source == PANEL),
        )
        _refuse_if_graded_meanwhile(session, row, expected, what)
        if row is None:
            row = Grading(hearing_id=hearing_id, paper_type=paper_type, source=PANEL, grade=grade)
            session.add(row)
        row.grade = Grade(grade).value
        row.strengths = strengths.strip()
        row.development = development.strip()
        if author is not None:
            row.author = author.strip()
        try:
            session.flush()
        except IntegrityError:  # PostgreSQL: the first grade, recorded by someone else just now
            raise changed_by(what, "someone else", None, {}) from None
    return next(p for p in papers_to_grade(ctx, hearing_id) if p.paper_type == paper_type)


def _refuse_if_graded_meanwhile(
    session: Session, row: Grading | None, expected: PaperGrading | None, what: str
) -> None:
    if expected is None:
        return
    if row is None:
        if expected.grade is not None:
            raise NotFound(f"{what} you were editing has been removed. Reload the sitting.")
        return
    loaded: dict[str, object] = {
        "grade": expected.grade,
        "strengths": expected.strengths,
        "development": expected.development,
    }
    if row.author:  # an empty author shows the paper's author in the form
        loaded["author"] = expected.author
    refuse_if_changed(session, row, loaded, what)


@dataclass(frozen=True)
class GradeComparison:
    reference: str
    paper_type: str
    panel_grade: str
    adm_grade: str

    @property
    def steps_apart(self) -> int:
        return grade_steps_apart(self.panel_grade, self.adm_grade)

    @property
    def agree(self) -> bool:
        return self.steps_apart == 0


def concurrence_of(comparisons: list[GradeComparison]) -> Concurrence:
    agreed = sum(1 for c in comparisons if c.agree)
    one = sum(1 for c in comparisons if c.steps_apart == 1)
    return Concurrence(len(comparisons), agreed, one, len(comparisons) - agreed - one)


def grade_comparisons(
    ctx: ServiceContext, date_from: date, date_to: date, panel_id: int | None = None
) -> list[GradeComparison]:
    """Papers graded by both the panel and the ADM at sittings in the period (one query)."""
    adm = aliased(Grading)
    query = (
        select(Case.reference, Grading.paper_type, Grading.grade, adm.grade)
        .join(adm, (adm.hearing_id == Grading.hearing_id) & (adm.paper_type == Grading.paper_type))
        .join(Hearing, Hearing.id == Grading.hearing_id)
        .join(Case, Case.id == Hearing.case_id)
        .join(Meeting, Meeting.id == Hearing.meeting_id)
        .where(Grading.source == PANEL, adm.source == ADM)
        .where(Case.agency_id == ctx.agency_id)
        .where(Meeting.date.between(date_from, date_to))
        .order_by(Meeting.date, Case.reference, Grading.paper_type)
    )
    if panel_id is not None:
        query = query.where(Meeting.panel_id == panel_id)
    with ctx.read() as session:
        return [GradeComparison(*row) for row in session.execute(query)]
