"""Historic register import: one CSV row per hearing, so statistics cover the years before PanelApp.

Columns (any order): every one of REQUIRED_COLUMNS, and any of OPTIONAL_COLUMNS (COLUMNS is
both): `children` (how many children a match or plan covers: a sibling group of two is 2;
default 1) and `inter_agency` (yes/no: a match with another agency's adopters; default no),
an empty cell meaning the default, both ignored on rows where they do not apply. Codes are
those of domain.md; dates are ISO (2024-03-05) or dd/mm/yyyy; an empty date means that
step has not happened. A case heard twice has two rows with the same reference. Local
authorities, localities, panels and ADMs must already be in the agency setup. Sittings
that do not exist yet are created as held. All or nothing: one bad cell and nothing is
saved, and every bad row is named (row numbers are the file's line numbers, the header
being row 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    AdmDecisionRecord,
    Case,
    CaseChild,
    DecisionMaker,
    Grading,
    Hearing,
    LocalAuthority,
    Locality,
    Meeting,
    Panel,
    Recommendation,
)
from panelapp.domain import case_types
from panelapp.domain.agenda import sitting_end_time
from panelapp.domain.case_types import AdmRoute, CaseTypeRow
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import AdmDecision, CaseStatus, Grade, Outcome
from panelapp.services.cases.register_cells import MAX_CELL as MAX_CELL
from panelapp.services.cases.register_cells import MAX_CHILDREN, _Cells, _unusable_cells
from panelapp.services.cases.register_cells import MAX_REFERENCE as MAX_REFERENCE
from panelapp.services.cases.register_cells import MAX_VOTES as MAX_VOTES
from panelapp.services.cases.register_cells import ImportProblem as ImportProblem
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.files import csv_rows, read_text, shown

REQUIRED_COLUMNS = (
    "reference",
    "case_type",
    "panel",
    "panel_date",
    "local_authority",
    "locality",
    "outcome",
    "vote_for",
    "vote_against",
    "par_grade",
    "cpr_grade",
    "apr_grade",
    "adm_par_grade",
    "adm",
    "adm_decision",
    "adm_decision_date",
    "final_minutes_sent",
    "sw_notified",
    "letter_sent",
    "stage2_start",
)
OPTIONAL_COLUMNS = ("children", "inter_agency")
COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
GRADE_COLUMNS = (
    ("par_grade", "PAR", "panel"),
    ("cpr_grade", "CPR", "panel"),
    ("apr_grade", "APR", "panel"),
    ("adm_par_grade", "PAR", "adm"),
)
AFTER_PANEL_DATES = ("adm_decision_date", "final_minutes_sent", "sw_notified", "letter_sent")
MAX_LISTED = 25  # problems spelled out in the message; all of them are in `problems`

_PanelSetup = tuple[int, time, int, str, str]  # id, start, minutes, Teams link, venue


class RegisterImportError(ValidationError):
    def __init__(self, problems: list[ImportProblem]) -> None:
        rows = sorted({p.row for p in problems})
        how_many = f"{len(rows)} rows need" if len(rows) != 1 else "1 row needs"
        listed = "\n".join(str(p) for p in problems[:MAX_LISTED])
        more = f"\n... and {len(problems) - MAX_LISTED} more." if len(problems) > MAX_LISTED else ""
        super().__init__(
            f"Nothing was imported: {how_many} correcting.\n" + listed + more,
            field_errors={f"row {p.row}, {p.column}": p.message for p in problems},
        )
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    cases_created: int
    cases_extended: int
    hearings: int
    sittings_created: int


@dataclass
class _Row:
    line: int
    reference: str
    case_type: str
    panel_id: int
    panel_date: date
    la_id: int | None
    locality_id: int | None
    outcome: str | None
    vote_for: int | None
    vote_against: int | None
    grades: list[tuple[str, str, str]]  # paper, source, grade
    adm_id: int | None
    adm_decision: str | None
    dates: dict[str, date | None] = field(default_factory=dict)
    children: int = 0  # 0: the case type has no children (or the row says nothing)
    inter_agency: bool = False

    @property
    def has_adm_step(self) -> bool:
        return bool(self.adm_id or self.adm_decision or any(self.dates.get(c) for c in AFTER_PANEL_DATES))


Progress = Callable[[int, str], None]


def import_register_file(ctx: ServiceContext, path: Path, progress: Progress | None = None) -> ImportResult:
    """UTF-8, Excel's "Unicode text" (UTF-16, tabs) or Windows-1252; anything else is refused."""
    return import_register(ctx, read_text(path), progress, shown(path))


def import_register(
    ctx: ServiceContext, text: str, progress: Progress | None = None, name: str = "the file"
) -> ImportResult:
    report = progress or (lambda _p, _t: None)
    table = csv_rows(text, name)
    reader = iter(table[1:])
    header = [h.strip().lower() for h in (table[0] if table else [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        header_problems = []
        if missing:
            header_problems.append(ImportProblem(1, "", f"missing column(s): {', '.join(missing)}"))
        if unknown:
            header_problems.append(ImportProblem(1, "", f"unexpected column(s): {', '.join(unknown)}"))
        raise RegisterImportError(header_problems)
    records = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        padded = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        records.append((line, dict(zip(header, padded, strict=False))))
    if not records:
        raise ValidationError("The file has a header but no rows to import.")
    report(5, f"Checking {len(records)} rows")
    with ctx.write(
        Permission.IMPORT_DATA, f"Historic register imported ({len(records)} hearings)"
    ) as session:
        lookups = _Lookups(session, ctx.agency_id)
        problems: list[ImportProblem] = []
        rows = [r for r in (_parse(line, cells, lookups, problems) for line, cells in records) if r]
        _check_across_rows(rows, lookups, problems)
        if problems:
            raise RegisterImportError(
                sorted(
                    problems, key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else -1)
                )
            )
        report(40, "Saving")
        result = _save(session, ctx, rows, lookups)
    report(100, "Done")
    return result


class _Lookups:
    """The agency setup and what is already in the register, read once."""

    def __init__(self, session: Session, agency_id: int) -> None:
        self.agency_id = agency_id
        self.panels = {
            name.lower(): (pid, start, minutes, link, venue)
            for pid, name, start, minutes, link, venue in session.execute(
                select(
                    Panel.id,
                    Panel.name,
                    Panel.start_time,
                    Panel.duration_minutes,
                    Panel.teams_link,
                    Panel.venue,
                ).where(Panel.agency_id == agency_id)
            )
        }
        self.las = {
            name.lower(): (la_id, adm_id)
            for la_id, name, adm_id in session.execute(
                select(LocalAuthority.id, LocalAuthority.name, LocalAuthority.adm_id).where(
                    LocalAuthority.agency_id == agency_id
                )
            )
        }
        self.localities = {
            (la_id, name.lower()): loc_id
            for loc_id, la_id, name in session.execute(
                select(Locality.id, Locality.local_authority_id, Locality.name)
                .join(LocalAuthority, LocalAuthority.id == Locality.local_authority_id)
                .where(LocalAuthority.agency_id == agency_id)
            )
        }
        self.adms: dict[str, list[int]] = {}
        self.approvals_adm: int | None = None
        for adm_id, name, approvals in session.execute(
            select(DecisionMaker.id, DecisionMaker.name, DecisionMaker.handles_approvals).where(
                DecisionMaker.agency_id == agency_id
            )
        ):
            self.adms.setdefault(name.strip().lower(), []).append(adm_id)
            if approvals and self.approvals_adm is None:
                self.approvals_adm = adm_id
        self.cases = {
            ref: (cid, ctype)
            for cid, ref, ctype in session.execute(
                select(Case.id, Case.reference, Case.case_type).where(Case.agency_id == agency_id)
            )
        }
        self.last_heard: dict[int, tuple[date, int]] = {
            cid: (last, count)
            for cid, last, count in session.execute(
                select(Hearing.case_id, func.max(Meeting.date), func.max(Hearing.sequence))
                .join(Meeting, Meeting.id == Hearing.meeting_id)
                .join(Case, Case.id == Hearing.case_id)
                .where(Case.agency_id == agency_id)
                .group_by(Hearing.case_id)
            )
        }
        self.meetings = {
            (pid, day): (mid, status)
            for mid, pid, day, status in session.execute(
                select(Meeting.id, Meeting.panel_id, Meeting.date, Meeting.status)
                .join(Panel, Panel.id == Meeting.panel_id)
                .where(Panel.agency_id == agency_id)
            )
        }


def _parse(line: int, cells: dict[str, str], lookups: _Lookups, problems: list[ImportProblem]) -> _Row | None:
    """One row read in the order of its columns; None when any cell of it is wrong."""
    before = len(problems)
    if _unusable_cells(line, cells, problems):
        return None
    row = _Cells(line, cells, problems)
    reference = row["reference"]
    if not reference:
        row.bad("reference", "the case reference is empty")
    case_type = _case_type(row)
    panel, panel_date = _sitting(row, lookups)
    la, locality_id = _place(row, lookups, case_type)
    outcome = row.code("outcome", Outcome)
    votes = row.count("vote_for"), row.count("vote_against")
    grades = _grades(row)
    adm_id, decision = _adm_step(row, lookups, outcome)
    dates = _step_dates(row, panel_date)
    children, inter_agency = _children(row, case_type)
    if len(problems) > before or case_type is None or panel is None or panel_date is None:
        return None
    if adm_id is None and (decision or any(dates[c] for c in AFTER_PANEL_DATES)):
        adm_id = case_type.routed_adm(lookups.approvals_adm, la[1] if la else None)
    return _Row(
        line,
        reference,
        case_type.code,
        panel[0],
        panel_date,
        la[0] if la else None,
        locality_id,
        outcome,
        votes[0],
        votes[1],
        grades,
        adm_id,
        decision,
        dates,
        children,
        inter_agency,
    )


def _children(row: _Cells, case_type: CaseTypeRow | None) -> tuple[int, bool]:
    """How many children, and whether a match is inter-agency; ignored where they do not apply."""
    if case_type is None or not case_type.concerns_children:
        return 0, False
    children = row.number("children", 1, MAX_CHILDREN)
    return children, case_type.counts_by_area and row.yes_no("inter_agency")


def _case_type(row: _Cells) -> CaseTypeRow | None:
    code = row.code("case_type", case_types.codes())
    if code is None and not row["case_type"]:
        row.bad("case_type", "the case type is empty")
    return case_types.find(code) if code else None


def _sitting(row: _Cells, lookups: _Lookups) -> tuple[_PanelSetup | None, date | None]:
    panel = lookups.panels.get(row["panel"].lower())
    if panel is None:
        row.bad("panel", f'no panel called "{row["panel"]}" in the agency setup' if row["panel"] else "empty")
    panel_date = row.when("panel_date")
    if panel_date is None and not row["panel_date"]:
        row.bad("panel_date", "the panel date is empty")
    return panel, panel_date


def _place(
    row: _Cells, lookups: _Lookups, case_type: CaseTypeRow | None
) -> tuple[tuple[int, int | None] | None, int | None]:
    """The local authority (its id and its ADM's) and the locality, both named in the setup."""
    la = lookups.las.get(row["local_authority"].lower()) if row["local_authority"] else None
    if row["local_authority"] and la is None:
        row.bad(
            "local_authority", f'no local authority called "{row["local_authority"]}" in the agency setup'
        )
    elif la is None and case_type is not None and case_type.adm_route is AdmRoute.CHILD_LA:
        row.bad("local_authority", "a match or plan needs the child's local authority")
    if not row["locality"]:
        return la, None
    if la is None:
        row.bad("locality", "a locality needs its local authority")
        return la, None
    locality_id = lookups.localities.get((la[0], row["locality"].lower()))
    if locality_id is None:
        row.bad("locality", f'{row["local_authority"]} has no locality called "{row["locality"]}"')
    return la, locality_id


def _grades(row: _Cells) -> list[tuple[str, str, str]]:
    grades = []
    for column, paper, source in GRADE_COLUMNS:
        grade = row.code(column, Grade)
        if grade:
            grades.append((paper, source, grade))
    return grades


def _adm_step(row: _Cells, lookups: _Lookups, outcome: str | None) -> tuple[int | None, str | None]:
    """The ADM named on the row (by name, once in the setup) and their decision."""
    adm_id = None
    if row["adm"]:
        found = lookups.adms.get(row["adm"].lower(), [])
        if not found:
            row.bad("adm", f'no decision maker called "{row["adm"]}" in the agency setup')
        elif len(found) > 1:
            row.bad("adm", f'two decision makers are called "{row["adm"]}": rename one in Settings')
        else:
            adm_id = found[0]
    decision = row.code("adm_decision", AdmDecision)
    if decision in ("agreed", "not_agreed", "further_info") and outcome not in (
        "recommended",
        "not_recommended",
    ):
        row.bad(
            "adm_decision", "an ADM decision follows a recommendation or not; this row has no such outcome"
        )
    return adm_id, decision


def _step_dates(row: _Cells, panel_date: date | None) -> dict[str, date | None]:
    """The dates after the panel (none before it) and Stage 2's start (not after it)."""
    dates = {column: row.when(column) for column in (*AFTER_PANEL_DATES, "stage2_start")}
    if panel_date:
        for column in AFTER_PANEL_DATES:
            day = dates[column]
            if day and day < panel_date:
                row.bad(column, f"{day:%d/%m/%Y} is before the panel date")
        stage2 = dates["stage2_start"]
        if stage2 and stage2 > panel_date:
            row.bad("stage2_start", f"Stage 2 cannot start ({stage2:%d/%m/%Y}) after the panel date")
    return dates


def _check_across_rows(rows: list[_Row], lookups: _Lookups, problems: list[ImportProblem]) -> None:
    """Rows of the same case agree on its type and are at different sittings."""
    first_of: dict[str, _Row] = {}
    seen: dict[tuple[str, int, date], int] = {}
    for row in rows:
        key = (row.reference, row.panel_id, row.panel_date)
        if key in seen:
            problems.append(
                ImportProblem(row.line, "reference", f"the same hearing is already on row {seen[key]}")
            )
        seen.setdefault(key, row.line)
        first = first_of.setdefault(row.reference, row)
        if first.case_type != row.case_type:
            problems.append(
                ImportProblem(
                    row.line,
                    "case_type",
                    f"row {first.line} gives case {row.reference} the type {first.case_type}",
                )
            )
        existing = lookups.cases.get(row.reference)
        if existing is not None:
            if existing[1] != row.case_type:
                problems.append(
                    ImportProblem(
                        row.line,
                        "case_type",
                        f"case {row.reference} is already in the register as {existing[1]}",
                    )
                )
            last = lookups.last_heard.get(existing[0])
            if last and row.panel_date <= last[0]:
                problems.append(
                    ImportProblem(
                        row.line,
                        "panel_date",
                        f"case {row.reference} is already recorded as heard on "
                        f"{last[0]:%d/%m/%Y}; import only later hearings",
                    )
                )
        sitting = lookups.meetings.get((row.panel_id, row.panel_date))
        if sitting and sitting[1] == "cancelled":
            problems.append(ImportProblem(row.line, "panel_date", "that sitting is recorded as cancelled"))


def _save(session: Session, ctx: ServiceContext, rows: list[_Row], lookups: _Lookups) -> ImportResult:
    meetings: dict[tuple[int, date], int] = {k: v[0] for k, v in lookups.meetings.items()}
    panel_by_id = {v[0]: v for v in lookups.panels.values()}
    created_sittings = 0
    new_meetings: dict[tuple[int, date], Meeting] = {}
    for key in sorted({(r.panel_id, r.panel_date) for r in rows}):
        if key not in meetings:
            _pid, start, minutes, link, venue = panel_by_id[key[0]]
            meeting = Meeting(
                panel_id=key[0],
                date=key[1],
                start_time=start,
                end_time=sitting_end_time(start, minutes),
                status="held",
                teams_link=link,
                venue=venue,
                generated=False,
                ics_uid=f"panel{key[0]}-{key[1].isoformat()}@panelapp",
                updated_by=ctx.user.username,
            )
            session.add(meeting)
            new_meetings[key] = meeting
            created_sittings += 1
    session.flush()  # one flush for every new sitting, then their ids are known
    meetings.update({key: m.id for key, m in new_meetings.items()})
    by_case: dict[str, list[_Row]] = {}
    for row in rows:
        by_case.setdefault(row.reference, []).append(row)
    created = extended = 0
    heard: list[tuple[Hearing, _Row]] = []
    for reference, case_rows in by_case.items():
        case_rows.sort(key=lambda r: r.panel_date)
        existing = lookups.cases.get(reference)
        if existing is None:
            case_row = Case(
                agency_id=ctx.agency_id,
                reference=reference,
                case_type=case_rows[0].case_type,
                imported=True,
                updated_by=ctx.user.username,
            )
            session.add(case_row)
            created += 1
            sequence = 0
        else:
            loaded = session.get(Case, existing[0])
            assert loaded is not None
            case_row = loaded
            extended += 1
            sequence = lookups.last_heard.get(existing[0], (date.min, 0))[1]
        for row in case_rows:
            case_row.local_authority_id = row.la_id or case_row.local_authority_id
            case_row.locality_id = row.locality_id or case_row.locality_id
            case_row.stage2_start = row.dates["stage2_start"] or case_row.stage2_start
            sequence += 1
            hearing = Hearing(
                case=case_row,
                meeting_id=meetings[(row.panel_id, row.panel_date)],
                sequence=sequence,
                status="heard",
                applicants_attend=False,
                updated_by=ctx.user.username,
            )
            session.add(hearing)
            heard.append((hearing, row))
        _children_of_case(case_row, case_rows)
        case_row.status = _status_after(case_rows[-1]).value
    session.flush()  # one flush for every case and hearing, then the outcomes hang off them
    for hearing, row in heard:
        _outcomes(session, hearing.id, row, ctx.user.username)
    hearings = len(heard)
    return ImportResult(len(rows), created, extended, hearings, created_sittings)


# The register does not name the children: each gets these initials until someone types them.
UNNAMED_CHILD = "n/k"


def _children_of_case(case_row: Case, rows: list[_Row]) -> None:
    """The case's children (as many as its rows say, never fewer than recorded) and inter-agency."""
    wanted = max((r.children for r in rows), default=0)
    for _ in range(wanted - len(case_row.children)):
        case_row.children.append(CaseChild(initials=UNNAMED_CHILD))
    case_row.inter_agency = case_row.inter_agency or any(r.inter_agency for r in rows)


def _outcomes(session: Session, hearing_id: int, row: _Row, username: str) -> None:
    if row.outcome:
        session.add(
            Recommendation(
                hearing_id=hearing_id,
                outcome=row.outcome,
                vote_for=row.vote_for,
                vote_against=row.vote_against,
                updated_by=username,
            )
        )
    for paper, source, grade in row.grades:
        session.add(Grading(hearing_id=hearing_id, paper_type=paper, source=source, grade=grade))
    if row.has_adm_step:
        session.add(
            AdmDecisionRecord(
                hearing_id=hearing_id,
                decision_maker_id=row.adm_id,
                decision=row.adm_decision or AdmDecision.PENDING.value,
                decided_on=row.dates["adm_decision_date"],
                minutes_sent_on=row.dates["final_minutes_sent"],
                sw_notified_on=row.dates["sw_notified"],
                letter_sent_on=row.dates["letter_sent"],
                updated_by=username,
            )
        )


def _status_after(row: _Row) -> CaseStatus:
    if row.outcome == Outcome.DEFERRED:
        return CaseStatus.OPEN
    if row.outcome == Outcome.NOTED:
        return CaseStatus.CLOSED
    if row.outcome in (Outcome.RECOMMENDED, Outcome.NOT_RECOMMENDED):
        if row.adm_decision in (AdmDecision.AGREED, AdmDecision.NOT_AGREED):
            return CaseStatus.DECIDED
        return CaseStatus.AWAITING_DECISION
    return CaseStatus.HEARD
