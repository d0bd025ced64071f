"""Members files: CSV and XLSX import (preview, per-row errors, all or nothing) and export.

Import and export use the same columns, so an exported file imports back unchanged:
    name, email, roles, panels, qualified_on, joined_on, dbs_date, dbs_reference,
    appraisal_date, status, status_note
`roles` is a ';'-separated list of role codes, `panels` a ';'-separated list of panel
names (the first is the home panel), dates are ISO (YYYY-MM-DD) or dd/mm/yyyy.
Row numbers in messages are the spreadsheet's: the header is row 1.
Text a spreadsheet would take for a formula goes out with a leading quote (OWASP's rule,
panelapp.exports.files.neutralise) and that quote is taken off again when the file comes back.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Appraisal, DbsCheck, Member, MemberStatusPeriod, Panel
from panelapp.domain.fitness import dbs_certificate_number
from panelapp.domain.membership import PersonName, parse_file_date, parse_roles, split_name
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import MemberStatus, Role
from panelapp.exports import files
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.files import check_output, csv_rows, read_input, read_text, shown
from panelapp.services.members.listing import list_members
from panelapp.services.members.records import MemberInput, apply_member_input

COLUMNS = (
    "name",
    "email",
    "roles",
    "panels",
    "qualified_on",
    "joined_on",
    "dbs_date",
    "dbs_reference",
    "appraisal_date",
    "status",
    "status_note",
)
DATE_COLUMNS = frozenset({"qualified_on", "joined_on", "dbs_date", "appraisal_date"})
FORMATS = ("csv", "xlsx", "docx", "pdf")
XLSX_WIDTHS = (28, 32, 26, 22, 13, 13, 13, 16, 14, 10, 22)  # characters, one per column
MAX_FILE_BYTES = 50_000_000
# The longest each cell may be (the database's columns; first names and surname 100 each).
MAX_LENGTHS = {"name": 200, "email": 200, "roles": 400, "panels": 1000, "dbs_reference": 60,
               "status": 40, "status_note": 200} | {column: 40 for column in DATE_COLUMNS}  # fmt: skip
MAX_NAME_PART = 100
_STATUS_WORDS = {s.value: s for s in MemberStatus} | {s.label.lower(): s for s in MemberStatus}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (header = 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class ImportedMember:
    row: int
    name: PersonName
    email: str | None
    roles: tuple[Role, ...]
    panels: tuple[str, ...]
    qualified_on: date | None
    joined_on: date | None
    dbs_date: date | None
    dbs_reference: str
    appraisal_date: date | None
    status: MemberStatus
    status_note: str


@dataclass(frozen=True)
class ImportPreview:
    members: tuple[ImportedMember, ...]
    errors: tuple[RowError, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.members)


# -- reading -------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return files.read_back(str(value).strip())


def read_table(path: Path) -> list[list[str]]:
    """All rows of a CSV or XLSX file as text (XLSX: the first sheet); a file that cannot be
    read is refused in words (a folder, another format, a damaged workbook, an unknown encoding)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt"):
        rows = csv_rows(read_text(path), shown(path))
        return [[files.read_back(c.strip()) for c in row] for row in rows]
    raise ValidationError(
        f"{shown(path)} is not a CSV or XLSX file.", {"file": "Choose a .csv or .xlsx file."}
    )


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    raw = read_input(path, MAX_FILE_BYTES)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                return []
            sheet = workbook.worksheets[0]
            return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception:  # noqa: BLE001 - whatever openpyxl trips on, the workbook is damaged
        raise ValidationError(
            f"cannot read {shown(path)}: it is not an Excel workbook, or it is damaged; open it in "
            "Excel and save it again as .xlsx (or as 'CSV UTF-8')."
        ) from None


def parse_members_table(
    table: Sequence[Sequence[str]],
    panel_names: Sequence[str],
    emails_in_use: dict[str, str],
    today: date,
) -> ImportPreview:
    """Check every row; collect every error rather than stopping at the first."""
    if not table:
        return ImportPreview((), (RowError(1, "file", "the file is empty"),))
    header = [h.strip().lower() for h in table[0]]
    header_errors = _header_errors(header)
    if header_errors:
        return ImportPreview((), tuple(header_errors))
    checker = _RowChecker(panel_names, emails_in_use, today)
    errors: list[RowError] = []
    members: list[ImportedMember] = []
    for offset, raw in enumerate(table[1:]):
        cells = {h: (raw[i].strip() if i < len(raw) else "") for i, h in enumerate(header) if h}
        if any(cells.values()):
            member, row_errors = checker.check(offset + 2, cells)
            errors += row_errors
            members += [member] if member else []
    if not members and not errors:
        errors.append(RowError(2, "file", "the file has a header but no members"))
    return ImportPreview(tuple(members), tuple(errors))


def _header_errors(header: list[str]) -> list[RowError]:
    missing = [c for c in COLUMNS if c not in header]
    extra = [h for h in header if h and h not in COLUMNS]
    return [RowError(1, column, "this column is missing from the header row") for column in missing] + [
        RowError(1, column, f"unknown column (expected: {', '.join(COLUMNS)})") for column in extra
    ]


class _RowChecker:
    """Checks one row at a time, remembering the emails of the rows before it."""

    def __init__(self, panel_names: Sequence[str], emails_in_use: dict[str, str], today: date) -> None:
        self.panel_names = panel_names
        self.panels_by_key = {p.casefold(): p for p in panel_names}
        self.emails_in_use = emails_in_use
        self.today = today
        self.seen_emails: dict[str, int] = {}
        self.row = 0
        self.errors: list[RowError] = []

    def check(self, row: int, cells: dict[str, str]) -> tuple[ImportedMember | None, list[RowError]]:
        unusable = _unusable_cells(cells)
        if unusable:  # checked first, so no message ever quotes a damaged or enormous cell
            return None, [RowError(row, column, message) for column, message in unusable]
        self.row, self.errors = row, []
        name = self._name(cells["name"])
        email = self._email(cells["email"] or None)
        roles = self._roles(cells["roles"])
        panels = self._panels(cells["panels"])
        dates = self._dates(cells, roles)
        dbs_reference = self._dbs_reference(cells["dbs_reference"])
        status = _STATUS_WORDS.get((cells["status"] or "active").strip().lower())
        if status is None:
            self._bad("status", f'"{cells["status"]}" is not a status: use active, on_leave or left')
        if self.errors or name is None or status is None:
            return None, self.errors
        member = ImportedMember(
            row=row,
            name=name,
            email=email,
            roles=roles,
            panels=tuple(panels),
            qualified_on=dates["qualified_on"],
            joined_on=dates["joined_on"],
            dbs_date=dates["dbs_date"],
            dbs_reference=dbs_reference,
            appraisal_date=dates["appraisal_date"],
            status=status,
            status_note=cells["status_note"],
        )
        return member, []

    def _bad(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def _name(self, text: str) -> PersonName | None:
        try:
            name = split_name(text)
        except ValueError:
            self._bad("name", "a name is needed")
            return None
        if max(len(name.first), len(name.last)) > MAX_NAME_PART:
            self._bad("name", f"the first names or the surname are longer than {MAX_NAME_PART} characters")
        return name

    def _email(self, email: str | None) -> str | None:
        if not email:
            return email
        key = email.casefold()
        if "@" not in email or "." not in email.split("@")[-1]:
            self._bad("email", f'"{email}" is not an email address')
        elif key in self.seen_emails:
            self._bad(
                "email", f"{email} is also on row {self.seen_emails[key]}: each member needs their own email"
            )
        elif key in self.emails_in_use:
            self._bad("email", f"{email} already belongs to {self.emails_in_use[key]} on the central list")
        self.seen_emails.setdefault(key, self.row)
        return email

    def _roles(self, text: str) -> tuple[Role, ...]:
        try:
            roles = parse_roles(text)
        except ValueError as exc:
            self._bad("roles", str(exc))
            return ()
        if not roles:
            self._bad("roles", "at least one role is needed")
        return roles

    def _panels(self, text: str) -> list[str]:
        panels: list[str] = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            if part.casefold() not in self.panels_by_key:
                known = ", ".join(self.panel_names) or "none"
                self._bad("panels", f'no panel is called "{part}" (panels: {known})')
            elif self.panels_by_key[part.casefold()] not in panels:
                panels.append(self.panels_by_key[part.casefold()])
        return panels

    def _dates(self, cells: dict[str, str], roles: tuple[Role, ...]) -> dict[str, date | None]:
        dates: dict[str, date | None] = {}
        for column in sorted(DATE_COLUMNS):
            try:
                dates[column] = parse_file_date(cells[column])
            except ValueError as exc:
                self._bad(column, str(exc))
                dates[column] = None
        for column in ("qualified_on", "dbs_date", "appraisal_date"):
            value = dates[column]
            if value is not None and value > self.today:
                self._bad(column, f"{value:%d/%m/%Y} is in the future")
        if Role.SOCIAL_WORKER in roles and dates["qualified_on"] is None and not cells["qualified_on"]:
            self._bad("qualified_on", "a social work member needs a qualification date (for PQE)")
        if cells["dbs_reference"] and dates["dbs_date"] is None and not cells["dbs_date"]:
            self._bad("dbs_date", "a DBS certificate number needs the date of the check")
        return dates

    def _dbs_reference(self, text: str) -> str:
        """The certificate number as stored (12 digits); "" when the cell is empty."""
        if not text.strip():
            return ""
        try:
            return dbs_certificate_number(text)
        except ValueError as exc:
            self._bad("dbs_reference", str(exc).rstrip(".").replace("A DBS", "a DBS", 1))
            return ""


def _unusable_cells(cells: dict[str, str]) -> list[tuple[str, str]]:
    """Cells no member can have: a NUL character (a damaged file) or longer than the column."""
    found = []
    for column, value in cells.items():
        limit = MAX_LENGTHS.get(column, 200)
        if "\x00" in value:
            found.append(
                (column, "this cell holds a NUL character, which cannot be saved (the file may be damaged)")
            )
        elif len(value) > limit:
            found.append((column, f"this cell is longer than {limit} characters"))
    return found


def _lookups(session: Session, agency_id: int) -> tuple[dict[str, int], dict[str, str]]:
    panels = {
        name: pid
        for name, pid in session.execute(select(Panel.name, Panel.id).where(Panel.agency_id == agency_id))
    }
    emails = {
        str(e).casefold(): f"{f} {last}"
        for e, f, last in session.execute(
            select(Member.email, Member.first_name, Member.last_name)
            .where(Member.agency_id == agency_id)
            .where(Member.email.is_not(None))
        )
    }
    return panels, emails


def preview_import(ctx: ServiceContext, path: Path, today: date | None = None) -> ImportPreview:
    """Read and check a file without saving anything: what the preview dialog shows."""
    today = today or ctx.today()
    table = read_table(path)
    with ctx.read() as session:
        panels, emails = _lookups(session, ctx.agency_id)
    return parse_members_table(table, sorted(panels), emails, today)


def refusal(preview: ImportPreview) -> ValidationError:
    lines = [str(e) for e in preview.errors]
    return ValidationError(
        f"The file was not imported: {len(lines)} problem(s) to correct, nothing was saved.\n"
        + "\n".join(lines),
        {f"row {e.row}, {e.column}": e.message for e in preview.errors},
    )


def import_members(ctx: ServiceContext, path: Path, today: date | None = None) -> int:
    """Add every member in the file, or none of them. Returns how many were added."""
    today = today or ctx.today()
    table = read_table(path)
    with ctx.write(Permission.IMPORT_DATA, f"Members imported from {Path(path).name}") as session:
        panels, emails = _lookups(session, ctx.agency_id)
        preview = parse_members_table(table, sorted(panels), emails, today)
        if not preview.ok:
            raise refusal(preview)
        for item in preview.members:
            session.add(_new_member(session, ctx.agency_id, item, panels, today))
        session.flush()
        return len(preview.members)


def _new_member(
    session: Session, agency_id: int, item: ImportedMember, panels: dict[str, int], today: date
) -> Member:
    member = Member(agency_id=agency_id, first_name="", last_name="")
    home = panels[item.panels[0]] if item.panels else None
    data = MemberInput(
        first_name=item.name.first,
        last_name=item.name.last,
        title=item.name.title,
        roles=tuple(r.value for r in item.roles),
        email=item.email,
        home_panel_id=home,
        covered_panel_ids=tuple(panels[p] for p in item.panels[1:]),
        qualified_on=item.qualified_on,
        joined_on=item.joined_on,
    )
    apply_member_input(session, member, data, today)
    # The file says only what the status is now: it starts today, after time on the list.
    joined = item.joined_on if item.joined_on and item.joined_on < today else None
    if item.status == MemberStatus.ACTIVE:
        member.statuses = [
            MemberStatusPeriod(status="active", start_date=joined or today, note=item.status_note)
        ]
    else:
        member.statuses = (
            [
                MemberStatusPeriod(
                    status="active", start_date=joined, end_date=today - timedelta(days=1), note=""
                )
            ]
            if joined
            else []
        )
        member.statuses.append(
            MemberStatusPeriod(status=item.status.value, start_date=today, note=item.status_note)
        )
    if item.dbs_date:
        member.dbs_checks = [DbsCheck(checked_on=item.dbs_date, reference=item.dbs_reference)]
    if item.appraisal_date:
        member.appraisals = [Appraisal(held_on=item.appraisal_date, chaired_by="", adviser="", notes="")]
    return member


# -- export --------------------------------------------------------------------------


def export_table(ctx: ServiceContext, today: date | None = None) -> list[dict[str, Any]]:
    """The central list in the file columns, surname order (dates as dates)."""
    rows = list_members(ctx, today)
    with ctx.read() as session:
        refs: dict[int, str] = {}
        for member_id, reference in session.execute(
            select(DbsCheck.member_id, DbsCheck.reference)
            .join(Member, Member.id == DbsCheck.member_id)
            .where(Member.agency_id == ctx.agency_id)
            .order_by(DbsCheck.checked_on, DbsCheck.id)
        ):
            refs[member_id] = reference or ""
    rows.sort(key=lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.email))
    return [
        {
            "name": r.name,
            "email": r.email,
            "roles": ";".join(r.roles),
            "panels": ";".join(r.panels),
            "qualified_on": r.qualified_on,
            "joined_on": r.joined_on,
            "dbs_date": r.dbs_date,
            "dbs_reference": refs.get(r.id, "") if r.dbs_date else "",
            "appraisal_date": r.appraisal_date,
            "status": r.status,
            "status_note": r.status_note,
        }
        for r in rows
    ]


def write_csv(rows: list[dict[str, Any]], out: Path) -> Path:
    values = ([v.isoformat() if isinstance(v, date) else (v or "") for v in row.values()] for row in rows)
    return files.write_csv(out, COLUMNS, values)


def write_xlsx(rows: list[dict[str, Any]], out: Path, marking: str) -> Path:
    values = (list(row.values()) for row in rows)
    return files.write_xlsx(out, "Central list", COLUMNS, values, XLSX_WIDTHS, marking)


def export_members(ctx: ServiceContext, fmt: str, out: Path, today: date | None = None) -> Path:
    """Write the central list as csv/xlsx (the import columns) or Appendix A as docx/pdf."""
    from panelapp.services.agency.setup import agency_summary

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValidationError(f'"{fmt}" is not a format: use {", ".join(FORMATS)}.', {"format": "Unknown"})
    check_output(out)  # a path that cannot be written is refused before any work
    summary = agency_summary(ctx)
    marking = summary.marking if summary else "OFFICIAL-SENSITIVE"
    if fmt == "csv":
        return write_csv(export_table(ctx, today), out)
    if fmt == "xlsx":
        return write_xlsx(export_table(ctx, today), out, marking)
    from panelapp.services.members.appendix import export_appendix

    return export_appendix(ctx, fmt, Path(out), today)
