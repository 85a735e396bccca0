"""Dates and screening labels read in the reader's language in a real browser (issue 11):
an incident's dates in English and Arabic (CLDR's long date, day first with the Arabic
comma, no English month abbreviation), and a salt whose parent is listed reads as a task,
not as "identity not determined". Screenshots go to CHEMSEC_SCREENSHOTS when it is set."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DETECTED = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)


def _shot(page, name: str) -> None:
    folder = os.environ.get("CHEMSEC_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _in_language(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize(("language", "words"), [("en", "Dec. 7, 2026"), ("ar", "7 ديسمبر، 2026")])
def test_an_incidents_dates_read_in_the_language(page, live_server, alice, meridian, language,
                                                 words):  # fmt: skip
    from chemsec.facilities.services import facility_create
    from chemsec.incidents.models import Incident
    from chemsec.incidents.services import incident_record

    plant = facility_create(
        organisation=meridian, name="Riverside Plant", actor=alice,
        facility_type="manufacturing", country="XA",
    )  # fmt: skip
    incident = incident_record(
        actor=alice, organisation=meridian, facility=plant, kind="theft",
        title="Drums missing from store B", detected_at=DETECTED, place="Store B",
    )  # fmt: skip
    Incident.objects.filter(pk=incident.pk).update(detected_at=DETECTED)
    with translation.override(language):
        expected = formats.date_format(timezone.localtime(DETECTED), "DATETIME_FORMAT")
    sign_in(page, "alice")  # the sign-in page in English, then the reader's language
    _in_language(page, live_server, language)
    page.goto(f"/incidents/{incident.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    detected = page.locator("dd").filter(has_text=words).first
    expect(detected).to_have_text(expected)
    expect(page.locator("body")).not_to_contain_text("7 Dec 2026")
    _shot(page, f"incident-{language}")
    page.goto("/incidents/")
    expect(page.locator("table")).to_contain_text(expected)
    _shot(page, f"incidents-{language}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_listed_parents_salt_reads_as_a_task(page, live_server, language):
    from django.utils.translation import pgettext

    with translation.override(language):
        label = pgettext("screening outcome", "parent listed: salt to check")
        bare = pgettext("screening outcome", "unresolved")
    _in_language(page, live_server, language)
    page.goto("/screening/")
    page.locator("input[name=identifiers], textarea[name=identifiers]").first.fill(
        "OC1CN2CCC1CC2.Cl"
    )
    page.locator("form.screening-form button[type=submit]").click()
    badge = page.get_by_test_id("status")
    expect(badge).to_have_text(label)
    expect(badge).not_to_have_text(bare)
    _shot(page, f"screening-salt-{language}")
