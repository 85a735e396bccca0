"""Search in every UN language finds the translated practices (issue 11, item 4): the
evaluation of chemsec.compendium.evaluation.multilingual, per language, and the words of
each script matched as a reader of it would type them."""

import pytest
from django.utils import translation

from chemsec.compendium import multilingual_embedding
from chemsec.compendium.evaluation.multilingual import RANKERS, TARGET, evaluate, needs
from chemsec.compendium.index import embed_multilingual, missing_meaning_vectors
from chemsec.compendium.models import MeaningVector, Practice, Translation
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


def test_the_multilingual_model_alone_reaches_the_target_in_every_language(overlays, capsys):
    """The real model (the package is a dependency; no stub): semantic ranking alone, as the
    search would rank with no word matched, reaches 0.9 of English in each language, on
    every need; the English model alone does not (it reads English only)."""
    assert multilingual_embedding.available()
    result = evaluate(rank=RANKERS["multilingual-model"])
    english_only = evaluate(rank=RANKERS["english-model"])
    with capsys.disabled():
        print(f"\nmultilingual model alone, en: recall@5 {result['english']:.2f}")
        for report in result["reports"]:
            print(report.line())
    reports = {r.language: r for r in result["reports"]}
    assert set(reports) == {"fr", "ar", "es", "ru", "zh"}
    assert result["english"] >= 0.85
    for report in reports.values():
        assert report.covered == len(needs()), report.line()  # every practice translated
        assert report.recall >= TARGET * result["english"], report.line()
    assert all(r.recall < 0.5 for r in english_only["reports"] if r.language in {"ar", "ru", "zh"})


def test_a_query_meets_the_english_text_where_no_translation_exists(overlays):
    """Without any Chinese translation, a Chinese need still finds its practice: the
    multilingual model compares it with the English text."""
    Translation.objects.filter(language="zh").delete()
    embed_multilingual()
    assert not MeaningVector.objects.filter(language="zh").exists()
    with translation.override("zh-hans"):
        hits = search("追踪化学废物直至销毁", limit=5).hits
    assert CUSTODY in [hit.urn for hit in hits]
    custody = next(hit for hit in hits if hit.urn == CUSTODY)
    assert any(code["code"] == "search_similarity" for code in custody.reason_codes)


def test_each_practice_and_translation_has_a_vector_kept_in_step(overlays):
    published = Practice.objects.filter(status="published").count()
    texts = MeaningVector.objects.values_list("practice__urn", "language")
    assert len(set(texts)) == MeaningVector.objects.count() == published * 6  # all translated
    assert missing_meaning_vectors() == 0
    row = Translation.objects.get(urn=CUSTODY, language="fr")
    before = MeaningVector.objects.get(practice__urn=CUSTODY, language="fr")
    untouched = MeaningVector.objects.get(practice__urn=CUSTODY, language="ar")
    row.fields = {**row.fields, "title": "Garde des déchets chimiques jusqu'à leur élimination"}
    Translation.objects.filter(pk=row.pk).update(fields=row.fields)
    assert missing_meaning_vectors() == 0  # stored, but of the old text
    assert embed_multilingual() == 1  # only the changed text is embedded again
    after = MeaningVector.objects.get(practice__urn=CUSTODY, language="fr")
    assert after.digest != before.digest and bytes(after.vector) != bytes(before.vector)
    assert MeaningVector.objects.get(pk=untouched.pk).digest == untouched.digest
    assert embed_multilingual() == 0


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


def test_every_hit_of_a_need_in_any_language_says_why_it_is_there(overlays):
    """Explainable (QA): a Chinese query's fifth hit came with no reason at all; the
    multilingual model's score, or the translation's words, are now given."""
    for need in needs()[:6]:
        for language in ("en", "fr", "ar", "es", "ru", "zh"):
            query = need[language]
            with translation.override("zh-hans" if language == "zh" else language):
                hits = search_practices(query, limit=5)
                for hit in hits:  # reasons are written out in the active language
                    assert hit.reasons and all(hit.reasons), (language, query, hit.urn)
