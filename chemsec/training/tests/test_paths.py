"""Learning paths: a gap suggests the modules addressing its question, to the right people."""

from __future__ import annotations

from types import SimpleNamespace

from chemsec.training import paths
from chemsec.training.paths import GapRef


def module(title, addresses, roles=(), position=1):
    course = SimpleNamespace(title="Course")
    return SimpleNamespace(title=title, addresses=list(addresses), roles=list(roles),
                           position=position, course=course, pk=title)  # fmt: skip


GAPS = [GapRef("urn:q:1", "Q1", 8.0), GapRef("urn:q:2", "Q2", 2.0)]


def test_the_module_closing_the_largest_gap_comes_first():
    modules = [
        module("small", ["urn:q:2"]),
        module("big", ["urn:q:1"], position=2),
        module("both", ["urn:q:2", "urn:q:1"], position=3),
        module("none", ["urn:q:9"]),
    ]
    steps = paths.rank(GAPS, modules, None)
    assert [s.module.title for s in steps] == ["both", "big", "small"]
    assert [g.code for g in steps[0].gaps] == ["Q1", "Q2"]


def test_a_module_for_particular_roles_goes_to_organisations_that_employ_them():
    customs = module("customs", ["urn:q:1"], roles=["customs_officer"])
    anyone = module("anyone", ["urn:q:1"])
    assert [s.module.title for s in paths.rank(GAPS, [customs, anyone], "national_authority")] == [
        "customs", "anyone",
    ]  # fmt: skip
    assert [s.module.title for s in paths.rank(GAPS, [customs, anyone], "facility_operator")] == [
        "anyone"
    ]
    assert paths.suits([], "other") and not paths.suits(["inspector"], "academia")
