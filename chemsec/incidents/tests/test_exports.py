"""Exports: the STIX 2.1 bundle holds only the shareable parts, under the TLP marking
(the OASIS TLP marking-definition ids), and parses back with the stix2 library."""

from __future__ import annotations

import json

import pytest
import stix2

from chemsec.incidents.exports import incident_json, incident_stix_bytes

pytestmark = pytest.mark.django_db

# The TLP marking definitions of STIX 2.1 (OASIS STIX 2.1, section 7.2.1.4).
TLP_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
TLP_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"


def test_stix_bundle_is_shareable_only(theft):
    raw = incident_stix_bytes(theft).decode()
    bundle = stix2.parse(raw, allow_custom=True)
    types = sorted(o.type for o in bundle.objects)
    assert types == ["incident", "marking-definition", "report"]
    for obj in bundle.objects:
        if obj.type != "marking-definition":
            assert obj.object_marking_refs == [TLP_AMBER]
            assert obj.spec_version == "2.1"
    for secret in ("Store B", "Riverside", "Meridian", "police", "Drums missing"):
        assert secret not in raw
    assert "quantity" not in raw and "60.000" not in raw
    assert "7722-84-1" in raw and "Two drums of an oxidiser" in raw


def test_stix_ids_are_stable_and_red_is_marked(theft, alice):
    from chemsec.core.writes import write_update

    first = json.loads(incident_stix_bytes(theft))
    write_update(theft, actor=alice, values={"tlp": "red"})
    second = json.loads(incident_stix_bytes(theft))
    ids = lambda b: sorted(o["id"] for o in b["objects"] if o["type"] != "marking-definition")  # noqa: E731
    assert ids(first) == ids(second)
    assert TLP_RED in raw_ids(second)


def raw_ids(bundle):
    return {o["id"] for o in bundle["objects"]}


def test_exercise_is_marked_in_every_export(alice, meridian):
    from chemsec.incidents.services import incident_record

    drill = incident_record(actor=alice, organisation=meridian, kind="theft", title="Drill",
                            exercise="tabletop")  # fmt: skip
    assert incident_json(drill)["exercise"] == "tabletop"
    assert "EXERCISE: Theft" in incident_stix_bytes(drill).decode()
