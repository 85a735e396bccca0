"""Reporting a theft in a real browser: the clock appears once a listed chemical is added,
the report reaches the authority's inbox, and the clock stops."""

import pytest
from playwright.sync_api import expect

from chemsec.core.choices import OrganisationKind, Role

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_a_theft_with_its_clock(page, alice, meridian, make_user):
    from chemsec.core.models import Organisation

    authority = Organisation.objects.create(
        name="National Contact Point", slug="ncp", kind=OrganisationKind.NATIONAL_AUTHORITY,
        country="XA",
    )  # fmt: skip
    make_user("olga", authority, Role.CONTRIBUTOR)
    sign_in(page, "alice")
    page.goto("/incidents/new/")
    page.get_by_label("Kind").select_option("theft")
    page.get_by_label("Title").fill("Drum missing from store B")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drum missing from store B")
    expect(page.locator("#clock")).to_have_count(0)  # no chemical yet: no clock
    page.get_by_label("Or name it").fill("Hydrogen peroxide 35 %")
    page.get_by_label("CAS number").fill("7722-84-1")
    page.get_by_label("Quantity").fill("25")
    page.get_by_role("button", name="Add the chemical").click()
    expect(page.locator("#clock")).to_contain_text("min left")
    expect(page.locator("#clock")).to_contain_text("2019/1148")
    page.get_by_role("link", name="Report to the national authority").click()
    page.get_by_label("National authority").select_option(label="National Contact Point")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status").filter(has_text="Reported")).to_be_visible()
    expect(page.locator("#clock")).to_have_count(0)  # the clock stopped
    context = page.context.browser.new_context(base_url=page.url.split("/incidents")[0])
    officer = context.new_page()
    sign_in(officer, "olga")
    officer.goto("/supplychain/inbox/")
    expect(officer.get_by_text("Theft").first).to_be_visible()
    context.close()
