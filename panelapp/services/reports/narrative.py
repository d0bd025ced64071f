"""The written sections of the chairs' report, stored per period and per panel.

Rows of `report_narrative` are keyed by (agency, period, panel, section); panel NULL is the
report for all panels. Each chair's comments are stored against the chair's own panel, so
what a chair writes appears both in their panel's report and in the all-panels report.
A section not yet written for a period is offered with the text of the latest earlier
period as a starting point (`carried_from`); it is saved for the new period only when
someone saves it. The document control table is one section holding JSON.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db.models import AppUser, Panel, ReportNarrative
from panelapp.domain import report_figures as fig
from panelapp.domain.periods import local_time, uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services.conflicts import lock_for_write, locked, serialise
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, PermissionDenied, ValidationError
from panelapp.services.reports.statistics import PanelChoice, check_period, report_panels

MAX_SECTION_CHARS = 60_000
# section -> the section of the latest earlier report it starts from ("" : starts empty).
CARRIED_FROM = {"previous_recommendations": "recommendations", "recommendations": ""}


@dataclass(frozen=True)
class NarrativeText:
    """One stored (or offered) text. `panel_id` is where it is stored (chairs: their panel)."""

    section: str
    panel_id: int | None
    heading: str
    body: str
    updated_at: datetime | None = None  # None: not saved for this period yet
    updated_by: str = ""
    carried_from: tuple[date, date] | None = None  # body offered from this earlier period

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.section, self.panel_id)


@dataclass(frozen=True)
class NarrativeEdit:
    section: str
    panel_id: int | None
    body: str
    expected_updated_at: datetime | None = None  # as loaded: refuses to overwrite a newer save


@dataclass(frozen=True)
class DocumentControl:
    owner: str = ""
    authors: str = ""
    version: str = ""
    date: str = ""  # ISO yyyy-mm-dd, or blank
    approved_by: str = ""

    def to_body(self) -> str:
        return json.dumps({name: getattr(self, name) for name, _ in fig.DOCUMENT_CONTROL_FIELDS})

    @classmethod
    def from_body(cls, body: str) -> DocumentControl:
        try:
            data = json.loads(body) if body.strip() else {}
        except json.JSONDecodeError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(**{name: str(data.get(name, "") or "") for name, _ in fig.DOCUMENT_CONTROL_FIELDS})

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for name, label in fig.DOCUMENT_CONTROL_FIELDS:
            value = getattr(self, name)
            if name == "date" and value:
                with contextlib.suppress(ValueError):
                    value = uk_date(date.fromisoformat(value))
            out.append((label, value))
        return out


@dataclass(frozen=True)
class ReportNarrativeSet:
    period_from: date
    period_to: date
    panel_id: int | None
    texts: list[NarrativeText] = field(default_factory=list)

    def text(self, section: str, panel_id: int | None = None) -> NarrativeText | None:
        if section != fig.CHAIR_COMMENTS:
            panel_id = self.panel_id
        return next((t for t in self.texts if t.key == (section, panel_id)), None)

    def body(self, section: str, panel_id: int | None = None, saved_only: bool = True) -> str:
        found = self.text(section, panel_id)
        if found is None or (saved_only and found.carried_from is not None):
            return ""
        return found.body

    def chair_comments(self) -> list[NarrativeText]:
        return [t for t in self.texts if t.section == fig.CHAIR_COMMENTS]

    def document_control(self, saved_only: bool = True) -> DocumentControl:
        return DocumentControl.from_body(self.body(fig.DOCUMENT_CONTROL, saved_only=saved_only))

    @property
    def carried(self) -> bool:
        return any(t.carried_from is not None for t in self.texts)


def load_narrative(
    ctx: ServiceContext, period_from: date, period_to: date, panel_id: int | None = None
) -> ReportNarrativeSet:
    """Every narrative text for the period and panel (None = all panels), saved or carried."""
    check_period(period_from, period_to)
    panels = report_panels(ctx)
    chair_panels = [p for p in panels if panel_id is None or p.id == panel_id]
    with ctx.read() as session:
        return _load(session, ctx.agency_id, period_from, period_to, panel_id, chair_panels)


def _load(
    session: Session,
    agency_id: int,
    period_from: date,
    period_to: date,
    panel_id: int | None,
    chair_panels: Sequence[PanelChoice],
) -> ReportNarrativeSet:
    keys: list[tuple[str, int | None, str]] = []
    for section in fig.NARRATIVE_SECTIONS:
        if section.chair_comments:
            for p in chair_panels:
                heading = p.name + (f" (chair: {p.chair})" if p.chair else "")
                keys.append((section.code, p.id, heading))
        else:
            keys.append((section.code, panel_id, section.title))
    wanted = or_(
        *(
            and_(
                ReportNarrative.section == code,
                ReportNarrative.panel_id.is_(None) if pid is None else ReportNarrative.panel_id == pid,
            )
            for code, pid, _ in keys
        )
    )
    current = {
        (r.section, r.panel_id): r
        for r in session.scalars(
            select(ReportNarrative).where(
                ReportNarrative.agency_id == agency_id,
                ReportNarrative.period_from == period_from,
                ReportNarrative.period_to == period_to,
                wanted,
            )
        )
    }
    latest = (
        select(
            ReportNarrative.section,
            ReportNarrative.panel_id,
            func.max(ReportNarrative.period_to).label("period_to"),
        )
        .where(ReportNarrative.agency_id == agency_id, ReportNarrative.period_to < period_from, wanted)
        .where(ReportNarrative.body != "")
        .group_by(ReportNarrative.section, ReportNarrative.panel_id)
        .subquery()
    )
    previous = {
        (r.section, r.panel_id): r
        for r in session.scalars(
            select(ReportNarrative)
            .join(
                latest,
                and_(
                    latest.c.section == ReportNarrative.section,
                    or_(
                        latest.c.panel_id == ReportNarrative.panel_id,
                        and_(latest.c.panel_id.is_(None), ReportNarrative.panel_id.is_(None)),
                    ),
                    latest.c.period_to == ReportNarrative.period_to,
                ),
            )
            .where(ReportNarrative.agency_id == agency_id)
        )
    }
    texts = []
    for code, pid, heading in keys:
        row = current.get((code, pid))
        # Section 2 starts from last period's recommendations (section 12); section 12 is new.
        carried_from = CARRIED_FROM.get(code, code)
        if row is not None:
            texts.append(NarrativeText(code, pid, heading, row.body, row.updated_at, row.updated_by))
        elif carried_from and (old := previous.get((carried_from, pid))) is not None:
            carried = (old.period_from, old.period_to)
            texts.append(NarrativeText(code, pid, heading, old.body, carried_from=carried))
        elif code == "introduction":
            texts.append(NarrativeText(code, pid, heading, fig.DEFAULT_INTRODUCTION))
        else:
            texts.append(NarrativeText(code, pid, heading, ""))
    return ReportNarrativeSet(period_from, period_to, panel_id, texts)


def save_narrative(
    ctx: ServiceContext,
    period_from: date,
    period_to: date,
    panel_id: int | None,
    edits: Sequence[NarrativeEdit],
) -> ReportNarrativeSet:
    """Save the edited texts in one transaction: all of them, or none if any is refused."""
    check_period(period_from, period_to)
    if not edits:
        return load_narrative(ctx, period_from, period_to, panel_id)
    chair_edits = [e for e in edits if e.section == fig.CHAIR_COMMENTS]
    for edit in edits:
        if edit.section not in fig.NARRATIVE_BY_CODE:
            raise ValidationError(f"There is no report section called '{edit.section}'.")
        if len(edit.body) > MAX_SECTION_CHARS:
            title = fig.NARRATIVE_BY_CODE[edit.section].title
            raise ValidationError(
                f"'{title}' is too long ({len(edit.body):,} characters; at most {MAX_SECTION_CHARS:,})."
            )
        if edit.section == fig.CHAIR_COMMENTS and edit.panel_id is None:
            raise ValidationError("A chair's comments belong to a panel: choose the panel.")
    if chair_edits:
        ctx.require(Permission.WRITE_CHAIR_COMMENTS)
    if len(chair_edits) < len(edits):
        ctx.require(Permission.EDIT_REPORT)
    permission = Permission.EDIT_REPORT if len(chair_edits) < len(edits) else Permission.WRITE_CHAIR_COMMENTS
    agency_id = ctx.agency_id
    with ctx.write(permission, summary=f"Chairs' report narrative {period_from}–{period_to}") as session:
        # The check of what the form loaded and the write are one step: no save in between.
        lock_for_write(session)
        serialise(session, "report_narrative", agency_id)
        _check_chair_owns_panels(session, ctx, agency_id, [e.panel_id for e in chair_edits])
        for edit in edits:
            pid = edit.panel_id if edit.section == fig.CHAIR_COMMENTS else panel_id
            _save_one(session, ctx, agency_id, period_from, period_to, pid, edit)
    return load_narrative(ctx, period_from, period_to, panel_id)


def _save_one(
    session: Session,
    ctx: ServiceContext,
    agency_id: int,
    period_from: date,
    period_to: date,
    panel_id: int | None,
    edit: NarrativeEdit,
) -> None:
    row = locked(
        session,
        select(ReportNarrative).where(
            ReportNarrative.agency_id == agency_id,
            ReportNarrative.period_from == period_from,
            ReportNarrative.period_to == period_to,
            ReportNarrative.panel_id.is_(None) if panel_id is None else ReportNarrative.panel_id == panel_id,
            ReportNarrative.section == edit.section,
        ),
    )
    title = fig.NARRATIVE_BY_CODE[edit.section].title
    if row is None:
        if edit.expected_updated_at is not None:
            raise ConflictError(f"'{title}' was removed while you were editing it. Reload and try again.")
        session.add(
            ReportNarrative(
                agency_id=agency_id,
                period_from=period_from,
                period_to=period_to,
                panel_id=panel_id,
                section=edit.section,
                body=edit.body,
                updated_by=ctx.user.display_name,
            )
        )
        return
    if row.updated_at != edit.expected_updated_at:
        at = f" at {local_time(row.updated_at):%H:%M on %d/%m/%Y}" if row.updated_at else ""
        raise ConflictError(
            f"'{title}' was changed by {row.updated_by or 'someone else'}{at} while you were editing it. "
            "Nothing was saved: reload to see their text, then make your change again.",
            theirs={"body": row.body, "updated_by": row.updated_by},
        )
    if row.body != edit.body:
        row.body = edit.body
        row.updated_by = ctx.user.display_name


def _check_chair_owns_panels(
    session: Session, ctx: ServiceContext, agency_id: int, panel_ids: Sequence[int | None]
) -> None:
    """A chair signed in as a member may write comments only for a panel they chair."""
    if ctx.user.role != UserRole.CHAIR or not panel_ids:
        return
    member_id = session.scalar(select(AppUser.member_id).where(AppUser.username == ctx.user.username))
    if member_id is None:
        return  # not linked to a member: the role alone decides
    allowed = set(
        session.scalars(
            select(Panel.id).where(
                Panel.agency_id == agency_id,
                or_(Panel.chair_id == member_id, Panel.vice_chair_id == member_id),
            )
        )
    )
    if any(pid not in allowed for pid in panel_ids):
        raise PermissionDenied("You can write the chair's comments only for a panel you chair.")
