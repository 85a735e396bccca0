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


# MISP: the event is checked against PyMISP's copy of MISP's own format documents (the event
# JSON schema and describeTypes.json) and the MISP tlp taxonomy's tag names.
def _misp_reference(name):
    from pathlib import Path

    import pymisp

    return json.loads((Path(pymisp.__file__).parent / "data" / name).read_text())


def _misp_attributes(event):
    yield from event.get("Attribute", [])
    for obj in event.get("Object", []):
        yield from obj["Attribute"]


def test_misp_event_is_shareable_only(theft):
    from chemsec.incidents.exports import incident_misp_bytes

    raw = incident_misp_bytes(theft).decode()
    event = json.loads(raw)["Event"]
    assert event["info"] == "Theft"
    assert event["distribution"] == "0"  # TLP:AMBER: the receiving organisation only
    assert event["threat_level_id"] == "1"  # Art. 9 rule matched
    assert event["analysis"] == "1"  # ongoing
    assert event["date"] == theft.detected_at.date().isoformat()
    assert {t["name"] for t in event["Tag"]} == {"tlp:amber", 'chemsec:incident-kind="theft"'}
    assert [a["value"] for a in event["Attribute"]] == ["Hydrogen peroxide 50 %"]
    assert event["Attribute"][0]["comment"] == "CAS 7722-84-1"
    (summary,) = event["Object"]
    assert summary["name"] == "incident"
    values = {a["object_relation"]: a["value"] for a in summary["Attribute"]}
    summary_text = "Two drums of an oxidiser taken from a locked store."
    assert values == {"name": "Theft", "investigation_status": "open", "description": summary_text}
    for secret in ("Store B", "Riverside", "Meridian", "police", "Drums missing", "alice"):
        assert secret not in raw
    assert "60.000" not in raw and "Orgc" not in raw


def test_misp_event_fits_the_misp_format(theft):
    import jsonschema_rs

    from chemsec.incidents.exports import incident_misp_json

    document = incident_misp_json(theft)
    schema = _misp_reference("schema.json")
    schema["defs"]["sharing_group"]["properties"].pop("required")  # misplaced in the file
    # The schema file predates MISP objects: objects are checked against their templates.
    without_objects = {"Event": {k: v for k, v in document["Event"].items() if k != "Object"}}
    assert list(jsonschema_rs.validator_for(schema).iter_errors(without_objects)) == []
    types = _misp_reference("describeTypes.json")["result"]
    for attribute in _misp_attributes(document["Event"]):
        assert attribute["type"] in types["category_type_mappings"][attribute["category"]]
    for obj in document["Event"]["Object"]:
        template = _misp_reference(f"misp-objects/objects/{obj['name']}/definition.json")
        assert {a["object_relation"] for a in obj["Attribute"]} <= set(template["attributes"])
        assert set(template["required"]) <= {a["object_relation"] for a in obj["Attribute"]}


def test_misp_event_reloads_with_stable_ids_and_follows_tlp(theft, alice):
    from pymisp import MISPEvent

    from chemsec.core.writes import write_update
    from chemsec.incidents.exports import incident_misp_bytes, incident_misp_json

    first = incident_misp_json(theft)["Event"]
    reloaded = MISPEvent()
    reloaded.load(incident_misp_bytes(theft).decode())
    assert reloaded.uuid == first["uuid"] and reloaded.info == "Theft"
    for tlp, distribution in (("clear", "3"), ("green", "1"), ("red", "0")):
        write_update(theft, actor=alice, values={"tlp": tlp})
        event = incident_misp_json(theft)["Event"]
        assert event["distribution"] == distribution
        assert f"tlp:{tlp}" in {t["name"] for t in event["Tag"]}
        assert event["uuid"] == first["uuid"]
        assert [a["uuid"] for a in event["Attribute"]] == [a["uuid"] for a in first["Attribute"]]


def test_misp_event_of_an_exercise_is_marked(alice, meridian):
    from chemsec.incidents.exports import incident_misp_json
    from chemsec.incidents.services import incident_record

    drill = incident_record(actor=alice, organisation=meridian, kind="theft", title="Drill",
                            exercise="full_scale")  # fmt: skip
    event = incident_misp_json(drill)["Event"]
    assert event["info"] == "EXERCISE: Theft" and event["threat_level_id"] == "4"
    assert 'chemsec:exercise="full_scale"' in {t["name"] for t in event["Tag"]}
