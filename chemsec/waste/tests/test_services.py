"""Consignments: each party signs in its turn and only for its own organisation; what
arrived is compared with what left; late consignments raise an alert once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from chemsec.core.policy import SYSTEM, Denied, NotVisible
from chemsec.waste import services
from chemsec.waste.models import AlertCode, ConsignmentStatus, WasteAlert


def sign(consignment, actor, organisation, **kwargs):
    return services.consignment_sign(
        consignment=consignment, actor=actor, organisation=organisation, **kwargs
    )


def received(consignment, kg, intact=True):
    return [services.Received(line.pk, kg, intact) for line in consignment.lines.all()]


def test_each_party_in_its_turn(consignment, alice, tom, rita, meridian, haulier, disposer):
    assert consignment.status == ConsignmentStatus.DRAFT
    assert consignment.turn_organisation == meridian
    with pytest.raises(Denied):  # the transporter sees it, but it is not its turn
        sign(consignment, tom, haulier)
    sign(consignment, alice, meridian)
    assert consignment.status == ConsignmentStatus.IN_PROGRESS
    with pytest.raises(Denied):  # the receiver before the transporter
        sign(consignment, rita, disposer, received=received(consignment, 800))
    sign(consignment, tom, haulier, note="Collected 4 drums, seals checked")
    assert consignment.turn_organisation == disposer
    sign(consignment, rita, disposer, received=received(consignment, 800))
    assert consignment.status == ConsignmentStatus.RECEIVED
    assert not WasteAlert.objects.exists()  # what left arrived
    with pytest.raises(Denied):  # nobody's turn any more
        sign(consignment, rita, disposer)


def test_a_party_acts_only_for_its_own_organisation(
    consignment, alice, make_user, meridian, haulier
):
    from chemsec.core.choices import Role
    from chemsec.core.services import membership_set

    sign(consignment, alice, meridian)
    # A person in both the generator and the haulier, acting for the generator.
    dual = make_user("dual", meridian, Role.CONTRIBUTOR)
    membership_set(user=dual, organisation=haulier, role=Role.CONTRIBUTOR, actor=SYSTEM)
    with pytest.raises(Denied):
        sign(consignment, dual, meridian)
    sign(consignment, dual, haulier)


def test_difference_and_broken_seal_raise_alerts(consignment, alice, tom, rita, meridian,
                                                 haulier, disposer):  # fmt: skip
    sign(consignment, alice, meridian)
    sign(consignment, tom, haulier)
    sign(consignment, rita, disposer, received=received(consignment, 760, intact=False))
    codes = sorted(WasteAlert.objects.values_list("code", flat=True))
    assert codes == [AlertCode.DIFFERENCE, AlertCode.SEALS]
    difference = WasteAlert.objects.get(code=AlertCode.DIFFERENCE)
    assert difference.params["difference_kg"] == -40
    assert "800.0 kg left, 760.0 kg arrived" in services.alert_text(difference)


@pytest.mark.parametrize("kg, alert", [(796.0, False), (791.5, True), (808.5, True)])
def test_weighing_tolerance(consignment, alice, tom, rita, meridian, haulier, disposer, kg, alert):
    # 1 % of 800 kg = 8 kg: 4 kg less is weighing, 8.5 kg less or more is not.
    sign(consignment, alice, meridian)
    sign(consignment, tom, haulier)
    sign(consignment, rita, disposer, received=received(consignment, kg))
    assert WasteAlert.objects.filter(code=AlertCode.DIFFERENCE).exists() == alert


def test_receipt_needs_every_line(consignment, alice, tom, rita, meridian, haulier, disposer):
    sign(consignment, alice, meridian)
    sign(consignment, tom, haulier)
    with pytest.raises(ValidationError):
        sign(consignment, rita, disposer, received=[])


def test_certificate_of_disposal(consignment, alice, tom, rita, meridian, haulier, disposer):
    args = {"disposal_code": "D10", "disposed_on": date(2026, 3, 25),
            "certificate_reference": "CW-2026-0042"}  # fmt: skip
    with pytest.raises(Denied):
        services.consignment_certify(
            consignment=consignment, actor=alice, organisation=meridian, **args
        )
    sign(consignment, alice, meridian)
    sign(consignment, tom, haulier)
    with pytest.raises(ValidationError):  # not received yet
        services.consignment_certify(
            consignment=consignment, actor=rita, organisation=disposer, **args
        )
    sign(consignment, rita, disposer, received=received(consignment, 800))
    with pytest.raises(ValidationError):
        services.consignment_certify(
            consignment=consignment, actor=rita, organisation=disposer,
            **{**args, "disposal_code": "X1"},
        )  # fmt: skip
    done = services.consignment_certify(
        consignment=consignment, actor=rita, organisation=disposer, **args
    )
    assert done.status == ConsignmentStatus.DISPOSED and done.disposal_code == "D10"


def test_overdue_alert_raised_once(consignment, alice, meridian):
    assert services.consignments_check_overdue(today=date(2026, 3, 25)) == 0  # a draft
    sign(consignment, alice, meridian)
    assert services.consignments_check_overdue(today=date(2026, 3, 20)) == 0  # on the day
    assert services.consignments_check_overdue(today=date(2026, 3, 21)) == 1
    assert services.consignments_check_overdue(today=date(2026, 3, 22)) == 0
    alert = WasteAlert.objects.get(code=AlertCode.OVERDUE)
    assert alert.params["waiting_for"] == "Swift Haulage"


def test_scheduled_job_is_registered():
    from chemsec.core.jobs import scheduled_kinds

    assert "waste.check_overdue" in scheduled_kinds()


def test_outsiders_and_colleagues_refused(stream, consignment, charlie, bob, northgate, meridian):
    with pytest.raises(NotVisible):
        sign(consignment, charlie, northgate)
    with pytest.raises(NotVisible):  # a restricted site: bob does not know it
        services.stream_create(facility=stream.facility, actor=bob, name="x")
    with pytest.raises(NotVisible):
        services.consignment_create(
            stream=stream, actor=charlie, receiver=northgate, receiving_site="x",
            transporters=[northgate], expected_by=date(2026, 1, 1), lines=[],
        )  # fmt: skip


def test_transporter_may_not_change_the_manifest(consignment, tom):
    from chemsec.core.policy import can

    assert can(tom, "consignment.view", consignment)
    assert not can(tom, "consignment.change", consignment)
    assert not can(tom, "consignment.certify", consignment)


def test_exports_carry_the_manifest(consignment, alice, tom, rita, meridian, haulier, disposer):
    from chemsec.waste.exports import diwass, e_basel, e_manifest

    sign(consignment, alice, meridian)
    sign(consignment, tom, haulier)
    sign(consignment, rita, disposer, received=received(consignment, 790))
    us = e_manifest(consignment)
    assert "manifestTrackingNumber" not in us  # EPA assigns it to an electronic manifest
    assert us["additionalInfo"]["comments"][0]["description"] == consignment.manifest_number
    assert us["wastes"][0]["quantity"]["unitOfMeasurement"]["code"] == "K"
    assert us["wastes"][0]["hazardousWaste"]["federalWasteCodes"] == [{"code": "F002"}]
    assert us["wastes"][0]["discrepancyResidueInfo"]["wasteQuantity"] is True
    assert [t["order"] for t in us["transporters"]] == [1]
    eu = diwass(consignment)
    assert eu["5_actual_quantity"] == {"tonnes": 0.8}
    assert eu["14_waste_identification"] == {"basel": "A3150", "ewc_list_of_waste": "07 01 03*"}
    assert eu["18_shipment_received"]["quantity_tonnes"] == pytest.approx(0.79)
    basel = e_basel(consignment)
    assert [m["message"] for m in basel["messages"]] == [
        "movement announcement", "transport statement", "certificate of receipt",
        "certificate of recovery or disposal",
    ]  # fmt: skip
