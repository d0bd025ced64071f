"""The historic register import's cells: each read checks its cell and says what is wrong in
the file's words (split from register_import, which reads rows and saves them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from panelapp.domain.periods import parse_user_date

MAX_VOTES = 50  # more than any panel has members: a bigger count is a typing slip
MAX_REFERENCE = 60  # the register's column
MAX_CELL = 200  # names of panels, local authorities, ADMs; codes and dates are far shorter
MAX_CHILDREN = 12  # more than any sibling group placed together: a bigger number is a slip
YES, NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def _unusable_cells(line: int, cells: dict[str, str], problems: list[ImportProblem]) -> bool:
    """A NUL character or a cell longer than any real one: said without quoting the cell."""
    before = len(problems)
    for column, value in cells.items():
        limit = MAX_REFERENCE if column == "reference" else MAX_CELL
        if "\x00" in value:
            problems.append(
                ImportProblem(line, column, "this cell holds a NUL character (the file may be damaged)")
            )
        elif len(value) > limit:
            problems.append(ImportProblem(line, column, f"this cell is longer than {limit} characters"))
    return len(problems) > before


class _Cells:
    """One row's cells: each read checks its cell and notes any problem in the file's words."""

    def __init__(self, line: int, cells: dict[str, str], problems: list[ImportProblem]) -> None:
        self.line = line
        self.cells = cells
        self.problems = problems

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")  # an optional column left out of the file is empty

    def number(self, column: str, default: int, most: int) -> int:
        value = self[column]
        if not value:
            return default
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= most:
            self.bad(column, f'"{value}" is not a number of children from 1 to {most}')
            return default
        return int(value)

    def yes_no(self, column: str) -> bool:
        value = self[column].lower()
        if value and value not in (*YES, *NO):
            self.bad(column, f'"{self[column]}" is not yes or no')
        return value in YES

    def bad(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.line, column, message))

    def code(self, column: str, allowed: Iterable[str]) -> str | None:
        value = self[column]
        if not value:
            return None
        codes = [str(m) for m in allowed]  # an enum's values, or the case types' codes
        if value.lower() not in {c.lower() for c in codes}:
            self.bad(column, f'"{value}" is not one of: {", ".join(codes)}')
            return None
        return next(c for c in codes if c.lower() == value.lower())

    def when(self, column: str) -> date | None:
        value = self[column]
        if not value:
            return None
        try:
            return parse_user_date(value)
        except ValueError as exc:
            self.bad(column, str(exc))
            return None

    def count(self, column: str) -> int | None:
        value = self[column]
        if not value:
            return None
        if not (value.isascii() and value.isdigit()):  # "²" is a digit to Python, not a vote count
            self.bad(column, f'"{value}" is not a whole number of votes')
            return None
        if int(value) > MAX_VOTES:
            self.bad(column, f"more votes than a panel has members (at most {MAX_VOTES})")
            return None
        return int(value)
