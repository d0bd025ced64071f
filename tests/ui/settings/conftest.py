"""The Settings tests' recording messenger (tests/ui/settings/support.py)."""

from __future__ import annotations

import pytest

from tests.ui.settings.support import Fake
from ui.shell import messages


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Fake:
    made = Fake()
    monkeypatch.setattr(messages, "messenger", made)
    return made
