"""Minutes of a sitting: a section per case, autosave, versions, and draft -> with chair -> final.

Autosave writes a `minutes_revision` row of kind "autosave" holding every section's text, in
its own short transaction, so a crash or a killed process loses at most the seconds since the
last autosave; `recover_autosave` finds that text again. Every explicit save, state change,
restore and reopen is also a revision, so versions can be compared and restored. Final
minutes are locked: a change needs a logged reopen with a reason.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.models import Meeting, Minutes, MinutesRevision, MinutesSection, utcnow
from panelapp.domain.periods import local_stamp, uk_date
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import MinutesState
from panelapp.services.context import ServiceContext, check_version
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.panel_day.inquorate import not_heard_notes
from panelapp.services.panel_day.minutes_prefill import (
    OPENING_TITLE,
    case_text,
    case_title,
    merge_facts,
    opening_text,
)
from panelapp.services.panel_day.recordable import not_yet_held
from panelapp.services.panel_day.sheet import day_sheet
from panelapp.services.panel_day.signing import signer

STATE_LABELS = {
    MinutesState.DRAFT: "Draft",
    MinutesState.WITH_CHAIR: "With the chair",
    MinutesState.FINAL: "Final (signed off)",
}
AUTOSAVE = "autosave"


@dataclass(frozen=True)
class SectionText:
    id: int
    hearing_id: int | None
    position: int
    title: str
    body: str


@dataclass(frozen=True)
class MinutesDoc:
    minutes_id: int
    meeting_id: int
    state: str
    version: int
    signed_off_by: str | None
    signed_off_on: date | None
    reopen_reason: str
    sections: tuple[SectionText, ...]
    updated_at: datetime
    updated_by: str | None

    @property
    def locked(self) -> bool:
        return self.state == MinutesState.FINAL

    @property
    def state_label(self) -> str:
        return STATE_LABELS[MinutesState(self.state)]

    def section(self, section_id: int) -> SectionText:
        return next(s for s in self.sections if s.id == section_id)


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    saved_at: datetime
    saved_by: str
    kind: str
    note: str

    @property
    def label(self) -> str:
        what = {
            "autosave": "Autosaved",
            "save": "Saved",
            "state": "State",
            "reopen": "Reopened",
            "restore": "Restored",
        }.get(self.kind, self.kind)
        note = f": {self.note}" if self.note else ""
        # saved_at is stored in UTC; people read London time (issue 20).
        return f"{local_stamp(self.saved_at, seconds=True)} — {what} by {self.saved_by}{note}"


@dataclass(frozen=True)
class RecoveredText:
    revision_id: int
    saved_at: datetime
    bodies: dict[int, str]  # section id -> text

    def text(self) -> str:
        return "\n\n".join(self.bodies.values())


@dataclass(frozen=True)
class SectionDiff:
    title: str
    lines: tuple[str, ...]  # unified diff lines; empty when unchanged


def _doc(row: Minutes) -> MinutesDoc:
    return MinutesDoc(
        minutes_id=row.id,
        meeting_id=row.meeting_id,
        state=row.state,
        version=row.version,
        signed_off_by=row.signed_off_by,
        signed_off_on=row.signed_off_on,
        reopen_reason=row.reopen_reason,
        sections=tuple(SectionText(s.id, s.hearing_id, s.position, s.title, s.body) for s in row.sections),
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def _content(row: Minutes) -> dict[str, object]:
    return {
        "state": row.state,
        "sections": [
            {"id": s.id, "hearing_id": s.hearing_id, "position": s.position, "title": s.title, "body": s.body}
            for s in row.sections
        ],
    }


def _minutes_row(session: Session, meeting_id: int) -> Minutes:
    row = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
    if row is None:
        raise NotFound("No minutes have been started for this sitting yet.")
    return row


def _refuse_if_final(row: Minutes) -> None:
    if row.state == MinutesState.FINAL:
        by = f" by {row.signed_off_by}" if row.signed_off_by else ""
        on = f" on {uk_date(row.signed_off_on)}" if row.signed_off_on else ""
        raise ValidationError(
            f"These minutes are final (signed off{by}{on}) and locked. Nothing was changed. "
            "To change them, reopen them and give the reason."
        )


def _revision(session: Session, row: Minutes, user: str, kind: str, note: str = "") -> None:
    session.add(
        MinutesRevision(minutes_id=row.id, saved_by=user, kind=kind, note=note, content=_content(row))
    )


def load_minutes(ctx: ServiceContext, meeting_id: int) -> MinutesDoc | None:
    with ctx.read() as session:
        row = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        return _doc(row) if row else None


def open_minutes(ctx: ServiceContext, meeting_id: int) -> MinutesDoc:
    """The minutes of a sitting, started from the day sheet if there are none yet.

    While not final, a case booked after the minutes were started gets its own section.
    """
    existing = load_minutes(ctx, meeting_id)
    if existing is not None and (existing.locked or not ctx.can(Permission.EDIT_MINUTES)):
        return existing
    if existing is None:
        ctx.require(Permission.EDIT_MINUTES)
    sheet = day_sheet(ctx, meeting_id)
    have = {s.hearing_id for s in existing.sections} if existing else set()
    missing = [c for c in sheet.cases if c.hearing_id not in have]
    if existing is not None and not missing:
        return existing
    not_heard = not_heard_notes(ctx, meeting_id)
    with ctx.write(
        Permission.EDIT_MINUTES, f"Minutes started for {sheet.panel_name} {uk_date(sheet.date)}"
    ) as session:
        row = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        if row is None:
            row = Minutes(meeting_id=meeting_id, state=MinutesState.DRAFT.value)
            row.sections.append(MinutesSection(position=0, title=OPENING_TITLE, body=opening_text(sheet)))
            session.add(row)
        next_position = max((s.position for s in row.sections), default=0) + 1
        for offset, case in enumerate(missing):
            row.sections.append(
                MinutesSection(
                    position=next_position + offset,
                    hearing_id=case.hearing_id,
                    title=case_title(case),
                    body=case_text(case, not_heard.get(case.hearing_id)),
                )
            )
        session.flush()
        _revision(
            session,
            row,
            ctx.user.display_name,
            "save",
            "Started from the agenda" if existing is None else "Sections added for newly booked cases",
        )
        session.flush()
        return _doc(row)


def _apply_bodies(row: Minutes, bodies: Mapping[int, str]) -> bool:
    by_id = {s.id: s for s in row.sections}
    unknown = [k for k in bodies if k not in by_id]
    if unknown:
        raise ValidationError("Part of these minutes was removed while you were editing. Reload them.")
    changed = False
    for section_id, body in bodies.items():
        if by_id[section_id].body != body:
            by_id[section_id].body = body
            changed = True
    return changed


def autosave(ctx: ServiceContext, meeting_id: int, bodies: Mapping[int, str]) -> datetime:
    """Keep a copy of the typing so far (its own transaction); the saved minutes are untouched."""
    with ctx.write(Permission.EDIT_MINUTES, "Minutes autosaved") as session:
        row = _minutes_row(session, meeting_id)
        _refuse_if_final(row)
        known = {s.id for s in row.sections}
        content = {
            "state": row.state,
            "sections": [
                {
                    "id": s.id,
                    "hearing_id": s.hearing_id,
                    "position": s.position,
                    "title": s.title,
                    "body": bodies.get(s.id, s.body),
                }
                for s in row.sections
            ],
            "unknown_sections": [k for k in bodies if k not in known],
        }
        revision = MinutesRevision(
            minutes_id=row.id, saved_by=ctx.user.display_name, kind=AUTOSAVE, content=content
        )
        session.add(revision)
        session.flush()
        return revision.saved_at


def save_minutes(
    ctx: ServiceContext, meeting_id: int, bodies: Mapping[int, str], expected_version: int, note: str = ""
) -> MinutesDoc:
    """Save the sections' text as a new version. Refused when final or changed by someone else."""
    with ctx.write(Permission.EDIT_MINUTES, "Minutes saved") as session:
        row = _minutes_row(session, meeting_id)
        _refuse_if_final(row)
        check_version(row, expected_version, "set of minutes")
        _apply_bodies(row, bodies)
        row.updated_at = utcnow()  # a save is a new version even when only sections changed
        session.flush()
        _revision(session, row, ctx.user.display_name, "save", note.strip())
        # Autosaves before this save are superseded: nothing older is ever recovered.
        session.execute(
            delete(MinutesRevision)
            .where(MinutesRevision.minutes_id == row.id)
            .where(MinutesRevision.kind == AUTOSAVE)
        )
        session.flush()
        return _doc(row)


def recover_autosave(ctx: ServiceContext, meeting_id: int) -> RecoveredText | None:
    """Autosaved text newer than the last save that differs from it, or None."""
    with ctx.read() as session:
        row = session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        if row is None or row.state == MinutesState.FINAL:
            return None
        last_saved = session.scalar(
            select(func.max(MinutesRevision.id))
            .where(MinutesRevision.minutes_id == row.id)
            .where(MinutesRevision.kind != AUTOSAVE)
        )
        latest = session.scalar(
            select(MinutesRevision)
            .where(MinutesRevision.minutes_id == row.id)
            .where(MinutesRevision.kind == AUTOSAVE)
            .where(MinutesRevision.id > (last_saved or 0))
            .order_by(MinutesRevision.id.desc())
            .limit(1)
        )
        if latest is None:
            return None
        bodies = _bodies_of(latest.content)
        current = {s.id: s.body for s in row.sections}
        if all(current.get(k) == v for k, v in bodies.items()):
            return None
        return RecoveredText(latest.id, latest.saved_at, bodies)


def discard_autosaves(ctx: ServiceContext, meeting_id: int) -> None:
    """The user chose not to recover: forget the autosaved copies."""
    with ctx.write(Permission.EDIT_MINUTES, "Autosaved minutes discarded") as session:
        row = _minutes_row(session, meeting_id)
        session.execute(
            delete(MinutesRevision)
            .where(MinutesRevision.minutes_id == row.id)
            .where(MinutesRevision.kind == AUTOSAVE)
        )


def _bodies_of(content: Mapping[str, object]) -> dict[int, str]:
    sections = content.get("sections")
    if not isinstance(sections, list):
        return {}
    return {int(s["id"]): str(s["body"]) for s in sections if isinstance(s, dict)}


def revisions(ctx: ServiceContext, meeting_id: int, include_autosaves: bool = False) -> list[RevisionInfo]:
    query = (
        select(
            MinutesRevision.id,
            MinutesRevision.saved_at,
            MinutesRevision.saved_by,
            MinutesRevision.kind,
            MinutesRevision.note,
        )
        .join(Minutes, Minutes.id == MinutesRevision.minutes_id)
        .where(Minutes.meeting_id == meeting_id)
        .order_by(MinutesRevision.id.desc())
    )
    if not include_autosaves:
        query = query.where(MinutesRevision.kind != AUTOSAVE)
    with ctx.read() as session:
        return [RevisionInfo(*r) for r in session.execute(query)]


def revision_sections(ctx: ServiceContext, revision_id: int) -> tuple[SectionText, ...]:
    with ctx.read() as session:
        revision = session.get(MinutesRevision, revision_id)
        if revision is None:
            raise NotFound("That version of the minutes no longer exists.")
        sections = revision.content.get("sections")
        if not isinstance(sections, list):
            return ()
        return tuple(
            SectionText(
                int(s["id"]), s.get("hearing_id"), int(s["position"]), str(s["title"]), str(s["body"])
            )
            for s in sections
            if isinstance(s, dict)
        )


def compare_revision(
    ctx: ServiceContext, meeting_id: int, revision_id: int, against_revision_id: int | None = None
) -> list[SectionDiff]:
    """What changed from one version to another (or to the minutes as saved now), per section."""
    old = {s.id: s for s in revision_sections(ctx, revision_id)}
    if against_revision_id is None:
        doc = load_minutes(ctx, meeting_id)
        if doc is None:
            raise NotFound("No minutes have been started for this sitting yet.")
        new = {s.id: s for s in doc.sections}
    else:
        new = {s.id: s for s in revision_sections(ctx, against_revision_id)}
    diffs = []
    for section_id in sorted(old.keys() | new.keys(), key=lambda k: (new.get(k) or old[k]).position):
        before, after = old.get(section_id), new.get(section_id)
        shown = after or before
        title = shown.title if shown else ""
        lines = difflib.unified_diff(
            (before.body if before else "").splitlines(),
            (after.body if after else "").splitlines(),
            "this version",
            "compared with",
            lineterm="",
        )
        diffs.append(SectionDiff(title, tuple(lines)))
    return diffs


def restore_revision(
    ctx: ServiceContext, meeting_id: int, revision_id: int, expected_version: int
) -> MinutesDoc:
    """Put an earlier version's text back (itself a new version, so it can be undone)."""
    restored = revision_sections(ctx, revision_id)
    with ctx.write(Permission.EDIT_MINUTES, "Minutes restored from an earlier version") as session:
        row = _minutes_row(session, meeting_id)
        _refuse_if_final(row)
        check_version(row, expected_version, "set of minutes")
        current = {s.id for s in row.sections}
        _apply_bodies(row, {s.id: s.body for s in restored if s.id in current})
        row.updated_at = utcnow()
        session.flush()
        revision = session.get(MinutesRevision, revision_id)
        when = local_stamp(revision.saved_at) if revision else "an earlier version"
        _revision(session, row, ctx.user.display_name, "restore", f"Restored the version of {when}")
        session.flush()
        return _doc(row)


def _change_state(
    ctx: ServiceContext,
    meeting_id: int,
    expected_version: int,
    permission: Permission,
    allowed_from: set[MinutesState],
    to: MinutesState,
    kind: str,
    note: str,
    signed: tuple[str, date] | None = None,
) -> MinutesDoc:
    with ctx.write(permission, f"Minutes: {note}") as session:
        row = _minutes_row(session, meeting_id)
        check_version(row, expected_version, "set of minutes")
        if MinutesState(row.state) not in allowed_from:
            raise ValidationError(
                f"The minutes are {STATE_LABELS[MinutesState(row.state)].lower()}: they cannot be "
                f"made {STATE_LABELS[to].lower()} from there. Nothing was changed."
            )
        row.state = to.value
        if signed is not None:
            row.signed_off_by, row.signed_off_on = signed
        session.flush()
        _revision(session, row, ctx.user.display_name, kind, note)
        session.flush()
        return _doc(row)


def send_to_chair(ctx: ServiceContext, meeting_id: int, expected_version: int) -> MinutesDoc:
    return _change_state(
        ctx,
        meeting_id,
        expected_version,
        Permission.EDIT_MINUTES,
        {MinutesState.DRAFT},
        MinutesState.WITH_CHAIR,
        "state",
        "Sent to the chair",
    )


def return_to_draft(ctx: ServiceContext, meeting_id: int, expected_version: int) -> MinutesDoc:
    """The chair sends the minutes back for changes before signing off."""
    return _change_state(
        ctx,
        meeting_id,
        expected_version,
        Permission.EDIT_MINUTES,
        {MinutesState.WITH_CHAIR},
        MinutesState.DRAFT,
        "state",
        "Returned to draft for changes",
    )


def sign_off(
    ctx: ServiceContext,
    meeting_id: int,
    expected_version: int,
    chair_name: str | None = None,
    on: date | None = None,
) -> MinutesDoc:
    """The chair's sign-off (name and date recorded): the minutes become final and locked.

    The panel's chair or vice chair signs off as themselves; an administrator records it on
    their behalf, named (panel_day.signing); anyone else is refused, nothing changed.
    """
    who = signer(ctx, meeting_id, chair_name)
    when = on or ctx.today()
    if when > ctx.today():
        raise ValidationError("The sign-off date cannot be in the future.", {"on": "In the future."})
    _refuse_before_the_sitting(ctx, meeting_id, when)
    return _change_state(
        ctx,
        meeting_id,
        expected_version,
        Permission.SIGN_OFF_MINUTES,
        {MinutesState.WITH_CHAIR},
        MinutesState.FINAL,
        "state",
        who.note(uk_date(when)),
        signed=(who.name, when),
    )


def _refuse_before_the_sitting(ctx: ServiceContext, meeting_id: int, when: date) -> None:
    """Minutes are signed off on or after the sitting's day, never before it took place."""
    with ctx.read() as session:
        sitting_date = session.scalar(select(Meeting.date).where(Meeting.id == meeting_id))
    if sitting_date is None:
        raise NotFound("That sitting no longer exists.")
    early = not_yet_held(sitting_date, min(when, ctx.today()), "its minutes can be signed off")
    if early:
        raise ValidationError(f"{early} Nothing was changed.", {"on": early})


def reopen(ctx: ServiceContext, meeting_id: int, reason: str, expected_version: int) -> MinutesDoc:
    """Unlock final minutes for a correction. The reason is required and logged."""
    if not reason.strip():
        raise ValidationError(
            "Give the reason for reopening final minutes: it is kept in the log.", {"reason": "Required."}
        )
    with ctx.write(Permission.REOPEN_MINUTES, f"Minutes reopened: {reason.strip()}") as session:
        row = _minutes_row(session, meeting_id)
        check_version(row, expected_version, "set of minutes")
        if row.state != MinutesState.FINAL:
            raise ValidationError("Only final minutes need reopening; these can be edited already.")
        row.state = MinutesState.DRAFT.value
        row.reopen_reason = reason.strip()
        row.signed_off_by = None
        row.signed_off_on = None
        session.flush()
        _revision(session, row, ctx.user.display_name, "reopen", reason.strip())
        session.flush()
        return _doc(row)


def prefilled_texts(ctx: ServiceContext, meeting_id: int) -> dict[int, str]:
    """Section id -> the text the section would start from now (recorded facts as they stand).

    The editor merges these with what was typed (`minutes_prefill.merge_facts`), so a
    recommendation recorded after the minutes were started reaches them.
    """
    doc = load_minutes(ctx, meeting_id)
    if doc is None:
        return {}
    sheet = day_sheet(ctx, meeting_id)
    cases = {c.hearing_id: c for c in sheet.cases}
    not_heard = not_heard_notes(ctx, meeting_id)
    out = {}
    for section in doc.sections:
        if section.hearing_id is None:
            out[section.id] = opening_text(sheet)
        elif section.hearing_id in cases:
            out[section.id] = case_text(cases[section.hearing_id], not_heard.get(section.hearing_id))
    return out


def refresh_recorded_facts(ctx: ServiceContext, meeting_id: int, expected_version: int) -> MinutesDoc:
    """Bring every section's recorded facts up to date, keeping the discussion; saved as a version."""
    doc = load_minutes(ctx, meeting_id)
    if doc is None:
        raise NotFound("No minutes have been started for this sitting yet.")
    fresh = prefilled_texts(ctx, meeting_id)
    bodies = {s.id: merge_facts(s.body, fresh[s.id]) for s in doc.sections if s.id in fresh}
    return save_minutes(ctx, meeting_id, bodies, expected_version, "Updated from the recorded outcomes")
