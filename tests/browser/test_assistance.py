"""A member files an assistance need and sees ranked practices with the reasons for each."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONTENT = Path(__file__).resolve().parents[2] / "chemsec" / "content"


@pytest.fixture
def practices(tmp_path, monkeypatch):
    """The compendium and frameworks, loaded with the compendium's own search tables."""
    from chemsec.core import content_sync

    for folder in ("compendium", "frameworks"):
        shutil.copytree(CONTENT / folder, tmp_path / folder)
    handlers = [h for h in content_sync.HANDLERS if h.__module__.startswith("chemsec.compendium")]
    monkeypatch.setattr(content_sync, "HANDLERS", handlers)
    content_sync.content_load(root=tmp_path)


def test_it_files_a_need_and_shows_ranked_practices_with_reasons(page, alice, practices):
    sign_in(page, "alice")
    page.goto("/assistance/new/")
    page.get_by_label("Title").fill("Tankers parked overnight")
    page.get_by_label("Describe the need").fill(
        "Our drivers leave loaded chlorine tankers at roadside cafés overnight, unattended."
    )
    page.get_by_label("Life-cycle stage (optional)").select_option("transport")
    page.get_by_role("button", name="File the request").click()
    expect(page.get_by_role("heading", name="Matching best practices")).to_be_visible()
    matches = page.locator(".match-list > li")
    expect(matches.first).to_contain_text("Planned stops and secure parking")
    expect(matches.first.locator(".reasons li").first).to_be_visible()
    expect(page.locator(".match-list")).to_contain_text("Same stage: Transport")
    assert matches.count() == 5
