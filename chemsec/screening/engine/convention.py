"""Names written in the style of the CWC Annex on Chemicals, read by a small grammar.

The Annex names its families and their members in a style of its own ("O-Ethyl
S-2-diisopropylaminoethyl methylphosphonothiolate", "N,N-Dialkyl aminoethane-2-ols"),
and trade documents follow it ("N,N-diisopropylaminoethanol"). OPSIN misreads some of
these (it reads "aminoethanol" as 1-aminoethanol, so a Schedule 2B11 member came back
as a different, unlisted molecule), and the offline index holds only the members that
somebody has registered. This grammar reads the name patterns of the Schedule 1A/1B/2B
families into structures directly, for any alkyl groups, so that a member the Annex does
not name resolves from its name; whether it is a member is then decided by the family
rules (`rules.py`), like any other structure.

Pure string work, no RDKit: `parse(name)` returns a SMILES or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Alkyl (and cycloalkyl) groups as SMILES written from the attachment atom; "{r}" is a
# ring-closure label, filled per slot so that two rings in one molecule never clash.
_ALKYLS: dict[str, str] = {
    "methyl": "C",
    "me": "C",
    "ethyl": "CC",
    "et": "CC",
    "propyl": "CCC",
    "n-propyl": "CCC",
    "n-pr": "CCC",
    "isopropyl": "C(C)C",
    "iso-propyl": "C(C)C",
    "i-propyl": "C(C)C",
    "i-pr": "C(C)C",
    "1-methylethyl": "C(C)C",
    "propan-2-yl": "C(C)C",
    "butyl": "CCCC",
    "n-butyl": "CCCC",
    "isobutyl": "CC(C)C",
    "iso-butyl": "CC(C)C",
    "i-butyl": "CC(C)C",
    "2-methylpropyl": "CC(C)C",
    "sec-butyl": "C(C)CC",
    "s-butyl": "C(C)CC",
    "1-methylpropyl": "C(C)CC",
    "tert-butyl": "C(C)(C)C",
    "t-butyl": "C(C)(C)C",
    "pentyl": "CCCCC",
    "n-pentyl": "CCCCC",
    "isopentyl": "CCC(C)C",
    "isoamyl": "CCC(C)C",
    "3-methylbutyl": "CCC(C)C",
    "neopentyl": "CC(C)(C)C",
    "2,2-dimethylpropyl": "CC(C)(C)C",
    "pinacolyl": "C(C)C(C)(C)C",
    "1,2,2-trimethylpropyl": "C(C)C(C)(C)C",
    "3,3-dimethylbutan-2-yl": "C(C)C(C)(C)C",
    "3,3-dimethyl-2-butyl": "C(C)C(C)(C)C",
    "hexyl": "CCCCCC",
    "n-hexyl": "CCCCCC",
    "heptyl": "CCCCCCC",
    "n-heptyl": "CCCCCCC",
    "octyl": "CCCCCCCC",
    "n-octyl": "CCCCCCCC",
    "2-ethylhexyl": "CC(CC)CCCC",
    "nonyl": "CCCCCCCCC",
    "n-nonyl": "CCCCCCCCC",
    "decyl": "CCCCCCCCCC",
    "n-decyl": "CCCCCCCCCC",
    "cyclopropyl": "C{r}CC{r}",
    "cyclobutyl": "C{r}CCC{r}",
    "cyclopentyl": "C{r}CCCC{r}",
    "cyclohexyl": "C{r}CCCCC{r}",
    "cycloheptyl": "C{r}CCCCCC{r}",
    "cyclooctyl": "C{r}CCCCCCC{r}",
}
# "1-(dialkylamino)alkylidene": the alkylidene carbon is the amidine carbon; what it
# carries besides the amino group is the rest of the chain (H for methylidene).
_ALKYLIDENES: dict[str, str] = {
    "methylidene": "",
    "ethylidene": "C",
    "propylidene": "CC",
    "butylidene": "CCC",
    "pentylidene": "CCCC",
    "hexylidene": "CCCCC",
    "heptylidene": "CCCCCC",
    "octylidene": "CCCCCCC",
    "nonylidene": "CCCCCCCC",
    "decylidene": "CCCCCCCCC",
}
_HALIDES = {"fluoride": "F", "chloride": "Cl", "bromide": "Br", "iodide": "I"}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ALK = f"(?:{_alternation(list(_ALKYLS))})"
_ALK_OR_H = f"(?:{_ALK}|hydrogen|h)"
# Two alkyl groups on one N (or two O-alkyls): "diisopropyl", "di-n-propyl",
# "ethylmethyl", "ethyl(methyl)", "N-ethyl-N-methyl", "N,N-dimethyl".
_DIALKYL = (
    rf"(?:(?:n,n-|o,o-)?di-?{_ALK}|n-{_ALK}-n-{_ALK}|o-{_ALK}-o-{_ALK}"
    rf"|(?:n,n-|o,o-)?{_ALK}\(?{_ALK}\)?)"
)
_DIALKYL_PARTS = (
    rf"^(?:n,n-|o,o-)?(?:di-?(?P<same>{_ALK})|[no]-(?P<a>{_ALK})-[no]-(?P<b>{_ALK})"
    rf"|(?P<c>{_ALK})\(?(?P<d>{_ALK})\)?)$"
)
_BETA = r"(?:-?(?:beta|\u03b2)-)?"  # "N,N-diisopropyl-beta-aminoethyl"
# The 2-(dialkylamino)ethyl group, in the Annex's style and in bracketed forms:
# "2-diisopropylaminoethyl", "[2-(diisopropylamino)ethyl]", "(2-diethylaminoethyl)",
# "2-(N,N-diethylamino)ethyl", "diethylaminoethyl".
_AMINOETHYL = (
    rf"[\[(]?(?:2-)?\(?(?P<amine>{_DIALKYL}){_BETA}amino\)?ethyl[\])]?"
    # written with the amine last: "2-(diethylamino)ethyl" is covered above
)
_SALT = r"(?P<salt>hydrochloride|hydrobromide|hcl)?"


@dataclass(frozen=True, slots=True)
class Pattern:
    family: str  # the Annex entry whose naming pattern this is (for notes and tests)
    body: str  # regular expression of the name (normalised), compiled on first use
    template: str  # SMILES with {o}, {p}, {a}, {b}, {c}, {d}, {x} slots

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.body)


@cache
def _compiled(body: str) -> re.Pattern[str]:
    # Compiling these alternations takes tens of milliseconds: only runs that read names
    # pay it, not every start of the command.
    return re.compile(rf"^{body}{_SALT}$")


def _p(family: str, body: str, template: str) -> Pattern:
    return Pattern(family, body, template)


_ESTER_O = rf"(?:o-)?(?P<o>{_ALK_OR_H})"
_ESTER_O_REQ = rf"o-(?P<o>{_ALK_OR_H})"
_P_ALKYL = rf"(?P<p>{_ALK})"

PATTERNS: tuple[Pattern, ...] = (
    # 1A01 O-Alkyl alkylphosphonofluoridates: "O-Isopropyl methylphosphonofluoridate"
    _p("1A01", rf"{_ESTER_O}{_P_ALKYL}phosphonofluoridate", "O=P(F)({p})O{o}"),
    # 1A02 O-Alkyl N,N-dialkyl phosphoramidocyanidates
    _p(
        "1A02",
        rf"{_ESTER_O}(?P<amine>{_DIALKYL})phosphoramidocyanidate",
        "N#CP(=O)(N({a}){b})O{o}",
    ),
    # 1A03 O-Alkyl S-2-dialkylaminoethyl alkylphosphonothiolates (also "-thioate" with
    #      the S- locant, the IUPAC writing of the same thiolo ester)
    _p(
        "1A03",
        rf"{_ESTER_O_REQ}s-{_AMINOETHYL}{_P_ALKYL}phosphono(?:thiolate|thioate)",
        "O=P({p})(O{o})SCCN({a}){b}",
    ),
    # 1B09 Alkyl phosphonyldifluorides ("methylphosphonic difluoride" too)
    _p("1B09", rf"{_P_ALKYL}phosphon(?:yl|ic|o)difluoride", "O=P(F)(F){p}"),
    # 1B10 O-Alkyl O-2-dialkylaminoethyl alkylphosphonites
    _p(
        "1B10",
        rf"{_ESTER_O_REQ}o-{_AMINOETHYL}{_P_ALKYL}phosphonite",
        "P({p})(O{o})OCCN({a}){b}",
    ),
    # 2A01-style O,O-dialkyl S-2-dialkylaminoethyl phosphorothiolates (Amiton's pattern)
    _p(
        "2A01",
        rf"(?P<esters>{_DIALKYL})s-{_AMINOETHYL}phosphoro(?:thiolate|thioate)",
        "O=P(O{c})(O{d})SCCN({a}){b}",
    ),
    # 2B05 N,N-Dialkyl phosphoramidic dihalides
    _p(
        "2B05",
        rf"(?P<amine>{_DIALKYL})(?:phosphoramidic|phosphoramido)di(?P<x>fluoride|chloride|bromide|iodide)",
        "O=P(N({a}){b})({x}){x}",
    ),
    # 2B06 Dialkyl N,N-dialkyl phosphoramidates
    _p(
        "2B06",
        rf"(?P<esters>{_DIALKYL})(?P<amine>{_DIALKYL})phosphoramidate",
        "O=P(N({a}){b})(O{c})O{d}",
    ),
    # 2B10 N,N-Dialkyl aminoethyl-2-chlorides: "N,N-diisopropylaminoethyl chloride",
    #      "2-(diethylamino)ethyl chloride", "2-chloro-N,N-dimethylethylamine"
    _p("2B10", rf"{_AMINOETHYL}(?:-2-)?chloride", "ClCCN({a}){b}"),
    _p(
        "2B10",
        rf"2-chloro-(?P<amine>{_DIALKYL})(?:ethylamine|ethanamine|ethan-1-amine)",
        "ClCCN({a}){b}",
    ),
    # 2B11 N,N-Dialkyl aminoethane-2-ols: "N,N-diisopropylaminoethanol", "2-(diethylamino)ethanol"
    _p(
        "2B11",
        rf"(?:2-)?\(?(?P<amine>{_DIALKYL}){_BETA}amino\)?(?:ethane-2-ol|ethan-2-ol|ethanol|ethan-1-ol)",
        "OCCN({a}){b}",
    ),
    # 2B12 N,N-Dialkyl aminoethane-2-thiols
    _p(
        "2B12",
        rf"(?:2-)?\(?(?P<amine>{_DIALKYL}){_BETA}amino\)?(?:ethane-2-thiol|ethanethiol|ethane-1-thiol)",
        "SCCN({a}){b}",
    ),
)

_ALKYLIDENE = rf"(?:n-)?(?P<ylidene>{_alternation(list(_ALKYLIDENES))})"
# "N-(1-(diethylamino)ethylidene)", "(1-(diethylamino)ethylidene)",
# "N-(1-(di-n-decylamino)-n-decylidene)"
_AMIDINE = rf"(?:n-)?\(1-\((?P<amine>{_DIALKYL})amino\)-?{_ALKYLIDENE}\)"

AMIDINE_PATTERNS: tuple[Pattern, ...] = (
    # 1A14 O-alkyl N-(1-(dialkylamino))alkylidene phosphoramidofluoridates
    _p("1A14", rf"{_ESTER_O}-?{_AMIDINE}phosphoramidofluoridate", "O=P(F)(O{o})N=C({y})N({a}){b}"),
    # 1A13 P-alkyl N-(1-(dialkylamino))alkylidene phosphonamidic fluorides, in the two
    #      writings of its examples
    _p(
        "1A13",
        rf"{_AMIDINE}-p-{_P_ALKYL}phosphonamidicfluoride",
        "O=P(F)({p})N=C({y})N({a}){b}",
    ),
    _p("1A13", rf"{_P_ALKYL}-?{_AMIDINE}phosphonamidofluoridate", "O=P(F)({p})N=C({y})N({a}){b}"),
)

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


def normalise(name: str) -> str:
    """Lower case, typographic dashes as hyphens, no spaces (the grammar ignores them)."""
    return _SPACES.sub("", name.translate(_DASHES).lower())


@cache
def _dialkyl_parts() -> re.Pattern[str]:
    return re.compile(_DIALKYL_PARTS)


def _dialkyl(text: str) -> tuple[str, str] | None:
    m = _dialkyl_parts().match(text)
    if m is None:
        return None
    if m.group("same"):
        return m.group("same"), m.group("same")
    if m.group("a"):
        return m.group("a"), m.group("b")
    return m.group("c"), m.group("d")


class _Rings:
    def __init__(self) -> None:
        self.next = 11

    def fill(self, fragment: str) -> str:
        if "{r}" not in fragment:
            return fragment
        label = f"%{self.next}"
        self.next += 1
        return fragment.replace("{r}", label)


def _group(word: str, rings: _Rings) -> str:
    """SMILES of one alkyl group; '' for hydrogen (an O-H)."""
    if word in ("hydrogen", "h"):
        return ""
    return rings.fill(_ALKYLS[word])


def parse(name: str) -> str | None:
    """A SMILES for a name written in the Annex's naming style, or None."""
    text = normalise(name)
    if len(text) > 200 or not any(k in text for k in ("phosph", "amino", "chloro", "amine")):
        return None
    for pattern in PATTERNS + AMIDINE_PATTERNS:
        match = pattern.regex.match(text)
        if match is None:
            continue
        smiles = _fill(pattern, match)
        if smiles is not None:
            return smiles
    return None


def family_of(name: str) -> str | None:
    """The Annex entry whose naming pattern the name follows (for notes), or None."""
    text = normalise(name)
    for pattern in PATTERNS + AMIDINE_PATTERNS:
        match = pattern.regex.match(text)
        if match is not None and _fill(pattern, match) is not None:
            return pattern.family
    return None


def _fill(pattern: Pattern, match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    rings = _Rings()
    slots: dict[str, str] = {}
    if groups.get("amine"):
        pair = _dialkyl(groups["amine"])
        if pair is None:
            return None
        slots["a"], slots["b"] = (_group(w, rings) for w in pair)
        if not slots["a"] or not slots["b"]:
            return None
    if groups.get("esters"):
        pair = _dialkyl(groups["esters"])
        if pair is None:
            return None
        slots["c"], slots["d"] = (_group(w, rings) for w in pair)
        if not slots["c"] or not slots["d"]:
            return None
    if groups.get("o") is not None:
        slots["o"] = _group(groups["o"], rings)
    if groups.get("p"):
        slots["p"] = _group(groups["p"], rings)
    if groups.get("x"):
        slots["x"] = _HALIDES[groups["x"]]
    if groups.get("ylidene"):
        chain = _ALKYLIDENES[groups["ylidene"]]
        slots["y"] = chain
    template = pattern.template.replace("C({y})", "C" if slots.get("y") == "" else "C({y})")
    try:
        smiles = template.format(**slots)
    except KeyError:
        return None
    if groups.get("salt"):
        smiles += ".Cl" if groups["salt"] in ("hydrochloride", "hcl") else ".Br"
    return smiles
