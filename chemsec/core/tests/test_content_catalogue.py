"""The public reference-content catalogue lists every kind of shipped content, page by page."""

import pytest
from django.urls import reverse

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
