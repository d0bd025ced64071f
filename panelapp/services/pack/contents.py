"""What goes in a sitting's pack: the booked cases in agenda order, each with its papers'
newest files in the case type's paper order, the agenda as its own renderer draws it, and
the names check over every page (services.papers.scan)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from db.models import Agency, Hearing, Meeting, PaperBlob
from panelapp.documents.pack import FULL, PackDocument, PackPaper, PackSection
from panelapp.services.cases import withheld_names
from panelapp.services.cases.agenda import get_agenda
from panelapp.services.cases.agenda_assembly import LEFT_OFF, export_agenda
from panelapp.services.cases.papers import paper_label, required_papers_in
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ValidationError
from panelapp.services.papers.files import latest_files, parse_pages
from panelapp.services.papers.scan import PaperToCheck

ProgressFn = Callable[[int, str], None]


@dataclass(frozen=True)
class PaperInPack:
    """A checklist paper's newest file, as the pack and the circulation record name it."""

    case_paper_id: int
    paper_file_id: int
    paper_type: str
    label: str
    version: int
    filename: str
    sha256: str
    pages: int
    pages_without_text: tuple[int, ...]


@dataclass(frozen=True)
class ItemInPack:
    """One booked case of the sitting, in agenda order."""

    position: int
    case_id: int
    reference: str
    case_type_label: str
    household: str
    child_initials: str
    papers: tuple[PaperInPack, ...]
    missing: tuple[str, ...]

    @property
    def title(self) -> str:
        who = self.household + (f" ({self.child_initials})" if self.child_initials else "")
        return f"Item {self.position}: {self.reference}, {self.case_type_label}" + (f": {who}" if who else "")


def pack_items(ctx: ServiceContext, meeting_id: int) -> list[ItemInPack]:
    """The sitting's booked cases (not those taken off or withdrawn) and their papers."""
    agenda = get_agenda(ctx, meeting_id)
    with ctx.read() as session:
        statuses = dict(
            session.execute(select(Hearing.id, Hearing.status).where(Hearing.meeting_id == meeting_id)).all()
        )
        slots = [s for s in agenda.slots if s.is_case and statuses.get(s.hearing_id or 0) not in LEFT_OFF]
        files = latest_files(session, [s.case_id for s in slots if s.case_id is not None])
        orders = {s.case_type: required_papers_in(session, ctx.agency_id, s.case_type) for s in slots}
    items = []
    for position, slot in enumerate(slots, 1):
        assert slot.case_id is not None  # a case slot
        order = orders[slot.case_type]
        have = sorted(
            files.get(slot.case_id, []),
            key=lambda pf: (
                order.index(pf[0].paper_type) if pf[0].paper_type in order else len(order),
                pf[0].id,
            ),
        )
        papers = tuple(
            PaperInPack(
                p.id,
                f.id,
                p.paper_type,
                paper_label(p.paper_type),
                f.version,
                f.filename,
                f.sha256,
                f.pages,
                parse_pages(f.pages_without_text),
            )
            for p, f in have
        )
        missing = tuple(paper_label(code) for code in order if code not in {p.paper_type for p in papers})
        items.append(ItemInPack(position, slot.case_id, slot.reference, slot.case_type_label, slot.household,
                                slot.child_initials, papers, missing))  # fmt: skip
    return items


def load_contents(ctx: ServiceContext, items: Sequence[ItemInPack]) -> dict[str, bytes]:
    """Each file's bytes by SHA-256 (a file in two places is loaded once)."""
    wanted = sorted({p.sha256 for item in items for p in item.papers})
    with ctx.read() as session:
        return dict(
            session.execute(
                select(PaperBlob.sha256, PaperBlob.content).where(PaperBlob.sha256.in_(wanted))
            ).all()
        )


def to_check(items: Sequence[ItemInPack], contents: Mapping[str, bytes]) -> list[PaperToCheck]:
    return [
        PaperToCheck(
            item.case_id,
            item.reference,
            p.label,
            p.version,
            p.paper_file_id,
            p.pages_without_text,
            contents[p.sha256],
        )
        for item in items
        for p in item.papers
    ]


def agenda_pdf(ctx: ServiceContext, meeting_id: int, override: bool) -> bytes:
    """The agenda as `panelapp agenda --format pdf` writes it (scrubbed and checked)."""
    with tempfile.TemporaryDirectory(prefix="panelapp-pack-") as work:
        return export_agenda(ctx, meeting_id, "pdf", Path(work) / "agenda.pdf", override).read_bytes()


def pack_document(
    ctx: ServiceContext,
    meeting_id: int,
    items: Sequence[ItemInPack],
    contents: Mapping[str, bytes],
    agenda: bytes,
    kind: str = FULL,
    note: str = "",
) -> PackDocument:
    """The plain document the renderer draws: the cover's details scrubbed of withheld names."""
    with ctx.read() as session:
        meeting = session.get(Meeting, meeting_id)
        agency = session.get(Agency, ctx.agency_id)
        if meeting is None or agency is None:
            raise NotFound("That sitting no longer exists.")
        if meeting.status == "cancelled":
            raise ValidationError("That sitting is cancelled: it has no pack.")
        panel = meeting.panel.name
        sections = tuple(
            PackSection(
                item.title,
                tuple(PackPaper(p.label, p.version, p.filename, contents[p.sha256]) for p in item.papers),
                item.missing if kind == FULL else (),
            )
            for item in items
        )
        document = PackDocument(agency.name, agency.marking, panel, meeting.date, meeting.start_time,
                                meeting.end_time, meeting.teams_link, meeting.venue, sections, agenda, kind,
                                note)  # fmt: skip
    return withheld_names.for_meeting(ctx, meeting_id).scrub(document)
