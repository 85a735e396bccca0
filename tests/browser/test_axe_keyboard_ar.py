"""Three core flows done with the keyboard alone on the Arabic (right-to-left) site:
screening an identifier, answering an assessment question, and changing the language."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arabic(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ar")
    context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return e ? (e.id || e.name || '') : '' }"
    )


def _tab_until(page, wanted, presses: int = 60) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if wanted(page):
            return
    raise AssertionError("not reachable with Tab")


def _on(selector):
    return lambda page: page.evaluate(f"() => document.activeElement.matches({selector!r})")


def test_screening_an_identifier_with_the_keyboard_alone(arabic):
    arabic.goto("/screening/")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    arabic.keyboard.press("Tab")
    arabic.keyboard.press("Enter")  # the skip link
    _tab_until(arabic, _on("#id_identifiers"))
    arabic.keyboard.type("75-44-5")
    _tab_until(arabic, _on(".screening-form [type=submit]"))
    arabic.keyboard.press("Enter")
    expect(arabic.locator("#screening-results")).to_contain_text("CWC")
    # Focus moves to the results (a screen reader reads them; Tab goes on from there),
    # whose outcome is in Arabic.
    expect(arabic.locator("#results-heading")).to_be_focused()
    expect(arabic.locator("[data-testid=status]").first).not_to_have_text("matched")


def test_answering_an_assessment_question_with_the_keyboard_alone(arabic, live_server):
    from chemsec.core.demo import DEMO_PASSWORD
    from chemsec.demo import demo_create
    from chemsec.frameworks.models import Assessment

    demo_create()
    draft = Assessment.objects.filter(status="draft").first()
    admin = draft.organisation.memberships.filter(role="admin").first().user
    sign_in(arabic, live_server.url, admin.username, DEMO_PASSWORD)
    arabic.goto(f"/assessments/{draft.pk}/")
    arabic.keyboard.press("Tab")
    arabic.keyboard.press("Enter")  # the skip link
    _tab_until(arabic, _on("fieldset.fw-question input[type=radio]"))
    question = arabic.evaluate("() => document.activeElement.name")
    arabic.keyboard.press("ArrowDown")  # the next level, whatever the direction of the page
    chosen = arabic.evaluate("() => document.activeElement.value")
    _tab_until(arabic, _on(".fw-answers [type=submit]"), presses=200)
    with arabic.expect_navigation():
        arabic.keyboard.press("Enter")
    expect(arabic.locator(f"input[name='{question}'][value='{chosen}']")).to_be_checked()
    expect(arabic.locator("html")).to_have_attribute("lang", "ar")


def test_changing_the_language_with_the_keyboard_alone(arabic):
    arabic.goto("/")
    _tab_until(arabic, _on("#language-select"))
    arabic.keyboard.press("ArrowDown")  # browsing the options does not switch the site
    arabic.wait_for_timeout(300)
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    chosen = arabic.evaluate("() => document.activeElement.value")
    arabic.keyboard.press("Tab")
    assert _focused(arabic) == "" and arabic.evaluate(
        "() => document.activeElement.closest('form.switcher') !== null"
    )
    arabic.keyboard.press("Enter")
    expect(arabic.locator("html")).to_have_attribute("lang", chosen)
    expect(arabic.locator("html")).to_have_attribute("dir", "ltr")
