"""The public reference-content catalogue lists every kind of shipped content, page by page."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from chemsec.core.content_sync import content_load
from chemsec.core.models import ContentItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped_content():
    content_load()
    return ContentItem.objects.all()


def test_it_lists_every_kind_of_shipped_content(client, shipped_content):
    kinds = sorted(set(shipped_content.values_list("kind", flat=True)))
    assert len(kinds) > 3
    for kind in kinds:
        response = client.get(reverse("content_catalogue"), {"kind": kind})
        assert response.status_code == 200, kind
        sample = shipped_content.filter(kind=kind).order_by("urn").first()
        assert sample.urn in response.content.decode()


def test_it_serves_every_page_of_the_whole_catalogue(client, shipped_content):
    pages = -(-shipped_content.count() // 50)
    assert pages >= 3
    for number in range(1, pages + 1):
        response = client.get(reverse("content_catalogue"), {"page": number})
        assert response.status_code == 200, number


def test_it_titles_an_item_by_its_title_or_name_or_nothing():
    assert ContentItem(data={"title": "T", "name": "N"}).title == "T"
    assert ContentItem(data={"name": "N"}).title == "N"
    assert ContentItem(data={"rows": []}).title == ""
    assert ContentItem(data=[1, 2]).title == ""


def test_every_kind_of_shipped_content_is_named_not_shown_as_its_code(shipped_content):
    from chemsec.core.templatetags.content_labels import KIND_LABELS

    kinds = set(shipped_content.values_list("kind", flat=True))
    assert {"course", "translation"} <= kinds  # the crawl found these shown as codes
    assert kinds <= set(KIND_LABELS)


def test_english_reference_texts_are_marked_as_english_on_a_page_in_another_language(
    client, shipped_content
):
    client.cookies["django_language"] = "ru"
    course = shipped_content.filter(kind="course").first()
    listing = client.get(reverse("content_catalogue"), {"kind": "course"}).content.decode()
    assert '<option value="course" selected>Учебные курсы</option>' in listing
    assert "<td>course</td>" not in listing and "<td>Учебные курсы</td>" in listing
    assert f'<td lang="en" dir="ltr">{escape(course.title)}</td>' in listing
    detail = client.get(reverse("content_detail", args=[course.urn])).content.decode()
    assert 'class="pre-wrap" lang="en" dir="ltr"' in detail
    assert 'class="pre-wrap">' not in detail
