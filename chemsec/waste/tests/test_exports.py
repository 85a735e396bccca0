"""Exports against the systems of record: every e-Manifest export valid against EPA's own
manifest JSON schema (v1.3, vendored in chemsec/waste/schemas/) at every stage of the
manifest; the identifiers and codes those systems need checked where they enter."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema_rs
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.waste import codes, exports, services

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "e-manifest-v1.3.json"
VALIDATOR = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text()), validate_formats=True)
DOT = "UN2922, Waste Corrosive liquid, toxic, n.o.s. (thionyl chloride), 8 (6.1), PG II"


def errors(document):
    return [f"{e.instance_path}: {e.message}" for e in VALIDATOR.iter_errors(document)]


@pytest.fixture
def us_consignment(plant, alice, haulier, disposer, tom, rita):
    stream = services.stream_create(
        facility=plant, actor=alice, name="Spent solvent", us_waste_codes="f002; D001",
        dot_id_number="un2922", dot_description=DOT,
    )  # fmt: skip
    return services.consignment_create(
        stream=stream, actor=alice, receiver=disposer, receiving_site="Clearwater incinerator",
        transporters=[haulier], expected_by=date(2026, 3, 20),
        lines=[
            services.LineIn(description="Spent solvent", container_type="dm", container_count=4,
                            seal_numbers="S-101, S-102", quantity_kg=800.4),
            services.LineIn(description="Rinse water", container_type="tote", quantity_kg=0.3,
                            dot_id_number="NA1993", dot_description="NA1993, Waste Diesel fuel"),
        ],
        generator_epa_id="vad000532119", transporter_epa_ids=["VATEST000001"],
        receiver_epa_id="VATEST000004",
    )  # fmt: skip


def test_it_validates_against_epa_schema_at_every_stage(
    us_consignment, alice, tom, rita, meridian, haulier, disposer
):
    c = us_consignment
    assert errors(exports.e_manifest(c)) == []
    services.consignment_sign(consignment=c, actor=alice, organisation=meridian)
    services.consignment_sign(consignment=c, actor=tom, organisation=haulier)
    assert errors(exports.e_manifest(c)) == []
    lines = list(c.lines.all())
    services.consignment_sign(consignment=c, actor=rita, organisation=disposer, received=[
        services.Received(lines[0].pk, 700, True), services.Received(lines[1].pk, 0.3, True),
    ])  # fmt: skip
    services.consignment_certify(consignment=c, actor=rita, organisation=disposer,
                                 disposal_code="D10", disposed_on=date(2026, 3, 25),
                                 certificate_reference="CD-1")  # fmt: skip
    document = exports.e_manifest(c)
    assert errors(document) == []
    assert document["generator"]["epaSiteId"] == "VAD000532119"
    assert [t["epaSiteId"] for t in document["transporters"]] == ["VATEST000001"]
    assert document["designatedFacility"] == {
        "siteType": "Tsdf", "name": "Clearwater Disposal", "epaSiteId": "VATEST000004"
    }  # fmt: skip
    first, second = document["wastes"]
    assert first["dotInformation"] == {"idNumber": {"code": "UN2922"}, "printedDotInformation": DOT}
    assert first["hazardousWaste"]["federalWasteCodes"] == [{"code": "F002"}, {"code": "D001"}]
    # Whole kilograms, as the schema takes them, rounded up: 800.4 kg is declared as 801 and
    # the 0.3 kg line as 1 kg, never as nothing.
    assert first["quantity"]["quantity"] == 801
    assert second["quantity"]["quantity"] == 1
    assert first["quantity"]["containerType"]["code"] == "DM"
    assert first["discrepancyResidueInfo"]["wasteQuantity"] is True
    assert "received 700 kg" in first["discrepancyResidueInfo"]["discrepancyComments"]
    assert second["dotInformation"]["idNumber"]["code"] == "NA1993"  # the line's own
    assert "containerType" not in second["quantity"]  # "tote" is no e-Manifest container code
    assert second["discrepancyResidueInfo"] == {
        "wasteQuantity": False, "wasteType": False, "residue": False
    }  # fmt: skip
    assert document["shippedDate"] and document["receivedDate"]
    assert document["additionalInfo"]["comments"][0]["description"] == c.manifest_number


def test_a_waste_not_hazardous_for_transport_has_a_description(plant, alice, haulier, disposer):
    stream = services.stream_create(facility=plant, actor=alice, name="Neutralised sludge")
    c = services.consignment_create(
        stream=stream, actor=alice, receiver=disposer, receiving_site="Landfill",
        transporters=[haulier], expected_by=date(2026, 3, 20),
        lines=[services.LineIn(description="Neutralised sludge", container_type="CM",
                               quantity_kg=1200)],
    )  # fmt: skip
    document = exports.e_manifest(c)
    assert errors(document) == []
    (waste,) = document["wastes"]
    assert waste["dotHazardous"] is False and waste["epaWaste"] is False
    assert waste["wasteDescription"] == "Neutralised sludge" and "dotInformation" not in waste
    assert "epaSiteId" not in document["generator"]  # not given: left for e-Manifest's preparer


def test_it_rejects_what_epa_would_not_take():
    """The vendored schema itself refuses the shapes the first exports had."""
    assert errors({"status": "draft"})  # not one of e-Manifest's statuses
    assert errors({"wastes": [{"lineNumber": 1, "quantity": {"quantity": 760.5}}]})
    assert errors({"generator": {"epaSiteId": "", "signed": True}})  # unknown field


def test_the_demo_consignment_exports_valid(make_user, meridian):
    from chemsec.core.choices import OrganisationKind, Role
    from chemsec.core.models import Organisation
    from chemsec.facilities.demo import PLANT
    from chemsec.facilities.services import facility_create
    from chemsec.waste import demo
    from chemsec.waste.models import Consignment

    admin = make_user("meridian-admin", meridian, Role.ADMIN)
    carrier = Organisation.objects.create(
        name=demo.CARRIER, slug="northgate-demo", kind=OrganisationKind.DISTRIBUTOR, country="XB"
    )
    make_user("northgate-admin", carrier, Role.ADMIN)
    facility_create(organisation=meridian, actor=admin, name=PLANT,
                    facility_type="manufacturing", country="XA")  # fmt: skip
    demo.populate()
    document = exports.e_manifest(Consignment.objects.get())
    assert errors(document) == []
    assert document["generator"]["epaSiteId"] == "VATESTGEN001"
    assert document["wastes"][0]["dotInformation"]["idNumber"] == {"code": "UN2922"}


@pytest.mark.parametrize("good", ["VAD000532119", "VATEST000001", "TXR000081205", "NYD0"])
def test_epa_id_numbers_in_epa_format(good):
    codes.validate_epa_id(good)


@pytest.mark.parametrize(
    "bad",
    ["VA", "V1D000012345", "VAD0000123456", "vad000532119", "VA-000532119", "VAD00053\n"],
)
def test_epa_id_numbers_refused(bad):
    with pytest.raises(ValidationError):
        codes.validate_epa_id(bad)


@settings(deadline=None)  # a shared, loaded machine: no timing in unit tests
@given(st.from_regex(r"[A-Z]{2}[A-Z0-9]{1,10}", fullmatch=True))
def test_any_id_in_epa_format_is_accepted(value):
    codes.validate_epa_id(value)


@settings(deadline=None)
@given(st.text(min_size=1, max_size=12).filter(lambda s: not s.isascii() or not s.isalnum()))
def test_an_id_with_other_characters_is_refused(value):
    with pytest.raises(ValidationError):
        codes.validate_epa_id(value)


def test_federal_waste_codes():
    codes.validate_federal_waste_codes("F002, D001, U154, P030, K048, D043, f039")
    for bad in ["F040", "D044", "D000", "X001", "F0021", "UN1993"]:
        with pytest.raises(ValidationError):
            codes.validate_federal_waste_codes(f"F002, {bad}")


def test_dot_identification_numbers():
    for good in ["UN1993", "NA1993", "UN3082"]:
        codes.validate_dot_id_number(good)
    for bad in ["UN199", "1993", "UN 1993", "XX1993", "UN1993\n"]:
        with pytest.raises(ValidationError):
            codes.validate_dot_id_number(bad)


def test_stream_with_a_wrong_code_is_refused(plant, alice):
    with pytest.raises(ValidationError) as refused:
        services.stream_create(facility=plant, actor=alice, name="X", us_waste_codes="F040")
    assert "us_waste_codes" in refused.value.message_dict


def test_consignment_form_checks_and_stores_the_ids(stream, alice, haulier, disposer):
    client = Client()
    client.force_login(alice)
    url = reverse("waste:consignment_new", args=[stream.facility_id, stream.pk])
    data = {
        "receiver": disposer.pk, "receiving_site": "Clearwater", "transporters": [haulier.pk],
        "expected_by": "2026-03-20", "description": "Spent solvent", "container_type": "DM",
        "container_count": 2, "quantity_kg": 300, "generator_epa_id": "vad000532119",
        "transporter_epa_ids": "VATEST000001", "receiver_epa_id": "VA-1",
        "notification_number": "xa 000117",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400 and "EPA ID number" in response.content.decode()
    response = client.post(url, {**data, "receiver_epa_id": "VATEST000004"})
    assert response.status_code == 302
    from chemsec.waste.models import Consignment

    c = Consignment.objects.get()
    assert c.notification_number == "XA 000117"
    assert [p.epa_site_id for p in c.parties.order_by("order")] == [
        "VAD000532119", "VATEST000001", "VATEST000004"
    ]  # fmt: skip
    assert exports.diwass(c)["1_correspondence_to_notification"] == "XA 000117"
    assert exports.e_basel(c)["notification_number"] == "XA 000117"


def test_api_takes_the_ids_and_names_a_wrong_one(stream, alice, haulier, disposer):
    client = Client()
    client.force_login(alice)
    url = f"/api/v1/facilities/{stream.facility_id}/waste/streams/{stream.pk}/consignments"
    body = {
        "receiver": disposer.slug, "receiving_site": "Clearwater", "transporters": [haulier.slug],
        "expected_by": "2026-03-20", "generator_epa_id": "VAD000532119",
        "transporter_epa_ids": ["VA!"],
        "lines": [{"description": "Spent solvent", "container_type": "DM", "quantity_kg": 50,
                   "dot_id_number": "UN1993", "dot_description": "UN1993, Waste Flammable "
                   "liquids, n.o.s., 3, PG II"}],
    }  # fmt: skip
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code in (400, 422) and "transporter_epa_ids" in refused.content.decode()
    body["transporter_epa_ids"] = ["VATEST000001"]
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    out = created.json()
    assert [p["epa_site_id"] for p in out["parties"]] == ["VAD000532119", "VATEST000001", ""]
    assert out["lines"][0]["dot_id_number"] == "UN1993"
    export = client.get(f"/api/v1/waste/consignments/{out['id']}/export/e-manifest").json()
    assert errors(export) == []


def test_the_openapi_answer_tells_the_three_formats_apart(us_consignment):
    from chemsec.waste.api import EXPORT_SCHEMA

    validator = jsonschema_rs.validator_for(EXPORT_SCHEMA)  # oneOf: exactly one branch
    for fmt, export in exports.FORMATS.items():
        assert validator.is_valid(export(us_consignment)), fmt
