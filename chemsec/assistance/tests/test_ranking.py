"""The pure pieces: the BM25 fallback ranking and the retrieval measures."""

import pytest

from chemsec.assistance.evaluation import Judged, evaluate, reciprocal_rank
from chemsec.assistance.ranking import Bm25Index, Document, stem, tokens

DOCS = [
    Document("locks", {"title": "Key and lock control", "body": "Keys, combinations, re-keying"}),
    Document("fence", {"title": "Perimeter fences", "body": "Fences and barriers at the edge"}),
    Document("kyc", {"title": "Know your customer", "body": "Check buyers before selling"}),
]


def test_it_stems_plurals_and_drops_stopwords():
    assert stem("containers") == "contain" == stem("container")
    assert stem("batteries") == "battery" and stem("boxes") == "box" and stem("glass") == "glass"
    assert tokens("The keys of our stores") == ["key", "store"]


def test_it_ranks_by_weighted_terms_and_names_the_matched_ones():
    ranked = Bm25Index(DOCS).search("Who holds the keys to the locks?")
    assert [r.key for r in ranked] == ["locks"]
    assert ranked[0].terms == ("key", "lock")


def test_it_finds_nothing_for_unknown_words():
    assert Bm25Index(DOCS).search("zebra") == []


def test_it_computes_recall_hit_rate_and_mrr():
    judged = [
        Judged(["a", "b", "c"], frozenset({"b", "z"})),
        Judged(["x", "y"], frozenset({"q"})),
    ]
    report = evaluate(judged)
    assert report.recall_at_5 == pytest.approx(0.25)
    assert report.hit_at_5 == pytest.approx(0.5)
    assert report.mrr == pytest.approx(0.25)
    assert reciprocal_rank(judged[0]) == 0.5
