"""The supply chain's order imports (ERP exports): restricted to the uploader and the
supplier's admins (in the world, Alpha's admin uploaded one)."""

from __future__ import annotations

from chemsec.core.choices import Role
from tests.contract.expectations import NOT_A_LIST, ONLY_OWNER, member, obj, op, page, signed_in
from tests.contract.world import World

ACCESS = {"order_import": ONLY_OWNER}
OBJECT_PARAMS = {"order_import_id": "order_import", "alert_id": "alert"}
PAGES = {
    # The upload form also lists the reader's earlier imports.
    "supplychain:order_import": page(
        member(Role.CONTRIBUTOR), member(Role.CONTRIBUTOR), list_rows="order_import"
    ),
    "supplychain:order_import_detail": page(obj("order_import_id")),
    # The rules of the rule book (content) with counts of verdicts: not a list of records.
    "supplychain:rules": page(signed_in, list_rows=NOT_A_LIST),
    # Snoozing asks "customer.snooze" (a reviewer who sees the customer): in the world only
    # the owner (an admin) sees the restricted customer, as for "change".
    "supplychain:rule_snooze": page(post=obj("customer_id", "change")),
    "supplychain:alert_dispose": page(post=obj("case_id", "decide")),
}

# The API of the same actions (chemsec/supplychain/api/imports.py and rules.py), and the
# changes the pages make that the API makes too.
OPERATIONS = {
    "supplychain_order_import_create": op(member(Role.CONTRIBUTOR)),
    "supplychain_order_import_list": op(signed_in, list_rows="order_import"),
    "supplychain_order_import_get": op(obj("order_import_id")),
    "supplychain_rule_list": op(signed_in, list_rows=NOT_A_LIST),
    "supplychain_snooze_list": op(obj("customer_id"), list_rows="rule_snooze"),
    "supplychain_snooze_create": op(obj("customer_id", "change")),
    "supplychain_alert_dispose": op(obj("case_id", "decide")),
    "supplychain_order_outcome": op(obj("order_id", "change")),
    "supplychain_customer_update": op(obj("customer_id", "change")),
    "supplychain_product_rescreen": op(obj("product_id", "change")),
}

CSV = b"reference,customer,product,quantity\nPO-1,Unknown Buyer,HP30,1\n"


def _upload(name: str = "orders.csv") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, CSV)


def build(world: World) -> None:
    import datetime as dt

    from chemsec.supplychain.services.imports import order_import_start
    from chemsec.supplychain.services.rules import rule_snooze, snoozable_codes

    world.objects["order_import"] = order_import_start(
        actor=world.users["owner"], organisation=world.orgs["alpha"],
        upload=_upload(world.marker("ZZSECRET-ORDERIMPORT", {"owner"}) + ".csv"),
    )  # fmt: skip
    # A rule snoozed for the world's (restricted) customer: its admin only.
    world.objects["rule_snooze"] = rule_snooze(
        actor=world.users["owner"], customer=world.objects["customer"],
        rule_code=sorted(snoozable_codes())[0],
        justification=world.marker("ZZSECRET-SNOOZE", {"owner"}),
        expires_on=dt.date.today() + dt.timedelta(days=30),
    )  # fmt: skip


def _order_imports(world: World, n: int) -> None:
    from chemsec.supplychain.services.imports import order_import_start

    for _ in range(n):
        order_import_start(
            actor=world.users["owner"], organisation=world.orgs["alpha"], upload=_upload()
        )


def _rule_snoozes(world: World, n: int) -> None:
    """More snoozes of the world's customer (the list's rows), one rule each."""
    import datetime as dt

    from chemsec.supplychain.services.rules import rule_snooze, snoozable_codes

    codes = sorted(snoozable_codes())[1:]
    for code in codes[:n]:
        rule_snooze(
            actor=world.users["owner"], customer=world.objects["customer"], rule_code=code,
            justification="row", expires_on=dt.date.today() + dt.timedelta(days=30),
        )  # fmt: skip


ROWS = {"order_import": _order_imports, "rule_snooze": _rule_snoozes}
