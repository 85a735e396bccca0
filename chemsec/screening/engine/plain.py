"""Identifiers as real files write them around the identifier itself.

Inventories, safety data sheets and spreadsheets typed in East Asian input modes write a
CAS number or a name with more than the identifier: full-width letters and digits
("７７８２－５０－５"), an ideographic or no-break space, a typographic prime in a locant
("2,2′-dichlorodiethyl sulfide"), a "CAS" label ("CAS-No. 7782-50-5", "CAS RN: 7782-50-5"),
a trade or military code in brackets ("Sarin (GB)"), a purity, grade or physical form
("Triethanolamine, 99 %", "Chlorine gas"), a second name after a semicolon or a spaced
slash ("Mustard gas; HD", "Sarin / GB"), an InChI without its prefix, an InChIKey in lower
case.

Read as written, each came back unresolved. These functions give the identifier written
plainly; the resolver tries them only when the text as written did not resolve, and says
in the row's notes what it read. Nothing here ever turns an input into another chemical's
identifier: the compatibility forms are the same characters, the label and the qualifiers
are taken away, never added.
"""

from __future__ import annotations

import re
import unicodedata

# Primes and apostrophe-like marks written in locants (2,2'-), as the ASCII apostrophe.
_PRIMES = str.maketrans(dict.fromkeys("\u2032\u2035\u02b9\u02bc\u2019\u2018\u00b4\u0060", "'"))
_DOUBLE_PRIMES = str.maketrans({"\u2033": "''", "\u2036": "''", "\u2034": "'''"})
# A "CAS" label before a number: CAS, CAS No., CAS-No, CAS Nr., CAS RN, CAS Number,
# CAS Reg. No., CAS Registry Number, CAS#, with ':' '#' '=' or '.' after it.
_CAS_LABEL = re.compile(
    r"^\s*CAS(?:[\s\-_]*(?:RN|No|Nr|Number|Reg(?:istry)?[\s.]*(?:No|Number)?)\b\.?)?"
    r"\s*[:#=.]?\s*(?P<number>\d[\d\s\-]*\d)\s*$",
    re.IGNORECASE,
)
# What follows a name without being part of it.
_BRACKETED_TAIL = re.compile(r"^(?P<name>.*\S)\s+\((?P<tail>[^()]{1,40})\)\s*$")
_PURITY_TAIL = re.compile(
    r"^(?P<name>.*?\S)\s*,?\s+(?:(?:[<>≥≤~]=?\s*)?\d{1,3}(?:[.,]\d+)?\+?\s*%"
    r"(?:\s*(?:w/w|v/v|w/v|wt|vol|min\.?|pure))?|"
    r"(?:technical|tech\.?|reagent|analytical|ACS|AR|LR|GR|puriss\.?|p\.a\.)(?:\s+grade)?|"
    # the physical form a name is sold or kept in ("Chlorine gas", "Sarin, anhydrous")
    r"(?:gas|liquid|solid|anhydrous|(?:aqueous\s+)?solution|\(aq\)|liquefied|compressed))\s*$",
    re.IGNORECASE,
)
# A second name after "; " or " / " ("Mustard gas; HD"); a semicolon with no space after
# it is a delimited row's ("Triethanolamine;102716;-5"), whose other cells are not names.
_SECOND_NAME = re.compile(r"^(?P<name>.*?\S)\s*(?:;\s|\s/)\s*\S.*$")
# An InChI written without its "InChI=" prefix, as some exports write it.
_BARE_INCHI = re.compile(r"^1S?/[A-Za-z0-9.]+(?:/\S*)?$")
# Quotes a cell or a pasted line is wrapped in, opening -> closing.
_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb",
           "\u201e": "\u201c", "\u300c": "\u300d"}  # fmt: skip
_TRAILING = ";,:."
_LETTERS = re.compile(r"[^\W\d_]")


def plain_text(text: str) -> str | None:
    """The text with its compatibility forms written plainly (NFKC: full-width letters,
    digits and punctuation, ideographic and no-break spaces; primes as apostrophes) and
    runs of spaces as one; None when that changes nothing."""
    if text.isascii():
        return None
    plain = unicodedata.normalize("NFKC", text.translate(_DOUBLE_PRIMES)).translate(_PRIMES)
    plain = " ".join(plain.split())
    return plain if plain != text.strip() else None


def trimmed(text: str) -> str | None:
    """The text without quotes wrapped around it and separators left after it
    ("'CCO'", "107-44-8;"); None when there are none."""
    trim = text.strip()
    while trim:
        if trim[0] in _QUOTES and len(trim) > 1 and trim[-1] == _QUOTES[trim[0]]:
            trim = trim[1:-1].strip()
        elif trim[-1] in _TRAILING:
            trim = trim[:-1].rstrip()
        else:
            break
    return trim if trim and trim != text.strip() else None


def head_and_title(text: str) -> str | None:
    """The first word of a line that has more ("CCO ethanol", a SMILES file's line with
    its title, pasted into a list): the caller decides whether it is a SMILES."""
    head, _, tail = (
        text.strip().partition(" ") if "\t" not in text else text.strip().partition("\t")
    )
    return head if head and tail.strip() else None


def inchi_with_prefix(text: str) -> str | None:
    """ "1S/C4H10FO2P/c1-..." as the InChI it is ("InChI=1S/..."); None otherwise."""
    bare = text.strip()
    return f"InChI={bare}" if _BARE_INCHI.match(bare) else None


def cas_after_label(text: str) -> str | None:
    """The number written after a "CAS" label ("CAS-No. 7782-50-5" -> "7782-50-5"), or
    None when the text is no labelled number."""
    found = _CAS_LABEL.match(text)
    return found.group("number").strip() if found else None


def name_without_qualifier(text: str) -> str | None:
    """The name before a bracketed code, a purity or grade, or a second name after a
    semicolon; None when there is none, or when what is left is no name (fewer than two
    letters)."""
    for pattern in (_SECOND_NAME, _BRACKETED_TAIL, _PURITY_TAIL):
        found = pattern.match(text)
        if found is None:
            continue
        name = found.group("name").strip().rstrip(",")
        if len(_LETTERS.findall(name)) >= 2 and _balanced(name):
            return name
    return None


def _balanced(text: str) -> bool:
    """Brackets closed as often as opened ("bis(2-chloroethyl" is half a name)."""
    return all(text.count(a) == text.count(b) for a, b in ("()", "[]", "{}"))
