"""The drawings in a real browser, in each of the six languages: the diagram, the
footprint and the score chart each take room on the page (a drawing whose numbers a
locale broke has none), and every label lies inside its drawing, and a box's label
inside its box. CHEMSEC_SCREENSHOTS=folder keeps a picture of each page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .conftest import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Labels that overflow their drawing, or their element's box in a diagram, in pixels.
OVERFLOWING = """svg => {
  const outer = svg.getBoundingClientRect(), found = [];
  for (const text of svg.querySelectorAll("text")) {
    if (!text.textContent.trim()) continue;
    const r = text.getBoundingClientRect();
    const group = text.parentNode;
    const rect = group.matches(".asd-box") ? group.querySelector(":scope > rect") : null;
    const box = rect ? rect.getBoundingClientRect() : outer;
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.width === 0)
      found.push([text.textContent, Math.round(r.left), Math.round(r.right),
                  Math.round(box.left), Math.round(box.right)]);
  }
  return found;
}"""


@pytest.fixture
def signed_in(browser, live_server):
    """A page of a browser signed in as the given user, reading in the given language."""
    contexts = []

    def open_page(user, language):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                },
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _check(page, url: str, selector: str, name: str, language: str) -> None:
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == language
    drawing = page.locator(selector).first
    drawing.scroll_into_view_if_needed()
    box = drawing.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 50, (name, language, box)
    assert drawing.evaluate(OVERFLOWING) == [], (name, language)
    folder = os.environ.get("CHEMSEC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        drawing.screenshot(path=f"{folder}/{name}-{language}.png")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_drawings_take_room_and_hold_their_labels(
    signed_in, language, alice, diagram, estimate, roadmap
):
    page = signed_in(alice, language)
    diagram_url = reverse("protection:diagram", args=[diagram.pk])
    _check(page, diagram_url, ".protection-svg svg", "diagram", language)
    estimate_url = reverse("protection:estimate", args=[estimate.pk])
    _check(page, estimate_url, ".protection-svg svg", "footprint", language)
    results_url = reverse("frameworks:results", args=[roadmap.assessment_id])
    _check(page, results_url, "[data-testid=score-chart]", "scores", language)
