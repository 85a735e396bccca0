"""CWC 1A16 "Carbamates (quaternaries and bisquaternaries of dimethylcarbamoyloxypyridines)".

The sub-family wording could not be retrieved, so membership is not decided: inputs with
the features both named examples share are `unresolved` naming 1A16 (never `clear`), the
named examples `matched`. Structures here follow the two example names (a quaternary
with a functionalised N-alkyl arm on a polymethylene chain; a bisquaternary alkanedione),
varied in the groups the examples' own names vary, and written with different
counter-ions or none."""

from __future__ import annotations

import itertools

from chemsec.screening import screen
from chemsec.screening.engine.rules import REVIEW_BY_CODE
from chemsec.screening.tests.conftest import entries_of, list_rows

PICOLYL = "Cc1ncccc1OC(=O)N(C)C"  # 3-(dimethylcarbamoyloxy)pyridin-2-ylmethyl


def _quaternaries() -> list[str]:
    arms = ["CCO", "CCCO", "CCC#N", "CCOC(C)=O", "CCCCO"]
    alkyls = [("C", "C"), ("CC", "C"), ("CC", "CC"), ("CCC", "C")]
    chains = [6, 8, 10]
    out = []
    for arm, (a, b), n in itertools.product(arms, alkyls, chains):
        chain = "C" * n
        out.append(f"{a}[N+]({b})({arm}){chain}[N+](C)(C){PICOLYL}")
    return out


def _bisquaternaries() -> list[str]:
    out = []
    for n, (a, b) in itertools.product([4, 6, 8, 10, 12], [("C", "C"), ("CC", "C"), ("CC", "CC")]):
        inner = "C" * (n - 4)  # alkane-2,(n-1)-dione: C1 and Cn carry the ammonio groups
        out.append(
            f"{a}[N+]({b})({PICOLYL})CC(=O){inner}C(=O)C[N+]({a})({b}){PICOLYL}"
            if n > 4
            else f"{a}[N+]({b})({PICOLYL})CC(=O)C(=O)C[N+]({a})({b}){PICOLYL}"
        )
    return out


COUNTER_IONS = [".[Br-].[Br-]", ".[Cl-].[Cl-]", ".[I-].[I-]", ""]


def test_review_rule_is_data_with_its_source_and_status() -> None:
    rule = REVIEW_BY_CODE["1A16"]
    assert "C-24/DEC.5" in rule.source
    assert "NOT RETRIEVED" in rule.verification
    heading = next(r for r in list_rows("cwc") if r["code"] == "1A16" and r["row_type"] == "family")
    assert heading["effective_date"] == "2020-06-07"


def test_relatives_of_the_named_examples_are_never_clear_and_name_1a16() -> None:
    structures = [
        s + ions
        for i, s in enumerate(_quaternaries() + _bisquaternaries())
        for ions in [COUNTER_IONS[i % len(COUNTER_IONS)]]
    ]
    assert len(structures) >= 70
    results = screen(structures, lists="cwc", use_opsin=False)
    for smiles, result in zip(structures, results, strict=True):
        assert result.status in ("matched", "unresolved"), (smiles, result.status)
        assert ("CWC", "1A16") in entries_of(result), smiles
        if result.status == "unresolved":
            assert result.reason_code == "family_wording_missing"


def test_both_named_examples_match_by_structure_and_by_cas() -> None:
    examples = [r for r in list_rows("cwc") if r["code"] == "1A16" and r["row_type"] == "example"]
    assert len(examples) == 2
    results = screen([r["smiles"] for r in examples] + [r["cas"] for r in examples], lists="cwc")
    for result in results:
        assert result.status == "matched" and entries_of(result) == {("CWC", "1A16")}


def test_licensed_medicines_and_everyday_quaternaries_are_not_flagged() -> None:
    others = {
        "pyridostigmine bromide": "C[n+]1cccc(OC(=O)N(C)C)c1.[Br-]",
        "neostigmine bromide": "CN(C)C(=O)Oc1cccc([N+](C)(C)C)c1.[Br-]",
        "distigmine bromide": "CNC(=O)Oc1ccc[n+](CCCCCC[n+]2cccc(OC(=O)NC)c2)c1.[Br-].[Br-]",
        "physostigmine": "CNC(=O)Oc1ccc2c(c1)C1(C)CCN(C)C1N2C",
        "rivastigmine": "CCN(C)C(=O)Oc1cccc(C(C)N(C)C)c1",
        "edrophonium chloride": "CC[N+](C)(C)c1cccc(O)c1.[Cl-]",
        "choline chloride": "C[N+](C)(C)CCO.[Cl-]",
        "acetylcholine chloride": "CC(=O)OCC[N+](C)(C)C.[Cl-]",
        "decamethonium bromide": "C[N+](C)(C)CCCCCCCCCC[N+](C)(C)C.[Br-].[Br-]",
        "benzalkonium chloride (C12)": "CCCCCCCCCCCC[N+](C)(C)Cc1ccccc1.[Cl-]",
        "pralidoxime chloride": "C[n+]1ccccc1/C=N/O.[Cl-]",
    }
    results = screen(list(others.values()), lists="cwc", use_opsin=False)
    for name, result in zip(others, results, strict=True):
        assert ("CWC", "1A16") not in entries_of(result), name
        assert result.status == "clear", (name, result.status, result.reason)
