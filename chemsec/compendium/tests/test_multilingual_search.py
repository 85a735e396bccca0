"""Search in every UN language finds the translated practices (issue 11, item 4): the
evaluation of chemsec.compendium.evaluation.multilingual, per language, and the words of
each script matched as a reader of it would type them."""

import pytest
from django.utils import translation

from chemsec.compendium.evaluation.multilingual import TARGET, evaluate
from chemsec.compendium.search import search, search_practices
from chemsec.compendium.tests.test_translations import _overlays
from chemsec.compendium.translations import translations_sync
from chemsec.lib.lexical import tokens

pytestmark = pytest.mark.django_db
CUSTODY = "urn:chemsec:practice:waste-chain-of-custody"


@pytest.fixture
def overlays(practices):
    translations_sync(list(_overlays()))


def test_each_translated_language_reaches_the_target_on_what_it_covers(overlays, capsys):
    result = evaluate()
    reports = {r.language: r for r in result["reports"]}
    assert {"fr", "ar"} <= set(reports)  # the shipped sample overlays
    with capsys.disabled():
        print(f"\nen: recall@5 {result['english']:.2f}")
        for report in result["reports"]:
            print(report.line())
        print("skipped:", ", ".join(result["skipped"]) or "none")
    for report in reports.values():
        if report.language in BELOW_TARGET:  # measured and reported; must not get worse
            assert report.ratio is not None and report.ratio >= BELOW_TARGET[report.language]
            assert not report.meets_target, f"{report.language} meets the target: drop it"
            continue
        assert report.covered >= 1 and report.meets_target, report.line()
        assert report.ratio is None or report.ratio >= TARGET


# Known miss, left open (issue 11): the Spanish need "verificación de antecedentes antes de
# contratar personal" does not bring the pre-employment checks into the top 5 (the prefix stems
# "contra" and "person" match too much); Spanish is at 0.89 of English against 0.9.
BELOW_TARGET: dict[str, float] = {}


QUERIES = [
    ("fr", "traçabilité des déchets chimiques"),
    ("fr", "DECHETS tracabilite"),  # no accents, capitals: still found
    ("ar", "سلسلة حيازة النفايات"),
    ("ar", "النفايات الكيميائية"),
]


def test_a_query_in_the_readers_language_finds_the_translation(overlays):
    for language, query in QUERIES:
        with translation.override(language):
            hits = search(query, limit=5, semantic_search=False).hits
        assert CUSTODY in [hit.urn for hit in hits], query
        shown = next(hit for hit in hits if hit.urn == CUSTODY)
        assert shown.title != "Chain of custody for chemical waste"  # the reader's language
    hits = search_practices("chain of custody chemical waste", limit=5)
    assert hits[0].urn == CUSTODY and hits[0].title == "Chain of custody for chemical waste"


def test_the_tokens_of_each_script():
    assert tokens("Déchets DANGEREUX") == tokens("dechets dangereux")
    assert tokens("النِّفَايَات") == tokens("النفايات") == tokens("والنفايات")
    assert "废物" in tokens("危险废物的安全储存") and "的" not in tokens("的")
    assert tokens("Хранение отходов") == tokens("хранение отходов")
