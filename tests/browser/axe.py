"""Accessibility checks with axe-core, page by page, while crawling the portal as a person.

Used by tests/browser/test_accessibility.py (a bounded crawl in CI) and from the command line
for the whole demo portal (every demo persona, every language):

    python -m tests.browser.axe http://127.0.0.1:8000 --lang ar [--lang fr ...] \
        [--persona NAME ...] [--limit N] [--jobs 2] [--json run.json]
    python -m tests.browser.axe --summary run.json [other.json ...]

A crawl follows same-site links from the home page, GET only, skipping links that change
state or download files, and visits one page per route shape: the URL pattern the path
resolves to (`training/courses/<slug:course_slug>/`) when Django can be set up, otherwise the
path with its ids replaced; a query string counts by its keys. A list of 500 facilities or
93 practices costs one visit. Pages are fetched with the browser context's cookies, and one is
loaded and audited in the browser only when its structure (elements, ids, classes, roles, ARIA
and form attributes, and whether each link, button, label and heading has text; the main
landmark and the rest fingerprinted apart) is new to the run's language: the personas of one
language share their axe runs. --json keeps every finding of every impact; --summary counts
them by rule and impact across runs. axe-core is installed by scripts/ensure-axe.sh
(test-only, MPL-2.0, never served by the portal).

Every page fetched is also checked for broken links (a 404 reached from a link, with the page
it came from) and, in a language other than English, for interface text left in English
(EnglishText): a piece of visible text that is exactly a catalogue msgid whose translation
differs ("catalogue"), or that is mostly words found only in English msgids ("english", a
candidate to review: names people typed are English too). Text inside an element marked with
its own `lang` (reference content shown in English, marked `lang="en"`) is not checked.
"""

from __future__ import annotations

import argparse
import base64
import gettext
import hashlib
import hmac
import json
import os
import re
import struct
import sys
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urldefrag, urljoin, urlsplit

from tests.visible_text import visible_pieces

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
LOCALE = Path(__file__).resolve().parents[2] / "chemsec" / "locale"
BLOCKING = {"serious", "critical"}
IMPACTS = ("critical", "serious", "moderate", "minor")
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
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")), count: v.nodes.length
  }));
}"""


def _route(path: str) -> str | None:
    """The URL pattern a path resolves to, or None when Django is not set up here."""
    try:
        from django.conf import settings
        from django.urls import Resolver404, resolve

        if not settings.configured:
            return None
        try:
            return "/" + resolve(path).route
        except Resolver404:
            return None
    except Exception:
        return None


def shape(path: str) -> str:
    """The route shape of a path: its URL pattern (or ids replaced), query kept by its keys."""
    bare, _, query = path.partition("?")
    keys = sorted({part.split("=", 1)[0] for part in query.split("&") if part})
    return (_route(bare) or IDS.sub("<id>", bare)) + (f"?{'&'.join(keys)}" if keys else "")


@dataclass
class Finding:
    path: str
    rule: str
    impact: str
    help: str
    nodes: list[str]
    count: int = 1


@dataclass
class Untranslated:
    path: str
    text: str
    kind: str  # "catalogue": an English msgid shown as is; "english": English words, to review


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # "404 /path (from /page)"
    untranslated: list[Untranslated] = field(default_factory=list)

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


class _Page(HTMLParser):
    """A fetched page's links and its structure without its text, as two fingerprints: the
    main landmark's and the rest's (the header, navigation and footer)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}  # fmt: skip
    TEXTY = {"a", "button", "label", "h1", "h2", "h3", "h4", "h5", "h6", "th", "legend",
             "caption", "summary", "option", "title"}  # fmt: skip
    KEEP = re.compile(
        r"^(id|class|role|type|name|for|lang|dir|alt|title|tabindex|scope|"
        r"headers|aria-.*|hidden|disabled|required|multiple|open|style)$"
    )
    # The navigation marks the current section: not a difference in structure.
    CURRENT = re.compile(r" aria-current=\S*|\b(active|current)\b")

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.parts: dict[bool, list[str]] = {True: [], False: []}
        self.stack: list[tuple[str, int, bool]] = []  # tag, token index, inside main
        self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"] or "")
        if tag == "main":
            self.in_main = True
        token = tag + "".join(
            f" {k}={IDS.sub('<id>', v or '')}" for k, v in attrs if self.KEEP.match(k)
        )
        tokens = self.parts[self.in_main]
        tokens.append(token if self.in_main else self.CURRENT.sub("", token))
        if tag not in self.VOID:
            self.stack.append((tag, len(tokens) - 1, self.in_main))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "main":
            self.in_main = False

    def handle_data(self, data: str) -> None:
        if data.strip():
            for tag, index, in_main in self.stack:
                if tag in self.TEXTY and not self.parts[in_main][index].endswith(" +t"):
                    self.parts[in_main][index] += " +t"

    def fingerprints(self) -> tuple[str, str]:
        return tuple(  # type: ignore[return-value]
            hashlib.sha256("\n".join(self.parts[inside]).encode()).hexdigest()
            for inside in (True, False)
        )


# Scripts, styles, code and templates are not interface text (tests/visible_text.py).
SKIPPED_TEXT = {"script", "style", "code", "pre", "template"}


def visible_text(html: str) -> list[str]:
    return [" ".join(piece.split()) for piece in visible_pieces(html, SKIPPED_TEXT)]


class TextCheck(Protocol):
    def __call__(self, html: str) -> list[tuple[str, str]]: ...


class EnglishText:
    """Interface text left in English on a page in `language`, from the compiled catalogue:
    ("catalogue", text) for a piece that is exactly an English msgid whose translation
    differs, ("english", text) for a piece whose Latin words are mostly words that occur in
    English msgids and in no translation of the language (a candidate: it may be a string
    never marked for translation, or a name someone typed)."""

    WORD = re.compile(r"[A-Za-z][a-z]{2,}")
    PLACEHOLDER = re.compile(r"%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[sdifrx%]|\{[^}]*\}")

    def __init__(self, language: str, locale: Path = LOCALE) -> None:
        folder = {"zh": "zh_Hans", "zh-hans": "zh_Hans"}.get(language.lower(), language)
        with open(locale / folder / "LC_MESSAGES" / "django.mo", "rb") as mo:
            catalogue: dict[Any, str] = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
        english: set[str] = set()
        translated: set[str] = set()
        self.msgids: set[str] = set()
        for key, msgstr in catalogue.items():
            msgid = (key[0] if isinstance(key, tuple) else key).split("\x04")[-1]
            if not msgid:
                continue  # the header
            english |= self._words(msgid)
            translated |= self._words(msgstr)
            if (
                isinstance(key, str)
                and msgstr
                and msgstr != msgid
                and len(msgid) > 2
                and any(c.isalpha() for c in msgid)
            ):
                self.msgids.add(msgid)
        self.english_only = english - translated
        self._seen: dict[str, tuple[str, str] | None] = {}

    def _words(self, text: str) -> set[str]:
        return {w.lower() for w in self.WORD.findall(self.PLACEHOLDER.sub(" ", text))}

    def judge(self, text: str) -> tuple[str, str] | None:
        if text not in self._seen:
            found: tuple[str, str] | None = None
            if text in self.msgids:
                found = ("catalogue", text)
            else:
                words = self.WORD.findall(text)
                english = [w for w in words if w.lower() in self.english_only]
                if english and len(english) * 5 >= len(words) * 3:
                    found = ("english", text)
            self._seen[text] = found
        return self._seen[text]

    def __call__(self, html: str) -> list[tuple[str, str]]:
        found = (self.judge(piece) for piece in dict.fromkeys(visible_text(html)))
        return [f for f in found if f is not None]


def _same_site(hrefs: list[str], url: str, base: str) -> list[str]:
    host = urlsplit(base).netloc
    found = []
    for href in hrefs:
        if href.startswith(("mailto:", "javascript:", "tel:")):
            continue
        parts = urlsplit(urldefrag(urljoin(url, href))[0])
        if parts.netloc != host or SKIP.search(parts.path) or parts.path.startswith("/static/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _fetch(page: Any, url: str) -> tuple[Any, str]:
    """The response and its HTML ('' for another type), with the page's cookies; a
    connection reset by a loaded server is tried once more."""
    for attempt in (1, 2):
        try:
            response = page.request.get(url, timeout=60_000)
            break
        except Exception as error:
            if attempt == 2 or "ECONNRESET" not in str(error):
                raise
    html = "text/html" in (response.headers.get("content-type") or "")
    return response, response.text() if html else ""


def crawl(
    page: Any,
    base: str,
    *,
    start: str = "/",
    limit: int = 60,
    audited: set[str] | None = None,
    check_text: TextCheck | None = None,
) -> Crawl:
    """Visit up to `limit` route shapes from `start` (fetched with the page's cookies), and
    audit in the browser each page whose main part or surroundings have a structure not yet
    in `audited` (shared between the personas of one language); `check_text` looks at the
    HTML of every page visited (EnglishText: untranslated interface text)."""
    out = Crawl()
    audited = set() if audited is None else audited
    queue: deque[tuple[str, str]] = deque([(start, "")])
    seen_shapes: set[str] = set()
    while queue and len(out.visited) < limit:
        path, source = queue.popleft()
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        url = base.rstrip("/") + path
        try:
            response, html = _fetch(page, url)
        except Exception as error:
            out.errors.append(f"{path}: {str(error).splitlines()[0]}")
            continue
        if response.status >= 500:
            out.errors.append(f"{response.status} {path}")
        elif response.status == 404:
            out.broken.append(f"404 {path} (from {source or 'the start'})")
        if response.status >= 400 or not html:
            continue
        out.visited.append(path)
        if check_text is not None:
            out.untranslated += [Untranslated(path, text, kind) for kind, text in check_text(html)]
        parsed = _Page()
        parsed.feed(html)
        prints = parsed.fingerprints()
        if not set(prints) <= audited and _audit_into(out, page, url, path):
            audited.update(prints)
        queue.extend(
            (link, path) for link in _same_site(parsed.hrefs, response.url, base)
            if shape(link) not in seen_shapes
        )  # fmt: skip
    return out


def _audit_into(out: Crawl, page: Any, url: str, path: str) -> bool:
    try:
        page.goto(url)
        violations = audit(page)
    except Exception as error:
        out.errors.append(f"{path}: {str(error).splitlines()[0]}")
        return False
    out.audited.append(path)
    for violation in violations:
        out.findings.append(
            Finding(path, violation["id"], violation["impact"] or "", violation["help"],
                    violation["nodes"], violation.get("count", 1))
        )  # fmt: skip
    return True


def totp(key: str, at: float | None = None) -> str:
    """The current six-digit TOTP code (RFC 6238, SHA-1, 30 s) for a base32 key."""
    secret = base64.b32decode(key.upper() + "=" * (-len(key) % 8))
    digest = hmac.new(secret, struct.pack(">Q", int((at or time.time()) // 30)), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_in(page: Any, base: str, username: str, password: str, otp_key: str = "") -> None:
    page.goto(base.rstrip("/") + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    for attempt in range(3):  # a code is accepted once: another crawl may have just used it
        if not otp_key or "/login/verify" not in page.url:
            break
        if attempt:
            time.sleep(30)
        page.fill("input[name=token]", totp(otp_key))
        page.locator("form [type=submit]").last.click()
        page.wait_for_load_state()


def report(results: dict[str, Crawl]) -> str:
    lines = []
    for who, result in results.items():
        lines.append(
            f"{who}: {len(result.visited)} pages ({len(result.audited)} audited), "
            f"{len(result.blocking)} serious/critical"
        )
        by_rule: dict[str, list[Finding]] = {}
        for finding in result.blocking:
            by_rule.setdefault(finding.rule, []).append(finding)
        for rule, findings in sorted(by_rule.items()):
            lines.append(f"  {rule} ({findings[0].impact}) on {len(findings)} pages: "
                         f"{findings[0].help}")  # fmt: skip
            for finding in findings[:4]:
                lines.append(f"    {finding.path}  {finding.nodes}")
        lines.extend(f"  error: {error}" for error in result.errors)
        lines.extend(f"  broken link: {link}" for link in result.broken)
        sure = sorted({u.text for u in result.untranslated if u.kind == "catalogue"})
        if sure:
            lines.append(f"  untranslated catalogue text ({len(sure)}): {sure[:10]}")
    return "\n".join(lines)


def summarize(runs: list[dict[str, Any]]) -> str:
    """Counts over whole runs (JSON written by --json): coverage per language and persona, and
    violations by rule and impact (pages, route shapes and elements)."""
    coverage: dict[str, dict[str, tuple[int, int]]] = {}
    pages: Counter[tuple[str, str]] = Counter()
    nodes: Counter[tuple[str, str]] = Counter()
    shapes: dict[tuple[str, str], set[str]] = {}
    errors = broken = 0
    english: dict[tuple[str, str, str], set[str]] = {}  # (language, kind, text): route shapes
    for run in runs:
        for lang, personas in run["results"].items():
            for who, result in personas.items():
                coverage.setdefault(lang, {})[who] = (len(result["visited"]),
                                                      len(result["audited"]))  # fmt: skip
                errors += len(result["errors"])
                broken += len(result.get("broken", []))
                for u in result.get("untranslated", []):
                    english.setdefault((lang, u["kind"], u["text"]), set()).add(shape(u["path"]))
                for f in result["findings"]:
                    key = (f["impact"], f["rule"])
                    pages[key] += 1
                    nodes[key] += f.get("count", 1)
                    shapes.setdefault(key, set()).add(shape(f["path"]))
    langs = sorted(coverage)
    people = sorted({who for per in coverage.values() for who in per})
    lines = ["| persona | " + " | ".join(langs) + " |", "| --- |" + " --- |" * len(langs)]
    for who in people:
        cells = [
            "{} ({})".format(*coverage[lang][who]) if who in coverage[lang] else "-"
            for lang in langs
        ]
        lines.append(f"| {who} | " + " | ".join(cells) + " |")
    visited = sum(v for per in coverage.values() for v, _ in per.values())
    audited = sum(a for per in coverage.values() for _, a in per.values())
    lines += [
        "",
        f"{len(people)} personas x {len(langs)} languages: {visited} pages visited "
        f"(route shapes), {audited} audited (distinct structures), {errors} errors, "
        f"{broken} broken links",
        "",
        "| impact | rule | pages | route shapes | elements |",
        "| --- | --- | --- | --- | --- |",
    ]
    order = {impact: i for i, impact in enumerate(IMPACTS)}
    for impact, rule in sorted(pages, key=lambda k: (order.get(k[0], 9), -pages[k], k[1])):
        key = (impact, rule)
        lines.append(f"| {impact} | {rule} | {pages[key]} | {len(shapes[key])} | {nodes[key]} |")
    if english:
        lines += ["", "| language | kind | text left in English | route shapes |",
                  "| --- | --- | --- | --- |"]  # fmt: skip
        for (lang, kind, text), where in sorted(english.items()):
            lines.append(f"| {lang} | {kind} | {text[:80]} | {len(where)}: {min(where)} |")
    return "\n".join(lines)


def _run(base: str, limit: int, results: dict[str, dict[str, Crawl]]) -> dict[str, Any]:
    return {
        "base": base, "limit": limit,
        "results": {lang: {who: asdict(c) for who, c in per.items()}
                    for lang, per in results.items()},
    }  # fmt: skip


def _crawl_language(
    base: str,
    lang: str,
    personas: list[str],
    password: str,
    limit: int,
    otp: dict[str, str],
    partial: str | None = None,
) -> dict[str, Crawl]:
    """Every persona in one language, in one browser (run in its own process by --jobs);
    the results so far written to `partial` after each persona (a run cut short keeps them)."""
    from playwright.sync_api import sync_playwright

    _setup_django()
    results: dict[str, Crawl] = {}
    audited: set[str] = set()
    check_text = None if lang.lower().startswith("en") else EnglishText(lang)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox"])  # fmt: skip
        for persona in personas:
            context = browser.new_context(locale=lang, bypass_csp=True)  # axe is injected
            context.add_cookies([{"name": "django_language", "value": lang,
                                  "url": base}])  # fmt: skip
            page = context.new_page()
            page.set_default_timeout(60_000)
            if persona:
                sign_in(page, base, persona, password, otp.get(persona, ""))
            results[persona or "anonymous"] = crawl(
                page, base, limit=limit, audited=audited, check_text=check_text
            )
            print(f"{lang} {persona or 'anonymous'}: {len(results[persona or 'anonymous'].visited)}"
                  " pages", file=sys.stderr, flush=True)  # fmt: skip
            context.close()
            if partial:
                Path(partial + ".tmp").write_text(json.dumps(_run(base, limit, {lang: results})))
                os.replace(partial + ".tmp", partial)  # a reader never sees half a file
        browser.close()
    return results


def _setup_django() -> None:
    """Route shapes from the URL conf when the project can be imported; ids otherwise."""
    try:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemsec.settings")
        django.setup()
    except Exception as error:
        print(f"route shapes by id pattern only ({error})", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("base", nargs="?")
    parser.add_argument("--lang", action="append", default=[])
    parser.add_argument("--persona", action="append", default=[])
    parser.add_argument("--password", default="chemsec-demo-2026")
    parser.add_argument("--otp-key", action="append", default=[], metavar="USER=BASE32",
                        help="sign in a second-factor persona with its TOTP key")  # fmt: skip
    parser.add_argument("--limit", type=int, default=200, help="route shapes per persona")
    parser.add_argument("--jobs", type=int, default=1, help="languages crawled at once")
    parser.add_argument("--json", metavar="PATH", help="write every finding, all impacts")
    parser.add_argument("--summary", nargs="+", metavar="JSON", help="summarize --json runs")
    args = parser.parse_args(argv)
    if args.summary:
        _setup_django()
        print(summarize([json.loads(Path(p).read_text()) for p in args.summary]))
        return 0
    if not args.base:
        parser.error("the portal's address is required")
    langs, personas = args.lang or ["en"], args.persona or [""]
    otp = dict(item.split("=", 1) for item in args.otp_key)
    started = time.time()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {
            lang: pool.submit(
                _crawl_language,
                args.base,
                lang,
                personas,
                args.password,
                args.limit,
                otp,
                f"{args.json}.{lang}.partial" if args.json else None,
            )
            for lang in langs
        }
        results = {lang: future.result() for lang, future in futures.items()}
    if args.json:
        run = {"seconds": round(time.time() - started), **_run(args.base, args.limit, results)}
        Path(args.json).write_text(json.dumps(run, indent=1, ensure_ascii=False))
        for lang in langs:
            Path(f"{args.json}.{lang}.partial").unlink(missing_ok=True)
    for lang, per in results.items():
        print(f"== {lang}")
        print(report(per))
    failed = any(
        c.blocking or c.errors or c.broken or any(u.kind == "catalogue" for u in c.untranslated)
        for per in results.values()
        for c in per.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
