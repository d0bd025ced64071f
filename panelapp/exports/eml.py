"""Email drafts to the ADM as .eml files, with the case extract attached.

Nothing is sent: the file carries `X-Unsent: 1`, so Outlook opens it as a new message
ready to check and send; other mail programs open it as a message to forward. Two
things go to the ADM, as domain.md says: the panel's recommendation (a PDF of the
outcome, vote, reasons and advice, always attached) and the case's extract of the minutes
(attendance and that case's section, attached when minutes have been written). Children
appear by initials only in both.
"""

from __future__ import annotations

import tempfile
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from panelapp.domain.periods import long_date
from panelapp.exports.files import write_bytes
from panelapp.exports.pdf_base import MarkedDocument, grid_table, styles
from panelapp.services.adm import AdmEmailDraft, CaseExtract, adm_email_draft
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound
from panelapp.services.files import check_output

PDF = ("application", "pdf")


def safe_file_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in text).strip() or "draft"


def write_extract_pdf(extract: CaseExtract, out: Path, with_minutes: bool = True) -> Path:
    """The panel's recommendation and reasons for one case, marked on every page.

    `with_minutes` adds the case's section of the minutes (when no minutes extract goes too).
    """
    sheet = styles()
    details = [
        ["Case", f"{extract.reference}: {extract.case_type}"],
        ["Applicants / adopters", extract.household or "Not recorded"],
        ["Children", ", ".join(extract.children) or "None named"],
        ["Local authority", extract.local_authority or "Not recorded"],
        ["Panel", f"{extract.panel}, {long_date(extract.heard_on)}"],
        ["Recommendation", extract.outcome],
        ["Vote", extract.vote],
        ["Minutes", extract.minutes_state.replace("_", " ").capitalize() or "Not yet written"],
    ]
    story: list[object] = [
        Paragraph(escape(extract.title), sheet["Title"]),
        grid_table(["Detail", ""], details, col_widths=[42 * mm, 128 * mm]),
        Spacer(1, 6 * mm),
    ]
    for heading, text in (
        ("The panel's reasons", extract.reasons),
        ("Advice", extract.advice),
        ("From the minutes", extract.minutes if with_minutes else ""),
    ):
        if not text.strip():
            continue
        story.append(Paragraph(escape(heading), sheet["Heading2"]))
        story += [Paragraph(escape(line), sheet["Normal"]) for line in text.splitlines() if line.strip()]
    return MarkedDocument(out, extract.agency_name, extract.marking, extract.title).write(story)


def build_message(draft: AdmEmailDraft, attachments: list[tuple[str, bytes]]) -> EmailMessage:
    """The draft with PDF attachments given as (file name, content)."""
    message = EmailMessage(policy=SMTP)
    message["To"] = formataddr((draft.to_name, draft.to_email)) if draft.to_email else draft.to_name
    message["Subject"] = draft.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="panelapp.invalid")
    message["X-Unsent"] = "1"  # Outlook: open as an unsent draft, with a Send button
    message.set_content(draft.body)
    for name, content in attachments:
        message.add_attachment(content, maintype=PDF[0], subtype=PDF[1], filename=name)
    return message


def write_eml(message: EmailMessage, out: Path) -> Path:
    """Write atomically: a half-written draft never appears under the final name."""
    return write_bytes(out, message.as_bytes())


def _minutes_extract_pdf(ctx: ServiceContext, draft: AdmEmailDraft, out: Path) -> Path | None:
    """The case's extract of the minutes, or None when no minutes have been written."""
    try:
        from panelapp.exports.minutes_pdf import write_minutes_pdf
        from panelapp.services.panel_day import minutes_for_export
    except ImportError:  # an installation without the minutes exports
        return None
    try:
        data = minutes_for_export(ctx, draft.meeting_id, draft.reference)
    except NotFound:
        return None
    return write_minutes_pdf(data, out)


def write_adm_email(ctx: ServiceContext, hearing_id: int, folder: Path, as_of: date | None = None) -> Path:
    """Write the draft to the ADM for one hearing into `folder`; returns the .eml path."""
    draft = adm_email_draft(ctx, hearing_id, as_of)
    folder.mkdir(parents=True, exist_ok=True)
    stem = safe_file_name(f"{draft.reference} for ADM decision")
    reference = safe_file_name(draft.reference)
    with tempfile.TemporaryDirectory(prefix="panelapp-eml-") as work:
        minutes = _minutes_extract_pdf(ctx, draft, Path(work) / "minutes.pdf")
        recommendation = write_extract_pdf(draft.extract, Path(work) / "recommendation.pdf", minutes is None)
        attachments = [(f"{reference} panel recommendation.pdf", recommendation.read_bytes())]
        if minutes is not None:
            attachments.append((f"{reference} minutes extract.pdf", minutes.read_bytes()))
        message = build_message(draft, attachments)
    return write_eml(message, check_output(folder / f"{stem}.eml"))


def drafts_folder() -> Path:
    """Where the window puts drafts: a folder in PanelApp's data folder."""
    from panelapp.config import data_dir

    folder = data_dir() / "Email drafts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
