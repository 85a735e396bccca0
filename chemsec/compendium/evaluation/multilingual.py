"""Recall@5 of compendium search per UN language, on labelled needs written in each
language (needs.yaml), beside the English figure on the same needs (issue 11, item 4).

A language is measured on the needs whose practices all have a translation into it
("covered"): before translators fill the overlays, an untranslated practice cannot be found
by its words in that language, and the figure would measure the overlays' coverage rather
than the search. Both figures are reported; a language with no translation is skipped.
Run `python -m chemsec.compendium.evaluation [fused|english-model|multilingual-model]`
against a loaded database (the whole search, the default; or one meaning ranking alone, as
semantic search alone would rank), or see chemsec/compendium/tests/test_multilingual_search.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from django.utils import translation

from chemsec.compendium import catalogue, semantic
from chemsec.compendium.models import Translation
from chemsec.compendium.search import search_practices

NEEDS = Path(__file__).with_name("needs.yaml")
LANGUAGES = {"fr": "fr", "ar": "ar", "es": "es", "ru": "ru", "zh": "zh-hans"}
TARGET = 0.9  # of the English recall on the same needs
K = 5


@dataclass(frozen=True)
class LanguageReport:
    """One language's recall@5, on every need and on those its translations cover."""

    language: str
    needs: int
    covered: int
    recall: float
    covered_recall: float
    english_covered_recall: float

    @property
    def ratio(self) -> float | None:
        if not self.covered or not self.english_covered_recall:
            return None
        return self.covered_recall / self.english_covered_recall

    @property
    def meets_target(self) -> bool:
        return self.ratio is None or self.ratio >= TARGET

    def line(self) -> str:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}"
        return (
            f"{self.language}: recall@{K} {self.recall:.2f} on {self.needs} needs; "
            f"{self.covered_recall:.2f} on the {self.covered} covered "
            f"(English {self.english_covered_recall:.2f}, ratio {ratio})"
        )


def needs(path: Path = NEEDS) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


Ranker = Callable[[str], list[str]]  # a query -> the URNs of its best K practices


def fused(query: str) -> list[str]:
    """The whole search, as the search page ranks (in the active language)."""
    return [hit.urn for hit in search_practices(query, limit=K)]


def _meaning_only(
    rank: Callable[[catalogue.Catalogue, Any, str, int], list[tuple[int, float]]],
) -> Ranker:
    def ranker(query: str) -> list[str]:
        snapshot = catalogue.current()
        allowed = np.ones(len(snapshot.ids), dtype=bool)
        pks = [snapshot.ids[row] for row, _s in rank(snapshot, allowed, query, K)]
        urns = dict(catalogue.searchable().filter(pk__in=pks).values_list("pk", "urn"))
        return [urns[pk] for pk in pks]

    return ranker


RANKERS: dict[str, Ranker] = {
    "fused": fused,
    "english-model": _meaning_only(semantic.ranked),  # all-MiniLM-L6-v2 alone
    "multilingual-model": _meaning_only(semantic.ranked_multilingual),  # USE alone
}


def recall_at_k(
    query: str, expected: list[str], django_language: str, rank: Ranker = fused
) -> float:
    with translation.override(django_language):
        found = set(rank(query)[:K])
    return len(found & set(expected)) / len(expected)


def evaluate(items: list[dict[str, Any]] | None = None, rank: Ranker = fused) -> dict[str, Any]:
    """English recall@5 and one report per translated language (others listed as skipped)."""
    items = needs() if items is None else items
    english = [recall_at_k(n["en"], n["expect"], "en", rank) for n in items]
    reports, skipped = [], []
    for language, django_language in LANGUAGES.items():
        translated = set(
            Translation.objects.filter(language=language, kind="practice").values_list(
                "urn", flat=True
            )
        )
        if not translated:
            skipped.append(language)
            continue
        scores = [recall_at_k(n[language], n["expect"], django_language, rank) for n in items]
        covered = [i for i, n in enumerate(items) if set(n["expect"]) <= translated]
        reports.append(
            LanguageReport(
                language=language,
                needs=len(items),
                covered=len(covered),
                recall=sum(scores) / len(items),
                covered_recall=_mean([scores[i] for i in covered]),
                english_covered_recall=_mean([english[i] for i in covered]),
            )
        )
    return {"english": sum(english) / len(items), "reports": reports, "skipped": skipped}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def main(args: list[str]) -> None:
    """Print the figures of one ranker (`RANKERS`, "fused" by default) against the database."""
    name = args[0] if args else "fused"
    result = evaluate(rank=RANKERS[name])
    print(f"{name}, en: recall@{K} {result['english']:.2f} on {len(needs())} needs")
    for report in result["reports"]:
        print(report.line())
    print("skipped (no translation):", ", ".join(result["skipped"]) or "none")
