"""Needs assessment in a real browser: answering and submitting; the secretariat's dashboard."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chemsec.content.reader import read_content_file
from chemsec.core.choices import Role
from chemsec.frameworks.models import Framework
from chemsec.frameworks.services import (
    AnswerInput,
    answers_save,
    assessment_start,
    assessment_submit,
    campaign_create,
)
from chemsec.frameworks.sync import sync_frameworks

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = Path(__file__).resolve().parents[2] / "chemsec" / "content" / "frameworks"


@pytest.fixture
def campaign(make_user, secretariat, meridian, northgate):
    sync_frameworks(read_content_file(CONTENT / "national-capacity.yaml").objects)
    framework = Framework.objects.get(urn="urn:chemsec:framework:national-capacity:v1")
    sam = make_user("sam", secretariat, Role.REVIEWER)
    return campaign_create(
        actor=sam,
        organisation=secretariat,
        title="Needs assessment 2026",
        framework=framework,
        invited=[meridian, northgate],
        deadline=dt.date.today() + dt.timedelta(days=30),
    )


def test_it_answers_and_submits_an_assessment(page, alice, campaign):
    sign_in(page, "alice")
    page.goto("/assessments/")
    page.get_by_role("button", name="Respond").click()
    question = page.locator('[id="q-NC-01.1"]')
    question.get_by_label("3 · established").check()
    page.locator('[id="q-NC-01.2"]').get_by_label("Partly").check()
    question.get_by_label("Confidential (counted only in aggregates)").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.locator('[id="q-NC-01.1"]').get_by_label("3 · established")).to_be_checked()
    page.get_by_role("button", name="Submit the assessment…").click()
    expect(page.get_by_role("heading", name="Submit the assessment?")).to_be_visible()
    page.get_by_role("button", name="Yes, submit the assessment").click()
    expect(page.get_by_test_id("assessment-status")).to_have_text("Submitted")
    page.get_by_role("link", name="Scores and gaps").click()
    expect(page.locator('[data-section="NC-01"]')).to_have_attribute("data-score", "2.5")


def test_it_asks_before_leaving_a_section_with_unsaved_answers(page, alice, campaign):
    sign_in(page, "alice")
    page.goto("/assessments/")
    page.get_by_role("button", name="Respond").click()
    page.locator('[id="q-NC-01.1"]').get_by_label("3 · established").check()
    asked = []

    def decline(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.locator(".fw-tabs").get_by_role("link", name="NC-02").click()
    expect(page.locator('[id="q-NC-01.1"]').get_by_label("3 · established")).to_be_checked()
    assert asked and "not saved" in asked[0]


def test_it_draws_the_secretariat_dashboard(page, alice, campaign, meridian):
    assessment = assessment_start(
        actor=alice, organisation=meridian, framework=campaign.framework, campaign=campaign
    )
    answers_save(
        actor=alice,
        assessment=assessment,
        answers=[AnswerInput("NC-01.1", "4"), AnswerInput("NC-02.1", "1")],
    )
    assessment_submit(actor=alice, assessment=assessment)
    sign_in(page, "sam")
    page.goto("/assessments/campaigns/")
    page.get_by_role("link", name="Needs assessment 2026").click()
    chart = page.get_by_test_id("score-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("g.fw-bar")).to_have_count(12)
    bar = chart.locator('g[data-section="NC-01"] rect')
    expect(bar).to_be_visible()
    assert float(bar.get_attribute("width")) > float(
        chart.locator('g[data-section="NC-02"] rect').get_attribute("width")
    )
    row = page.get_by_test_id("heat-map").get_by_role("row", name="Meridian Chemicals")
    expect(row.locator("td.heat-4")).to_have_text("4.0")
    expect(row.locator("td.heat-1")).to_have_text("1.0")
    expect(page.get_by_test_id("response-status")).to_contain_text("Not started")
