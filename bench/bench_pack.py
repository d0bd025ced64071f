"""`python -m bench.bench_pack`: the panel pack's speed (issue 22), timings printed as JSON.

A demo agency, a sitting with six cases and 300 pages of generated papers (reportlab, text
on every page, so the names check reads them all). Measured: one 300-page pack (names check,
agenda, merge, bookmarks, stamping, write), and ten personalised AES-256 packs of it
(`--for all`: the check once, then one stamped, encrypted pack each), with the peak memory.
Targets: one pack <= 5 s, ten personalised encrypted packs <= 20 s.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from db.engine import make_engine
from db.migrate import upgrade_database
from db.models import Attendance, Member
from panelapp import clock
from panelapp.domain import case_types
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services import agency, cases, pack, papers
from panelapp.services.context import CurrentUser, ServiceContext

TODAY = date(2026, 11, 20)
SITTING = date(2026, 12, 17)
PAGES = 300
CASES = (
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


def _sitting(ctx: ServiceContext, work: Path) -> int:
    """A sitting with RECIPIENTS people and six cases whose papers come to PAGES pages."""
    from tests.services.cases.support import new_case, new_sitting

    meeting_id = new_sitting(ctx, day=SITTING)
    with ctx.write(Permission.SCHEDULE_MEETINGS, "bench roster") as session:
        sitting = set(
            session.scalars(select(Attendance.member_id).where(Attendance.meeting_id == meeting_id))
        )
        for member in session.scalars(select(Member).order_by(Member.id)):
            if len(sitting) >= RECIPIENTS - 1:  # and the adviser
                break
            if member.id not in sitting:
                session.add(Attendance(meeting_id=meeting_id, member_id=member.id, status="invited"))
                sitting.add(member.id)
    for n, (kind, pages) in enumerate(CASES, 1):
        concerns_children = case_types.get(kind).concerns_children
        children = (cases.ChildData("AB", "Aled Bryn"),) if concerns_children else ()
        case = new_case(ctx, f"BENCH-{n}", kind, children=children)
        cases.book_case(ctx, case.id, meeting_id, today=TODAY)
        codes = [p.paper_type for p in case.papers]
        for m, code in enumerate(codes):
            share = pages // len(codes) + (pages % len(codes) if m == 0 else 0)
            path = work / f"{n}-{code}.pdf"
            path.write_bytes(_paper(share, f"{code} for BENCH-{n}"))
            papers.add_paper_file(ctx, case.id, code, path)
    return meeting_id


def run() -> dict[str, Any]:
    clock.set_today(TODAY)
    with tempfile.TemporaryDirectory(prefix="panelapp-bench-pack-") as folder:
        work = Path(folder)
        engine = make_engine(f"sqlite:///{work / 'bench.sqlite3'}")
        upgrade_database(engine)
        ctx = ServiceContext(engine, CurrentUser("bench", "Bench", UserRole.ADMINISTRATOR))
        agency.load_demo_data(ctx, until=TODAY)
        meeting_id = _sitting(ctx, work)
        started = time.perf_counter()
        one = pack.write_pack(ctx, meeting_id, work / "pack.pdf")
        one_s = time.perf_counter() - started
        from pypdf import PdfReader

        pages = len(PdfReader(one.packs[0].out).pages)
        started = time.perf_counter()
        many = pack.write_packs(ctx, meeting_id, work / "packs", work / "passwords.txt")
        many_s = time.perf_counter() - started
        engine.dispose()
    return {
        "pack_pages": pages,
        "one_pack_s": round(one_s, 2),
        "personalised_encrypted_packs": len(many.packs),
        "personalised_encrypted_s": round(many_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {"one_pack_s": 5, "ten_packs_s": 20},
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(run()))
