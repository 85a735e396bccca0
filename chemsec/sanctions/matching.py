"""Name matching against sanctions and denied-party lists: pure, no Django.

Names are analysed, transliterated and tagged by `rigour` (the OpenSanctions name library,
MIT), which also pairs parts that mean the same thing (symbols: a known given name in two
scripts, "Ltd" and "Limited", initials) and scores the parts left over by a weighted edit
distance (`rigour.names.compare_parts`). This module only combines that evidence, in the
manner of nomenklatura's logic-v2: symbol categories weigh less or more (legal forms and
generic words little), parts without a counterpart count against the match, and the score
is the length-weighted share of aligned parts. Then country, identifiers and addresses
raise or lower it (`rigour.addresses.compare_address` for addresses).

A score is a ranking, not a probability. Every pair of names compared is returned with
which parts matched which, so a receipt can show why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from rigour.addresses import compare_address
from rigour.names import (
    Alignment,
    Name,
    NamePart,
    NameTypeTag,
    Symbol,
    analyze_names,
    compare_parts,
    pair_symbols,
)
from rigour.text import is_stopword

ALGORITHM = "chemsec-names-v1 (rigour logic-v2 style)"

# Weights of symbol-paired parts by category: generic words and legal forms say little.
SYM_WEIGHTS = {
    Symbol.Category.ORG_CLASS: 0.7,
    Symbol.Category.INITIAL: 0.5,
    Symbol.Category.NICK: 0.8,
    Symbol.Category.SYMBOL: 0.3,
    Symbol.Category.DOMAIN: 0.3,
    Symbol.Category.NUMERIC: 1.3,
    Symbol.Category.LOCATION: 0.8,
}
SYM_SCORES = {
    Symbol.Category.ORG_CLASS: 0.8,
    Symbol.Category.INITIAL: 0.9,
    Symbol.Category.NAME: 0.9,
    Symbol.Category.NICK: 0.6,
    Symbol.Category.SYMBOL: 0.9,
    Symbol.Category.DOMAIN: 0.9,
    Symbol.Category.NUMERIC: 0.9,
    Symbol.Category.LOCATION: 0.9,
}


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.7  # a match at or above this is raised for review
    country_mismatch: float = -0.2  # both sides state countries and none agree
    kind_mismatch: float = -0.3  # a person against an organisation
    identifier_floor: float = 0.9  # a registration, passport or tax number is the same
    address_match: float = 0.1  # an address compares at or above `address_threshold`
    address_threshold: float = 0.7
    extra_weight_result: float = 0.3  # list-side parts the query lacks weigh less
    extra_weight_query: float = 1.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class Party:
    """A customer, consignee or end user to screen, or a list entry to screen against."""

    key: str
    names: tuple[str, ...]
    kind: str = "unknown"  # person | organisation | vessel | unknown
    countries: tuple[str, ...] = ()  # ISO alpha-2, lower case
    identifiers: tuple[str, ...] = ()  # numbers only
    addresses: tuple[str, ...] = ()


@dataclass
class NamePair:
    query: str
    candidate: str
    score: float
    parts: list[tuple[str, str, str, float]]  # query part, list part, symbol or "", score


@dataclass
class Match:
    key: str
    score: float
    name_score: float
    names: NamePair
    adjustments: list[tuple[str, float, str]] = field(default_factory=list)  # code, delta, detail

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "score": round(self.score, 4),
            "name_score": round(self.name_score, 4),
            "names": {
                "query": self.names.query,
                "candidate": self.names.candidate,
                "score": round(self.names.score, 4),
                "parts": [list(p) for p in self.names.parts],
            },
            "adjustments": [list(a) for a in self.adjustments],
        }


def _tag(kind: str) -> NameTypeTag:
    if kind == "person":
        return NameTypeTag.PER
    if kind == "organisation":
        return NameTypeTag.ORG
    if kind == "vessel":
        return NameTypeTag.OBJ
    return NameTypeTag.ENT


def analyse(kind: str, names: Sequence[str], *, query: bool = False) -> list[Name]:
    """rigour's analysis of a party's names (initials inferred on the query side)."""
    return sorted(
        analyze_names(_tag(kind), list(names), infer_initials=query), key=lambda n: n.original
    )


@lru_cache(maxsize=1)
def warm_name_analysis() -> None:
    """Load rigour's name taggers now rather than at a first screening: the person tagger
    alone takes about 8 s of CPU on its first use in a process, with the GIL held."""
    for kind in ("person", "organisation", "entity"):
        analyse(kind, ["Warm Up"], query=True)


def _length(parts: Iterable[NamePart]) -> int:
    return sum(len(p.comparable) for p in parts) or 1


def _extra_weight(parts: Sequence[NamePart], base: float) -> float:
    if all(is_stopword(p.form) for p in parts):
        return 0.2 * base
    return base


def _weigh(alignments: list[Alignment], settings: Settings) -> tuple[float, list[Any]]:
    total = weight = 0.0
    rows: list[tuple[str, str, str, float]] = []
    alignments, romanised = _pair_romanised(alignments)
    for q, r in romanised:
        # Left unpaired by the edit distance, but the same name in two romanisation
        # systems (Solowjow, Solovyev; Saizew, Zaytsev).
        pair_weight = float(max(_length([q]), _length([r])))
        total += 0.7 * pair_weight
        weight += pair_weight
        rows.append((q.comparable, r.comparable, "", 0.7))
    for al in alignments:
        if al.symbol is not None:
            category = al.symbol.category
            score = 1.0 if al.qstr == al.rstr else SYM_SCORES.get(category, 1.0)
            w = SYM_WEIGHTS.get(category, 1.0) * max(_length(al.qps), _length(al.rps))
            symbol = str(al.symbol)
        elif al.qps and al.rps:
            score = 1.0 if al.qstr == al.rstr else float(al.score)
            if score < 0.5 and len(al.qps) == len(al.rps) == 1:
                # The same sound in two spellings (Gaddafi, Qadhafi): rigour's metaphone.
                q, r = al.qps[0], al.rps[0]
                if q.metaphone and q.metaphone == r.metaphone and len(q.metaphone) > 2:
                    score = 0.7
                elif _same_romanisation(q, r):
                    score = 0.7  # the same letters in two romanisation systems (Iwan, Ivan)
            w = max(_length(al.qps), _length(al.rps))
            symbol = ""
        elif al.qps:
            score, symbol = 0.0, ""
            w = _extra_weight(al.qps, settings.extra_weight_query) * _length(al.qps)
        else:
            score, symbol = 0.0, ""
            w = _extra_weight(al.rps, settings.extra_weight_result) * _length(al.rps)
        total += score * w
        weight += w
        rows.append((al.qstr, al.rstr, symbol, round(score, 3)))
    return (total / weight if weight else 0.0), rows


def _pair_romanised(
    alignments: list[Alignment],
) -> tuple[list[Alignment], list[tuple[NamePart, NamePart]]]:
    """Pair the query's and the list name's single parts that no alignment paired and
    that share a romanisation key; the other alignments are returned as they were."""
    left_q = [al for al in alignments if al.symbol is None and not al.rps and len(al.qps) == 1]
    left_r = [al for al in alignments if al.symbol is None and not al.qps and len(al.rps) == 1]
    pairs: list[tuple[NamePart, NamePart]] = []
    used: set[int] = set()
    for qa in left_q:
        for ra in left_r:
            if id(ra) not in used and _same_romanisation(qa.qps[0], ra.rps[0]):
                pairs.append((qa.qps[0], ra.rps[0]))
                used.update({id(qa), id(ra)})
                break
    return [al for al in alignments if id(al) not in used], pairs


def _same_romanisation(q: NamePart, r: NamePart) -> bool:
    shared = romanisation_keys(q.ascii or q.comparable) & romanisation_keys(r.ascii or r.comparable)
    return any(len(key) >= 3 for key in shared)


def compare_names(query: Name, candidate: Name, settings: Settings) -> NamePair:
    """The best alignment of two analysed names over rigour's symbol pairings."""
    if query.comparable and query.comparable == candidate.comparable:
        parts = [(p.comparable, p.comparable, "", 1.0) for p in query.parts]
        return NamePair(query.original, candidate.original, 1.0, parts)
    best = NamePair(query.original, candidate.original, 0.0, [])
    for option in pair_symbols(query, candidate) or [()]:
        used_q = {p.index for al in option for p in al.qps}
        used_r = {p.index for al in option for p in al.rps}
        residue = compare_parts(
            [p for p in query.parts if p.index not in used_q],
            [p for p in candidate.parts if p.index not in used_r],
        )
        score, rows = _weigh([*option, *residue], settings)
        if score > best.score:
            best = NamePair(query.original, candidate.original, score, rows)
    return best


_ID_CLEAN = re.compile(r"[^0-9A-Z]")


def clean_identifier(value: str) -> str:
    return _ID_CLEAN.sub("", value.upper())


@dataclass
class Indexed:
    party: Party
    names: list[Name]


class ListIndex:
    """The entries of one or more lists, analysed once, with a token index for blocking."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self.entries: list[Indexed] = []
        self.tokens: dict[str, set[int]] = {}
        self.identifiers: dict[str, set[int]] = {}
        for party in parties:
            position = len(self.entries)
            names = analyse(party.kind, party.names)
            self.entries.append(Indexed(party, names))
            for key in _block_keys(names):
                self.tokens.setdefault(key, set()).add(position)
            for ident in party.identifiers:
                cleaned = clean_identifier(ident)
                if len(cleaned) >= 4:
                    self.identifiers.setdefault(cleaned, set()).add(position)

    def candidates(self, names: list[Name], identifiers: Iterable[str]) -> set[int]:
        found: set[int] = set()
        for key in _block_keys(names):
            found |= self.tokens.get(key, set())
        for ident in identifiers:
            found |= self.identifiers.get(clean_identifier(ident), set())
        return found


# Romanisation-neutral keys. One Cyrillic, Arabic or Chinese name is written in Latin
# letters by several systems (for Russian: ALA-LC, BGN/PCGN, the passports' ICAO 9303, the
# German Duden and French conventions; for Arabic: English, French and scholarly habits;
# for Chinese: pinyin and Wade-Giles). They disagree on a few letter groups, and exact
# tokens and English metaphone keys then miss each other (Iwan / Ivan, Petrowitsch /
# Petrovich, Tawil / Taweel, Jurij / Yuriy / Iurii). A key folds each such group to one
# class before blocking, so the names meet as candidates; the score still comes from the
# comparison of the names themselves.
# Letter groups, longest first; a group with several folds is read each way, for one
# spelling means different sounds in different systems: "ch" is Russian ч in English and
# the passports' ICAO 9303 but х in German (Chruschtschow, Michail), which rigour itself
# writes "h" (Hrushchyov), as "kh" may be; "z" is з in English
# but ц in German (Saizew, Zaytsev); "j" is a consonant in English (Jamal) but й or a
# vowel glide in German and scholarly systems (Jurij, Sergej).
_ROMAN_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("schtsch", ("s",)), ("shch", ("s",)), ("tsch", ("c",)), ("sch", ("s",)), ("tch", ("c",)),
    ("dzh", ("j",)), ("chr", ("kr", "r")), ("ch", ("c", "k", "h")), ("sh", ("s",)),
    ("zh", ("s", "c")), ("kh", ("k", "h")), ("gh", ("k",)), ("dh", ("d",)), ("th", ("t",)),
    ("ph", ("f",)),
    ("ts", ("c",)), ("tz", ("c",)), ("dj", ("j",)), ("ck", ("k",)), ("hs", ("s",)),
    ("x", ("ks",)), ("j", ("j", "y")), ("z", ("s", "c")),
)  # fmt: skip
_ROMAN_LETTERS = str.maketrans({
    "w": "f", "v": "f", "b": "p", "q": "k", "g": "k", "d": "t", "h": None,
    "a": None, "e": None, "i": None, "o": None, "u": None, "y": None,
})  # fmt: skip
_FRENCH_W = re.compile(r"ou(?=[aei])")


@lru_cache(maxsize=65536)
def romanisation_keys(token: str) -> frozenset[str]:
    """The consonant skeletons of a Latin-script token with the letter groups that
    romanisation systems spell differently folded together ("ivan", "iwan" -> "fn";
    "petrowitsch", "petrovich", "petrovic" -> "ptrfc"; "zaitsev", "saizew" -> "scf").
    Ambiguous groups give one key per reading."""
    text = "".join(ch for ch in token.lower() if ch.isascii() and ch.isalpha())
    variants = {_FRENCH_W.sub("w", text)}  # French "ou" before a vowel for w (Taouil)
    for group, folds in _ROMAN_GROUPS:
        variants = {v.replace(group, fold) if group in v else v for v in variants for fold in folds}
    keys = set()
    for variant in variants:
        skeleton = variant.translate(_ROMAN_LETTERS)
        keys.add("".join(ch for i, ch in enumerate(skeleton) if i == 0 or ch != skeleton[i - 1]))
    return frozenset(keys)


def _block_keys(names: Iterable[Name]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        skeletons = []
        for part in name.parts:
            if is_stopword(part.form) or len(part.comparable) < 2:
                continue
            keys.add("t:" + part.comparable)
            if part.metaphone:
                keys.add("m:" + part.metaphone)
            found = romanisation_keys(part.ascii or part.comparable)
            keys.update("r:" + key for key in found if len(key) >= 3)
            skeletons.append(min(found))
        whole = "".join(skeletons)
        if len(skeletons) > 1 and len(whole) >= 4:
            # The whole name, for systems that split it differently (Abd al-Rahman,
            # Abdulrahman; Hsiao-ping, Xiaoping).
            keys.add("n:" + whole)
    return keys


def _adjust(query: Party, entry: Party, settings: Settings) -> list[tuple[str, float, str]]:
    adjustments: list[tuple[str, float, str]] = []
    kinds = {query.kind, entry.kind}
    if kinds == {"person", "organisation"}:
        adjustments.append(("kind_mismatch", settings.kind_mismatch, f"{query.kind}/{entry.kind}"))
    q_ids = {clean_identifier(i) for i in query.identifiers} - {""}
    e_ids = {clean_identifier(i) for i in entry.identifiers} - {""}
    shared = sorted(q_ids & e_ids)
    if shared:
        adjustments.append(("identifier_match", 0.0, shared[0]))
    if query.countries and entry.countries:
        if set(query.countries) & set(entry.countries):
            adjustments.append(("country_match", 0.0, ",".join(sorted(query.countries))))
        else:
            detail = f"{','.join(query.countries)} / {','.join(entry.countries)}"
            adjustments.append(("country_mismatch", settings.country_mismatch, detail))
    best_address = 0.0
    for qa in query.addresses:
        for ea in entry.addresses:
            best_address = max(best_address, compare_address(qa, ea))
    if best_address >= settings.address_threshold:
        adjustments.append(("address_match", settings.address_match, f"{best_address:.2f}"))
    return adjustments


def screen(query: Party, index: ListIndex, settings: Settings | None = None) -> list[Match]:
    """Every list entry scoring at or above the threshold, best first."""
    settings = settings or Settings()
    names = analyse(query.kind, query.names, query=True)
    matches: list[Match] = []
    for position in sorted(index.candidates(names, query.identifiers)):
        entry = index.entries[position]
        best = NamePair("", "", 0.0, [])
        for q in names:
            for r in entry.names:
                pair = compare_names(q, r, settings)
                if pair.score > best.score:
                    best = pair
        adjustments = _adjust(query, entry.party, settings)
        score = min(1.0, max(0.0, best.score + sum(delta for _, delta, _ in adjustments)))
        if any(code == "identifier_match" for code, _, _ in adjustments):
            # The same registration, passport or tax number: strong evidence whatever the name.
            score = max(score, settings.identifier_floor)
        if score >= settings.threshold:
            matches.append(Match(entry.party.key, score, best.score, best, adjustments))
    matches.sort(key=lambda m: (-m.score, m.key))
    return matches
