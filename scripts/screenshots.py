"""Take the documentation screenshots from a running portal (default http://127.0.0.1:8000).

Usage: python scripts/screenshots.py [BASE_URL]   (the portal must have the demo data)
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "chemsec-demo-2026")
    page.locator("main button[type=submit]").click()


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/")
        page.screenshot(path=OUT / "home-en.png", full_page=True)
        page.select_option("#language-select", "ar")
        page.wait_for_selector("html[dir=rtl]")
        page.screenshot(path=OUT / "home-ar.png", full_page=True)
        page.select_option("#language-select", "en")
        page.wait_for_selector("html[dir=ltr]")
        sign_in(page, base, "meridian-officer")
        page.goto(f"{base}/screening/")
        page.fill(
            "#id_identifiers",
            "sarin\n7782-50-5\nthionyl chloride\nethanol\n"
            "chlorambucil\n64-17-6\nCCOP(C)(=O)SCCN(C(C)C)C(C)C",
        )
        page.locator("main button[type=submit]").click()
        page.wait_for_selector("#screening-results")
        page.locator("details.match").first.evaluate("d => d.open = true")
        page.screenshot(path=OUT / "screening-results.png", full_page=True)
        page.goto(f"{base}/screening/lists/?q=2B04")
        page.screenshot(path=OUT / "list-catalogue.png", full_page=True)
        page.goto(f"{base}/compendium/?q=insider+access+to+chemical+stores")
        page.screenshot(path=OUT / "compendium-search.png", full_page=True)
        page.context.clear_cookies()
        sign_in(page, base, "meridian-admin")
        facility_pages(page, base)
        browser.close()


def facility_pages(page, base: str) -> None:
    """The demo plant's risk register (P(I) from its diagram) and its chlorine estimate."""
    page.goto(f"{base}/facilities/")
    page.get_by_role("link", name="Meridian Riverside Plant").first.click()
    page.get_by_role("link", name="Risk registers").first.click()
    page.get_by_role("link", name="Security vulnerability assessment 2026").click()
    page.screenshot(path=OUT / "risk-register.png", full_page=True)
    page.get_by_role("link", name="Protection and consequences").first.click()
    page.locator("main a", has_text="Chlorine,").first.click()
    page.screenshot(path=OUT / "consequence-estimate.png", full_page=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
