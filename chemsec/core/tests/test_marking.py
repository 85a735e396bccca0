"""Confidentiality markings come from one include, so every page draws them the same way."""

import re
from pathlib import Path

from django.template.loader import render_to_string

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INCLUDE = TEMPLATES / "includes" / "marking.html"
# The marking's class in any class attribute, quoted either way, in any position.
MARKUP = re.compile(r"""class=["'][^"']*\bconfidentiality-marking\b""")


def test_it_writes_the_marking_markup_in_one_template_only():
    duplicates = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if path != INCLUDE and MARKUP.search(path.read_text())
    ]
    assert duplicates == []


def test_it_renders_level_owner_note_and_class():
    html = render_to_string(
        "includes/marking.html",
        {"level": "Restricted", "owner": "A & B", "note": "do not forward.", "extra_class": "x"},
    )
    assert html.strip() == (
        '<p class="confidentiality-marking x" role="note"><strong>Restricted</strong>'
        " — A &amp; B — do not forward.</p>"
    )
    bare = render_to_string("includes/marking.html", {"level": "Public"})
    assert (
        bare.strip() == '<p class="confidentiality-marking" role="note"><strong>Public</strong></p>'
    )
