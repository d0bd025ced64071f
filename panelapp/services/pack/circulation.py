"""Who was sent which pack: the circulation record, out-of-date holders, destruction.

Each pack written is recorded (audited): the sitting, the person it was prepared for, full
or addendum, the file's SHA-256 and the version of every paper in it (paper_file ids by
checklist paper). When a paper gets a new file after circulation, everyone whose packs do
not hold that version holds an out-of-date pack: the agenda builder says who, and an
addendum with only the changed papers brings them up to date. After the sitting the
agency's retention rule asks each holder to destroy their copy: those who have not
confirmed it are listed as a reminder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select

from db.models import Attendance, CasePaper, Meeting, Member, PackCirculation, Panel
from panelapp.domain.periods import uk_date
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.pack.contents import ItemInPack
from panelapp.services.sittings.quorum import SITTING_STATUSES

NOT_PERSONALISED = "Not personalised"
RECORD_PERMISSION = Permission.EDIT_AGENDA  # advisers and administrators prepare packs


@dataclass(frozen=True)
class Recipient:
    """A person a pack is prepared for: a member sitting, or the panel's adviser."""

    member_id: int | None
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class Holder:
    """Someone holding a copy of the sitting's pack, and whether it is up to date."""

    key: str  # "member:12" or the recipient's name
    recipient: str
    last_sent: datetime
    packs: int
    out_of_date: tuple[str, ...]  # "case PK-MAT, CPR (now version 2)"
    destroyed_confirmed_on: date | None

    @property
    def up_to_date(self) -> bool:
        return not self.out_of_date


def recipients(ctx: ServiceContext, meeting_id: int) -> list[Recipient]:
    """The members sitting (invited, present or late) and the panel's lead adviser."""
    with ctx.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That sitting no longer exists.")
        sitting = session.scalars(
            select(Member)
            .join(Attendance, Attendance.member_id == Member.id)
            .where(Attendance.meeting_id == meeting_id, Attendance.status.in_(SITTING_STATUSES))
            .order_by(Member.last_name, Member.first_name)
        ).all()
        found = [Recipient(m.id, _name(m), m.email or "", "Member") for m in sitting]
        panel = session.get(Panel, meeting.panel_id)
        adviser = session.get(Member, panel.lead_adviser_id) if panel and panel.lead_adviser_id else None
        if adviser is not None and adviser.id not in {r.member_id for r in found}:
            found.append(Recipient(adviser.id, _name(adviser), adviser.email or "", "Panel adviser"))
    return found


def _name(member: Member) -> str:
    return " ".join(p for p in (member.title, member.first_name, member.last_name) if p)


def find_recipient(ctx: ServiceContext, meeting_id: int, email: str) -> Recipient:
    wanted = email.strip().casefold()
    for recipient in recipients(ctx, meeting_id):
        if recipient.email.casefold() == wanted:
            return recipient
    raise ValidationError(
        f"{email.strip()} is not the email of a member sitting at this panel nor of its adviser: "
        "a pack is prepared only for them."
    )


def paper_versions(items: Sequence[ItemInPack]) -> dict[str, object]:
    return {str(p.case_paper_id): p.paper_file_id for item in items for p in item.papers}


def record(
    ctx: ServiceContext,
    meeting_id: int,
    sent: Sequence[tuple[Recipient | None, str]],
    kind: str,
    items: Sequence[ItemInPack],
) -> None:
    """Record the packs written (recipient, file hash), and mark their papers circulated."""
    versions = paper_versions(items)
    summary = f"Panel pack ({kind}) for sitting {meeting_id} sent to {len(sent)}"
    with ctx.write(RECORD_PERMISSION, summary) as session:
        for recipient, sha256 in sent:
            session.add(
                PackCirculation(
                    meeting_id=meeting_id,
                    member_id=recipient.member_id if recipient else None,
                    recipient=recipient.name if recipient else NOT_PERSONALISED,
                    kind=kind,
                    pack_sha256=sha256,
                    paper_versions=versions,
                    circulated_by=ctx.user.username,
                )
            )
        ids = [int(k) for k in versions]
        for paper in session.scalars(select(CasePaper).where(CasePaper.id.in_(ids))).all():
            if paper.circulated_on is None and paper.received_on is not None:
                paper.circulated_on = ctx.today()


def _key(row: PackCirculation) -> str:
    return f"member:{row.member_id}" if row.member_id is not None else row.recipient


def holdings(ctx: ServiceContext, meeting_id: int) -> dict[str, tuple[list[PackCirculation], dict[str, int]]]:
    """Each holder's records (oldest first) and the paper versions they hold, all packs merged."""
    with ctx.read() as session:
        rows = session.scalars(
            select(PackCirculation)
            .where(PackCirculation.meeting_id == meeting_id)
            .order_by(PackCirculation.circulated_at, PackCirculation.id)
        ).all()
    held: dict[str, tuple[list[PackCirculation], dict[str, int]]] = {}
    for row in rows:
        records, versions = held.setdefault(_key(row), ([], {}))
        records.append(row)
        versions.update({k: int(str(v)) for k, v in row.paper_versions.items()})
    return held


def personal_holdings(ctx: ServiceContext, meeting_id: int) -> list[tuple[Recipient, dict[str, int]]]:
    """Each person sent a personalised pack who still holds it (not confirmed destroyed), and
    the paper versions they hold; an unpersonalised pack names nobody to send an addendum to."""
    held = {k: v for k, v in holdings(ctx, meeting_id).items()
            if k.startswith("member:") and any(r.destroyed_confirmed_on is None for r in v[0])}  # fmt: skip
    with ctx.read() as session:
        members = session.scalars(
            select(Member).where(Member.id.in_([int(k.split(":")[1]) for k in held]))
        ).all()
        found = [
            (Recipient(m.id, _name(m), m.email or "", "Member"), held[f"member:{m.id}"][1]) for m in members
        ]
    return sorted(found, key=lambda f: (f[0].name.casefold(), f[0].member_id or 0))


def changed_papers(
    items: Sequence[ItemInPack], held: dict[str, int]
) -> list[tuple[ItemInPack, tuple[str, ...]]]:
    """Per item, the papers whose newest file is not the version held (new papers too)."""
    found = []
    for item in items:
        labels = tuple(
            f"{p.label} (now version {p.version})"
            for p in item.papers
            if held.get(str(p.case_paper_id)) != p.paper_file_id
        )
        if labels:
            found.append((item, labels))
    return found


def holders(ctx: ServiceContext, meeting_id: int, items: Sequence[ItemInPack]) -> list[Holder]:
    found = []
    for key, (records, versions) in holdings(ctx, meeting_id).items():
        changed = [f"case {item.reference}, {label}" for item, labels in changed_papers(items, versions)
                   for label in labels]  # fmt: skip
        confirmed = [r.destroyed_confirmed_on for r in records]
        found.append(
            Holder(
                key,
                records[-1].recipient,
                records[-1].circulated_at,
                len(records),
                tuple(changed),
                None if None in confirmed else max(d for d in confirmed if d is not None),
            )
        )
    return sorted(found, key=lambda h: h.recipient.casefold())


def destruction_reminders(ctx: ServiceContext, meeting_id: int) -> list[Holder]:
    """After the sitting: holders who have not confirmed destroying their copy."""
    with ctx.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That sitting no longer exists.")
        sat = meeting.date
    if ctx.today() <= sat:
        return []
    return [h for h in holders(ctx, meeting_id, ()) if h.destroyed_confirmed_on is None]


def confirm_destroyed(ctx: ServiceContext, meeting_id: int, key: str, on: date | None = None) -> Holder:
    """Record that a holder confirmed destroying every copy of the sitting's pack (on `on`,
    today unless said): between the sitting and today, never before it nor in the future."""
    day = on or ctx.today()
    if day > ctx.today():
        raise ValidationError(f"{uk_date(day)} is in the future: record the day they confirmed it.")
    found = {h.key: h for h in holders(ctx, meeting_id, ())}
    holder = found.get(key)
    if holder is None:
        raise NotFound("Nobody by that name holds this sitting's pack.")
    summary = f"Pack destroyed: {holder.recipient}, sitting {meeting_id}, confirmed {uk_date(day)}"
    with ctx.write(RECORD_PERMISSION, summary) as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That sitting no longer exists.")
        if day < meeting.date:
            raise ValidationError(f"The sitting is on {uk_date(meeting.date)}: a pack is destroyed after it.")
        query = select(PackCirculation).where(PackCirculation.meeting_id == meeting_id)
        for row in session.scalars(query):
            if _key(row) == key:
                row.destroyed_confirmed_on = day
    return replace(holder, destroyed_confirmed_on=day)


def holder_by_email(ctx: ServiceContext, meeting_id: int, email: str) -> Holder:
    """The holder of the sitting's pack whose member record has this email (whether or not
    they still sit: a member taken off the roster still holds the pack sent to them)."""
    wanted = email.strip().casefold()
    with ctx.read() as session:
        ids = session.scalars(
            select(PackCirculation.member_id)
            .join(Member, Member.id == PackCirculation.member_id)
            .where(PackCirculation.meeting_id == meeting_id, func.lower(Member.email) == wanted)
        ).all()
    found = {h.key: h for h in holders(ctx, meeting_id, ())}
    for member_id in ids:
        if f"member:{member_id}" in found:
            return found[f"member:{member_id}"]
    raise ValidationError(f"{email.strip()} has not been sent this sitting's pack: nothing to destroy.")
