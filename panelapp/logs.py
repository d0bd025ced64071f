"""The app's log file: errors with where they happened, for IT. Never passwords or personal data.

An exception's message can carry data (a database error quotes the row it refused, with the
member's name and email), so what is logged and offered to copy is `safe_details`: the kind
of error and the code path, never the message text or any value.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from panelapp import __version__
from panelapp.config import data_dir

LOG_NAME = "panelapp"


def log_path() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # an older PanelApp made it 0755
    return folder / "panelapp.log"


def _private_rotating_handler(path: Path) -> logging.Handler:
    """Every log file, the rotated ones too, is created readable by the owner only (0600).

    Made here, not at import: `logging.handlers` (with pickle, queue and socket) cost ~11 ms
    before the window's first paint, and the log is opened only when something is written."""
    import logging.handlers

    class PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]  # typeshed: returns the stream
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.chmod(self.baseFilename, 0o600)
            return open(fd, self.mode, encoding=self.encoding, errors=self.errors)

    return PrivateRotatingHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")


def setup_logging() -> logging.Logger:
    logger = logging.getLogger(LOG_NAME)
    if not logger.handlers:
        path = log_path()
        path.touch(mode=0o600, exist_ok=True)
        os.chmod(path, 0o600)  # the owner only, whatever the umask
        handler = _private_rotating_handler(path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return logger


def safe_details(error: BaseException) -> str:
    """The error's kind and code path, with each chained cause; no message text, no values."""
    lines = [f"PanelApp {__version__}"]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {_short(frame.filename)}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("caused by:")
    return "\n".join(lines)


def log_unexpected(error: BaseException) -> str:
    """Write the error's safe details to the log; returns a short reference to quote to IT."""
    reference = os.urandom(4).hex()  # 8 hex digits, as uuid4().hex[:8] gave (uuid costs 3 ms at start)
    setup_logging().error("Unexpected error %s\n%s", reference, safe_details(error))
    return reference


def _short(filename: str) -> str:
    """A path from the package down (site-packages/sqlalchemy/..., panelapp/...), not the user's home."""
    parts = Path(filename).parts
    for anchor in ("panelapp", "ui", "db", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return Path(filename).name
