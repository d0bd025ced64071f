"""The Settings tests' recording messenger (tests/ui/support.py)."""

from __future__ import annotations

import pytest

from tests.ui.support import RecordingMessenger, record_messages


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    return record_messages(monkeypatch)
