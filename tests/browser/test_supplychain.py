"""The supply chain in a real browser: the counter sale (staff tick what the customer did,
the order is held with a neutral sentence, the compliance officer finds the alert with the
rules behind it) and the national contact point's inbox (a report arrives, is acknowledged,
a question is asked and answered). Each page is also read in Arabic, right to left.

Screenshots go to CHEMSEC_SCREENSHOT_DIR when it is set (to look at them), else nowhere."""

# ruff: noqa: F811 - fixtures taken from the supply-chain tests are parameters here

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from chemsec.core.choices import Role
from chemsec.supplychain.tests.conftest import authority, officer, peroxide  # noqa: F401

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULE_CODES = ("EU-EP-", "KYC-", "PATTERN-")
TIMEOUT = 60_000  # a shared, loaded machine: pages of several people's work at once


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("CHEMSEC_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _as(page: Page, username: str, locale: str = "en-GB") -> tuple[object, Page]:
    """Another person's browser on the same server, signed in by the fields' names (the
    labels are in the context's language)."""
    base = page.url.split("/", 3)
    context = page.context.browser.new_context(base_url="/".join(base[:3]), locale=locale)
    other = context.new_page()
    other.set_default_timeout(TIMEOUT)
    other.goto("/login/")
    other.locator("input[name='username']").fill(username)
    other.locator("input[name='password']").fill("correct-horse-battery")
    other.locator("input[name='password']").press("Enter")
    other.wait_for_url(lambda url: "/login/" not in url)
    return context, other


@pytest.fixture
def walk_in(alice, meridian):
    """A member of the public, recorded organisation-wide so the counter staff see them."""
    from chemsec.supplychain.services import customer_create

    return customer_create(
        actor=alice, organisation=meridian, legal_name="Jo Public", country="XA",
        customer_type="general_public", delivery_address="1 High Street",
        confidentiality="organisation",
    )  # fmt: skip


def test_counter_sale_to_the_compliance_officers_alert(
    page, make_user, meridian, walk_in, peroxide
):
    make_user("carol", meridian, Role.CONTRIBUTOR)
    page.set_default_timeout(TIMEOUT)
    sign_in(page, "carol")
    page.goto("/supplychain/orders/new/")
    page.get_by_label("Customer", exact=True).select_option(label="Jo Public")
    page.get_by_label("Product 1", exact=True).select_option(label=str(peroxide))
    page.get_by_label("Quantity 1", exact=True).fill("2")
    page.get_by_label("Payment", exact=True).select_option("cash")
    page.get_by_label("Outcome", exact=True).select_option("refused")
    page.get_by_label("(d)", exact=False).check()
    page.get_by_label("(e)", exact=False).check()
    page.get_by_label("Staff observations").fill("Would not show ID; insisted on cash.")
    _shot(page, "supplychain-counter-en")
    page.get_by_role("button", name="Record and check").click()
    # The counter reads a neutral sentence: no rule, no word of a report.
    expect(page.get_by_role("status")).to_contain_text("on hold")
    body = page.content()
    assert not any(code in body for code in RULE_CODES)
    assert "Compliance only" not in body
    _shot(page, "supplychain-counter-decision-en")

    context, officer_page = _as(page, "alice")
    officer_page.goto("/supplychain/cases/")
    officer_page.get_by_role("link", name="Jo Public").first.click()
    expect(officer_page.get_by_text("EU-EP-ART9-D").first).to_be_visible()
    expect(officer_page.get_by_text("EU-EP-ART9-E").first).to_be_visible()
    _shot(officer_page, "supplychain-case-en")
    case_url = officer_page.url
    # The order, for the compliance officer: why the rules decided, and what staff saw.
    officer_page.get_by_role("heading", level=3).get_by_role("link").first.click()
    expect(officer_page.get_by_text("Compliance only: not for the customer")).to_be_visible()
    expect(officer_page.get_by_text("Would not show ID; insisted on cash.")).to_be_visible()
    context.close()

    context, arabic = _as(page, "carol", locale="ar")
    arabic.goto("/supplychain/orders/new/")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    expect(arabic.locator("input[name='indicators']")).to_have_count(5)
    _shot(arabic, "supplychain-counter-ar")
    context.close()
    context, arabic = _as(page, "alice", locale="ar")
    arabic.goto(case_url)
    expect(arabic.locator("html")).to_have_attribute("lang", "ar")
    expect(arabic.get_by_text("EU-EP-ART9-D").first).to_be_visible()
    _shot(arabic, "supplychain-case-ar")
    context.close()


@pytest.fixture
def sent_report(alice, meridian, authority, walk_in, peroxide):
    from decimal import Decimal

    from chemsec.supplychain import services
    from chemsec.supplychain.models import Case

    services.order_record(
        actor=alice, customer=walk_in, payment_method="cash", outcome="refused",
        lines=[services.LineInput(product=peroxide, quantity=Decimal(1))],
        indicators=["refuses_identity"], observations="Would not show ID.",
    )  # fmt: skip
    case = Case.objects.get(customer=walk_in)
    services.case_decide(actor=alice, case=case, status="suspicious")
    return services.report_send(
        actor=alice, organisation=meridian, authority=authority, case=case,
        kind="suspicious_transaction", summary="Asked for 30 % peroxide, refused ID.",
    )  # fmt: skip


def test_national_contact_point_inbox(page, officer, sent_report, alice):
    page.set_default_timeout(TIMEOUT)
    sign_in(page, "olga")
    page.goto("/supplychain/inbox/")
    expect(page.get_by_role("heading", name="Reports received")).to_be_visible()
    _shot(page, "supplychain-inbox-en")
    page.get_by_role("row", name="Suspicious transaction").get_by_role("link").click()
    expect(page.get_by_text("Asked for 30 % peroxide, refused ID.")).to_be_visible()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("acknowledged", exact=False).first).to_be_visible()
    ask = page.locator("form[action$='/ask/']")
    ask.locator("textarea").fill("Which branch was it, and at what time?")
    ask.get_by_role("button", name="Ask the sender").click()
    expect(page.get_by_text("Which branch was it, and at what time?")).to_be_visible()
    report_url = page.url

    context, sender = _as(page, "alice")
    sender.goto(report_url)
    answer = sender.locator("form[action$='/respond/']")
    answer.locator("textarea").fill("The harbour branch, at 10:40.")
    answer.get_by_role("button", name="Answer the authority").click()
    expect(sender.get_by_text("The harbour branch, at 10:40.")).to_be_visible()
    context.close()

    page.reload()
    expect(page.get_by_text("The harbour branch, at 10:40.")).to_be_visible()
    _shot(page, "supplychain-report-en")

    context, arabic = _as(page, "olga", locale="ar")
    arabic.goto("/supplychain/inbox/")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    _shot(arabic, "supplychain-inbox-ar")
    arabic.goto(report_url)
    answer = arabic.get_by_text("The harbour branch, at 10:40.")
    expect(answer).to_be_visible()
    # Text typed in another script keeps its own direction in a right-to-left page: the
    # direction of its first letter, written out (the PDF's WeasyPrint reads no dir="auto").
    expect(answer).to_have_attribute("dir", "ltr")
    _shot(arabic, "supplychain-report-ar")
    context.close()


# Each verdict form's controls, and the form itself, as boxes: what must hold at every width.
_VERDICT_BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return Array.from(document.querySelectorAll("form[action$='/dispositions/']")).map((form) => ({
    form: box(form),
    item: box(form.closest("li")),
    controls: Array.from(form.querySelectorAll("label, select, button")).map(box),
  }));
}"""


# Elements of the page's content (not the site's header) reaching past the window's sides.
_OUTSIDE_THE_PAGE = """() => Array.from(document.querySelectorAll("main *"))
  .filter((el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > innerWidth + 1 || r.left < -1); })
  .map((el) => el.tagName + " " + (el.textContent || "").trim().slice(0, 40))"""


def test_the_verdict_forms_hold_their_layout_at_narrow_and_wide_widths(page, sent_report, alice):
    """Each rule's verdict form is a block of its own inside the rule's item: its label,
    choice and button stay within it (wrapped if need be), no two forms share a line, and
    nothing of the page's content reaches past its sides; in English and in Arabic (right
    to left)."""
    case = sent_report.case
    page.set_default_timeout(TIMEOUT)
    page.goto("/login/")  # the server's address, for the reviewer's browser
    for locale in ("en-GB", "ar"):
        context, reviewer = _as(page, "alice", locale=locale)
        for width in (360, 1280):
            reviewer.set_viewport_size({"width": width, "height": 900})
            reviewer.goto(f"/supplychain/cases/{case.pk}/")
            forms = reviewer.evaluate(_VERDICT_BOXES)
            assert len(forms) >= 2, (locale, width)  # EU-EP-ART5, indicator (d) at least
            for found in forms:
                outer, item = found["form"], found["item"]
                assert item["left"] - 1 <= outer["left"] and outer["right"] <= item["right"] + 1
                for box in found["controls"]:
                    assert outer["left"] - 1 <= box["left"] and box["right"] <= outer["right"] + 1
                    assert outer["top"] - 1 <= box["top"] and box["bottom"] <= outer["bottom"] + 1
            for above, below in itertools.pairwise(forms):
                assert above["form"]["bottom"] <= below["form"]["top"] + 1, (locale, width)
            outside = reviewer.evaluate(_OUTSIDE_THE_PAGE)
            assert not outside, (locale, width, outside)
            _shot(reviewer, f"supplychain-case-verdicts-{locale}-{width}")
        context.close()
