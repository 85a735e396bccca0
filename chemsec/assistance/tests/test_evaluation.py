"""The retrieval measures used to judge matching quality."""

import pytest

from chemsec.assistance.evaluation import Judged, evaluate, reciprocal_rank


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
