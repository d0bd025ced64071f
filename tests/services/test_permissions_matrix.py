"""Every service that writes, with every role: refused unless the role allows it.

Writing services are found in the source (every function that opens `ctx.write(...)`), so
a new one is covered the day it is written. Each is called as each role that lacks its
permission, and must refuse with PermissionDenied before anything is written.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry
from panelapp.domain.permissions import ROLE_PERMISSIONS, Permission, allows
from panelapp.domain.vocab import UserRole
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied
from tests.conftest import DEMO_UNTIL, copy_database, new_sqlite_context

SERVICES = Path(__file__).resolve().parents[2] / "panelapp" / "services"


def _writing_services() -> list[tuple[str, str, set[str]]]:
    """(module, function, permissions it asks ctx.write for) for every public writer."""
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            permissions = set()
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "write"
                    and call.args
                    and isinstance(call.args[0], ast.Attribute)
                    and isinstance(call.args[0].value, ast.Name)
                    and call.args[0].value.id == "Permission"
                ):
                    permissions.add(call.args[0].attr)
            if permissions:
                module = ".".join(path.relative_to(SERVICES.parent.parent).with_suffix("").parts)
                found.append((module, node.name, permissions))
    return found


WRITERS = _writing_services()


def test_writing_services_are_found() -> None:
    names = {f"{m.rsplit('.', 1)[1]}.{f}" for m, f, _ in WRITERS}
    assert len(WRITERS) >= 20, names
    assert "retention.apply_retention" in names and "users.save_user" in names, names


def test_no_service_writes_around_the_permission_gate() -> None:
    offenders = []
    for path in SERVICES.rglob("*.py"):
        if path.name == "context.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "sessions.begin(" in text or "ctx.sessions(" in text:
            offenders.append(path.name)
    assert offenders == []


@pytest.mark.parametrize("role", list(UserRole))
@pytest.mark.parametrize("permission", list(Permission))
def test_the_gate_matches_the_role_table(tmp_path: Path, role: UserRole, permission: Permission) -> None:
    ctx = new_sqlite_context(tmp_path, CurrentUser("someone", "Someone", role))
    if allows(role, permission):
        with ctx.write(permission):
            pass
    else:
        with pytest.raises(PermissionDenied), ctx.write(permission):
            pass


def _dummy(annotation: Any, tmp_path: Path) -> Any:
    text = str(annotation)
    if annotation is int or text in ("int", "int | None"):
        return 1
    if annotation is date or "date" in text:
        return DEMO_UNTIL
    if "Path" in text:
        return tmp_path / "input.csv"
    if annotation is bool or text == "bool":
        return False
    if "list" in text or "Sequence" in text or "Iterable" in text:
        return []
    if "dict" in text or "Mapping" in text:
        return {}
    if annotation is str or "str" in text:
        return "x"
    return None


def _call_with_dummies(func: Callable[..., Any], ctx: ServiceContext, tmp_path: Path) -> None:
    signature = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func)
    except Exception:  # noqa: BLE001 - forward references we cannot resolve: fall back to names
        hints = {}
    args = []
    for name, parameter in list(signature.parameters.items())[1:]:
        if parameter.default is not inspect.Parameter.empty or parameter.kind in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            continue
        args.append(_dummy(hints.get(name, parameter.annotation), tmp_path))
    func(ctx, *args)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory, demo_database: Path) -> Path:
    folder = tmp_path_factory.mktemp("matrix")
    copy_database(demo_database, folder).engine.dispose()
    return folder


@contextmanager
def _recording_writes(ctx: ServiceContext, entered: list[Permission]) -> Iterator[None]:
    original = ctx.write

    @contextmanager
    def write(permission: Permission, summary: str = "") -> Iterator[Any]:
        entered.append(permission)
        with original(permission, summary) as session:
            yield session

    ctx.write = write  # type: ignore[method-assign]
    try:
        yield
    finally:
        ctx.write = original  # type: ignore[method-assign]


@pytest.mark.parametrize("role", [UserRole.VIEWER, UserRole.CHAIR, UserRole.ADVISER])
@pytest.mark.parametrize(
    ("module", "function", "permissions"), WRITERS, ids=[f"{m.rsplit('.', 1)[1]}.{f}" for m, f, _ in WRITERS]
)
def test_every_writing_service_refuses_a_role_without_its_permission(
    demo_path: Path, tmp_path: Path, role: UserRole, module: str, function: str, permissions: set[str]
) -> None:
    needed = {Permission[p] for p in permissions}
    if all(p in ROLE_PERMISSIONS[role] for p in needed):
        pytest.skip(f"{role.value} may {', '.join(p.value for p in needed)}")
    import shutil

    shutil.copy(demo_path / "panelapp.sqlite3", tmp_path / "panelapp.sqlite3")
    ctx = new_sqlite_context(tmp_path, CurrentUser("someone", "Someone", role))
    func = getattr(importlib.import_module(module), function)
    with ctx.read() as session:
        audit_before = session.scalar(select(func_count()))
    entered: list[Permission] = []
    with _recording_writes(ctx, entered):
        try:
            _call_with_dummies(func, ctx, tmp_path)
        except PermissionDenied:
            pass
        except Exception:  # noqa: BLE001 - refused for another reason before the gate: fine if nothing was written
            assert not [p for p in entered if p not in ROLE_PERMISSIONS[role]], (
                "reached the gate but was not refused"
            )
        else:
            assert not [p for p in entered if p not in ROLE_PERMISSIONS[role]], (
                f"{function} wrote as {role.value}"
            )
    with ctx.read() as session:
        assert session.scalar(select(func_count())) == audit_before  # nothing written


def func_count() -> Any:
    return func.count(AuditEntry.id)
