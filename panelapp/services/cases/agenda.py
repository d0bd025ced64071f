"""The agenda builder: ordered slots for a sitting, their expected times, and edits to them.

Every edit names the sitting's version the user started from; if someone else changed the
agenda (or booked a case onto the sitting) meanwhile, the edit is refused with their name
and nothing is overwritten. Every edit returns the whole agenda with times recalculated.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from db.models import AgendaItem, Case, CaseChild, Hearing, Meeting, Member, MemberRole, Panel, SocialWorker
from panelapp.domain import case_types
from panelapp.domain.agenda import TimedSlot, moved, sitting_end_time, time_slots
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import AgendaItemKind, Role
from panelapp.services.cases.booking import slot_minutes_for, touch_meeting
from panelapp.services.cases.papers import PaperFlags, paper_flags_for_cases
from panelapp.services.cases.register import SOCIAL_WORKER_LABELS
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError

DEFAULT_SLOT = {
    AgendaItemKind.BREAK: ("Break", 15),
    AgendaItemKind.PANEL_ONLY: ("Panel-only discussion", 15),
    AgendaItemKind.OTHER: ("Other business", 10),
}
KIND_LABELS = {
    AgendaItemKind.CASE: "Case",
    AgendaItemKind.BREAK: "Break",
    AgendaItemKind.PANEL_ONLY: "Panel only",
    AgendaItemKind.OTHER: "Other",
}
CHAIR_ROLES = (Role.CHAIR.value, Role.VICE_CHAIR.value)
_UNCHANGED: object = object()


@dataclass(frozen=True)
class AgendaSlot:
    item_id: int
    position: int  # 1 for the first slot
    kind: str
    title: str
    minutes: int
    start: time
    end: time
    hearing_id: int | None = None
    case_id: int | None = None
    reference: str = ""
    case_type: str = ""
    case_type_label: str = ""
    household: str = ""
    child_initials: str = ""
    applicants_attend: bool = False
    chair_member_id: int | None = None
    chair_name: str = ""
    presenters: str = ""
    attending: tuple[str, ...] = ()
    papers_late: int = 0
    papers_missing: int = 0
    paper_problems: tuple[str, ...] = ()
    notes: str = ""

    @property
    def is_case(self) -> bool:
        return self.kind == AgendaItemKind.CASE

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(AgendaItemKind(self.kind), self.kind)


@dataclass(frozen=True)
class ChairOption:
    member_id: int
    name: str
    role: str


@dataclass(frozen=True)
class Agenda:
    meeting_id: int
    version: int
    panel: str
    date: date
    status: str
    start: time
    sitting_end: time
    ends_at: time
    overrun_minutes: int
    warning: str
    teams_link: str
    venue: str
    max_cases: int
    slots: tuple[AgendaSlot, ...]
    chair_options: tuple[ChairOption, ...]

    @property
    def case_count(self) -> int:
        return sum(1 for s in self.slots if s.is_case)


def get_agenda(ctx: ServiceContext, meeting_id: int, today: date | None = None) -> Agenda:
    with ctx.read() as session:
        return _agenda(session, ctx.agency_id, meeting_id, today or ctx.today())


def add_slot(
    ctx: ServiceContext,
    meeting_id: int,
    kind: str,
    expected_version: int | None,
    at_index: int | None = None,
    minutes: int | None = None,
    title: str | None = None,
) -> Agenda:
    """Add a break, panel-only discussion or other business at `at_index` (default: the end)."""
    slot_kind = AgendaItemKind(kind)
    if slot_kind is AgendaItemKind.CASE:
        raise ValidationError("Cases join the agenda when they are booked onto the sitting.")
    default_title, default_minutes = DEFAULT_SLOT[slot_kind]
    length = default_minutes if minutes is None else minutes
    _check_minutes(length)
    with _editing(ctx, meeting_id, expected_version, f"{default_title} added to the agenda") as (
        session,
        items,
    ):
        item = AgendaItem(
            meeting_id=meeting_id,
            position=0,
            kind=slot_kind.value,
            title=(title or default_title).strip(),
            duration_minutes=length,
        )
        session.add(item)
        index = len(items) if at_index is None else max(0, min(at_index, len(items)))
        items.insert(index, item)
    return get_agenda(ctx, meeting_id)


def remove_slot(ctx: ServiceContext, meeting_id: int, item_id: int, expected_version: int | None) -> Agenda:
    with _editing(ctx, meeting_id, expected_version, "Slot removed from the agenda") as (session, items):
        item = _find(items, item_id)
        if item.kind == AgendaItemKind.CASE:
            raise ValidationError("To take a case off the agenda, take it off the sitting (unbook it).")
        items.remove(item)
        session.delete(item)
    return get_agenda(ctx, meeting_id)


def update_slot(
    ctx: ServiceContext,
    meeting_id: int,
    item_id: int,
    expected_version: int | None,
    *,
    minutes: int | None = None,
    title: str | None = None,
    chair_member_id: int | object | None = _UNCHANGED,
    applicants_attend: bool | None = None,
    presenters: str | None = None,
    notes: str | None = None,
) -> Agenda:
    """Change one slot. Toggling applicants' attendance adds or removes their extra time."""
    if minutes is not None:
        _check_minutes(minutes)
    with _editing(ctx, meeting_id, expected_version, "Agenda slot changed") as (session, items):
        item = _find(items, item_id)
        hearing = item.hearing
        if (
            applicants_attend is not None
            and hearing is not None
            and hearing.applicants_attend != applicants_attend
        ):
            case_type = hearing.case.case_type
            before = slot_minutes_for(session, ctx.agency_id, case_type, hearing.applicants_attend)
            after = slot_minutes_for(session, ctx.agency_id, case_type, applicants_attend)
            hearing.applicants_attend = applicants_attend
            hearing.updated_by = ctx.user.username
            item.duration_minutes = max(0, item.duration_minutes + after - before)
        if minutes is not None:
            item.duration_minutes = minutes
        if title is not None:
            item.title = title.strip()
        if notes is not None:
            item.notes = notes
        if presenters is not None and hearing is not None:
            hearing.presenters = presenters.strip()
            hearing.updated_by = ctx.user.username
        if chair_member_id is not _UNCHANGED:
            chair = chair_member_id if isinstance(chair_member_id, int) else None
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None
            allowed = {c.member_id for c in _chair_options(session, ctx.agency_id, meeting.date)}
            if chair is not None and chair not in allowed:
                raise ValidationError("Only the chair or a vice chair can chair a case.")
            item.chair_member_id = chair
            if hearing is not None:
                hearing.chaired_by_id = chair
                hearing.updated_by = ctx.user.username
    return get_agenda(ctx, meeting_id)


def move_slot(
    ctx: ServiceContext, meeting_id: int, item_id: int, to_index: int, expected_version: int | None
) -> Agenda:
    """Move one slot to `to_index` (0 = first); the others close up around it."""
    with _editing(ctx, meeting_id, expected_version, "Agenda reordered") as (_session, items):
        item = _find(items, item_id)
        items[:] = moved(items, items.index(item), to_index)
    return get_agenda(ctx, meeting_id)


def reorder(
    ctx: ServiceContext, meeting_id: int, item_ids: Sequence[int], expected_version: int | None
) -> Agenda:
    """Put the slots in the order given (every slot of the agenda, each once)."""
    with _editing(ctx, meeting_id, expected_version, "Agenda reordered") as (_session, items):
        by_id = {i.id: i for i in items}
        if sorted(item_ids) != sorted(by_id):
            raise ValidationError("The agenda changed while you were reordering it. Reload and try again.")
        items[:] = [by_id[i] for i in item_ids]
    return get_agenda(ctx, meeting_id)


@contextmanager
def _editing(
    ctx: ServiceContext, meeting_id: int, expected_version: int | None, summary: str
) -> Iterator[tuple[Session, list[AgendaItem]]]:
    """One agenda edit: version check, then positions renumbered 1.. and the version bumped."""
    with ctx.write(Permission.EDIT_AGENDA, summary) as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.panel.agency_id != ctx.agency_id:
            raise NotFound("That sitting no longer exists.")
        check_version(meeting, expected_version, "agenda")
        if meeting.status != "scheduled":
            raise ValidationError(f"This sitting is {meeting.status}: its agenda can no longer be changed.")
        items = list(
            session.scalars(
                select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
            )
        )
        yield session, items
        for position, item in enumerate(items, start=1):
            item.position = position
        touch_meeting(meeting, ctx.user.username)


def _find(items: list[AgendaItem], item_id: int) -> AgendaItem:
    for item in items:
        if item.id == item_id:
            return item
    raise NotFound("That slot is no longer on the agenda. Reload to see the current agenda.")


def _check_minutes(minutes: int) -> None:
    if not 0 < minutes <= 480:
        raise ValidationError("A slot lasts between 1 minute and 8 hours.", {"minutes": "1 to 480 minutes"})


def _chair_options(session: Session, agency_id: int, on: date) -> list[ChairOption]:
    rows = session.execute(
        select(Member.id, Member.first_name, Member.last_name, MemberRole.role)
        .join(MemberRole, MemberRole.member_id == Member.id)
        .where(Member.agency_id == agency_id)
        .where(MemberRole.role.in_(CHAIR_ROLES))
        .where((MemberRole.from_date.is_(None)) | (MemberRole.from_date <= on))
        .where((MemberRole.to_date.is_(None)) | (MemberRole.to_date >= on))
        .order_by(MemberRole.role, Member.last_name)
    ).all()
    seen: dict[int, ChairOption] = {}
    for member_id, first, last, role in rows:
        seen.setdefault(member_id, ChairOption(member_id, f"{first} {last}", Role(role).label))
    return list(seen.values())


def _agenda(session: Session, agency_id: int, meeting_id: int, today: date) -> Agenda:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("That sitting no longer exists.")
    panel: Panel = meeting.panel
    if panel.agency_id != agency_id:
        raise NotFound("That sitting no longer exists.")
    rows = session.execute(_slots_query(meeting_id)).all()
    case_ids = [r[2] for r in rows if r[2] is not None]
    workers = _social_workers(session, case_ids)
    flags = paper_flags_for_cases(session, case_ids, today)
    sitting_end = meeting.end_time or sitting_end_time(meeting.start_time, panel.duration_minutes)
    timing = time_slots(meeting.start_time, [r[0].duration_minutes for r in rows], sitting_end)
    slots = [_slot(row, timed, workers, flags) for row, timed in zip(rows, timing.slots, strict=True)]
    return Agenda(
        meeting_id=meeting.id,
        version=meeting.version,
        panel=panel.name,
        date=meeting.date,
        status=meeting.status,
        start=meeting.start_time,
        sitting_end=sitting_end,
        ends_at=timing.ends_at,
        overrun_minutes=timing.overrun_minutes,
        warning=timing.warning,
        teams_link=meeting.teams_link or panel.teams_link,
        venue=meeting.venue or panel.venue,
        max_cases=panel.max_cases,
        slots=tuple(slots),
        chair_options=tuple(_chair_options(session, agency_id, meeting.date)),
    )


def _slots_query(meeting_id: int) -> Select[Any]:  # row shape unpacked in _slot
    """The sitting's slots in order, each with its hearing, case, children and chair, if any."""
    initials = (
        select(CaseChild.case_id, func.aggregate_strings(CaseChild.initials, ", ").label("initials"))
        .group_by(CaseChild.case_id)
        .subquery()
    )
    chair = select(Member.id, Member.first_name, Member.last_name).subquery()
    return (
        select(
            AgendaItem,
            Hearing.id,
            Case.id,
            Case.reference,
            Case.case_type,
            Case.household,
            initials.c.initials,
            Hearing.applicants_attend,
            Hearing.presenters,
            Hearing.chaired_by_id,
            chair.c.first_name,
            chair.c.last_name,
        )
        .outerjoin(Hearing, Hearing.id == AgendaItem.hearing_id)
        .outerjoin(Case, Case.id == Hearing.case_id)
        .outerjoin(initials, initials.c.case_id == Case.id)
        .outerjoin(chair, chair.c.id == func.coalesce(AgendaItem.chair_member_id, Hearing.chaired_by_id))
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )


def _social_workers(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    """Each case's social workers as "Name (their role)", in the order they were added."""
    workers: dict[int, list[str]] = {}
    if case_ids:
        for case_id, role, name in session.execute(
            select(SocialWorker.case_id, SocialWorker.role, SocialWorker.name)
            .where(SocialWorker.case_id.in_(case_ids))
            .order_by(SocialWorker.id)
        ):
            workers.setdefault(case_id, []).append(f"{name} ({SOCIAL_WORKER_LABELS.get(role, role)})")
    return workers


def _slot(
    row: Any, timed: TimedSlot, workers: dict[int, list[str]], flags: dict[int, PaperFlags]
) -> AgendaSlot:
    item, hearing_id, case_id, ref, ctype, household, kids, attend, presenters, chaired_by, first, last = row
    attending: list[str] = []
    if hearing_id is not None:
        if attend:
            attending.append(f"Applicants ({household})" if household else "Applicants")
        attending += workers.get(case_id or 0, [])
        if presenters:
            attending.append(presenters)
    flag = flags.get(case_id or 0)
    type_label = case_types.label(ctype) if ctype else ""
    return AgendaSlot(
        item_id=item.id,
        position=timed.index + 1,
        kind=item.kind,
        title=item.title or (f"{ref}: {type_label}" if ref else KIND_LABELS[AgendaItemKind(item.kind)]),
        minutes=item.duration_minutes,
        start=timed.start,
        end=timed.end,
        hearing_id=hearing_id,
        case_id=case_id,
        reference=ref or "",
        case_type=ctype or "",
        case_type_label=type_label,
        household=household or "",
        child_initials=kids or "",
        applicants_attend=bool(attend),
        chair_member_id=item.chair_member_id or chaired_by,
        chair_name=f"{first} {last}" if first else "",
        presenters=presenters or "",
        attending=tuple(attending),
        papers_late=flag.late if flag else 0,
        papers_missing=flag.missing if flag else 0,
        paper_problems=flag.problems if flag else (),
        notes=item.notes,
    )
