"""Flows that need a real browser: two-factor sign-in, Arabic, switching organisation,
and a job's live progress bar."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from chemsec.core.choices import Role
from chemsec.core.jobs import work
from chemsec.core.models import Membership

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_signs_in_with_two_factor(page, alice):
    device = TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    sign_in(page, "alice")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.get_by_label("Six-digit code").fill(f"{code:06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".account-link")).to_have_text("alice")


def test_it_switches_to_arabic_right_to_left(page):
    page.goto("/")
    page.locator("#language-select").select_option("ar")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # not until it is asked
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def test_it_switches_organisation(page, alice, northgate):
    Membership.objects.create(user=alice, organisation=northgate, role=Role.VIEWER)
    sign_in(page, "alice")
    expect(page.get_by_text("You are acting for Meridian Chemicals")).to_be_visible()
    page.locator("#organisation-select").select_option(label="Northgate Distribution (Viewer)")
    page.get_by_role("button", name="Switch organisation").click()
    expect(page.get_by_text("You are acting for Northgate Distribution")).to_be_visible()


def test_it_shows_a_job_progress_bar_reaching_100(page, settings, make_user, secretariat):
    settings.JOBS_EAGER = False
    make_user("sam", secretariat, Role.ADMIN)
    sign_in(page, "sam")
    page.goto("/audit/")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Queued")
    assert work(once=True) == 1  # the worker runs while the page polls
    expect(page.get_by_test_id("job-percent")).to_have_text("100 %")
    expect(page.locator("#job-progress-bar")).to_have_attribute("value", "100")
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded")
