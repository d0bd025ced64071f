"""Papers for a case: the checklist per case type, deadlines, received and circulated dates.

The checklist comes from the agency's case type settings (`required_papers`, codes
separated by ';'), falling back to the defaults in the vocabulary. Deadlines are set when
the case is booked onto a sitting: N working days before it, from agency policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Case, CasePaper, CaseTypeSetting
from panelapp.domain import case_types
from panelapp.domain.agenda import (
    PaperState,
    paper_deadline,
    paper_problem,
    paper_state,
)
from panelapp.domain.permissions import Permission
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.vocab import PAPER_LABELS
from panelapp.domain.workdays import WorkingDayCalendar
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class PaperRow:
    id: int
    case_id: int
    hearing_id: int | None
    paper_type: str
    label: str
    author: str
    due_on: date | None
    received_on: date | None
    circulated_on: date | None
    returned_for_amendment: bool
    note: str
    state: PaperState

    @property
    def late(self) -> bool:
        return self.state is PaperState.LATE

    @property
    def missing(self) -> bool:
        return self.state is PaperState.MISSING


@dataclass(frozen=True)
class PaperUpdate:
    author: str = ""
    received_on: date | None = None
    circulated_on: date | None = None
    returned_for_amendment: bool = False
    note: str = ""


def paper_label(code: str) -> str:
    return PAPER_LABELS.get(code, code)


def parse_paper_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(";") if p.strip())


def required_papers_in(session: Session, agency_id: int, case_type: str) -> tuple[str, ...]:
    setting = session.scalar(
        select(CaseTypeSetting)
        .where(CaseTypeSetting.agency_id == agency_id)
        .where(CaseTypeSetting.case_type == case_type)
    )
    if setting is not None and setting.required_papers.strip():
        return parse_paper_list(setting.required_papers)
    return case_types.get(case_type).default_papers


def required_papers(ctx: ServiceContext, case_type: str) -> tuple[str, ...]:
    """The papers the agency needs for a case of this type."""
    with ctx.read() as session:
        return required_papers_in(session, ctx.agency_id, case_type)


def ensure_checklist(session: Session, case: Case) -> None:
    """Add any paper the case type needs that is not on the case's checklist yet."""
    have = {p.paper_type for p in case.papers}
    for code in required_papers_in(session, case.agency_id, case.case_type):
        if code not in have:
            case.papers.append(CasePaper(paper_type=code))


def set_deadlines(
    case: Case, hearing_id: int | None, sitting: date, policy: AgencyPolicy, calendar: WorkingDayCalendar
) -> date:
    """Point the case's papers at a hearing and give them that sitting's deadline."""
    due = paper_deadline(sitting, policy.papers_deadline_wd, calendar)
    for paper in case.papers:
        paper.hearing_id = hearing_id
        paper.due_on = due
    return due


def to_row(paper: CasePaper, today: date) -> PaperRow:
    return PaperRow(
        id=paper.id,
        case_id=paper.case_id,
        hearing_id=paper.hearing_id,
        paper_type=paper.paper_type,
        label=paper_label(paper.paper_type),
        author=paper.author,
        due_on=paper.due_on,
        received_on=paper.received_on,
        circulated_on=paper.circulated_on,
        returned_for_amendment=paper.returned_for_amendment,
        note=paper.note,
        state=paper_state(paper.due_on, paper.received_on, today),
    )


def list_papers(ctx: ServiceContext, case_id: int, today: date | None = None) -> list[PaperRow]:
    today = today or ctx.today()
    with ctx.read() as session:
        case = session.get(Case, case_id)
        if case is None or case.agency_id != ctx.agency_id:
            raise NotFound("That case no longer exists.")
        papers = session.scalars(
            select(CasePaper).where(CasePaper.case_id == case_id).order_by(CasePaper.id)
        ).all()
        return [to_row(p, today) for p in papers]


def update_papers(
    ctx: ServiceContext,
    case_id: int,
    updates: dict[int, PaperUpdate],
    expected_version: int | None = None,
    today: date | None = None,
) -> list[PaperRow]:
    """Save the checklist of one case at once (received, circulated, author...)."""
    today = today or ctx.today()
    with ctx.write(Permission.EDIT_CASES, "Papers updated") as session:
        case = session.get(Case, case_id)
        if case is None or case.agency_id != ctx.agency_id:
            raise NotFound("That case no longer exists.")
        check_version(case, expected_version, "case")
        apply_paper_updates(case, updates)
        case.updated_by = ctx.user.username
        session.flush()
        return [to_row(p, today) for p in sorted(case.papers, key=lambda p: p.id)]


def apply_paper_updates(case: Case, updates: dict[int, PaperUpdate]) -> None:
    """Check then apply checklist changes inside the caller's transaction (all or none)."""
    by_id = {p.id: p for p in case.papers}
    if any(pid not in by_id for pid in updates):
        raise NotFound("A paper on this checklist was removed by someone else. Reload the case.")
    errors: dict[str, str] = {}
    for paper_id, update in updates.items():
        label = paper_label(by_id[paper_id].paper_type)
        if update.circulated_on and not update.received_on:
            errors[label] = "it cannot be circulated before it has been received."
        elif update.circulated_on and update.received_on and update.circulated_on < update.received_on:
            errors[label] = "the circulated date is before the received date."
    if errors:
        raise ValidationError(
            "Nothing was saved. " + " ".join(f"{name}: {msg}" for name, msg in errors.items()),
            field_errors=errors,
        )
    for paper_id, update in updates.items():
        paper = by_id[paper_id]
        paper.author = update.author.strip()
        paper.received_on = update.received_on
        paper.circulated_on = update.circulated_on
        paper.returned_for_amendment = update.returned_for_amendment
        paper.note = update.note


def add_paper(ctx: ServiceContext, case_id: int, paper_type: str) -> PaperRow:
    """Add a paper outside the standard checklist (for example a later-life letter)."""
    code = paper_type.strip()
    if not code:
        raise ValidationError("Name the paper to add.", {"paper_type": "Name the paper to add."})
    with ctx.write(Permission.EDIT_CASES, f"Paper {code} added") as session:
        case = session.get(Case, case_id)
        if case is None or case.agency_id != ctx.agency_id:
            raise NotFound("That case no longer exists.")
        if any(p.paper_type == code for p in case.papers):
            raise ValidationError(f"The case already has a {paper_label(code)} on its checklist.")
        due = next((p.due_on for p in case.papers if p.due_on), None)
        hearing_id = next((p.hearing_id for p in case.papers if p.hearing_id), None)
        paper = CasePaper(paper_type=code, due_on=due, hearing_id=hearing_id)
        case.papers.append(paper)
        session.flush()
        return to_row(paper, ctx.today())


@dataclass(frozen=True)
class PaperFlags:
    late: int
    missing: int
    problems: tuple[str, ...]


def paper_flags_for_cases(session: Session, case_ids: Sequence[int], today: date) -> dict[int, PaperFlags]:
    """Late and missing papers per case, in one query (for the agenda and the sitting)."""
    if not case_ids:
        return {}
    rows = session.execute(
        select(CasePaper.case_id, CasePaper.paper_type, CasePaper.due_on, CasePaper.received_on)
        .where(CasePaper.case_id.in_(list(case_ids)))
        .order_by(CasePaper.id)
    ).all()

    counts: dict[int, tuple[int, int, list[str]]] = {}
    for case_id, code, due_on, received_on in rows:
        late, missing, problems = counts.get(case_id, (0, 0, []))
        state = paper_state(due_on, received_on, today)
        late += state is PaperState.LATE
        missing += state is PaperState.MISSING
        problem = paper_problem(paper_label(code), due_on, received_on, today)
        if problem:
            problems.append(problem)
        counts[case_id] = (late, missing, problems)
    return {cid: PaperFlags(late, missing, tuple(p)) for cid, (late, missing, p) in counts.items()}
