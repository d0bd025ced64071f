"""Email drafts to the ADM as .eml files, with the panel's recommendation attached as a PDF.

Nothing is sent: the file carries `X-Unsent: 1`, so Outlook opens it as a new message ready
to check and send; other mail programs open it as a message to forward. Two things go to the
ADM, as domain.md says: the panel's recommendation (outcome, vote, reasons and advice, always
attached) and the case's extract of the minutes (attendance and that case's section, attached
when minutes have been written). Children appear by initials only in both.
"""

from __future__ import annotations

import tempfile
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from panelapp.documents.adm_email import AdmEmailDraft, safe_file_name
from panelapp.documents.minutes import MinutesDocument
from panelapp.exports.files import write_bytes
from panelapp.exports.pdf.adm_extract import write_extract_pdf
from panelapp.exports.pdf.minutes import write_minutes_pdf

PDF = ("application", "pdf")
# Headers on one line (RFC 5322 allows 998 characters): Python folds a long subject right
# after "Subject:", which mail programs then show with a leading space.
POLICY = SMTP.clone(max_line_length=998)


def build_message(draft: AdmEmailDraft, attachments: list[tuple[str, bytes]]) -> EmailMessage:
    """The draft with PDF attachments given as (file name, content)."""
    message = EmailMessage(policy=POLICY)
    if draft.from_email:
        message["From"] = formataddr((draft.from_name, draft.from_email))
    message["To"] = formataddr((draft.to_name, draft.to_email)) if draft.to_email else draft.to_name
    message["Subject"] = draft.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="panelapp.invalid")
    message["X-Unsent"] = "1"  # Outlook: open as an unsent draft, with a Send button
    message.set_content(draft.body)
    for name, content in attachments:
        message.add_attachment(content, maintype=PDF[0], subtype=PDF[1], filename=name)
    return message


def write_adm_draft(draft: AdmEmailDraft, minutes: MinutesDocument | None, out: Path) -> Path:
    """The draft with the recommendation attached, and the minutes extract when there is one
    (the recommendation then leaves out the minutes, so they are not sent twice)."""
    reference = safe_file_name(draft.reference)
    with tempfile.TemporaryDirectory(prefix="panelapp-eml-") as work:
        recommendation = write_extract_pdf(draft.extract, Path(work) / "recommendation.pdf", minutes is None)
        attachments = [(f"{reference} panel recommendation.pdf", recommendation.read_bytes())]
        if minutes is not None:
            extract = write_minutes_pdf(minutes, Path(work) / "minutes.pdf")
            attachments.append((f"{reference} minutes extract.pdf", extract.read_bytes()))
    return write_bytes(out, build_message(draft, attachments).as_bytes())
