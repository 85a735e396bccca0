"""The accessibility crawler's own parts, without a browser: route shapes, page structure
fingerprints, the second factor's codes, broken links, English left on a page in another
language and the summary of a whole run."""

from types import SimpleNamespace

from tests.browser.axe import EnglishText, _Page, crawl, shape, summarize, totp, visible_text


def test_it_gives_a_route_shape_per_url_pattern():
    assert shape("/training/courses/fundamentals/") == shape("/training/courses/other/")
    assert shape("/facilities/3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/") == shape(
        "/facilities/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/"
    )
    assert shape("/compendium/?q=lock&page=2") == shape("/compendium/?page=3&q=x")
    assert shape("/compendium/?q=lock") != shape("/compendium/")


def _prints(html):
    page = _Page()
    page.feed(html)
    return page.fingerprints()


def test_it_fingerprints_structure_not_words():
    a = '<nav><a href="/" aria-current="page">Home</a></nav>'
    a += '<main><h1>Title</h1><a href="/x">x</a></main>'
    b = '<nav><a href="/">Accueil</a></nav><main><h1>Titre</h1><a href="/y">yy</a></main>'
    assert _prints(a) == _prints(b)
    empty_link = '<nav><a href="/">Home</a></nav><main><h1>Title</h1><a href="/x"></a></main>'
    assert _prints(a)[0] != _prints(empty_link)[0]  # a link without text is a difference
    assert _prints(a)[1] == _prints(empty_link)[1]


def test_it_computes_rfc_6238_codes():
    # RFC 6238, appendix B (SHA-1 key "12345678901234567890"), last six digits.
    key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp(key, at=59) == "287082"
    assert totp(key, at=1111111109) == "081804"
    assert totp(key, at=20000000000) == "353130"


def test_it_summarizes_a_run_by_rule_and_impact():
    finding = {"path": "/a/", "rule": "link-name", "impact": "serious", "help": "", "nodes": []}
    run = {
        "results": {
            "ar": {
                "anonymous": {
                    "visited": ["/", "/a/"],
                    "audited": ["/", "/a/"],
                    "findings": [finding, {**finding, "path": "/", "count": 3}],
                    "errors": [],
                }
            },
            "en": {"anonymous": {"visited": ["/"], "audited": ["/"], "findings": [], "errors": []}},
        }
    }
    text = summarize([run])
    assert "| anonymous | 2 (2) | 1 (1) |" in text
    assert "| serious | link-name | 2 | 2 | 4 |" in text
    assert "1 personas x 2 languages: 3 pages visited" in text


def test_it_reads_visible_text_outside_elements_marked_with_their_own_language():
    html = (
        '<html lang="fr"><main><h1>Installations</h1><img alt="Plan du site">'
        '<div lang="en" dir="ltr"><div>Why</div><p>Keep keys <b>locked</b></p></div>'
        "<p>Statut&nbsp;: brouillon</p><script>var x = 'Save';</script></main></html>"
    )
    # The nested div inside the English block does not end the block early.
    assert visible_text(html) == ["Installations", "Plan du site", "Statut : brouillon"]


def test_it_finds_interface_text_left_in_english_from_the_catalogue():
    french = EnglishText("fr")
    page = (
        '<html lang="fr"><main><h1>Save draft</h1><p>Enregistrer le brouillon</p>'
        '<p title="Map of the site">Northgate</p>'
        '<section lang="en"><h2>Save draft</h2><p>Keep the keys of the store locked</p></section>'
        "</main></html>"
    )
    found = french(page)
    assert ("catalogue", "Save draft") in found  # an msgid shown as is
    assert ("english", "Map of the site") in found  # English words, no msgid: to review
    assert all(text != "Enregistrer le brouillon" for _, text in found)
    assert all(text != "Northgate" for _, text in found)  # a name, not a word of the interface
    assert len(found) == 2  # the section marked lang="en" is an accepted fallback
    assert EnglishText("zh")("<p>Save draft</p><p>保存草稿</p>") == [("catalogue", "Save draft")]


class _Response:
    def __init__(self, url, status, html):
        self.url, self.status, self._html = url, status, html
        self.headers = {"content-type": "text/html; charset=utf-8"}

    def text(self):
        return self._html


def _site(pages):
    """A stand-in for a Playwright page: fetches from `pages`, axe finds nothing."""

    def get(url, timeout):
        path = url.removeprefix("http://portal")
        status, html = pages.get(path, (404, "<p>Not found</p>"))
        return _Response(url, status, html)

    return SimpleNamespace(
        request=SimpleNamespace(get=get),
        goto=lambda url: None,
        evaluate=lambda script: True if "typeof" in script else [],
    )


def test_it_lists_broken_links_with_the_page_that_holds_them_and_server_errors():
    links = '<a href="/a/">A</a> <a href="/gone/">Gone</a> <a href="/b/">B</a>'
    page = _site({
        "/": (200, f"<main>{links}</main>"),
        "/a/": (200, "<main><p>Save draft</p></main>"),
        "/b/": (500, "<p>Server error</p>"),
    })  # fmt: skip
    result = crawl(page, "http://portal", check_text=EnglishText("es"))
    assert result.visited == ["/", "/a/"]
    assert result.broken == ["404 /gone/ (from /)"]
    assert result.errors == ["500 /b/"]
    assert [(u.path, u.text, u.kind) for u in result.untranslated] == [
        ("/a/", "Save draft", "catalogue")
    ]


def test_it_summarizes_broken_links_and_english_text_by_language():
    run = {
        "results": {
            "fr": {
                who: {
                    "visited": ["/a/"],
                    "audited": [],
                    "findings": [],
                    "errors": [],
                    "broken": ["404 /gone/ (from /a/)"],
                    "untranslated": [{"path": "/a/", "text": "Save draft", "kind": "catalogue"}],
                }
                for who in ("anonymous", "meridian-officer")
            }
        }
    }
    text = summarize([run])
    assert "0 errors, 2 broken links" in text
    assert "| fr | catalogue | Save draft | 1: /a/ |" in text
