"""The scrolling wrapper of wide tables and drawings (`{% scrollregion %}`): a focusable,
named region, so that a keyboard user can scroll it (axe scrollable-region-focusable, WCAG
2.1.1) and a screen reader announces what it holds; one pattern, used by every template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError, engines
from django.utils import translation
from django.utils.html import escape

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LOAD = "{% load i18n scroll_region %}"


def render(source: str, **context: object) -> str:
    return Template(LOAD + source).render(Context(context))


def test_a_region_named_by_a_heading_is_focusable():
    html = render('{% scrollregion labelledby="per-year" %}<table></table>{% endscrollregion %}')
    assert html == (
        '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="per-year">'
        "<table></table></div>"
    )


def test_a_region_named_by_a_text_is_named_in_the_readers_language():
    source = '{% scrollregion label=_("Training courses") class="wide x" %}…{% endscrollregion %}'
    with translation.override("fr"):
        html = render(source)
    assert html.startswith('<div class="table-scroll wide x" role="region" tabindex="0" ')
    with translation.override("fr"):
        french = escape(translation.gettext("Training courses"))
    assert french != "Training courses" and f'aria-label="{french}"' in html


def test_the_name_is_escaped():
    html = render("{% scrollregion label=name %}{% endscrollregion %}", name='A "quoted" <b>')
    assert 'aria-label="A &quot;quoted&quot; &lt;b&gt;"' in html


def test_a_name_built_with_blocktranslate_is_escaped_once():
    source = (
        "{% blocktranslate asvar name with title=title %}Progress in {{ title }}"
        "{% endblocktranslate %}{% scrollregion label=name %}{% endscrollregion %}"
    )
    html = render(source, title="L'atelier & co")
    assert 'aria-label="Progress in L&#x27;atelier &amp; co"' in html


@pytest.mark.parametrize(
    "source",
    [
        "{% scrollregion %}{% endscrollregion %}",  # no name
        '{% scrollregion label="a" labelledby="b" %}{% endscrollregion %}',  # two names
        '{% scrollregion title="a" %}{% endscrollregion %}',  # not an option
        '{% scrollregion label="a" label="b" %}{% endscrollregion %}',
        '{% scrollregion label="a" %}',  # never closed
    ],
    ids=["no-name", "two-names", "unknown-option", "repeated", "unclosed"],
)
def test_a_wrapper_without_exactly_one_name_is_refused_when_compiled(source):
    with pytest.raises(TemplateSyntaxError):
        Template(LOAD + source)


def test_a_name_that_turns_out_empty_raises_instead_of_drawing_an_unnamed_region():
    with pytest.raises(TemplateSyntaxError, match="needs a name"):
        render("{% scrollregion label=missing %}{% endscrollregion %}")


def _template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if p.is_file())


def test_every_overflow_wrapper_in_the_templates_is_the_shared_region():
    """No template draws a scrolling wrapper of its own: the classes that make a box scroll
    sideways (chemsec.css, frameworks.css, network.css, protection.css) appear only through
    the tag, which makes it focusable and named."""
    scrolling = re.compile(r'class="[^"]*\b(table-scroll|fw-scroll|protection-svg)\b')
    tags = re.compile(r"\{% scrollregion [^%]*%\}")  # the tag's own class="..." option
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in _template_files()
        for match in scrolling.finditer(tags.sub("", path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_templates_using_the_region_compile():
    engine = engines["django"]
    users = [p for p in _template_files() if "{% scrollregion" in p.read_text(encoding="utf-8")]
    assert len(users) >= 15
    for path in users:
        engine.get_template(str(path.relative_to(TEMPLATES)))
