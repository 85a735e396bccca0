"""Accessibility checks with axe-core, page by page, while crawling the portal as a person.

Used by tests/browser/test_accessibility.py (a bounded crawl in CI) and from the command line
for the whole demo portal (every demo persona, any language):

    python -m tests.browser.axe http://127.0.0.1:8000 --lang ar [--persona NAME ...] [--limit N]

A crawl follows same-site links from the home page, GET only, skipping links that change
state or download files, and visits one page per route shape (ids replaced by a
placeholder), so a list of 500 facilities costs one visit. axe-core is installed by
scripts/ensure-axe.sh (test-only, MPL-2.0, never served by the portal).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
# Links that change state, leave the page or download a file.
SKIP = re.compile(
    r"(logout|/delete|/revoke|/unshare|/withdraw|/retry|/remind|/reopen|/submit|/i18n/|"
    r"/cancel|/approve|/decline|/reject|/export|/pdf|/download|/api/|\.pdf$|\.xlsx$|\.csv$|"
    r"\.json$|\.kml$|\.geojson$|\.ics$|/result/?$)",
    re.I,
)
IDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=/)\d+(?=/|$)")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
  }));
}"""


def shape(path: str) -> str:
    """The route shape of a path: ids replaced, query kept only by its keys."""
    bare, _, query = path.partition("?")
    keys = sorted({part.split("=", 1)[0] for part in query.split("&") if part})
    return IDS.sub("<id>", bare) + (f"?{'&'.join(keys)}" if keys else "")


@dataclass
class Finding:
    path: str
    rule: str
    impact: str
    help: str
    nodes: list[str]


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.impact in BLOCKING]


def audit(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (the page's context must be made with
    ``bypass_csp=True``: the portal's CSP rightly refuses the injected script)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return result


def _links(page: Any, base: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    host = urlsplit(base).netloc
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.netloc != host or SKIP.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(page: Any, base: str, *, start: str = "/", limit: int = 60) -> Crawl:
    """Visit up to `limit` route shapes from `start`, auditing each page once."""
    out = Crawl()
    queue: deque[str] = deque([start])
    seen_shapes: set[str] = set()
    while queue and len(out.visited) < limit:
        path = queue.popleft()
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        response = page.goto(base.rstrip("/") + path)
        if (
            response is None
            or response.status >= 400
            or "text/html" not in (response.headers.get("content-type", ""))
        ):
            if response is not None and response.status >= 500:
                out.errors.append(f"{response.status} {path}")
            continue
        out.visited.append(path)
        for violation in audit(page):
            out.findings.append(
                Finding(path, violation["id"], violation["impact"] or "", violation["help"],
                        violation["nodes"])
            )  # fmt: skip
        queue.extend(link for link in _links(page, base) if shape(link) not in seen_shapes)
    return out


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(base.rstrip("/") + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()


def report(results: dict[str, Crawl]) -> str:
    lines = []
    for who, result in results.items():
        lines.append(f"{who}: {len(result.visited)} pages, {len(result.blocking)} serious/critical")
        by_rule: dict[str, list[Finding]] = {}
        for finding in result.blocking:
            by_rule.setdefault(finding.rule, []).append(finding)
        for rule, findings in sorted(by_rule.items()):
            lines.append(f"  {rule} ({findings[0].impact}) on {len(findings)} pages: "
                         f"{findings[0].help}")  # fmt: skip
            for finding in findings[:4]:
                lines.append(f"    {finding.path}  {finding.nodes}")
        lines.extend(f"  server error: {error}" for error in result.errors)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--persona", action="append", default=[])
    parser.add_argument("--password", default="chemsec-demo-2026")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    personas = args.persona or [""]
    results: dict[str, Crawl] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox"])  # fmt: skip
        for persona in personas:
            context = browser.new_context(locale=args.lang, bypass_csp=True)  # axe is injected
            context.add_cookies([{"name": "django_language", "value": args.lang,
                                  "url": args.base}])  # fmt: skip
            page = context.new_page()
            if persona:
                sign_in(page, args.base, persona, args.password)
            results[persona or "anonymous"] = crawl(page, args.base, limit=args.limit)
            context.close()
        browser.close()
    if args.json:
        print(json.dumps({k: [f.__dict__ for f in v.blocking] for k, v in results.items()}))
    else:
        print(report(results))
    return 1 if any(r.blocking or r.errors for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
