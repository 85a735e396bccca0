"""Chain of custody: Alpha's restricted sample, handed to Beta (recorded by Alpha, awaiting
Beta's confirmation). Seen by the parties of the chain only: Alpha's admins (the owner's
side) and the contributors and admins of Alpha and Beta (the giving and receiving party);
Alpha's viewer, the authorities and the secretariat see nothing. The holder's (Alpha's)
contributors record the next step; the receiver's (Beta's) confirm."""

from __future__ import annotations

from typing import Any

from tests.contract.expectations import CONTRIBUTOR, both, obj, op, page, signed_in

PARTIES = {"owner", "contributor", "outsider", "dual_session", "dual_token", "unverified"}
HOLDER = {"owner", "contributor"}
RECEIVER = {"outsider", "dual_session", "dual_token"}
ACCESS = {
    "sample": {
        "view": PARTIES, "change": {"owner"}, "delete": {"owner"}, "share": {"owner"},
        "handover": HOLDER, "split": HOLDER, "attach": HOLDER, "timestamp": HOLDER,
    },
    "handover": {"view": PARTIES, "confirm": RECEIVER},
}  # fmt: skip
OBJECT_PARAMS = {"sample_id": "sample", "handover_id": "handover"}

SEE = obj("sample_id")
PAGES = {
    "custody:index": page(signed_in, list_rows="sample"),
    "custody:new": page(CONTRIBUTOR, CONTRIBUTOR),
    "custody:detail": page(SEE),
    "custody:handover_add": page(post=obj("sample_id", "handover")),
    "custody:handover_confirm": page(post=both(SEE, obj("handover_id", "confirm"))),
    "custody:split": page(post=obj("sample_id", "split")),
    "custody:attach": page(post=obj("sample_id", "attach")),
    "custody:timestamp": page(post=obj("sample_id", "timestamp")),
    "custody:export": page(SEE, params={"fmt": "json"}),
}
OPERATIONS = {
    "custody_sample_list": op(signed_in, list_rows="sample"),
    "custody_sample_create": op(CONTRIBUTOR),
    "custody_sample_get": op(SEE),
    "custody_handover_create": op(obj("sample_id", "handover")),
    "custody_handover_confirm": op(obj("handover_id", "confirm")),
    "custody_sample_split": op(obj("sample_id", "split")),
    "custody_sample_report": op(SEE),
    "custody_report_verify": op(signed_in),
}


def build(world: Any) -> None:
    from chemsec.custody import services

    o, u, m = world.orgs, world.users, world.marker
    sample = services.sample_register(
        actor=u["owner"], organisation=o["alpha"], identifier="ALPHA-S1", seal_number="S-1",
        description=m("ZZSECRET-SAMPLE", PARTIES), taken_by="Inspector", taken_place="Store B",
    )  # fmt: skip
    world.objects["sample"] = sample
    world.objects["handover"] = services.handover_record(
        actor=u["owner"], sample=sample, step="transported", to_organisation=o["beta"],
        seal_number="S-1",
    )  # fmt: skip


def _samples(world: Any, n: int) -> None:
    """Rows for the query-count baselines: n samples of Alpha's owner."""
    from chemsec.custody import services

    for i in range(n):
        services.sample_register(
            actor=world.users["owner"], organisation=world.orgs["alpha"],
            identifier=f"ROW-{i}", description="Row", taken_by="x", taken_place="y",
        )  # fmt: skip


ROWS = {"sample": _samples}
