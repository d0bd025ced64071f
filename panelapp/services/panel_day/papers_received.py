"""Whether each paper to be graded at a hearing has been received (the case's checklist).

A panel grades a paper it has read: grading a PAR never received is almost always a slip of the
mouse, so the case page asks before saving it (issue 20).
"""

from __future__ import annotations

from sqlalchemy import select

from db.models import CasePaper, Hearing
from panelapp.services.context import ServiceContext


def papers_not_received(ctx: ServiceContext, hearing_id: int) -> frozenset[str]:
    """The paper types on the case's checklist with no date received (PAR, CPR, APR ...)."""
    with ctx.read() as session:
        case_id = session.scalar(select(Hearing.case_id).where(Hearing.id == hearing_id))
        if case_id is None:
            return frozenset()
        rows = session.execute(
            select(CasePaper.paper_type, CasePaper.received_on).where(CasePaper.case_id == case_id)
        ).all()
    received = {paper for paper, on in rows if on is not None}
    return frozenset(paper for paper, on in rows if on is None and paper not in received)
