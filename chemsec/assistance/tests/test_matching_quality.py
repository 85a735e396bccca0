"""Matching quality on the labelled needs: recall@5 and MRR with the real matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chemsec.assistance.evaluation import Judged, evaluate
from chemsec.assistance.matching import match_practices
from chemsec.compendium import embedding
from chemsec.core.models import ContentItem

pytestmark = pytest.mark.django_db
LABELLED = Path(__file__).with_name("labelled_needs.yaml")


def _needs() -> list[dict]:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["needs"]


def test_it_has_at_least_forty_labelled_needs_pointing_at_real_practices(content):
    needs = _needs()
    practices = set(ContentItem.objects.filter(kind="practice").values_list("urn", flat=True))
    assert len(needs) >= 40
    for need in needs:
        assert 1 <= len(need["relevant"]) <= 4
        assert set(need["relevant"]) <= practices, need["need"]


def _judge() -> list[Judged]:
    return [
        Judged(
            ranked=[
                m.urn
                for m in match_practices(
                    need=n["need"],
                    stage=n.get("stage", ""),
                    measure_type=n.get("measure_type", ""),
                    limit=10,
                )
            ],
            relevant=frozenset(n["relevant"]),
        )
        for n in _needs()
    ]


def test_it_finds_the_relevant_practices_for_labelled_needs(content, monkeypatch):
    report = evaluate(_judge())
    print(f"\nlabelled needs, compendium search: {report}")
    assert report.recall_at_5 >= 0.8
    assert report.mrr >= 0.8
    # Without the embedding weights (a plain `pip install chemsec`, which says so) the search
    # matches words only; matching must stay usable.
    monkeypatch.setattr(embedding, "available", lambda: False)
    words_only = evaluate(_judge())
    print(f"labelled needs, compendium search without the embedding weights: {words_only}")
    assert words_only.recall_at_5 >= 0.8
