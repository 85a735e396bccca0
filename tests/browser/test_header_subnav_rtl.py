"""The header and the apps' sub-navigation in Arabic (issue 11, found by QA with
screenshots): the organisation select showed "thgate Chemical Distribution", its English
name clipped at its start by the right-to-left layout; the training and incidents
sub-navigation was an unstyled bulleted list."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from chemsec.core.choices import Role
from chemsec.core.models import Membership

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Northgate Chemical Distribution and Warehousing of the Southern Region"


def _arabic(page, live_server):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}]
    )


def test_the_organisation_select_shows_a_name_from_its_start_in_arabic(
    page, live_server, alice, northgate
):
    northgate.name = LONG
    northgate.save()
    Membership.objects.create(user=alice, organisation=northgate, role=Role.VIEWER)
    sign_in(page, "alice")
    _arabic(page, live_server)
    page.goto("/training/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    select = page.locator("#organisation-select")
    style = select.evaluate(
        "e => { const s = getComputedStyle(e); return [s.unicodeBidi, s.textOverflow,"
        " s.whiteSpace, e.getBoundingClientRect().width, e.scrollWidth] }"
    )
    unicode_bidi, overflow, white_space, width, _scroll = style
    # Its paragraph direction from its own text (an English name: left to right, shown from
    # "Northgate"), a long name cut at its end with an ellipsis, the select kept narrow.
    assert unicode_bidi == "plaintext" and overflow == "ellipsis" and white_space == "nowrap"
    assert width <= 16 * 16 + 1


@pytest.mark.parametrize("path", ["/training/", "/incidents/"], ids=["training", "incidents"])
def test_the_sub_navigation_is_a_row_of_links_in_arabic(page, live_server, alice, path):
    sign_in(page, "alice")
    _arabic(page, live_server)
    page.goto(path)
    items = page.locator("nav.subnav li")
    assert items.count() >= 2
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert len(tops) == 1  # one row, not a bulleted column
    assert items.first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
