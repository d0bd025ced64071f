"""Email drafts to the ADM: an unsent .eml to the right ADM with the case extract attached."""

from __future__ import annotations

import email
import io
from datetime import date
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.models import CaseChild, DecisionMaker, Hearing, LocalAuthority, Minutes, Recommendation
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import AdmDecision, CaseType, Outcome
from panelapp.services import adm
from panelapp.services import adm as adm_record
from panelapp.services.adm import DecisionEntry, write_adm_email
from panelapp.services.adm.email_draft import adm_email_draft
from panelapp.services.admin import save_user
from panelapp.services.cases.withheld_names import WithheldRow, save_withheld
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.panel_day import minutes
from tests.services.adm.test_adm_tracker import add_heard_case

AS_OF = date(2026, 11, 30)
SENDER = "test.admin@agency.example"


@pytest.fixture(autouse=True)
def _signed_in_user_has_an_address(demo_ctx: ServiceContext) -> None:
    """Drafts come From the signed-in user's own address (Admin > Users, issue 19)."""
    save_user(demo_ctx, "test.admin", "administrator", "Test Admin", email=SENDER)


def read_eml(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def attachments(message: EmailMessage) -> dict[str, str]:
    """File name -> text of each attached PDF, every page."""
    found = {}
    for part in message.iter_attachments():
        assert part.get_content_type() == "application/pdf"
        reader = PdfReader(io.BytesIO(part.get_content()))
        found[part.get_filename() or ""] = "\n".join(page.extract_text() for page in reader.pages)
    return found


def match_with_a_named_child(ctx: ServiceContext) -> int:
    hearing_id = add_heard_case(ctx, CaseType.MATCH, la_name="Medway")
    with ctx.write(Permission.EDIT_CASES, "test child") as session:
        hearing = session.get(Hearing, hearing_id)
        assert hearing is not None
        session.add(CaseChild(case_id=hearing.case_id, initials="RT", full_name="Rosie Thornbury"))
        rec = session.scalar(select(Recommendation).where(Recommendation.hearing_id == hearing_id))
        assert rec is not None
        rec.reasons = "Rosie Thornbury's needs are well understood by the adopters.\nRosie will keep contact."
        rec.vote_for, rec.vote_against, rec.vote_abstain = 5, 1, 0
    return hearing_id


def test_a_draft_to_the_childs_la_adm_with_the_recommendation_attached(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    hearing_id = match_with_a_named_child(demo_ctx)
    out = write_adm_email(demo_ctx, hearing_id, tmp_path / "drafts", AS_OF)
    assert out.suffix == ".eml" and out.parent == tmp_path / "drafts"
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no half-written leftovers
    message = read_eml(out)
    assert message["X-Unsent"] == "1"
    with demo_ctx.read() as session:
        medway_adm = session.scalar(
            select(DecisionMaker)
            .join(LocalAuthority, LocalAuthority.adm_id == DecisionMaker.id)
            .where(LocalAuthority.name == "Medway")
        )
        assert medway_adm is not None
        expected_to = f"{medway_adm.name} <{medway_adm.email}>"
    assert message["To"] == expected_to
    reference = adm.tracker_case(demo_ctx, hearing_id).reference
    assert message["Subject"].startswith(
        f"[OFFICIAL-SENSITIVE] Panel recommendation for your decision: {reference}"
    )
    assert message["From"] == f"Test Admin <{SENDER}>"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert f"Dear {medway_adm.name}," in text
    signature = text.replace("\r\n", "\n").split("Kind regards,")[-1]
    assert signature.strip().splitlines()[0] == "Test Admin"  # the user's name, not their login
    (name, pdf_text), *_ = attachments(message).items()
    assert name == f"{reference} panel recommendation.pdf"
    assert "Recommended" in pdf_text and "5 for, 1 against, 0 abstaining (majority)" in pdf_text
    assert "RT's needs are well understood" in pdf_text and "RT will keep contact" in pdf_text
    assert "Rosie" not in pdf_text and "Thornbury" not in pdf_text and "Rosie" not in text
    assert pdf_text.count("OFFICIAL-SENSITIVE") >= 2  # top and foot of the page


def _pending_with_draft_minutes(ctx: ServiceContext) -> adm.TrackerCase:
    tracker = adm.adm_tracker(ctx, date(2026, 11, 20), include_archived=False)
    return next(c for c in tracker.cases if c.decision is AdmDecision.PENDING and c.minutes_state == "draft")


def test_draft_minutes_are_refused_with_the_reason(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    """AAR 2005 reg 17(1): the ADM decides taking into account the panel's minutes; a draft
    is not the record (Statutory guidance 2013 para 1.60: final minutes to the ADM)."""
    case = _pending_with_draft_minutes(demo_ctx)
    with pytest.raises(ValidationError, match=r'not final yet .*"Send draft for information"'):
        write_adm_email(demo_ctx, case.hearing_id, tmp_path / "drafts", date(2026, 11, 20))
    assert not (tmp_path / "drafts").exists() or not list((tmp_path / "drafts").iterdir())


def test_draft_minutes_go_only_for_information_when_chosen(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    case = _pending_with_draft_minutes(demo_ctx)
    out = write_adm_email(demo_ctx, case.hearing_id, tmp_path, date(2026, 11, 20), for_information=True)
    message = read_eml(out)
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "for your information only" in text and "attached for your decision" not in text
    assert "DRAFT" in attachments(message)[f"{case.reference} minutes extract.pdf"]


def test_the_final_minutes_extract_goes_for_decision(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    case = _pending_with_draft_minutes(demo_ctx)
    meeting_id = adm_email_draft(demo_ctx, case.hearing_id, date(2026, 11, 20)).meeting_id
    doc = minutes.load_minutes(demo_ctx, meeting_id)
    assert doc is not None
    sent = minutes.send_to_chair(demo_ctx, meeting_id, doc.version)
    minutes.sign_off(demo_ctx, meeting_id, sent.version, chair_name="Rosa Chair")
    message = read_eml(write_adm_email(demo_ctx, case.hearing_id, tmp_path, date(2026, 11, 20)))
    found = attachments(message)
    assert set(found) == {
        f"{case.reference} panel recommendation.pdf",
        f"{case.reference} minutes extract.pdf",
    }
    assert "Extract of the minutes for the Agency Decision Maker" in " ".join(
        found[f"{case.reference} minutes extract.pdf"].split()
    )
    # The minutes are not repeated in the recommendation when their extract is attached.
    assert "From the minutes" not in found[f"{case.reference} panel recommendation.pdf"]
    body = message.get_body(("plain",))
    assert body is not None and "final minutes, with the panel's reasons, is attached for your decision" in (
        body.get_content()
    )


def test_no_draft_without_the_users_own_address(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    save_user(demo_ctx, "test.admin", "administrator", "Test Admin", email="")
    hearing_id = match_with_a_named_child(demo_ctx)
    with pytest.raises(ValidationError, match="Your email address is not set"):
        write_adm_email(demo_ctx, hearing_id, tmp_path / "drafts", AS_OF)
    assert not (tmp_path / "drafts").exists()


def test_withheld_names_never_reach_the_draft_nor_its_attachments(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    """AAR 2005 reg 41: a surname, a known-as name and a birth parent's name typed in the
    reasons reach neither the email nor the attached PDFs."""
    hearing_id = match_with_a_named_child(demo_ctx)
    with demo_ctx.write(Permission.EDIT_CASES, "test") as session:
        hearing = session.get(Hearing, hearing_id)
        assert hearing is not None
        rec = session.scalar(select(Recommendation).where(Recommendation.hearing_id == hearing_id))
        assert rec is not None
        rec.advice = (
            "Master Thornbury's (Rosie's) contact with Sharon Kettleby; the Thornbury siblings; Ro-Ro."
        )
        case_id = hearing.case_id
    save_withheld(
        demo_ctx,
        case_id,
        [WithheldRow("Sharon Kettleby", "birth_relative"), WithheldRow("Ro-Ro", "known_as", "RT")],
    )
    out = write_adm_email(demo_ctx, hearing_id, tmp_path, AS_OF)
    raw = out.read_bytes().decode("utf-8", "replace")
    message = read_eml(out)
    texts = [raw, *attachments(message).values()]
    for text in texts:
        for name in ("Rosie", "Thornbury", "Sharon", "Kettleby", "Ro-Ro"):
            assert name not in text
    assert "Master T's (RT's) contact with SK; the T siblings; RT." in " ".join(
        attachments(message)[
            f"{adm.tracker_case(demo_ctx, hearing_id).reference} panel recommendation.pdf"
        ].split()
    )


def test_no_draft_once_the_adm_has_decided(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    with demo_ctx.write(Permission.EDIT_MINUTES, "final minutes") as session:
        hearing = session.get(Hearing, hearing_id)
        assert hearing is not None
        written = session.scalar(select(Minutes).where(Minutes.meeting_id == hearing.meeting_id))
        if written is None:
            session.add(Minutes(meeting_id=hearing.meeting_id, state="final"))
        else:
            written.state = "final"
    adm_record.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 18), None, today=AS_OF)
    version = adm.tracker_case(demo_ctx, hearing_id).version
    adm_record.record_decision(
        demo_ctx, hearing_id, DecisionEntry(AdmDecision.AGREED, date(2026, 11, 20)), version, today=AS_OF
    )
    with pytest.raises(ValidationError, match="already decided"):
        write_adm_email(demo_ctx, hearing_id, tmp_path / "drafts", AS_OF)
    assert not (tmp_path / "drafts").exists()


def test_no_draft_when_no_adm_is_set_up(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.CONSENT_PLAN, Outcome.RECOMMENDED, la_name="Bexley")
    with demo_ctx.write(Permission.EDIT_SETTINGS, "no ADM") as session:
        bexley = session.scalar(select(LocalAuthority).where(LocalAuthority.name == "Bexley"))
        assert bexley is not None
        bexley.adm_id = None
    with pytest.raises(ValidationError, match="No Agency Decision Maker is set up"):
        write_adm_email(demo_ctx, hearing_id, tmp_path, AS_OF)
