"""The names check on every page of every paper before a pack circulates.

Each paper is read page by page (exports.text, as its readers will see it) and looked at
for the names of issue 19's machinery (services.cases.withheld_names, domain.privacy):

- its own case's names never to circulate: the children's full names and surnames and the
  names entered on the case (birth relatives, other names). A child's first name and
  known-as name are left out for the case's own papers: a CPR rightly calls the child by
  first name, and the initials rule is about identifying a child to strangers;
- the children of the other cases in the same pack (full names and surnames), which must
  never reach the members through the wrong case's papers.

Names of people rightly in a paper (members, the cases' social workers, decision makers)
are never reported. A hit blocks the pack and names the paper, the page and the words; an
administrator may let it out with a reason, audited. Pages without a text layer (scans)
cannot be read and are reported as unchecked, never silently passed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from db.models import AuditEntry
from panelapp.domain import privacy
from panelapp.services.cases import withheld_names
from panelapp.services.context import ServiceContext
from panelapp.services.errors import PermissionDenied, ValidationError

ProgressFn = Callable[[int, str], None]
OWN_PAPERS_MAY_SAY = ("known_as",)  # besides the child's first name


@dataclass(frozen=True)
class PaperToCheck:
    """A paper's newest file, loaded: where it belongs and its bytes."""

    case_id: int
    reference: str
    label: str
    version: int
    paper_file_id: int
    pages_without_text: tuple[int, ...]
    content: bytes


@dataclass(frozen=True)
class ScanHit:
    reference: str
    label: str
    version: int
    page: int
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        said = ", ".join(f'"{w}"' for w in self.words)
        return f"case {self.reference}, {self.label} (version {self.version}), page {self.page}: {said}"


@dataclass(frozen=True)
class UncheckedPages:
    reference: str
    label: str
    pages: tuple[int, ...]

    @property
    def text(self) -> str:
        pages = ", ".join(str(p) for p in self.pages)
        return f"case {self.reference}, {self.label}: page{'s' if len(self.pages) > 1 else ''} {pages}"


@dataclass(frozen=True)
class ScanReport:
    hits: tuple[ScanHit, ...]
    unchecked: tuple[UncheckedPages, ...]
    papers_checked: int

    @property
    def blocked(self) -> bool:
        return bool(self.hits)

    def describe(self, limit: int = 6) -> str:
        shown = "; ".join(h.text for h in self.hits[:limit])
        more = len(self.hits) - limit
        return shown + (f"; and {more} more" if more > 0 else "")

    def unchecked_text(self) -> str:
        if not self.unchecked:
            return ""
        listed = "; ".join(u.text for u in self.unchecked)
        return f"Pages without text, not checked for names (look at them yourself): {listed}."


class PackBlocked(ValidationError):
    """A paper names someone withheld: the pack is not written. `report` says where."""

    def __init__(self, report: ScanReport) -> None:
        super().__init__(
            f"The pack was not written: {report.describe()}, which must never circulate. "
            "Replace the paper with a corrected version, or ask an administrator to let it out "
            "with a reason."
        )
        self.report = report


def pack_names(
    ctx: ServiceContext, case_ids: Sequence[int]
) -> dict[int, tuple[tuple[privacy.WithheldName, ...], tuple[str, ...]]]:
    """Per case: the names its papers must not hold, and the names allowed in them."""
    everyone = withheld_names.for_cases(ctx, case_ids)
    own = {case_id: withheld_names.for_cases(ctx, [case_id]).names for case_id in case_ids}
    checks: dict[int, tuple[tuple[privacy.WithheldName, ...], tuple[str, ...]]] = {}
    for case_id in case_ids:
        names = [n for n in own[case_id] if not _own_paper_may_say(n)]
        for other_id in case_ids:
            if other_id != case_id:
                names += [n for n in own[other_id] if not _own_paper_may_say(n)]
        unique = {n.name.casefold(): n for n in names}
        ordered = sorted(unique.values(), key=lambda n: -len(n.name))
        checks[case_id] = (tuple(ordered), everyone.allowed)
    return checks


def _own_paper_may_say(name: privacy.WithheldName) -> bool:
    """A child's first name (a one-word "child" entry) and known-as names."""
    return name.kind in OWN_PAPERS_MAY_SAY or (name.kind == "child" and len(name.name.split()) == 1)


def check_papers(
    ctx: ServiceContext, papers: Sequence[PaperToCheck], progress: ProgressFn | None = None
) -> ScanReport:
    """Read every page of every paper and say where a withheld name is (see the module)."""
    from panelapp.exports.text import pdf_text

    checks = pack_names(ctx, sorted({p.case_id for p in papers}))
    hits: list[ScanHit] = []
    unchecked: list[UncheckedPages] = []
    for n, paper in enumerate(papers):
        if progress is not None:
            progress(int(100 * n / max(1, len(papers))), f"Checking {paper.label} of case {paper.reference}")
        names, allowed = checks[paper.case_id]
        pages = pdf_text(paper.content)[1:]  # the pages; a paper's own title does not reach the pack
        found = privacy.find_withheld(pages, names, allowed)
        words: dict[int, list[str]] = {}
        for finding in found:
            page = int(finding.where.removeprefix("page "))
            if finding.name not in words.setdefault(page, []):
                words[page].append(finding.name)
        hits += [
            ScanHit(paper.reference, paper.label, paper.version, page, tuple(w))
            for page, w in sorted(words.items())
        ]
        if paper.pages_without_text:
            unchecked.append(UncheckedPages(paper.reference, paper.label, paper.pages_without_text))
    return ScanReport(tuple(hits), tuple(unchecked), len(papers))


def allow_despite_names(ctx: ServiceContext, meeting_id: int, report: ScanReport, reason: str) -> None:
    """An administrator lets the pack out although its papers name someone withheld: the
    reason is required and the override audited (who, when, what was found, why)."""
    if not ctx.can(withheld_names.OVERRIDE_PERMISSION):
        raise PermissionDenied("Only an administrator can let out a pack whose papers name someone withheld.")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say why the pack may go out although its papers name someone withheld.")
    summary = f"Pack for sitting {meeting_id} let out despite withheld names: {reason}"
    with ctx.write(withheld_names.OVERRIDE_PERMISSION, summary) as session:
        session.add(
            AuditEntry(
                author=ctx.user.username,
                action="override",
                table_name="paper_file",
                row_id="",
                before=None,
                after={"meeting": meeting_id, "reason": reason, "found": [h.text for h in report.hits]},
                summary=summary[:500],
            )
        )
