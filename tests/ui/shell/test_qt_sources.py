"""PySide6's import check does not keep every module's source in memory (issue 21)."""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui.shell.qt_sources import keep_no_sources, uses_pyside


def test_a_module_imported_after_start_leaves_no_source_behind(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert keep_no_sources(), "this PySide6 has no source check to replace: see ui/shell/qt_sources.py"
    assert not linecache.cache, "the sources read before the check was replaced were kept"
    name = f"qt_sources_probe_{tmp_path.name.replace('-', '_')}"
    path = tmp_path / f"{name}.py"
    path.write_text("from PySide6 import QtCore  # a module of ours that uses PySide6\nVALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert importlib.import_module(name).VALUE == 1
        assert str(path) not in linecache.cache
    finally:
        sys.modules.pop(name, None)


def test_the_check_still_tells_which_modules_use_pyside(tmp_path: Path) -> None:
    uses, plain = tmp_path / "uses.py", tmp_path / "plain.py"
    uses.write_text("from PySide6.QtCore import QObject\n")
    plain.write_text("import json\n")
    as_module = type(sys)
    assert uses_pyside(as_module("uses")) is False  # no file: nothing to read
    one, two = as_module("uses"), as_module("plain")
    one.__file__, two.__file__ = str(uses), str(plain)
    assert uses_pyside(one) and not uses_pyside(two)
