"""A gap's "(score 0.0, weight 3)" reads as one unit in every language (QA, December 2026):
in Arabic "(الدرجة 0.0, الوزن 3)" wrapped between its parts, its brackets and numbers
pulled apart by the right-to-left line, and joined with a Latin comma."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from chemsec.frameworks.tests.test_gaps import answered  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

TAG = Template('{% load l10n_numbers %}{% labelled_numbers "score" 0.5 "weight" 3 %}')


@pytest.mark.parametrize(
    ("language", "separator", "mark"),
    [
        ("ar", "\u060c\u00a0", "."),
        ("fr", ",\u00a0", ","),
        ("ru", ",\u00a0", ","),
        ("zh-hans", "\u3001", "."),
    ],
)
def test_each_label_keeps_its_number_and_the_pair_never_breaks(language, separator, mark):
    with translation.override(language):
        html = TAG.render(Context())
    assert html == (
        '<span class="labelled-numbers">('
        f'<bdi>score\u00a0<bdi dir="ltr">0{mark}5</bdi></bdi>{separator}'
        '<bdi>weight\u00a0<bdi dir="ltr">3</bdi></bdi>)</span>'
    )
    assert " " not in html.replace("<bdi dir", "").replace("<span class", "")


def test_the_results_page_in_arabic_isolates_score_and_weight(personas, answered):  # noqa: F811
    url = reverse("frameworks:results", args=[answered.pk])
    body = personas["alice"].get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    with translation.override("ar"):
        score, weight = translation.gettext("score"), translation.gettext("weight")
    found = re.search(
        rf'\(<bdi>{score}\u00a0<bdi dir="ltr">[\d.]+</bdi></bdi>\u060c\u00a0'
        rf'<bdi>{weight}\u00a0<bdi dir="ltr">\d+</bdi></bdi>\)',
        body,
    )
    assert found, body[body.find("fw-gaps") : body.find("fw-gaps") + 800]
