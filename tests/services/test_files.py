"""Where a file is to be written is checked first, in words; operating-system errors in words."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from panelapp.services.errors import ValidationError
from panelapp.services.files import check_output, os_error_message


def test_a_writable_path_is_returned(tmp_path: Path) -> None:
    assert check_output(tmp_path / "agenda.docx") == tmp_path / "agenda.docx"


def test_a_folder_is_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is a folder: give the name of a file"):
        check_output(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_something_that_is_not_a_file_is_refused_in_words(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ValidationError, match="pipe is not an ordinary file: choose another name"):
        check_output(tmp_path / "pipe")


def test_the_writers_refusals_are_said_in_words(tmp_path: Path) -> None:
    refusal = FileExistsError(errno.EEXIST, "not a regular file", str(tmp_path / "agenda.pdf"))
    assert os_error_message(refusal) == "agenda.pdf is not an ordinary file: choose another name."
    folder = IsADirectoryError(errno.EISDIR, "Is a directory", str(tmp_path / "minutes.docx.part"))
    assert os_error_message(folder) == "minutes.docx is a folder, not a file."
