"""A small BM25 ranking over a few weighted text fields, with the terms that matched.

Used when the compendium's own search is not installed, so matching never breaks.
Pure Python: no Django imports.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

FIELD_WEIGHTS: dict[str, float] = {"title": 3.0, "keywords": 2.5, "summary": 2.0, "body": 1.0}
_STOP_TEXT = """a an and are as at be been being but by can could do does for from had has have how
    i if in into is it its my no not of on or our ours out over so some such than that the
    their them then there these they this those to too under up us very was we were what
    when where which while who whom why will with within without would you your also any
    all each every need needs want help please about more most other only own same just
    should must may might one two many much get got make made use using used"""
STOPWORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed")
_SIBILANTS = ("s", "x", "z", "ch", "sh")


def stem(word: str) -> str:
    """Strip a common English ending so "containers" meets "container"; crude on purpose."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix in {"ies", "ied"} else "")
    if word.endswith("es") and word[:-2].endswith(_SIBILANTS) and len(word) >= 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) >= 4:
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    words = (w.lower() for w in _WORD.findall(text))
    return [stem(w) for w in words if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


@dataclass(frozen=True)
class Document:
    key: str
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Ranked:
    key: str
    score: float
    terms: tuple[str, ...] = field(default_factory=tuple)


class Bm25Index:
    """Okapi BM25 where a term's frequency is summed over fields times the field's weight."""

    def __init__(
        self,
        documents: Sequence[Document],
        weights: Mapping[str, float] = FIELD_WEIGHTS,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.k1, self.b = k1, b
        self.keys = [d.key for d in documents]
        self.freqs: list[dict[str, float]] = [self._weighted(d, weights) for d in documents]
        self.lengths = [sum(f.values()) for f in self.freqs]
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        counts: Counter[str] = Counter(t for f in self.freqs for t in f)
        n = len(documents)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in counts.items()}

    @staticmethod
    def _weighted(document: Document, weights: Mapping[str, float]) -> dict[str, float]:
        freq: dict[str, float] = {}
        for name, text in document.fields.items():
            for token in tokens(text):
                freq[token] = freq.get(token, 0.0) + weights.get(name, 1.0)
        return freq

    def search(self, query: str, limit: int = 10) -> list[Ranked]:
        terms = list(dict.fromkeys(t for t in tokens(query) if t in self.idf))
        ranked = [self._score(i, terms) for i in range(len(self.keys))]
        ranked = [r for r in ranked if r.score > 0]
        ranked.sort(key=lambda r: (-r.score, r.key))
        return ranked[:limit]

    def _score(self, index: int, terms: list[str]) -> Ranked:
        freq, length = self.freqs[index], self.lengths[index]
        norm = self.k1 * (1 - self.b + self.b * length / (self.average or 1.0))
        score, matched = 0.0, []
        for term in terms:
            tf = freq.get(term, 0.0)
            if tf:
                score += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
                matched.append(term)
        return Ranked(self.keys[index], score, tuple(matched))
