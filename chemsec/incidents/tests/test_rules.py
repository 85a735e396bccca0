"""The reporting rules are data with citations; matching by inventory list or by CAS."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chemsec.incidents.choices import IncidentKind
from chemsec.incidents.rules import listed_cas, matching_rule, on_list, rulebook

PEROXIDE = {"name": "Hydrogen peroxide", "cas": "7722-84-1", "lists": []}


def test_rules_are_cited_and_versioned():
    rules = rulebook()
    assert {r.code for r in rules} == {"EU-EP-ART9-THEFT", "EU-EP-ART9-LOSS"}
    for rule in rules:
        assert "2019/1148" in rule.citation and "Article 9" in rule.citation
        assert rule.window_hours == 24 and rule.version >= 1
        assert set(rule.kinds) <= set(IncidentKind.values)
        assert rule.report_kind in {"theft", "disappearance"}


def test_the_eu_list_holds_the_annex_i_substances():
    cas = listed_cas("EU")
    # Annex I of Regulation (EU) 2019/1148: hydrogen peroxide, nitromethane, nitric acid.
    assert {"7722-84-1", "75-52-5", "7697-37-2"} <= cas
    assert "64-17-5" not in cas  # ethanol is on no annex


def test_inventory_list_match_counts_without_a_cas():
    assert on_list({"name": "x", "cas": "", "lists": [{"list": "EU", "entry": "I-02"}]}, "EU")
    assert not on_list({"name": "x", "cas": "", "lists": [{"list": "CWC"}]}, "EU")


@given(st.sampled_from(IncidentKind.values))
def test_only_thefts_and_losses_of_listed_chemicals_match(kind):
    rule = matching_rule(kind, [PEROXIDE])
    if kind in ("theft", "disappearance", "loss_in_transit"):
        assert rule is not None and kind in rule.kinds
    else:
        assert rule is None
    assert matching_rule(kind, [{"name": "Ethanol", "cas": "64-17-5"}]) is None
