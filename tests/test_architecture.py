"""Guards on the layering and the resources (cheap, and they catch real regressions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from panelapp.paths import resource
from ui.shell.registry import VIEWS

ROOT = Path(__file__).resolve().parent.parent


def _imports(folder: str) -> list[tuple[Path, str]]:
    found = []
    for path in (ROOT / folder).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.append((path, node.module))
    return found


@pytest.mark.parametrize("folder", ["panelapp", "db"])
def test_core_never_imports_qt(folder: str) -> None:
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in _imports(folder)
        if m.startswith("PySide6") and "cli" not in p.parts  # cli imports ui lazily, not Qt
    ]
    assert offenders == []


def test_domain_is_pure() -> None:
    offenders = [
        f"{p.relative_to(ROOT)}: {m}"
        for p, m in _imports("panelapp/domain")
        if m.split(".")[0] in {"sqlalchemy", "PySide6", "db", "docx", "reportlab", "openpyxl"}
        or m.startswith("panelapp.services")
    ]
    assert offenders == []


def test_ui_never_builds_queries() -> None:
    offenders = [f"{p.relative_to(ROOT)}: {m}" for p, m in _imports("ui") if m.startswith("sqlalchemy")]
    assert offenders == []


@pytest.mark.parametrize("folder", ["ui", "panelapp/cli"])
def test_front_ends_reach_the_database_only_through_services(folder: str) -> None:
    offenders = [
        f"{p.relative_to(ROOT)}: {m}" for p, m in _imports(folder) if m == "db" or m.startswith("db.")
    ]
    assert offenders == []


def test_every_icon_the_navigation_names_exists() -> None:
    missing = [spec.icon for spec in VIEWS if not resource("icons", spec.icon).exists()]
    assert missing == [] and resource("icons", "app.svg").exists()


def test_no_module_is_a_god_module() -> None:
    too_long = [
        f"{p.relative_to(ROOT)}: {n}"
        for folder in ("panelapp", "db", "ui")
        for p in (ROOT / folder).rglob("*.py")
        if "versions" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > 650
    ]
    assert too_long == []


CLOCK_READS = ("date.today(", "datetime.now(", "datetime.utcnow(", "datetime.today(",
               "QDate.currentDate(", "QDateTime.currentDateTime(", "QDateTime.currentDateTimeUtc(")


def test_only_the_clock_module_reads_the_date() -> None:
    """One clock (panelapp/clock.py): tests, selftest and PANELAPP_TODAY can set today everywhere."""
    offenders = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for folder in ("panelapp", "db", "ui")
        for p in (ROOT / folder).rglob("*.py")
        if p != ROOT / "panelapp" / "clock.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if any(read in line for read in CLOCK_READS)
    ]
    assert offenders == []
