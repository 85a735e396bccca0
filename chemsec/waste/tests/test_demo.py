"""The waste demo: a consignment awaiting the receiving facility's confirmation."""

from __future__ import annotations

from chemsec.core.choices import OrganisationKind, Role


def test_demo_consignment_awaits_the_receiver(make_user, meridian):
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
    facility_create(
        organisation=meridian, actor=admin, name=PLANT, facility_type="manufacturing",
        country="XA",
    )  # fmt: skip
    lines = demo.populate()
    consignment = Consignment.objects.get()
    assert consignment.turn_organisation.name == demo.RECEIVER
    assert consignment.status == "in_progress" and "awaiting" in lines[0]
    assert demo.populate() == [] and Consignment.objects.count() == 1
