"""Recall@5 of compendium search per UN language, on labelled needs written in each
language (needs.yaml), beside the English figure on the same needs (issue 11, item 4).

A language is measured on the needs whose practices all have a translation into it
("covered"): before translators fill the overlays, an untranslated practice cannot be found
by its words in that language, and the figure would measure the overlays' coverage rather
than the search. Both figures are reported; a language with no translation is skipped.
Run `python -m chemsec.compendium.evaluation.multilingual` against a loaded database, or
see the test chemsec/compendium/tests/test_multilingual_search.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils import translation

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


def recall_at_k(query: str, expected: list[str], django_language: str) -> float:
    with translation.override(django_language):
        found = {hit.urn for hit in search_practices(query, limit=K)}
    return len(found & set(expected)) / len(expected)


def evaluate(items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """English recall@5 and one report per translated language (others listed as skipped)."""
    items = needs() if items is None else items
    english = [recall_at_k(n["en"], n["expect"], "en") for n in items]
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
        scores = [recall_at_k(n[language], n["expect"], django_language) for n in items]
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


if __name__ == "__main__":  # pragma: no cover - a manual run against a loaded database
    import django

    django.setup()
    result = evaluate()
    print(f"en: recall@{K} {result['english']:.2f}")
    for report in result["reports"]:
        print(report.line())
    print("skipped (no translation):", ", ".join(result["skipped"]) or "none")
