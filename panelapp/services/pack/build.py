"""Writing a sitting's panel pack: checked, compiled, personalised, encrypted, recorded.

`write_pack` writes one pack (for one recipient when `for_email` is given); `write_packs`
one per member sitting and the adviser into a folder, each encrypted with its own password
and the passwords listed in a separate file to send by another channel; `write_addendum`
only the papers changed since a holder's pack, `write_addenda` one such addendum for each
holder of an out-of-date pack, each with its own password. Every pack is refused while a paper names
someone withheld (services.papers.scan) unless an administrator gives a reason (audited).
A password is made by the `secrets` module and written to a file only its owner can read.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from panelapp.documents.pack import ADDENDUM, FULL, PackDocument
from panelapp.domain.periods import uk_date
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.files import check_output, shown
from panelapp.services.pack import circulation
from panelapp.services.pack.contents import (
    ItemInPack,
    agenda_pdf,
    load_contents,
    pack_document,
    pack_items,
    to_check,
)
from panelapp.services.papers.scan import PackBlocked, ScanReport, allow_despite_names, check_papers

ProgressFn = Callable[[int, str], None]
# No 0/O, 1/l/I: a password read out over the phone or typed from a text message.
PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_GROUPS = 5  # 5 groups of 4: about 115 bits


@dataclass(frozen=True)
class WrittenPack:
    out: Path
    recipient: str
    sha256: str
    password: str = ""


@dataclass(frozen=True)
class PackResult:
    packs: tuple[WrittenPack, ...]
    report: ScanReport
    password_file: Path | None = None

    @property
    def summary(self) -> str:
        lines = [
            f"Pack written to {p.out}" + (f" (for {p.recipient})" if p.recipient else "") for p in self.packs
        ]
        if self.password_file is not None:
            lines.append(f"Password{'s' if len(self.packs) > 1 else ''} written to {self.password_file} "
                         "(readable by you only): send by another channel than the pack.")  # fmt: skip
        unchecked = self.report.unchecked_text()
        return "\n".join([*lines, *([unchecked] if unchecked else [])])


def new_password() -> str:
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(PASSWORD_GROUPS)
    )


def write_private(path: Path, text: str) -> Path:
    """Write `text` to a file only its owner can read (0600), replacing any file there."""
    check_output(path)
    path = Path(path)
    part = path.with_name(path.name + ".part")
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(part, 0o600)  # an umask never widens it; a file already there is narrowed
        part.replace(path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def _checked(
    ctx: ServiceContext,
    meeting_id: int,
    items: Sequence[ItemInPack],
    override_reason: str,
    progress: ProgressFn,
) -> tuple[ScanReport, dict[str, bytes]]:
    """Load the papers and read every page for withheld names (refused, or let out audited)."""
    if not items:
        raise ValidationError("No cases are booked onto this sitting: there is no pack to write.")
    contents = load_contents(ctx, items)
    report = check_papers(ctx, to_check(items, contents), lambda p, t: progress(p * 30 // 100, t))
    if report.blocked:
        if not override_reason.strip():
            raise PackBlocked(report)
        allow_despite_names(ctx, meeting_id, report, override_reason)
    return report, contents


def _render(
    document: PackDocument,
    out: Path,
    recipient: str,
    password: str,
    progress: ProgressFn,
    span: tuple[int, int],
) -> WrittenPack:
    from panelapp.exports.pdf.pack import write_pack_pdf

    low, high = span
    written = write_pack_pdf(
        document, out, recipient, password, lambda p, t: progress(low + (high - low) * p // 100, t)
    )
    digest = hashlib.sha256(written.read_bytes()).hexdigest()
    return WrittenPack(written, recipient, digest, password)


def write_pack(
    ctx: ServiceContext,
    meeting_id: int,
    out: Path,
    for_email: str = "",
    password_file: Path | None = None,
    override_reason: str = "",
    progress: ProgressFn | None = None,
) -> PackResult:
    """One pack to `out`: personalised for `for_email` (a member sitting or the adviser),
    encrypted with a new password written to `password_file` when one is named."""
    report_to = progress or (lambda _p, _t: None)
    check_output(out)
    if password_file is not None:
        check_output(password_file)
    recipient = circulation.find_recipient(ctx, meeting_id, for_email) if for_email.strip() else None
    items = pack_items(ctx, meeting_id)
    report, contents = _checked(ctx, meeting_id, items, override_reason, report_to)
    document = pack_document(
        ctx, meeting_id, items, contents, agenda_pdf(ctx, meeting_id, bool(override_reason))
    )
    password = new_password() if password_file is not None else ""
    if password_file is not None:
        write_private(password_file, password + "\n")
    name = recipient.name if recipient else ""
    written = _render(document, Path(out), name, password, report_to, (35, 100))
    circulation.record(ctx, meeting_id, [(recipient, written.sha256)], FULL, items)
    return PackResult((written,), report, password_file)


def write_packs(
    ctx: ServiceContext,
    meeting_id: int,
    folder: Path,
    password_file: Path,
    override_reason: str = "",
    progress: ProgressFn | None = None,
) -> PackResult:
    """One encrypted pack per member sitting and the adviser, into `folder`; the list of
    passwords (name, email, file, password) to `password_file`, readable by its owner only."""
    report_to = progress or (lambda _p, _t: None)
    people = circulation.recipients(ctx, meeting_id)
    if not people:
        raise ValidationError("Nobody is sitting at this panel yet: add the roster first.")
    folder = _folder(folder, password_file)
    items = pack_items(ctx, meeting_id)
    report, contents = _checked(ctx, meeting_id, items, override_reason, report_to)
    document = pack_document(
        ctx, meeting_id, items, contents, agenda_pdf(ctx, meeting_id, bool(override_reason))
    )
    written = []
    for n, person in enumerate(people):
        span = (35 + 65 * n // len(people), 35 + 65 * (n + 1) // len(people))
        out = folder / f"{_file_stem(document, person.name)}.pdf"
        written.append(_render(document, out, person.name, new_password(), report_to, span))
    _password_list(password_file, people, written)
    circulation.record(
        ctx, meeting_id, [(p, w.sha256) for p, w in zip(people, written, strict=True)], FULL, items
    )
    return PackResult(tuple(written), report, password_file)


def _folder(folder: Path, password_file: Path) -> Path:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"{shown(folder)} is a file: with --for all, name a folder for the packs.")
    check_output(password_file)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _password_list(
    password_file: Path, people: Sequence[circulation.Recipient], written: Sequence[WrittenPack]
) -> None:
    """Name, email, file and password, one person a line, readable by its owner only."""
    lines = ["Panel pack passwords: send each by another channel than the pack (a text or a call).", ""]
    lines += [f"{p.name}\t{p.email or '(no email)'}\t{w.out.name}\t{w.password}"
              for p, w in zip(people, written, strict=True)]  # fmt: skip
    write_private(password_file, "\n".join(lines) + "\n")


def _file_stem(document: PackDocument, name: str) -> str:
    what = "addendum" if document.kind == ADDENDUM else "pack"
    stem = f"{document.panel} {what} {document.date.isoformat()} {name}"
    return re.sub(r"[^\w .()-]+", "", stem).strip()[:150]


def write_addendum(
    ctx: ServiceContext,
    meeting_id: int,
    out: Path,
    for_email: str = "",
    password_file: Path | None = None,
    override_reason: str = "",
    progress: ProgressFn | None = None,
) -> PackResult:
    """An addendum with only the papers changed since the holder's pack (for `for_email`), or
    since the latest pack sent to anyone when no one is named."""
    report_to = progress or (lambda _p, _t: None)
    check_output(out)
    recipient = circulation.find_recipient(ctx, meeting_id, for_email) if for_email.strip() else None
    held = circulation.holdings(ctx, meeting_id)
    key = f"member:{recipient.member_id}" if recipient else None
    if key is not None and key not in held:
        raise ValidationError(
            f"{recipient.name if recipient else ''} has not been sent a pack yet: send the full pack."
        )
    versions = held[key][1] if key else _latest_pack_versions(held)
    items = _changed_items(pack_items(ctx, meeting_id), versions)
    if not items:
        raise ValidationError("No paper has changed since the pack was circulated: no addendum is needed.")
    report, contents = _checked(ctx, meeting_id, items, override_reason, report_to)
    document = pack_document(ctx, meeting_id, items, contents, b"", ADDENDUM, _addendum_note(ctx))
    password = new_password() if password_file is not None else ""
    if password_file is not None:
        write_private(password_file, password + "\n")
    written = _render(
        document, Path(out), recipient.name if recipient else "", password, report_to, (35, 100)
    )
    circulation.record(ctx, meeting_id, [(recipient, written.sha256)], ADDENDUM, items)
    return PackResult((written,), report, password_file)


def write_addenda(
    ctx: ServiceContext,
    meeting_id: int,
    folder: Path,
    password_file: Path,
    override_reason: str = "",
    progress: ProgressFn | None = None,
) -> PackResult:
    """One addendum per person holding an out-of-date pack, into `folder`: each with only the
    papers changed since their own pack, encrypted with its own password, the passwords
    listed in `password_file` (readable by its owner only) as for the full packs."""
    report_to = progress or (lambda _p, _t: None)
    folder = _folder(folder, password_file)
    items = pack_items(ctx, meeting_id)
    behind = [(person, changed) for person, versions in circulation.personal_holdings(ctx, meeting_id)
              if (changed := _changed_items(items, versions))]  # fmt: skip
    if not behind:
        raise ValidationError(
            "Everyone sent a pack holds every paper's newest version: no addendum is needed."
        )
    wanted = {(i.case_id, p.case_paper_id) for _person, changed in behind for i in changed for p in i.papers}
    union = _changed_items(items, {}, wanted)
    report, contents = _checked(ctx, meeting_id, union, override_reason, report_to)
    written = []
    for n, (person, changed) in enumerate(behind):
        span = (35 + 65 * n // len(behind), 35 + 65 * (n + 1) // len(behind))
        document = pack_document(ctx, meeting_id, changed, contents, b"", ADDENDUM, _addendum_note(ctx))
        out = folder / f"{_file_stem(document, person.name)}.pdf"
        written.append(_render(document, out, person.name, new_password(), report_to, span))
    people = [person for person, _changed in behind]
    _password_list(password_file, people, written)
    for (person, changed), pack in zip(behind, written, strict=True):
        circulation.record(ctx, meeting_id, [(person, pack.sha256)], ADDENDUM, changed)
    return PackResult(tuple(written), report, password_file)


def _addendum_note(ctx: ServiceContext) -> str:
    return (
        f"Only the papers changed since the pack circulated (as at {uk_date(ctx.today())}): "
        "replace them in your pack."
    )


def _latest_pack_versions(held: Mapping[str, tuple[Sequence[object], Mapping[str, int]]]) -> dict[str, int]:
    if not held:
        raise ValidationError("No pack has been circulated for this sitting yet: send the full pack.")
    merged: dict[str, int] = {}
    for _records, versions in held.values():
        for paper, version in versions.items():
            merged[paper] = min(merged.get(paper, version), version)  # the oldest anyone holds
    return merged


def _changed_items(
    items: Sequence[ItemInPack],
    versions: Mapping[str, int],
    only: set[tuple[int, int]] | None = None,
) -> list[ItemInPack]:
    """The items with only their papers not held in these versions (or, given `only`, the
    papers named there), the items with none left out."""
    changed = []
    for item in items:
        papers = tuple(
            p for p in item.papers
            if (versions.get(str(p.case_paper_id)) != p.paper_file_id if only is None
                else (item.case_id, p.case_paper_id) in only)
        )  # fmt: skip
        if papers:
            changed.append(replace(item, papers=papers, missing=()))
    return changed
