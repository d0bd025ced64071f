"""`python -m bench.bench_pack`: the panel pack's speed and memory (issue 22), printed as JSON.

A demo agency, a sitting with six cases and 300 pages of generated papers (reportlab, text
on every page, so the names check reads them all). Measured: one 300-page pack (names check,
agenda, merge, bookmarks, stamping, write), and ten personalised AES-256 packs of it
(`--for all`: the check once, then one stamped, encrypted pack each). Targets: one pack
<= 5 s, ten personalised encrypted packs <= 20 s.

Memory: packs of 100, 300 and 900 pages, each written by a fresh process on a database
prepared beforehand, which reports its peak RSS before and after writing the pack (so the
demo data and the generated papers do not count). "Flat in the number of pages" means the
growth stays near the size of the papers' files, not of their pages held as objects.
"""

from __future__ import annotations

import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from db.engine import make_engine
from db.migrate import upgrade_database
from db.models import Attendance, Meeting, Member, Panel
from panelapp import clock
from panelapp.domain import case_types
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services import agency, cases, pack, papers
from panelapp.services.context import CurrentUser, ServiceContext

TODAY = date(2026, 11, 20)
SITTING = date(2026, 12, 17)  # a Thursday: no demo panel sits that day
PAGES = 300
MEMORY_PAGES = (100, 300, 900)
CASES = (  # case type, share of the pages in 300
    ("approval", 60),
    ("approval", 50),
    ("match", 80),
    ("match", 60),
    ("review", 25),
    ("deregistration", 25),
)
RECIPIENTS = 10


def _paper(pages: int, title: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 10)
        for line in range(45):
            canvas.drawString(
                60, 790 - 16 * line, f"{title}, page {n}: the household's story, line {line + 1}."
            )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _new_sitting(ctx: ServiceContext) -> int:
    """A scheduled sitting of Panel 1 with RECIPIENTS people (its adviser among them)."""
    with ctx.write(Permission.SCHEDULE_MEETINGS, "bench sitting") as session:
        panel = session.scalar(select(Panel).where(Panel.name == "Panel 1"))
        assert panel is not None
        meeting = Meeting(panel_id=panel.id, date=SITTING, start_time=clock_time(9, 30),
                          end_time=clock_time(15, 0), status="scheduled", teams_link=panel.teams_link,
                          venue=panel.venue)  # fmt: skip
        session.add(meeting)
        session.flush()
        members = session.scalars(
            select(Member)
            .where(Member.id != (panel.lead_adviser_id or 0))  # the adviser gets a pack anyway
            .order_by(Member.home_panel_id != panel.id, Member.id)
        )
        for member in list(members)[: RECIPIENTS - 1]:
            session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status="invited"))
        return meeting.id


def _new_case(ctx: ServiceContext, reference: str, case_type: str) -> cases.CaseDetail:
    kent = next(la for la in cases.local_authority_choices(ctx) if la.name == "Kent")
    concerns_children = case_types.get(case_type).concerns_children
    return cases.create_case(
        ctx,
        cases.CaseInput(
            reference=reference,
            case_type=case_type,
            household="Alex and Sam Example",
            local_authority_id=kent.id,
            locality_id=kent.localities[0][0],
            children=(cases.ChildData("AB", "Aled Bryn"),) if concerns_children else (),
            social_workers=(
                cases.SocialWorkerData("adopters", "Robin Worker", "Kent adoption team", "r@x.org"),
            ),
        ),
    )


def _sitting(ctx: ServiceContext, work: Path, pages: int = PAGES) -> int:
    """A sitting with RECIPIENTS people and six cases whose papers come to `pages` pages."""
    meeting_id = _new_sitting(ctx)
    shares = [share * pages // PAGES for _kind, share in CASES]
    shares[0] += pages - sum(shares)
    for n, ((kind, _share), case_pages) in enumerate(zip(CASES, shares, strict=True), 1):
        case = _new_case(ctx, f"BENCH-{n}", kind)
        cases.book_case(ctx, case.id, meeting_id, today=TODAY)
        codes = [p.paper_type for p in case.papers]
        for m, code in enumerate(codes):
            share = case_pages // len(codes) + (case_pages % len(codes) if m == 0 else 0)
            path = work / f"{n}-{code}.pdf"
            path.write_bytes(_paper(share, f"{code} for BENCH-{n}"))
            papers.add_paper_file(ctx, case.id, code, path)
    return meeting_id


def _context(url: str) -> ServiceContext:
    return ServiceContext(make_engine(url), CurrentUser("bench", "Bench", UserRole.ADMINISTRATOR))


def _prepared(work: Path, pages: int) -> tuple[str, int]:
    """A database with the demo agency and a sitting of `pages` pages of papers."""
    url = f"sqlite:///{work / f'bench-{pages}.sqlite3'}"
    engine = make_engine(url)
    upgrade_database(engine)
    engine.dispose()
    ctx = _context(url)
    agency.load_demo_data(ctx, until=TODAY)
    meeting_id = _sitting(ctx, work, pages)
    ctx.engine.dispose()
    return url, meeting_id


def _peak_mb() -> float:
    """This process's peak RSS. Linux's VmHWM is the peak of this program only: ru_maxrss
    also keeps the parent's size at the fork across exec."""
    status = Path("/proc/self/status")
    if status.exists():
        found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.MULTILINE)
        if found:
            return round(int(found.group(1)) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure_one(url: str, meeting_id: int, out: Path) -> dict[str, Any]:
    """In a fresh process: the peak RSS before and after writing one pack (every module the
    pack needs imported first, so only the pack's own memory shows)."""
    import panelapp.exports.pdf.pack  # noqa: F401  (imported before the baseline)

    clock.set_today(TODAY)
    ctx = _context(url)
    pack.pack_items(ctx, meeting_id)
    before = _peak_mb()
    started = time.perf_counter()
    written = pack.write_pack(ctx, meeting_id, out)
    seconds = time.perf_counter() - started
    from pypdf import PdfReader

    return {
        "pages": len(PdfReader(written.packs[0].out).pages),
        "seconds": round(seconds, 2),
        "rss_before_mb": before,
        "peak_rss_mb": _peak_mb(),
        "growth_mb": round(_peak_mb() - before, 1),
    }


def memory(sizes: tuple[int, ...] = MEMORY_PAGES) -> list[dict[str, Any]]:
    clock.set_today(TODAY)
    found = []
    with tempfile.TemporaryDirectory(prefix="panelapp-bench-pack-") as folder:
        for pages in sizes:
            work = Path(folder) / str(pages)
            work.mkdir()
            url, meeting_id = _prepared(work, pages)
            files_mb = sum(p.stat().st_size for p in work.glob("*.pdf")) / 1_000_000
            command = ["-m", "bench.bench_pack", "--one", url, str(meeting_id), str(work / "p.pdf")]
            child = subprocess.run(
                [sys.executable, *command], check=True, capture_output=True, text=True,
                cwd=Path(__file__).resolve().parent.parent,
            )  # fmt: skip
            found.append({"papers_mb": round(files_mb, 1), **json.loads(child.stdout.splitlines()[-1])})
    return found


def run() -> dict[str, Any]:
    clock.set_today(TODAY)
    with tempfile.TemporaryDirectory(prefix="panelapp-bench-pack-") as folder:
        work = Path(folder)
        url, meeting_id = _prepared(work, PAGES)
        ctx = _context(url)
        started = time.perf_counter()
        one = pack.write_pack(ctx, meeting_id, work / "pack.pdf")
        one_s = time.perf_counter() - started
        from pypdf import PdfReader

        pages = len(PdfReader(one.packs[0].out).pages)
        started = time.perf_counter()
        many = pack.write_packs(ctx, meeting_id, work / "packs", work / "passwords.txt")
        many_s = time.perf_counter() - started
        ctx.engine.dispose()
    return {
        "pack_pages": pages,
        "one_pack_s": round(one_s, 2),
        "personalised_encrypted_packs": len(many.packs),
        "personalised_encrypted_s": round(many_s, 2),
        "peak_rss_mb": _peak_mb(),
        "memory_by_pages": memory(),
        "targets": {"one_pack_s": 5, "ten_packs_s": 20},
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure_one(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))))
    elif sys.argv[1:2] == ["--memory"]:
        print(json.dumps(memory(tuple(int(a) for a in sys.argv[2:]) or MEMORY_PAGES)))
    else:
        print(json.dumps(run()))
