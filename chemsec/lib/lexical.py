"""Word matching in the six UN languages, without a database: normalise, split, stem
lightly, and rank documents by BM25. Pure module.

Used for the translated reference content (chemsec.compendium.multilingual), where the
database's full-text index (English stemming) does not help: Arabic loses its diacritics,
alef forms and common clitics; Chinese, written without spaces, is cut into characters and
pairs of characters; French, Spanish and Russian lose accents and are cut to a prefix stem.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

K1, B = 1.2, 0.75
STEM = 6  # letters kept of a French, Spanish or Russian word (a crude, robust stem)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"\w+")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # tashkeel, dagger alef, tatweel
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_SUFFIXES = ("ات", "ون", "ين", "ية", "ها", "ة", "ه", "ي")
# Function words: they say nothing of a practice (QA2 saw French "contre", "pendant",
# Spanish "contra", "durante" and Arabic "ضد", "أثناء" counted as matches).
_STOPWORDS_TEXT = """
    a an and are as at be by for from how in is it of on or the to what with
    against during can should
    au aux avec ce ces dans de des du en est et la le les leur ou par pas pour que qui sur un une
    contre pendant comment lors sans son sa ses notre nos votre vos
    al como con del el en es las los para por que se sin su un una y
    contra durante cómo sus entre sobre
    в во и из к как на не о от по с со что это для или
    против при
    في من على إلى عن مع أو ما هل كيف التي الذي و
    ضد أثناء خلال كيفية عند
    的 和 与 在 是 了 如何 什么
"""


def script(text: str) -> str:
    """'arabic', 'cjk', 'cyrillic' or 'latin': the writing system most letters use."""
    counts: Counter[str] = Counter()
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        kind = next((k for k in ("ARABIC", "CJK", "CYRILLIC") if name.startswith(k)), "LATIN")
        counts[kind.lower()] += 1
    return counts.most_common(1)[0][0] if counts else "latin"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(str.maketrans("أإآٱىؤئ", "اااايوي"))
    decomposed = unicodedata.normalize("NFD", text)
    # Accents off Latin and Cyrillic letters (not Arabic or Chinese, handled above).
    return "".join(c for c in decomposed if not unicodedata.combining(c))


STOPWORDS = frozenset(_fold(word) for word in _STOPWORDS_TEXT.split())


def _stem(word: str) -> str:
    if "\u0600" <= word[0] <= "\u06ff":
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        for suffix in _ARABIC_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word
    return word[:STEM]


def tokens(text: str) -> list[str]:
    """The index terms of a text in any of the six languages."""
    folded = _fold(text)
    found: list[str] = []
    for run in _CJK.findall(folded):
        found.extend(c for c in run if c not in STOPWORDS)  # characters, and pairs of them:
        found.extend(run[i : i + 2] for i in range(len(run) - 1))  # most words are two
    for word in _WORD.findall(_CJK.sub(" ", folded)):
        if len(word) > 1 and word not in STOPWORDS and not word.isdigit():
            found.append(_stem(word))
    return found


@dataclass
class Index:
    """BM25 over a few weighted fields of each document."""

    docs: dict[str, Counter[str]] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)
    frequency: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, fields: Iterable[tuple[str, int]]) -> None:
        terms: Counter[str] = Counter()
        for text, weight in fields:
            for term in tokens(text):
                terms[term] += weight
        self.docs[key] = terms
        self.lengths[key] = sum(terms.values())
        self.frequency.update(terms.keys())

    def ranked(self, query: str, limit: int = 200) -> list[tuple[str, float]]:
        """Keys of the documents matching the query, best first, with their BM25 scores."""
        terms = set(tokens(query))
        if not terms or not self.docs:
            return []
        n = len(self.docs)
        average = sum(self.lengths.values()) / n or 1.0
        scores: dict[str, float] = {}
        for key, counts in self.docs.items():
            score = 0.0
            for term in terms & counts.keys():
                df = self.frequency[term]
                idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
                tf = counts[term]
                norm = tf + K1 * (1 - B + B * self.lengths[key] / average)
                score += idf * tf * (K1 + 1) / norm
            if score > 0:
                scores[key] = score
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
