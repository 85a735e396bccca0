"""Sanctions: Alpha imports a list (organisation-wide: its members see it) and screens a
customer who matches an entry (the receipt is restricted: made by the system, so Alpha's
admin only; a reviewer who sees it clears a match).

Its list of versions needs rows of its own kind: `ROWS` below (baselines in
query_counts.json)."""

from __future__ import annotations

from typing import Any

from chemsec.core.choices import Role
from tests.contract.expectations import ONLY_OWNER, member, obj, op, page, signed_in
from tests.contract.world import ALPHA_MEMBERS, World

REVIEWER = member(Role.REVIEWER)

ACCESS = {
    "list_version": {"view": ALPHA_MEMBERS, "change": {"owner", "contributor"},
                     "delete": {"owner"}, "share": {"owner"}},
    "sanctions_screening": ONLY_OWNER | {"clear": {"owner"}},
    "sanctions_match": ONLY_OWNER | {"clear": {"owner"}},
}  # fmt: skip

OBJECT_PARAMS = {
    "list_version_id": "list_version",
    "sanctions_screening_id": "sanctions_screening",
    "sanctions_match_id": "sanctions_match",
}

PAGES = {
    "sanctions:index": page(signed_in, list_rows="list_version"),
    "sanctions:import": page(REVIEWER, REVIEWER),
    "sanctions:version": page(obj("list_version_id")),
    # Each customer made for the rows is screened (the system's receipt: the admin sees it).
    "sanctions:screenings": page(signed_in, list_rows="customer"),
    "sanctions:screening": page(obj("sanctions_screening_id")),
    "sanctions:match_clear": page(post=obj("sanctions_screening_id", "clear")),
}

OPERATIONS = {
    "sanctions_list_index": op(signed_in, list_rows="list_version"),
    "sanctions_list_import": op(REVIEWER),
    "sanctions_list_get": op(obj("list_version_id")),
    "sanctions_screening_index": op(signed_in, list_rows="customer"),
    "sanctions_screening_get": op(obj("sanctions_screening_id")),
    "sanctions_match_clear": op(obj("sanctions_screening_id", "clear")),
}


def _fixture(name: str) -> bytes:
    from chemsec.sanctions.demo import FIXTURES

    return (FIXTURES / name).read_bytes()


def build(world: World) -> None:
    import datetime as dt

    from chemsec.sanctions.models import Screening
    from chemsec.sanctions.services import list_import, match_clear
    from chemsec.supplychain.services import customer_create

    o, u, objects, m = world.orgs, world.users, world.objects, world.marker
    objects["list_version"] = list_import(
        actor=u["owner"], organisation=o["alpha"], data=_fixture("un-consolidated-v1.xml"),
        version=m("ZZORG-LISTVERSION", ALPHA_MEMBERS), rescreen=False,
    )  # fmt: skip
    screened = customer_create(
        actor=u["owner"], organisation=o["alpha"], legal_name="Northern Star Trading Company",
        country="KP", customer_type="professional",
        registration_number=m("ZZSECRET-SCREENED", {"owner"}),
    )  # fmt: skip
    screening: Any = Screening.objects.get(subject_id=str(screened.pk))
    objects["sanctions_screening"] = screening
    objects["sanctions_match"] = screening.matches.get()
    # A second match of the same list entry, cleared as a false positive (restricted, as its
    # screening: Alpha's admin only).
    cleared = customer_create(
        actor=u["owner"], organisation=o["alpha"], legal_name="Northern Star Trading Company",
        country="KP", customer_type="professional", registration_number="CLEARED-1",
    )  # fmt: skip
    other: Any = Screening.objects.get(subject_id=str(cleared.pk))
    objects["sanctions_clearance"] = match_clear(
        actor=u["owner"], match=other.matches.get(),
        justification=m("ZZSECRET-CLEARANCE", {"owner"}),
        expires_on=dt.date.today() + dt.timedelta(days=30),
    )  # fmt: skip


def _list_versions(world: World, n: int) -> None:
    from chemsec.sanctions.services import list_import

    for i in range(n):
        data = _fixture("uk-sanctions-list.xml").replace(b"EXA0001", f"ROW{i:04d}".encode())
        list_import(actor=world.users["owner"], organisation=world.orgs["alpha"], data=data,
                    rescreen=False)  # fmt: skip


ROWS = {"list_version": _list_versions}
