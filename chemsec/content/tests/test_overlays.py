"""Translation overlays (docs/translations.md): the shipped ones validate, and a broken one
is refused with its file, line and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chemsec.content.reader import DEFAULT_ROOT, ContentError, read_content_file, read_content_tree

HEAD = """kind: translation
language: fr
translates: compendium/waste-and-end-of-life.yaml
objects:
  - urn: urn:chemsec:practice:waste-chain-of-custody
    source_version: 1
"""
GOOD = """    status: draft
    title: Chaîne de traçabilité des déchets chimiques
    summary: Rendre compte des déchets jusqu'à leur destruction.
    body: Texte.
"""


def _write(root: Path, text: str) -> Path:
    path = root / "translations" / "fr" / "compendium" / "waste-and-end-of-life.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_overlays_validate_and_name_their_objects():
    overlays = [
        obj
        for f in read_content_tree(DEFAULT_ROOT)
        for obj in f.objects
        if obj.kind == "translation"
    ]
    urns = {obj.urn for obj in overlays}
    assert "urn:chemsec:practice:waste-chain-of-custody@fr" in urns
    assert "urn:chemsec:framework:ot-cyber:v1:asset-inventory:q01@ar" in urns


@pytest.mark.parametrize(
    ("tail", "line", "reason"),
    [
        ("    status: reviewed\n    title: T\n    summary: S\n    body: B\n", 5,
         "names reviewed_by and reviewed_on"),
        (GOOD + "    text: une question\n", 11, "a practice translation has no text"),
        ("    status: draft\n    title: T\n", 5, "needs summary"),
        (GOOD + "    status: reviewed\n", 11, "appears twice"),
    ],
)  # fmt: skip
def test_a_broken_overlay_is_refused_where_it_breaks(tmp_path, tail, line, reason):
    path = _write(tmp_path, HEAD + tail)
    with pytest.raises(ContentError) as caught:
        read_content_file(path, root=tmp_path)
    assert caught.value.line == line and reason in caught.value.reason


def test_an_overlay_of_an_unknown_entry_is_refused(tmp_path):
    shutil.copytree(DEFAULT_ROOT / "compendium", tmp_path / "compendium")
    _write(tmp_path, HEAD.replace("waste-chain-of-custody", "no-such-entry") + GOOD)
    with pytest.raises(ContentError) as caught:
        read_content_tree(tmp_path)
    assert "unknown practice urn:chemsec:practice:no-such-entry" in str(caught.value)
