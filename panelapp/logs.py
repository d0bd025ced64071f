"""The app's log file: errors with their tracebacks, for IT. Never passwords or personal data."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from panelapp.config import data_dir

LOG_NAME = "panelapp"


def log_path() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "panelapp.log"


def setup_logging() -> logging.Logger:
    logger = logging.getLogger(LOG_NAME)
    if not logger.handlers:
        handler = logging.handlers.RotatingFileHandler(
            log_path(), maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return logger
