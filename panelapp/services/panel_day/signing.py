"""Who may sign off a sitting's minutes, and what they are told they are signing.

Signing off is the chair's act (Statutory guidance 2013 para 3.84: the panel's minutes are an
accurate record, approved by the chair): the signed-in user whose app user is linked
(app_user.member_id) to the chair or vice chair of the sitting's panel signs as themselves. An
administrator may record it on the chair's behalf, named: "recorded by X for Y". Anyone else
is refused. The history names people by their display name, never the computer login.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from db.models import AppUser, Meeting, Member, Panel
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import Outcome, UserRole
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, PermissionDenied, ValidationError
from panelapp.services.panel_day.recommendations import answers_offered
from panelapp.services.panel_day.sheet import day_sheet


@dataclass(frozen=True)
class SignOffRight:
    panel_name: str
    chairs: tuple[str, ...]  # the panel's chair then vice chair, by name
    as_chair: str | None  # the signed-in user's own name when they are one of them
    may_record: bool  # an administrator may record it on the chair's behalf

    @property
    def may_sign(self) -> bool:
        return self.as_chair is not None or self.may_record


@dataclass(frozen=True)
class Signer:
    name: str  # the chair who signs, as recorded on the minutes
    recorded_by: str | None = None  # the administrator who recorded it for them

    def note(self, on: str) -> str:
        by = f" (recorded by {self.recorded_by} for {self.name})" if self.recorded_by else ""
        return f"Signed off by {self.name} on {on}{by}"


def _name(member: Member | None) -> str:
    return f"{member.first_name} {member.last_name}".strip() if member else ""


def sign_off_right(ctx: ServiceContext, meeting_id: int) -> SignOffRight:
    """Whether the signed-in user may sign off this sitting's minutes, and as whom."""
    with ctx.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That sitting no longer exists.")
        panel = session.get(Panel, meeting.panel_id)
        ids = [i for i in ((panel.chair_id, panel.vice_chair_id) if panel else ()) if i is not None]
        chairs = {i: _name(session.get(Member, i)) for i in ids}
        linked = session.scalar(select(AppUser.member_id).where(AppUser.username == ctx.user.username))
        panel_name = panel.name if panel else "the panel"
    as_chair = ctx.user.display_name if linked is not None and linked in chairs else None
    may_record = ctx.user.role == UserRole.ADMINISTRATOR
    return SignOffRight(panel_name, tuple(n for n in chairs.values() if n), as_chair, may_record)


def signer(ctx: ServiceContext, meeting_id: int, chair_name: str | None) -> Signer:
    """Who the sign-off is recorded for; refused for anyone but the chairs and administrators."""
    right = sign_off_right(ctx, meeting_id)
    if right.as_chair is not None:
        return Signer(right.as_chair)
    if right.may_record:
        name = (chair_name or "").strip() or (right.chairs[0] if right.chairs else "")
        if not name:
            raise ValidationError(
                "Name the chair you are recording the sign-off for. Nothing was changed.",
                {"chair_name": "Required."},
            )
        return Signer(name, ctx.user.display_name)
    chairs = " or ".join(right.chairs) or "its chair or vice chair"
    raise PermissionDenied(
        f"Only the chair or vice chair of {right.panel_name} ({chairs}) signs off its minutes, "
        "or an administrator records it on their behalf. Your sign-in is not linked to them "
        "(an administrator links it in Users and roles). Nothing was changed."
    )


def sign_off_summary(ctx: ServiceContext, meeting_id: int) -> str:
    """What is being signed: the sitting and each case with its recorded outcome, in words."""
    sheet = day_sheet(ctx, meeting_id)
    lines = [f"The minutes of {sheet.panel_name}'s sitting on {uk_date(sheet.date)}:"]
    for case in sheet.cases:
        rec = case.recommendation
        if rec is None:
            outcome = "no recommendation recorded"
        else:
            words = dict(answers_offered(case.case_type)).get(Outcome(rec.outcome), rec.outcome)
            outcome = words if not rec.vote_text else f"{words} ({rec.vote_text})"
        lines.append(f"• {case.reference}, {case.case_type_label}: {outcome}")
    if not sheet.cases:
        lines.append("• No cases were heard.")
    return "\n".join(lines)
