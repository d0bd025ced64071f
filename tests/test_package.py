"""The installer bundle: build it with PyInstaller and run its selftest, as IT would.

Slow (about a minute), so it runs in parallel with the rest of the suite (`-n 2`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("PyInstaller is not installed (it comes with the test extras: make test)")
    work = tmp_path_factory.mktemp("pyinstaller")
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "pyinstaller"),
            "--noconfirm",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build_installer.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    exe = work / "dist" / "PanelApp" / ("PanelApp.exe" if os.name == "nt" else "PanelApp")
    assert exe.exists()
    return exe


def _run(exe: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PANELAPP_HOME": str(home)}
    env.pop("PANELAPP_DB", None)
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=300)


def test_bundle_selftest_passes_on_a_new_empty_database(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle, tmp_path, "selftest")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["ok"] is True


def test_bundle_creates_demo_data_and_visits_every_view(bundle: Path, tmp_path: Path) -> None:
    assert _run(bundle, tmp_path, "init-db", "--demo").returncode == 0
    done = _run(bundle, tmp_path, "selftest")
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] is True and len(result["views_ms"]) >= 9
    version = _run(bundle, tmp_path, "--version")
    assert version.stdout.startswith("PanelApp ")
