"""`chemsec export-translations` writes only under its --out folder: the English file's path
recorded in the database (`ContentItem.source_file`) becomes the overlay's path there, and
content loaded from outside the content root records an absolute path (the reader keeps the
path as given when it is not under the root). Joined to --out, an absolute path or one
climbing out with ".." would write over any file, the English original first."""

from __future__ import annotations

import pytest

from chemsec.cli import main
from chemsec.compendium import translations_export

pytestmark = pytest.mark.django_db

ENTRY = {"urn": "urn:chemsec:practice:x", "source_version": 1, "status": "draft", "title": "T"}


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """An exporter whose English files are one good path and two that leave --out."""
    outside = tmp_path / "english" / "waste.yaml"
    found = {
        "compendium/waste.yaml": [ENTRY],
        str(outside): [ENTRY],  # absolute: the English file itself
        "compendium/../../../escaped.yaml": [ENTRY],
    }
    monkeypatch.setattr(translations_export, "EXPORTERS", [lambda language: found])
    return outside


def test_nothing_is_written_outside_the_out_folder(sources, tmp_path):
    out = tmp_path / "out"
    refused: list[str] = []
    written = translations_export.export_translations("fr", out, refused)
    assert written == [out / "translations" / "fr" / "compendium" / "waste.yaml"]
    assert not sources.exists()
    assert not (tmp_path / "escaped.yaml").exists()
    assert sorted(refused) == sorted([str(sources), "compendium/../../../escaped.yaml"])
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert files == written


def test_the_command_names_what_it_did_not_write_and_exits_1(sources, tmp_path, capsys):
    out = tmp_path / "cli"
    assert main(["export-translations", "--lang", "fr", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "1 file(s) written." in captured.out
    assert f"not written: {str(sources)!r}" in captured.err
    assert not sources.exists()
