"""Lists shown on pages are joined as the reader's language joins them (QA, December 2026):
an erasure's listed entries, a practice's taxonomy labels and the items a template writes in
a loop (the directory's countries not drawn on the map, a question's practices) read "1, 2"
in Chinese and Arabic too; Chinese enumerates with "、" (GB/T 15834-2011), Arabic with "، "."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from chemsec.compendium.templatetags.compendium import labels
from chemsec.core.audit_display import change_rows
from chemsec.core.audit_erasure import ERASED_LIST

SEPARATORS = [("zh-hans", "、"), ("ar", "، "), ("fr", ", "), ("en", ", "), ("ru", ", ")]


@pytest.mark.parametrize(("language", "separator"), SEPARATORS)
def test_an_erasure_names_its_entries_as_the_language_lists(language, separator):
    changes = {ERASED_LIST: [[12, "ab" * 32], [3, "cd" * 32], [7, "ef" * 32]], "reason": "r"}
    with translation.override(language):
        rows = change_rows(changes)
    assert rows[-1].field == ERASED_LIST
    assert rows[-1].new == f"3: {separator.join(['3', '7', '12'])}"


@pytest.mark.parametrize(("language", "separator"), SEPARATORS)
def test_taxonomy_labels_are_listed_as_the_language_lists(language, separator):
    with translation.override(language):
        shown = labels(["storage", "transport"], "stage")
        words = [str(translation.gettext("Storage")), str(translation.gettext("Transport"))]
    assert shown == separator.join(words)


@pytest.mark.parametrize(("language", "separator"), SEPARATORS)
def test_a_loop_separates_its_items_with_the_languages_separator(language, separator):
    template = Template(
        "{% load list_join %}{% for x in items %}<a>{{ x }}</a>"
        "{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}"
    )
    with translation.override(language):
        shown = template.render(Context({"items": ["FJ", "<TV>"]}))
    assert shown == f"<a>FJ</a>{separator}<a>&lt;TV&gt;</a>"


def test_the_templates_use_no_fixed_comma_between_shown_items():
    """The templates fixed here keep the language's separator (a regression guard)."""
    from pathlib import Path

    import chemsec

    root = Path(chemsec.__file__).parent / "templates"
    for name in (
        "network/directory.html", "frameworks/framework_detail.html", "risk/register.html",
        "risk/_what_if_source.html", "frameworks/_needs_map.html", "sanctions/screening.html",
        "supplychain/product.html", "supplychain/products.html",
        "frameworks/campaign_detail.html", "sanctions/version.html",
    ):  # fmt: skip
        text = (root / name).read_text(encoding="utf-8")
        assert "{% if not forloop.last %}, {% endif %}" not in text, name
        assert 'join:", "' not in text, name
