"""A waste consignment recorded to its disposal in a real browser: the facility officer
prepares and signs the manifest, the haulier signs in its turn, the disposal company records
what arrived and certifies the disposal; the manifest page then reads in Arabic, right to left."""

# ruff: noqa: F811 - fixtures taken from the waste tests are parameters here

import pytest
from playwright.sync_api import expect

from chemsec.waste.tests.conftest import disposer, haulier, plant, rita, stream, tom  # noqa: F401

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, username, locale="en-GB"):
    """Another person's browser on the same server."""
    base = page.url.split("/waste/")[0]
    context = page.context.browser.new_context(base_url=base, locale=locale)
    other = context.new_page()
    other.goto("/login/")  # by field name: the labels are in the context's language
    other.locator("input[name='username']").fill(username)
    other.locator("input[name='password']").fill("correct-horse-battery")
    other.locator("input[name='password']").press("Enter")
    other.wait_for_url(lambda url: "/login/" not in url)
    return context, other


def test_consignment_to_disposal(page, alice, stream, haulier, disposer, tom, rita):
    sign_in(page, "alice")
    page.goto(f"/waste/facility/{stream.facility_id}/")
    page.get_by_role("link", name="New consignment").click()
    page.get_by_label("Receiving facility's operator").select_option(label=disposer.name)
    page.get_by_label("Receiving facility (name and address)").fill("Clearwater incinerator")
    page.get_by_label("Transporters (in the order they carry it)").select_option(label=haulier.name)
    page.get_by_label("Expected to be received by").fill("2026-03-20")
    page.get_by_label("Waste description").fill("Spent solvent")
    page.get_by_label("Container type").fill("DM")
    page.get_by_label("Containers").fill("2")
    page.get_by_label("Seal numbers").fill("S-101, S-102")
    page.get_by_label("Quantity (kg)").fill("400")
    page.get_by_role("button", name="Prepare the manifest").click()
    expect(page.get_by_role("heading", name="Sign the manifest")).to_be_visible()
    manifest = page.url
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text(f"Waiting for {haulier.name} to sign.")).to_be_visible()

    context, haulage = _as(page, "tom")
    haulage.goto(manifest)
    haulage.get_by_label("Note").fill("Collected, seals checked.")
    haulage.get_by_role("button", name="Sign", exact=True).click()
    expect(haulage.get_by_text(f"Waiting for {disposer.name} to sign.")).to_be_visible()
    context.close()

    context, receiver = _as(page, "rita")
    receiver.goto(manifest)
    expect(receiver.get_by_role("heading", name="Confirm receipt")).to_be_visible()
    receiver.get_by_label("Received (kg): Spent solvent").fill("400")
    receiver.get_by_label("Seals intact: S-101, S-102").check()
    receiver.get_by_role("button", name="Sign", exact=True).click()
    expect(
        receiver.get_by_role("heading", name="Certificate of disposal or recovery")
    ).to_be_visible()
    receiver.get_by_label("Disposal or recovery operation").select_option("D10")
    receiver.get_by_label("Disposed on").fill("2026-03-22")
    receiver.get_by_label("Certificate reference").fill("CW-2026-0042")
    receiver.get_by_role("button", name="Certify").click()
    # the date as the reader's language writes it (English: "March 22, 2026"), not ISO
    certified = "Disposal certified: operation D10 on March 22, 2026"
    expect(receiver.get_by_text(certified)).to_be_visible()
    expect(receiver.get_by_role("alert")).to_have_count(0)  # no difference, no broken seal
    context.close()

    context, arabic = _as(page, "alice", locale="ar")
    arabic.goto(manifest)
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    expect(arabic.locator("html")).to_have_attribute("lang", "ar")
    expect(arabic.get_by_text("CW-2026-0042")).to_be_visible()
    expect(arabic.get_by_role("heading", name="Sign the manifest")).to_have_count(0)
    assert "Disposal certified" not in arabic.content()  # the status reads in Arabic
    context.close()
