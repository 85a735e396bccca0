"""The organisation's risk matrix reads as a table in the reader's language (QA, December
2026): members who may only view it were shown the matrix's JSON, in English, in a <pre>."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from chemsec.risk.labels import SHIPPED

pytestmark = pytest.mark.django_db


def _page(client, language):
    return client.get(reverse("risk:matrix"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "ru", "ar", "fr"])
def test_a_viewer_sees_the_grid_and_scales_not_json(personas, language):
    body = _page(personas["bob"], language)
    assert "<pre" not in body and '"likelihood": [' not in body
    table = body[body.index('data-testid="risk-matrix"') : body.index("</table>")]
    assert len(re.findall(r'<td class="level-', table)) == 25
    # the top-left cell is the highest likelihood with the lowest consequence (medium)
    assert re.search(r'<tr><th scope="row">5 · [^<]+</th><td class="level-medium">', table)
    with translation.override(language):
        very_likely = str(SHIPPED["likelihood"]["Very likely"])
        catastrophic = str(SHIPPED["consequence"]["Catastrophic"])
    assert f"5 · {very_likely}" in table and f"5 · {catastrophic}" in table


def test_the_scales_descriptions_are_marked_as_the_english_they_are(personas):
    body = _page(personas["bob"], "zh-hans")
    assert re.search(r'<span lang="en" dir="auto">No credible adversary is known', body)


def test_an_admin_still_edits_the_json_below_the_table(personas):
    body = _page(personas["alice"], "fr")
    assert 'data-testid="risk-matrix"' in body and "<textarea" in body
