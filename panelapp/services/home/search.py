"""One search box for everything: members by name or email, cases by reference or child
initials, sittings by date (dd/mm/yyyy) or panel name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from db.models import Case, CaseChild, Meeting, Member, Panel
from panelapp.domain import case_types
from panelapp.domain.periods import parse_user_date, uk_date
from panelapp.services.context import ServiceContext


@dataclass(frozen=True)
class SearchHit:
    kind: str  # member | case | sitting (the area the hit opens in)
    id: int
    title: str
    detail: str


def global_search(ctx: ServiceContext, text: str, limit: int = 8) -> list[SearchHit]:
    text = text.strip()
    if len(text) < 2:
        return []
    agency_id = ctx.agency_id
    like = f"%{text.lower()}%"
    hits: list[SearchHit] = []
    with ctx.read() as session:
        full_name = func.lower(Member.first_name + " " + Member.last_name)
        for m in session.execute(
            select(Member.id, Member.first_name, Member.last_name, Member.email)
            .where(Member.agency_id == agency_id)
            .where(or_(full_name.like(like), func.lower(Member.email).like(like)))
            .order_by(Member.last_name, Member.first_name)
            .limit(limit)
        ):
            hits.append(SearchHit("member", m.id, f"{m.first_name} {m.last_name}", m.email or ""))
        initials = select(CaseChild.case_id).where(func.lower(CaseChild.initials) == text.lower())
        for c in session.execute(
            select(Case.id, Case.reference, Case.case_type, Case.status)
            .where(Case.agency_id == agency_id)
            .where(or_(func.lower(Case.reference).like(like), Case.id.in_(initials)))
            .order_by(Case.reference.desc())
            .limit(limit)
        ):
            hits.append(SearchHit("case", c.id, c.reference, f"{case_types.label(c.case_type)}, {c.status}"))
        sittings = select(Meeting.id, Meeting.date, Meeting.status, Panel.name).join(
            Panel, Panel.id == Meeting.panel_id
        )
        try:
            day = parse_user_date(text)
        except ValueError:
            day = None
        if day is not None:
            sittings = sittings.where(Meeting.date == day)
        else:
            sittings = sittings.where(func.lower(Panel.name) == text.lower()).order_by(Meeting.date.desc())
        for s in session.execute(sittings.where(Panel.agency_id == agency_id).limit(limit)):
            hits.append(SearchHit("sitting", s.id, f"{s.name}, {uk_date(s.date)}", s.status))
    return hits
