"""The compendium's faceted search in a real browser: ticking a facet narrows the results."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def practices():
    from chemsec.compendium.content import practices_sync
    from chemsec.content.reader import iter_objects, read_content_tree

    practices_sync([o for o in iter_objects(read_content_tree()) if o.kind == "practice"])


def _count(page):
    return int(re.search(r"\d+", page.locator(".result-count").inner_text()).group())


def test_it_narrows_results_when_a_stage_facet_is_ticked(page, practices):
    page.goto("/compendium/?q=security")
    before = _count(page)
    assert before > 0
    page.get_by_role("checkbox", name=re.compile(r"^Waste")).check()
    expect(page).to_have_url(re.compile(r"stage=waste"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^Waste"))).to_be_checked()
    page.wait_for_function(
        "n => parseInt(document.querySelector('.result-count').innerText) < n", arg=before
    )
    after = _count(page)
    assert 0 < after < before
    first = page.locator(".practice-hit").first
    expect(first).to_contain_text("Waste")


def test_it_opens_an_entry_from_the_results(page, practices):
    page.goto("/compendium/?q=keys+locks+credentials")
    page.get_by_role("link", name="Key, lock and credential control").click()
    expect(page.get_by_role("heading", name="Version history")).to_be_visible()
