"""`chemsec export-translations --out` naming a folder that cannot be made: the reason and
exit status 2, as for an unknown --lang, checked before anything is read (it was a traceback
from pathlib's mkdir, or "0 file(s) written" and status 0 when there was nothing to write)."""

from __future__ import annotations

import pytest

from chemsec.cli import main

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("where", ["a-file", "a-file/below"], ids=["file", "below-a-file"])
def test_an_out_that_is_not_a_folder_is_refused_with_its_reason(where, tmp_path, capsys):
    (tmp_path / "a-file").write_text("not a folder\n")
    out = tmp_path / where
    assert main(["export-translations", "--lang", "fr", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"cannot write under {out}: ")
    assert "file(s) written" not in captured.out
    assert (tmp_path / "a-file").read_text() == "not a folder\n"


def test_a_new_folder_is_made(tmp_path, capsys):
    out = tmp_path / "new" / "folder"
    assert main(["export-translations", "--lang", "fr", "--out", str(out)]) == 0
    assert out.is_dir() and "file(s) written" in capsys.readouterr().out
