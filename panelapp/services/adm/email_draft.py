"""What an email draft to the ADM says, the case extract that goes with it, and the .eml file.

Nothing is ever sent by PanelApp: the draft is written as an .eml file the user opens,
checks and sends from their own mail program. It comes From the signed-in user's own
address (their setting in Admin > Users) and is signed with their name. The ADM decides on
final minutes: minutes still in draft are refused with the reason, or attached only when the
user chooses to send the draft for information. Names never to circulate are replaced by
initials and the written file is checked (services.cases.withheld_names).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from db.models import AppUser, CaseChild, Hearing, MinutesSection, Recommendation
from panelapp.documents.adm_email import AdmEmailDraft, CaseExtract
from panelapp.documents.minutes import MinutesDocument
from panelapp.domain.deadlines import DECIDED, DeadlineKind
from panelapp.domain.periods import long_date, uk_date
from panelapp.domain.privacy import scrub_children
from panelapp.domain.vocab import MinutesState, Outcome
from panelapp.services.adm.tracker import TrackerCase, tracker_case
from panelapp.services.agency.setup import agency_summary
from panelapp.services.cases import withheld_names
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.files import check_output
from panelapp.services.panel_day.minutes_export import minutes_for_export


def _vote(rec: Recommendation) -> str:
    if rec.vote_for is None:
        return "Not recorded"
    against, abstain = rec.vote_against or 0, rec.vote_abstain or 0
    kind = "unanimous" if not against and not abstain else "majority"
    return f"{rec.vote_for} for, {against} against, {abstain} abstaining ({kind})"


def _attached_sentence(minutes_state: str, for_information: bool) -> str:
    if minutes_state == MinutesState.FINAL:
        return "The extract of the final minutes, with the panel's reasons, is attached for your decision."
    if minutes_state and for_information:
        return (
            "The draft minutes are attached for your information only: they are not yet final, "
            "and the final minutes will follow for your decision."
        )
    return "The panel's recommendation and reasons are attached; the minutes will follow."


def _body(case: TrackerCase, sender: str, agency: str, due: date | None, for_information: bool) -> str:
    outcome = "recommended" if case.outcome is Outcome.RECOMMENDED else "did not recommend"
    lines = [
        f"Dear {case.adm.name if case.adm else 'Agency Decision Maker'},",
        "",
        f"{case.panel} on {long_date(case.heard_on)} {outcome} {case.case_type.label.lower()} "
        f"{case.reference}. {_attached_sentence(case.minutes_state, for_information)}",
        "",
    ]
    if due is not None and case.minutes_sent_on is not None:
        lines += [
            f"The minutes were sent to you on {uk_date(case.minutes_sent_on)}; your decision is due "
            f"by {uk_date(due)}.",
            "",
        ]
    if case.adm_par_grade is None and case.panel_par_grade is not None:
        lines += ["Please also let us have your grade of the PAR.", ""]
    lines += ["Kind regards,", "", sender, f"Panel Team, {agency}"]
    return "\n".join(lines)


def sender_of(ctx: ServiceContext) -> tuple[str, str]:
    """(name, email address) of the signed-in user, from their row in Admin > Users."""
    with ctx.read() as session:
        user = session.scalar(select(AppUser).where(AppUser.username == ctx.user.username))
        email = user.email.strip() if user is not None else ""
        name = (user.display_name if user is not None else "") or ctx.user.display_name
    if not email:
        raise ValidationError(
            "Your email address is not set, so the draft cannot come from you. An administrator "
            f"can add it for {ctx.user.username} in Admin > Users."
        )
    return name, email


def adm_email_draft(
    ctx: ServiceContext, hearing_id: int, as_of: date | None = None, for_information: bool = False
) -> AdmEmailDraft:
    """The draft for a decision awaited (due, overdue, or minutes not yet sent)."""
    case = tracker_case(ctx, hearing_id, as_of)
    sender_name, sender_email = sender_of(ctx)
    if case.adm is None:
        raise ValidationError(
            f"No Agency Decision Maker is set up for {case.reference}. Add one in Settings "
            "(the agency's ADM, or the ADM of the child's local authority)."
        )
    if case.decision in DECIDED:
        raise ValidationError(
            f"The ADM has already decided on {case.reference} ({case.decision.label.lower()}): "
            "there is no decision to ask for."
        )
    agency = agency_summary(ctx)
    agency_name = agency.name if agency else ""
    marking = agency.marking if agency else "OFFICIAL-SENSITIVE"
    due = next((d.due for d in case.deadlines if d.kind is DeadlineKind.ADM_DECISION), None)
    with ctx.read() as session:
        rec = session.scalar(select(Recommendation).where(Recommendation.hearing_id == hearing_id))
        meeting_id = session.scalar(select(Hearing.meeting_id).where(Hearing.id == hearing_id))
        children = session.execute(
            select(CaseChild.full_name, CaseChild.initials)
            .join(Hearing, Hearing.case_id == CaseChild.case_id)
            .where(Hearing.id == hearing_id)
            .order_by(CaseChild.id)
        ).all()
        section = session.scalar(
            select(MinutesSection.body).where(MinutesSection.hearing_id == hearing_id).limit(1)
        )
        assert rec is not None and meeting_id is not None  # tracker_case found both
        names = [(full, initials) for full, initials in children if full]
        extract = CaseExtract(
            agency_name=agency_name,
            marking=marking,
            reference=case.reference,
            case_type=case.case_type.label,
            household=case.household,
            local_authority=case.local_authority,
            children=tuple(initials for _full, initials in children),
            panel=case.panel,
            heard_on=case.heard_on,
            outcome=case.outcome.label,
            vote=_vote(rec),
            reasons=scrub_children(rec.reasons, names),
            advice=scrub_children(rec.advice, names),
            minutes=scrub_children(section or "", names),
            minutes_state=case.minutes_state,
        )
    due_text = f" – decision due {uk_date(due)}" if due else ""
    return AdmEmailDraft(
        hearing_id=hearing_id,
        meeting_id=meeting_id,
        reference=case.reference,
        to_name=case.adm.name,
        to_email=case.adm.email,
        subject=f"[{marking}] Panel recommendation for your decision: {case.reference}{due_text}",
        body=_body(case, sender_name, agency_name, due, for_information),
        extract=extract,
        from_name=sender_name,
        from_email=sender_email,
    )


def write_adm_email(
    ctx: ServiceContext,
    hearing_id: int,
    folder: Path,
    as_of: date | None = None,
    for_information: bool = False,
    override: bool = False,
) -> Path:
    """Write the draft to the ADM for one hearing into `folder`; returns the .eml path.

    Minutes not yet final are refused unless `for_information` (send the draft for information).
    """
    draft = adm_email_draft(ctx, hearing_id, as_of, for_information)
    minutes = _minutes_extract(ctx, draft, for_information)
    check = withheld_names.for_hearing(ctx, hearing_id)
    draft, minutes = check.scrub(draft), check.scrub(minutes)
    folder.mkdir(parents=True, exist_ok=True)
    out = check_output(folder / f"{draft.file_stem}.eml")
    from panelapp.exports.eml import write_adm_draft

    return withheld_names.circulate(
        ctx, out, lambda path: write_adm_draft(draft, minutes, path), check, "The email draft", override
    )


def _minutes_extract(
    ctx: ServiceContext, draft: AdmEmailDraft, for_information: bool
) -> MinutesDocument | None:
    """The case's extract of the minutes, or None when no minutes have been written; draft
    minutes only for information (the ADM decides on the final minutes)."""
    try:
        minutes = minutes_for_export(ctx, draft.meeting_id, draft.reference)
    except NotFound:
        return None
    if draft.extract.minutes_state != MinutesState.FINAL and not for_information:
        raise ValidationError(
            f"The minutes of {draft.reference}'s sitting are not final yet ({minutes.state_label.lower()}): "
            "the ADM decides on the final minutes. Sign them off first, or choose "
            '"Send draft for information".'
        )
    return minutes


def drafts_folder() -> Path:
    """Where the window puts drafts: a folder in PanelApp's data folder."""
    from panelapp.config import data_dir

    folder = data_dir() / "Email drafts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
