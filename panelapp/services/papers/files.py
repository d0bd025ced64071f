"""Papers' files kept with the case: each checklist paper's PDF, every version kept.

A file is read, checked and measured before anything is written: a PDF (a Word or
OpenDocument file is converted with LibreOffice when the machine has it, and otherwise
refused with a message saying to save it as PDF), at most MAX_FILE_BYTES, readable by pypdf
and not locked with a password. Its SHA-256, size, pages and the pages without a text layer
(which the names check cannot read) are kept with it; the bytes are stored once per hash in
the database, so a team on PostgreSQL shares them. A new file for the same paper is a new
version and the old ones stay. Receiving the first file marks the paper received today: the
checklist's own rule (domain.agenda.paper_state) then says whether it came late.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Case, CasePaper, PaperBlob, PaperFile
from panelapp.domain.permissions import Permission
from panelapp.exports.files import write_bytes
from panelapp.services.cases.papers import PaperRow, paper_label, to_row
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.files import check_output, read_input, shown

MAX_FILE_BYTES = 50_000_000  # 50 MB: a long PAR with scanned references is a few MB
LIMITS_TEXT = "PDF files of at most 50 MB (Word files are converted when LibreOffice is installed)"
OTHER = "other"  # a paper outside the checklist (a later-life letter, a support plan...)
CONVERTIBLE = (".docx", ".doc", ".odt", ".rtf")
CONVERT_TIMEOUT_S = 180


@dataclass(frozen=True)
class PaperFileRow:
    """One version of a paper's file, as the case's papers list shows it."""

    id: int
    case_id: int
    case_paper_id: int
    paper_type: str
    label: str
    version: int
    filename: str
    sha256: str
    size_bytes: int
    pages: int
    pages_without_text: tuple[int, ...]
    added_by: str
    added_at: datetime

    @property
    def size_text(self) -> str:
        return (
            f"{self.size_bytes / 1_000_000:.1f} MB"
            if self.size_bytes >= 100_000
            else (f"{max(1, round(self.size_bytes / 1000))} KB")
        )


@dataclass(frozen=True)
class AddedFile:
    """What adding a file did: the new version and the checklist row it marked received."""

    file: PaperFileRow
    paper: PaperRow
    first_version: bool


@dataclass(frozen=True)
class CheckedPdf:
    """A file read and measured, ready to store."""

    filename: str
    content: bytes
    sha256: str
    pages: int
    pages_without_text: tuple[int, ...]


def parse_pages(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(",") if p.strip().isdigit())


def read_paper_file(path: Path | str) -> CheckedPdf:
    """The file as a checked PDF, or a ValidationError naming it and saying what to do."""
    path = Path(path)
    name = shown(path)
    suffix = path.suffix.lower()
    if suffix in CONVERTIBLE:
        content = _converted(path, name)
        filename = path.with_suffix(".pdf").name
    elif suffix == ".pdf":
        content = read_input(path, MAX_FILE_BYTES)
        filename = path.name
    else:
        raise ValidationError(f"{name} is not a PDF: save it as PDF and add it again ({LIMITS_TEXT}).")
    return check_pdf(content, filename)


def check_pdf(content: bytes, filename: str) -> CheckedPdf:
    """Refuse what is too big, not a PDF, damaged or locked; measure the rest."""
    from pypdf import PdfReader

    name = shown(filename)
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(
            f"{name} is too big ({len(content) / 1_000_000:.1f} MB; at most "
            f"{MAX_FILE_BYTES / 1_000_000:.0f} MB a file). Save a smaller copy (fewer scanned pages)."
        )
    if not content.lstrip()[:5].startswith(b"%PDF-"):
        raise ValidationError(f"{name} is not a valid PDF: open it and save it as PDF again.")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                f"{name} is locked with a password: save an unlocked copy and add that instead."
            )
        blank = tuple(n for n, page in enumerate(reader.pages, 1) if not (page.extract_text() or "").strip())
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            f"{name} is not a valid PDF (it may be damaged): open it and save it as PDF again."
        ) from exc
    if pages == 0:
        raise ValidationError(f"{name} has no pages.")
    return CheckedPdf(filename, content, hashlib.sha256(content).hexdigest(), pages, blank)


def word_conversion_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def _converted(path: Path, name: str) -> bytes:
    """A Word or OpenDocument file converted to PDF by LibreOffice, headless."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ValidationError(
            f"{name} is a Word file and this computer has no LibreOffice to convert it: "
            "open it in Word, save it as PDF, and add the PDF."
        )
    read_input(path, MAX_FILE_BYTES)  # the size and the file's presence, said in words
    with tempfile.TemporaryDirectory(prefix="panelapp-convert-") as work:
        profile = Path(work, "profile").as_uri()  # its own profile: never clashes with an open LibreOffice
        command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", work, str(path)]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ValidationError(
                f"{name} could not be converted to PDF: save it as PDF and add that."
            ) from exc
        produced = Path(work, path.with_suffix(".pdf").name)
        if not produced.is_file():
            raise ValidationError(f"{name} could not be converted to PDF: save it as PDF and add that.")
        return produced.read_bytes()


def find_case(session: Session, agency_id: int, reference: str) -> Case:
    case = session.scalar(
        select(Case).where(Case.agency_id == agency_id, Case.reference == reference.strip())
    )
    if case is None:
        raise NotFound(f'No case has the reference "{reference.strip()}".')
    return case


def add_paper_file(ctx: ServiceContext, case_id: int, paper_type: str, path: Path | str) -> AddedFile:
    """Keep `path` as the newest version of the case's `paper_type` paper (a checklist code,
    or "other"), and mark the paper received when it is the first file."""
    checked = read_paper_file(path)  # all the slow, refusable work before the transaction
    return store_paper_file(ctx, case_id, paper_type, checked)


def add_paper_file_by_reference(
    ctx: ServiceContext, reference: str, paper_type: str, path: Path | str
) -> AddedFile:
    with ctx.read() as session:
        case_id = find_case(session, ctx.agency_id, reference).id
    return add_paper_file(ctx, case_id, paper_type, path)


def store_paper_file(ctx: ServiceContext, case_id: int, paper_type: str, checked: CheckedPdf) -> AddedFile:
    code = paper_type.strip()
    summary = f"File {shown(checked.filename)} added for {paper_label(code)}"
    with ctx.write(Permission.EDIT_CASES, summary) as session:
        case = session.get(Case, case_id)
        if case is None or case.agency_id != ctx.agency_id:
            raise NotFound("That case no longer exists.")
        paper = _checklist_paper(case, code)
        session.flush()
        if session.get(PaperBlob, checked.sha256) is None:
            session.add(
                PaperBlob(sha256=checked.sha256, size_bytes=len(checked.content), content=checked.content)
            )
        latest = session.scalar(
            select(func.max(PaperFile.version)).where(PaperFile.case_paper_id == paper.id)
        )
        row = PaperFile(
            case_paper_id=paper.id,
            version=(latest or 0) + 1,
            filename=checked.filename[:255],
            sha256=checked.sha256,
            size_bytes=len(checked.content),
            pages=checked.pages,
            pages_without_text=",".join(str(p) for p in checked.pages_without_text),
            added_by=ctx.user.username,
        )
        session.add(row)
        if paper.received_on is None:
            paper.received_on = ctx.today()  # late or on time: paper_state reads it against due_on
        paper.returned_for_amendment = False  # the amended paper came back
        case.updated_by = ctx.user.username
        session.flush()
        return AddedFile(_file_row(row, paper, case.id), to_row(paper, ctx.today()), latest is None)


def _checklist_paper(case: Case, code: str) -> CasePaper:
    for paper in case.papers:
        if paper.paper_type == code:
            return paper
    if code != OTHER:
        codes = ", ".join(sorted({p.paper_type for p in case.papers} | {OTHER}))
        raise ValidationError(
            f'"{code}" is not a paper on case {case.reference}\'s checklist: use one of {codes}.'
        )
    due = next((p.due_on for p in case.papers if p.due_on), None)
    hearing_id = next((p.hearing_id for p in case.papers if p.hearing_id), None)
    paper = CasePaper(paper_type=OTHER, due_on=due, hearing_id=hearing_id)
    case.papers.append(paper)
    return paper


def _file_row(row: PaperFile, paper: CasePaper, case_id: int) -> PaperFileRow:
    return PaperFileRow(
        id=row.id,
        case_id=case_id,
        case_paper_id=paper.id,
        paper_type=paper.paper_type,
        label=paper_label(paper.paper_type),
        version=row.version,
        filename=row.filename,
        sha256=row.sha256,
        size_bytes=row.size_bytes,
        pages=row.pages,
        pages_without_text=parse_pages(row.pages_without_text),
        added_by=row.added_by,
        added_at=row.added_at,
    )


def list_paper_files(ctx: ServiceContext, case_id: int) -> list[PaperFileRow]:
    """Every version of every paper's file, newest version first within each paper."""
    with ctx.read() as session:
        case = session.get(Case, case_id)
        if case is None or case.agency_id != ctx.agency_id:
            raise NotFound("That case no longer exists.")
        rows = session.execute(
            select(PaperFile, CasePaper)
            .join(CasePaper, CasePaper.id == PaperFile.case_paper_id)
            .where(CasePaper.case_id == case_id)
            .order_by(CasePaper.id, PaperFile.version.desc())
        ).all()
        return [_file_row(f, p, case_id) for f, p in rows]


def latest_files(session: Session, case_ids: Sequence[int]) -> dict[int, list[tuple[CasePaper, PaperFile]]]:
    """Per case, each checklist paper with its newest file (papers without a file left out)."""
    newest = (
        select(PaperFile.case_paper_id, func.max(PaperFile.version).label("version"))
        .group_by(PaperFile.case_paper_id)
        .subquery()
    )
    rows = session.execute(
        select(CasePaper, PaperFile)
        .join(newest, newest.c.case_paper_id == CasePaper.id)
        .join(
            PaperFile,
            (PaperFile.case_paper_id == CasePaper.id) & (PaperFile.version == newest.c.version),
        )
        .where(CasePaper.case_id.in_(list(case_ids)))
        .order_by(CasePaper.id)
    ).all()
    found: dict[int, list[tuple[CasePaper, PaperFile]]] = {}
    for paper, file in rows:
        found.setdefault(paper.case_id, []).append((paper, file))
    return found


def file_content(ctx: ServiceContext, paper_file_id: int) -> tuple[str, bytes]:
    """A stored version's name and bytes (to open it, or to save a copy)."""
    with ctx.read() as session:
        row = session.get(PaperFile, paper_file_id)
        if row is None:
            raise NotFound("That file is no longer kept.")
        blob = session.get(PaperBlob, row.sha256)
        assert blob is not None  # RESTRICT: a file's bytes outlive it
        return row.filename, blob.content


def version_filename(filename: str, version: int) -> str:
    """The name a saved or opened copy gets: the file's own name and its version."""
    path = Path(filename)
    suffix = path.suffix or ".pdf"
    return f"{path.stem} (version {version}){suffix}"


def save_paper_file(ctx: ServiceContext, paper_file_id: int, out: Path | str) -> Path:
    """Save a copy of a kept version (the newest or an older one) to `out`, whole or not at
    all (the atomic writer; the copy is the owner's only)."""
    check_output(out)
    _name, content = file_content(ctx, paper_file_id)
    return write_bytes(out, content)


def open_paper_file(ctx: ServiceContext, paper_file_id: int) -> Path:
    """A copy of a kept version in a new private temporary folder (0700), to open in the
    machine's PDF reader: the database keeps the original, the copy cannot change it."""
    with ctx.read() as session:
        row = session.get(PaperFile, paper_file_id)
        if row is None:
            raise NotFound("That file is no longer kept.")
        name = version_filename(row.filename, row.version)
    folder = Path(tempfile.mkdtemp(prefix="panelapp-paper-"))
    return save_paper_file(ctx, paper_file_id, folder / name)
