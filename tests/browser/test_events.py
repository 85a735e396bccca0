"""Registering to a workshop in a real browser, by keyboard-reachable forms only: a national
authority nominates one of its people, the secretariat approves, the participant is listed."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from chemsec.core.choices import OrganisationKind, Role

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workshop():
    from chemsec.core.policy import SYSTEM
    from chemsec.events import services

    start = timezone.localdate() + dt.timedelta(days=20)
    return services.event_create(
        user=SYSTEM, title="Securing chemical storage", stage="storage", starts_on=start,
        ends_on=start, capacity=10, venue="Nairobi",
    )  # fmt: skip


def test_a_state_nominates_and_the_secretariat_approves(
    browser, live_server, make_user, secretariat, workshop
):
    from chemsec.core.models import Organisation

    authority = Organisation.objects.create(
        name="National Authority of Arcadia", slug="arcadia",
        kind=OrganisationKind.NATIONAL_AUTHORITY, region="africa",
    )  # fmt: skip
    make_user("nadia", authority, Role.CONTRIBUTOR)
    make_user("paul", authority, Role.VIEWER)
    rita = make_user("rita", secretariat, Role.REVIEWER)
    device = TOTPDevice.objects.create(user=rita, name="app", confirmed=True)
    url = f"/events/{workshop.pk}/"

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, "nadia")
        page.goto(url)
        page.get_by_label("Participant", exact=True).select_option(label="paul")
        page.get_by_label("The participant agrees to be on the participant list").check()
        page.get_by_role("button", name="Nominate").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text("Nomination sent to the secretariat.")).to_be_visible()
        expect(page.get_by_role("cell", name="Nominated")).to_be_visible()
    finally:
        context.close()

    context = browser.new_context(base_url=live_server.url, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, "rita")
        code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
        page.get_by_label("Six-digit code").fill(f"{code:06d}")
        page.get_by_role("button", name="Verify").click()
        page.goto(url)
        page.get_by_label("Decision").select_option(label="Approve")
        page.get_by_role("button", name="Decide").click()
        expect(page.get_by_text("Decision recorded.")).to_be_visible()
        expect(page.get_by_role("cell", name="Approved")).to_be_visible()
        expect(page.locator("#participants + ul")).to_contain_text("paul")
        from .axe import BLOCKING, audit

        page.goto(url)  # without the flash message: base.html's <ul role="status"> is axe's
        found = [(v["id"], v["impact"], v["nodes"]) for v in audit(page)]
        assert [f for f in found if f[1] in BLOCKING] == []
    finally:
        context.close()
