"""The accessibility crawler's own parts, without a browser: route shapes, page structure
fingerprints, the second factor's codes and the summary of a whole run."""

from tests.browser.axe import _Page, shape, summarize, totp


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
