"""The committee's secretary drafts, circulates, approves and publishes minutes in a real
browser, by keyboard-reachable forms and buttons only."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from chemsec.core.choices import Role

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(meridian):
    """A committee meeting Meridian attended, through the services."""
    from chemsec.core.policy import SYSTEM
    from chemsec.network import services

    member = services.member_apply(
        user=SYSTEM, organisation=meridian, stages=["storage"], topics=[], focal_point_name="K"
    )
    services.member_decide(user=SYSTEM, member=member, approve=True)
    committee = services.committee_create(user=SYSTEM, name="Coordinating Committee", slug="ccc")
    start = timezone.now() - dt.timedelta(days=2)
    return services.meeting_schedule(
        user=SYSTEM, committee=committee, title="First meeting", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="Geneva", attendees=[meridian],
    )  # fmt: skip


def test_the_secretary_approves_and_publishes_minutes(page, make_user, secretariat, meeting):
    rita = make_user("rita", secretariat, Role.REVIEWER)
    device = TOTPDevice.objects.create(user=rita, name="app", confirmed=True)
    sign_in(page, "rita")
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.get_by_label("Six-digit code").fill(f"{code:06d}")
    page.get_by_role("button", name="Verify").click()
    page.goto(f"/network/meetings/{meeting.pk}/")
    page.locator("#minutes-text").fill("The committee met in Geneva and adopted its programme.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Minutes saved.")).to_be_visible()
    page.get_by_label("Comment window (days)").fill("0")
    page.get_by_role("button", name="Circulate for comments").click()
    page.get_by_role("button", name="Approve the minutes").click()
    page.get_by_role("button", name="Publish the minutes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Version 1, published")).to_be_visible()


def test_the_directory_map_and_meeting_page_pass_axe(
    browser, live_server, make_user, secretariat, meeting
):
    """No serious or critical axe finding on the public directory with its map, nor on a
    meeting page with every secretary form."""
    from .axe import BLOCKING, audit

    rita = make_user("rita", secretariat, Role.REVIEWER)
    device = TOTPDevice.objects.create(user=rita, name="app", confirmed=True)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto("/network/")
        expect(page.locator(".member-map svg")).to_be_visible()
        findings = [(v["id"], v["impact"]) for v in audit(page) if v["impact"] in BLOCKING]
        sign_in(page, "rita")
        code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
        page.get_by_label("Six-digit code").fill(f"{code:06d}")
        page.get_by_role("button", name="Verify").click()
        page.goto(f"/network/meetings/{meeting.pk}/")
        findings += [(v["id"], v["impact"]) for v in audit(page) if v["impact"] in BLOCKING]
        assert findings == []
    finally:
        context.close()
