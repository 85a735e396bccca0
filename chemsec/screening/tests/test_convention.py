"""Issue 16, section 2: names written in the Convention's own style resolve, for family
members the Annex does not name, without OPSIN (`engine/convention.py`)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from rdkit import Chem

from chemsec.screening import screen
from chemsec.screening.engine import convention
from chemsec.screening.tests.conftest import entries_of, list_rows


def _key(smiles: str) -> str:
    return str(Chem.MolToInchiKey(Chem.MolFromSmiles(smiles)))


def test_every_annex_and_ag_name_it_reads_gives_the_listed_structure() -> None:
    """The list files' structures were curated independently (offline database, checked
    by hand): the grammar must agree with every one whose name follows a pattern."""
    read = 0
    for list_name in ("cwc", "ag"):
        for row in list_rows(list_name):
            for name in [row["text"], *row["names"].split(";")]:
                name = name.split(":")[-1].strip()
                smiles = convention.parse(name) if name else None
                if smiles is None:
                    continue
                read += 1
                assert row["inchikey"], (row["urn"], name)
                assert _key(smiles) == row["inchikey"], (row["urn"], name, smiles)
    # sarin, soman, tabun, VX, DF, QL, Amiton, DMAE, DEAE, AG phosphoramidate, AG aminoethyls
    assert read >= 20


# The Annex's own groups (General note 1) and O-alkyl groups up to C10, incl. cycloalkyl.
SMALL = ["methyl", "ethyl", "propyl", "n-propyl", "isopropyl", "i-propyl"]
O_ALKYL = [
    *SMALL,
    "butyl",
    "isobutyl",
    "sec-butyl",
    "tert-butyl",
    "pentyl",
    "neopentyl",
    "pinacolyl",
    "hexyl",
    "cyclopentyl",
    "cyclohexyl",
    "heptyl",
    "octyl",
    "2-ethylhexyl",
    "decyl",
]


def _dialkyl(a: str, b: str, style: int) -> str:
    if a == b and style % 2 == 0:
        return f"di{a}"
    if style % 3 == 0:
        return f"N-{a}-N-{b}"
    return f"{a}{b}"


@hs.composite
def _member(draw: hs.DrawFn) -> tuple[str, str]:
    """A family member written in one of the Annex's (or trade's) naming styles, and
    the entry it belongs to."""
    o = draw(hs.sampled_from(O_ALKYL))
    p = draw(hs.sampled_from(SMALL))
    a, b = draw(hs.sampled_from(SMALL)), draw(hs.sampled_from(SMALL))
    style = draw(hs.integers(0, 5))
    amine = _dialkyl(a, b, style)
    nn = "N,N-" if not amine.startswith("N-") and style % 4 else ""
    full = amine if amine.startswith("N-") else f"N,N-{amine}"  # where N,N- is required
    bracketed = f"[2-({amine}amino)ethyl]" if style % 2 else f"2-{nn}{amine}aminoethyl"
    family = draw(hs.sampled_from(["1A01", "1A02", "1A03", "1B09", "1B10", "2B05", "2B06"]))
    family = draw(hs.sampled_from([family, "2B10", "2B11", "2B12", "1A13", "1A14"]))
    ylidene = draw(hs.sampled_from(["methylidene", "ethylidene", "propylidene", "n-decylidene"]))
    big = draw(hs.sampled_from(["dimethyl", "diethyl", "di-n-decyl", "N-ethyl-N-methyl"]))
    amidine = f"N-(1-({big}amino){'-' if style % 2 else ''}{ylidene})"
    name = {
        "1A01": f"O-{o} {p}phosphonofluoridate",
        "1A02": f"O-{o} {full} phosphoramidocyanidate",
        "1A03": f"O-{o} S-{bracketed} {p}phosphono{'thioate' if style > 3 else 'thiolate'}",
        "1B09": f"{p}phosphonyldifluoride" if style % 2 else f"{p} phosphonic difluoride",
        "1B10": f"O-{o} O-{bracketed} {p}phosphonite",
        "2B05": f"{full} phosphoramidic di{['chloride', 'fluoride', 'bromide'][style % 3]}",
        "2B06": f"Di{p} {full}phosphoramidate",
        "1A13": f"{amidine}-P-{o}phosphonamidic fluoride"
        if style % 2
        else f"{o.capitalize()}-{amidine[2:]}phosphonamidofluoridate",
        "1A14": f"O-{o} {amidine}phosphoramidofluoridate",
        "2B10": [
            f"{nn}{amine}aminoethyl-2-chloride",
            f"2-({amine}amino)ethyl chloride",
            f"{nn}{amine}aminoethyl chloride hydrochloride",
        ][style % 3],
        "2B11": [f"{nn}{amine}aminoethane-2-ol", f"2-({amine}amino)ethanol"][style % 2],
        "2B12": [f"{nn}{amine}aminoethanethiol", f"2-({amine}amino)ethanethiol"][style % 2],
    }[family]
    if style == 5:
        name = name.upper()
    return name, family


EXEMPT = {_key("CN(C)CCO"), _key("CCN(CC)CCO")}  # 2B11 exemptions


@given(hs.lists(_member(), min_size=20, max_size=40))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_family_members_resolve_from_their_names_to_their_entry(
    members: list[tuple[str, str]],
) -> None:
    results = screen([name for name, _ in members], lists="cwc", use_opsin=False)
    for (name, family), result in zip(members, results, strict=True):
        assert (
            result.status != "clear"
            or result.identity.inchikey in EXEMPT
            or (_key(convention.parse(name) or "C") in EXEMPT)
        ), (name, result.status, result.reason)
        if result.status == "clear":
            continue
        assert ("CWC", family) in entries_of(result), (name, family, result.reason)
        assert result.identity.resolved_by in (
            "name (Annex naming grammar)",
            "name (list data)",
        ) or "offline index" in (result.identity.resolved_by or ""), result.identity


def test_a_member_the_annex_does_not_name_is_found_by_its_name_without_opsin() -> None:
    # OPSIN read "aminoethanol" as 1-aminoethanol: this 2B11 member came back clear.
    (dipropyl,) = screen("N,N-Dipropylaminoethanol", lists="cwc", use_opsin=False)
    assert entries_of(dipropyl) == {("CWC", "2B11")}
    assert any("Annex naming style" in n for n in dipropyl.notes)
    (russian_vx,) = screen("O-Isobutyl S-2-diethylaminoethyl methylphosphonothiolate")
    assert ("CWC", "1A03") in entries_of(russian_vx)
    assert russian_vx.identity.smiles == Chem.CanonSmiles("CC(C)COP(C)(=O)SCCN(CC)CC")


def test_names_outside_the_patterns_are_left_to_the_other_resolvers() -> None:
    for name in [
        "ethyl acetate",
        "2-aminoethanol",
        "1-(diethylamino)ethanol",
        "choline chloride",
        "diethyl phosphite",
        "O,O-diethyl phosphorothioate",
        "triethyl phosphate",
        "methylphosphonic acid",
        "phosphorus oxychloride",
        "",
        "a" * 500,
    ]:
        assert convention.parse(name) is None, name
