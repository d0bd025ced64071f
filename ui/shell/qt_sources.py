"""PySide6 reads the source of every module imported after it; keep it from holding on to it.

For its `from __feature__ import ...` switches, PySide6 checks each newly imported module for
the word "PySide6" with `inspect.getsource`, which leaves every line of every module in
`linecache` for the rest of the session: ~20 MB by the time Home is shown (SQLAlchemy, the
models, the services; issue 21's memory target). The same check is made here by reading the
file and dropping it. Nothing in PanelApp uses `__feature__`.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"


def uses_pyside(module: ModuleType) -> bool:
    """As PySide6's own check: the module's source file names PySide6 (False without one)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def keep_no_sources() -> bool:
    """Replace PySide6's source check; False (and nothing changed) on a binding without it."""
    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private name of the binding
    # And let go of what its check read before now (typing, datetime, logging, enum…: ~2.5 MB);
    # a traceback reads a file again when it needs it.
    linecache.clearcache()
    return True
