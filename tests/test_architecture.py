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


# Without the brackets too: `default=date.today` hands the real clock to someone else.
CLOCK_READS = (
    "date.today",
    "datetime.now",
    "datetime.utcnow",
    "datetime.today",
    "QDate.currentDate",
    "QDateTime.currentDateTime",
)


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _source_files() -> dict[str, Path]:
    """Every module of panelapp/, db/ and ui/ by dotted name (applied migrations left out)."""
    return {
        _module_name(p): p
        for folder in ("panelapp", "db", "ui")
        for p in (ROOT / folder).rglob("*.py")
        if "versions" not in p.parts
    }


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module loads: its body, and inside top-level if/try blocks, but not
    `if TYPE_CHECKING:` (never run) nor imports inside functions (run later, on purpose)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        inner = ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]
        found += [n for n in inner if isinstance(n, ast.Import | ast.ImportFrom)]
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = _source_files()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
                continue
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            # `from a.b import c` imports the module a.b.c when there is one, else a name of a.b
            targets |= {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names}
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each a cycle to break."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    """A cycle makes import order matter and hides which room depends on which."""
    graph = _import_graph()
    assert "panelapp.services.sittings.rosters" in graph  # the graph is really built
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


MAX_FUNCTION_LINES = 80
# Functions allowed to be longer, each with the reason; the list only ever shrinks.
LONG_FUNCTIONS: dict[str, str] = {}


def test_no_function_is_longer_than_a_screen() -> None:
    too_long = sorted(
        f"{path.relative_to(ROOT)}:{node.name}"
        for path in _source_files().values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    )
    assert [f for f in too_long if f not in LONG_FUNCTIONS] == []
    assert [f for f in LONG_FUNCTIONS if f not in too_long] == []  # split: take it off the list


# -- documents apart from their renderers ----------------------------------------------------

FIRST_PARTY = {"panelapp", "db", "ui"}
EXPORTS_MAY_IMPORT = (
    "panelapp.documents",
    "panelapp.domain",
    "panelapp.exports",
    "panelapp.paths",
    "panelapp.clock",
)
NEVER_IN_DOCUMENTS_OR_EXPORTS = {"sqlalchemy", "PySide6"}


def _imported_names(folder: str) -> list[tuple[Path, str]]:
    """Every import in `folder`, at any depth, as a dotted name (`from panelapp import clock`
    gives panelapp.clock), so a lazy import inside a function counts too."""
    found = []
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found += [(path, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _reaching_outside(folder: str, allowed: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}: {name}"
        for path, name in _imported_names(folder)
        if (name.split(".")[0] in FIRST_PARTY and not name.startswith(allowed))
        or name.split(".")[0] in NEVER_IN_DOCUMENTS_OR_EXPORTS
    ]


def test_exports_only_render_documents() -> None:
    """A renderer takes a document and a path: never the database, a service, a front end or
    the user's settings (the clock, for a calendar file's time stamp, and paths, for Word
    templates, are the two helpers it may use)."""
    assert _reaching_outside("panelapp/exports", EXPORTS_MAY_IMPORT) == []


def test_documents_are_plain_data_drawn_from_the_domain() -> None:
    assert _reaching_outside("panelapp/documents", ("panelapp.documents", "panelapp.domain")) == []
    heavy = {"docx", "reportlab", "openpyxl", "matplotlib", "icalendar"}
    assert [n for _p, n in _imported_names("panelapp/documents") if n.split(".")[0] in heavy] == []


def test_the_export_guard_reads_real_imports() -> None:
    """Renderers do import documents: with only exports allowed, the guard must see them."""
    reached = _reaching_outside("panelapp/exports", ("panelapp.exports",))
    assert any("panelapp.documents" in line for line in reached)
