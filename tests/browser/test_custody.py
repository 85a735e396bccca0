"""A two-party custody handover in a real browser: the holder records it, the receiver
confirms it, and the chain still verifies."""

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_party_handover(page, alice, charlie, meridian, northgate):
    from chemsec.custody.services import sample_register

    sample = sample_register(
        actor=alice, organisation=meridian, identifier="S-77", seal_number="SEAL-77",
        description="Swab in a sealed tube", taken_by="Inspector", taken_place="Store B",
    )  # fmt: skip
    sign_in(page, "alice")
    page.goto(f"/custody/{sample.pk}/")
    expect(page.locator("#chain-status")).to_contain_text("verified")
    page.get_by_label("Step").select_option("transported")
    page.get_by_label("To (for a handover)").select_option(label=northgate.name)
    page.locator("#handover_seal_number").fill("SEAL-77")
    page.get_by_role("button", name="Record the step").click()
    expect(page.get_by_role("heading", name="Awaiting confirmation")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm")).to_have_count(0)  # not the receiver
    base = page.url.split("/custody")[0]
    context = page.context.browser.new_context(base_url=base)
    receiver = context.new_page()
    sign_in(receiver, "charlie")
    receiver.goto(f"/custody/{sample.pk}/")
    receiver.get_by_label("Seal intact").check()
    receiver.get_by_label("Seal number seen").fill("SEAL-77")
    receiver.get_by_role("button", name="Confirm").click()
    expect(receiver.get_by_role("heading", name="Awaiting confirmation")).to_have_count(0)
    expect(receiver.locator("#chain-status")).to_contain_text("verified")
    expect(receiver.locator("dl.facts")).to_contain_text("Northgate Distribution")  # holds it
    context.close()
