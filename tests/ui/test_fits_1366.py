"""Fits a 1366x768 laptop at 100% and 125% scaling (issue 20): the real main window, maximised on
a 1366x768 screen, shows every area and every tab in it, then the member and case dialogs (each
editing and new), none of which may be taller or wider than the screen; no
button's text may be cut off (its text's width against the button's) and the navigation never
needs a horizontal scrollbar, even with a count beside an area's name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from panelapp.services.context import ServiceContext

HELPER = Path(__file__).with_name("fits_helper.py")

# Found by this test in files other engineers are editing now (issue 20), listed for them and
# reported here, not yet failing the run. Remove a line when its file is fixed.
ELSEWHERE = {}


def _ours(problems: list[str]) -> tuple[list[str], list[str]]:
    theirs = [p for p in problems if any(p.startswith(k) for k in ELSEWHERE)]
    return [p for p in problems if p not in theirs], theirs


@pytest.mark.parametrize(("scaling", "dpi"), [("100%", 96), ("125%", 120)])
def test_every_area_and_dialog_fits_1366x768(
    demo_ctx: ServiceContext, tmp_path: Path, scaling: str, dpi: int
) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": dpi}]}
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    url = demo_ctx.engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, str(HELPER), url], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["width"] <= 1366 * 96 // dpi + 1  # maximised on the laptop's screen, no wider
    ours, theirs = _ours(result["problems"])
    for problem in theirs:
        print(f"At {scaling}, left for its owner: {problem}")
    assert ours == [], f"At {scaling}: " + "\n".join(ours)
