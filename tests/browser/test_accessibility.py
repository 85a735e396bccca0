"""Accessibility in a real browser: axe-core on the pages a crawl of the demo reaches, as
several people, in English and Arabic; and flows done with the keyboard alone.

The crawl here is bounded (a few route shapes per person and language) to keep CI short;
`python -m tests.browser.axe` crawls the whole demo portal (docs/accessibility.md).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import crawl, report, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ["", "meridian-officer", "secretariat-reviewer"]  # "" is the anonymous visitor
PAGES_EACH = 10


@pytest.fixture
def demo():
    from chemsec.demo import demo_create

    demo_create()


def test_crawled_pages_have_no_serious_or_critical_axe_violation(browser, live_server, demo):
    from chemsec.core.demo import DEMO_PASSWORD

    results = {}
    for language in ("en", "ar"):
        for persona in PERSONAS:
            context = browser.new_context(locale=language, bypass_csp=True)
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            if persona:
                sign_in(page, live_server.url, persona, DEMO_PASSWORD)
            results[f"{persona or 'anonymous'} ({language})"] = crawl(
                page, live_server.url, limit=PAGES_EACH
            )
            context.close()
    assert all(len(result.visited) >= PAGES_EACH // 2 for result in results.values()), report(
        results
    )
    assert not any(result.blocking or result.errors for result in results.values()), report(results)


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.id || e.name || e.textContent.trim()) : '' }"
    )


def _tab_to(page, wanted: str, presses: int = 40) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if _focused(page) == wanted:
            return
    raise AssertionError(f"{wanted!r} is not reachable with Tab")


def test_the_language_switch_waits_for_an_explicit_choice(page):
    page.goto("/")
    _tab_to(page, "language-select")
    page.keyboard.press("ArrowDown")  # browsing the options must not switch the site
    page.wait_for_timeout(300)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("#language-select").select_option("ar")
    page.keyboard.press("Tab")
    assert _focused(page) == "Change language"  # the button is visible and takes focus
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_searching_the_compendium_with_the_keyboard_alone(page):
    from chemsec.compendium.content import practices_sync
    from chemsec.content.reader import iter_objects, read_content_tree

    practices_sync([o for o in iter_objects(read_content_tree()) if o.kind == "practice"])
    page.goto("/compendium/")
    page.keyboard.press("Tab")
    assert _focused(page) == "Skip to main content"
    page.keyboard.press("Enter")
    _tab_to(page, "id_q")
    page.keyboard.type("key control")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=key"))
    expect(page.get_by_role("link", name="Key, lock and credential control")).to_be_visible()
