"""Waste: streams follow the generator's site; a consignment is as confidential as the site
(Alpha's restricted one: its admins) and shared with the other parties (Beta carries it,
the Other Authority stands in for the receiving facility). Only the party whose turn it is
signs (the generator first), only the receiver certifies disposal."""

from __future__ import annotations

from typing import Any

from tests.contract.expectations import (
    FACILITY_SEEN,
    ONLY_OWNER,
    obj,
    op,
    page,
    signed_in,
)

PARTIES = {"owner", "outsider", "dual_session", "dual_token", "authority_noshare"}
ACCESS = {
    "waste_stream": ONLY_OWNER | {"view": FACILITY_SEEN},
    "consignment": {
        "view": PARTIES, "export": PARTIES, "change": {"owner"}, "delete": {"owner"},
        "share": {"owner"}, "sign": {"owner"},
        # The receiving facility (the service refuses until the consignment is received).
        "certify": {"authority_noshare"},
    },
}  # fmt: skip
OBJECT_PARAMS = {"stream_id": "waste_stream", "consignment_id": "consignment"}

SITE_SEE = obj("facility_id")
SITE_RECORD = obj("facility_id", "change")
PAGES = {
    "waste:consignment_list": page(signed_in, list_rows="consignment"),
    "waste:facility": page(SITE_SEE, SITE_RECORD),
    "waste:stream_chemical": page(post=SITE_RECORD),
    "waste:consignment_new": page(SITE_RECORD, SITE_RECORD),
    "waste:consignment": page(obj("consignment_id")),
    "waste:sign": page(post=obj("consignment_id", "sign")),
    "waste:certify": page(post=obj("consignment_id", "certify")),
    "waste:export": page(obj("consignment_id", "export"), params={"fmt": "e-basel"}),
}
OPERATIONS = {
    "waste_consignments": op(signed_in, list_rows="consignment"),
    "waste_consignment": op(obj("consignment_id")),
    "waste_stream_add": op(SITE_RECORD),
    "waste_consignment_add": op(SITE_RECORD),
    "waste_consignment_sign": op(obj("consignment_id", "sign")),
    "waste_consignment_certify": op(obj("consignment_id", "certify")),
    "waste_consignment_export": op(obj("consignment_id", "export"), params={"fmt": "e-basel"}),
}


def _consignment(world: Any) -> Any:
    from datetime import date

    from chemsec.waste.services import LineIn, consignment_create

    return consignment_create(
        stream=world.objects["waste_stream"], actor=world.users["owner"],
        receiver=world.orgs["other-authority"], receiving_site="Incinerator",
        transporters=[world.orgs["beta"]], expected_by=date(2026, 3, 20),
        lines=[LineIn(description="Spent solvent", container_type="DM", quantity_kg=100)],
    )  # fmt: skip


def build(world: Any) -> None:
    from chemsec.waste.services import stream_create

    world.objects["waste_stream"] = stream_create(
        facility=world.objects["facility"], actor=world.users["owner"], name="Spent solvent"
    )
    world.objects["consignment"] = _consignment(world)


def _rows(world: Any, n: int) -> None:
    for _ in range(n):
        _consignment(world)


ROWS = {"consignment": _rows}
