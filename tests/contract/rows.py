"""Rows for the query-count baselines: `ROWS[kind](world, n)` adds n objects of one kind that
the list's persona sees, through the apps' services (as world.py does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from chemsec.core.choices import OrganisationKind, TokenScope
from tests.contract.world import World

Maker = Callable[[World, int], None]
# Kinds made on the model because no service writes them, with the reason.
MODEL_ROWS = {"content": "reference content is loaded from files (content_load), not written"}


def _organisations(world: World, n: int) -> None:
    from chemsec.core.policy import SYSTEM
    from chemsec.core.services import membership_set, organisation_create

    for i in range(n):
        org = organisation_create(
            name=f"Row {i}", kind=OrganisationKind.DISTRIBUTOR, country="XB", actor=SYSTEM
        )
        membership_set(user=world.users["expert"], organisation=org, role="viewer", actor=SYSTEM)


def _content(world: World, n: int) -> None:
    from chemsec.core.models import ContentItem

    for i in range(n):
        ContentItem.objects.create(
            urn=f"urn:chemsec:test:row-{i}", kind="practice", version="1",
            data={"title": f"Row {i}", "name": f"Row {i}"}, checksum=f"{i:064d}",
            source_file="rows.yaml",
        )  # fmt: skip


def _jobs(world: World, n: int) -> None:
    from chemsec.core.jobs import job_enqueue

    with override_settings(JOBS_EAGER=False):
        for _ in range(n):
            job_enqueue(
                kind="core.audit_verify", user=world.users["owner"],
                organisation=world.orgs["alpha"],
            )  # fmt: skip


def _audit(world: World, n: int) -> None:
    """Entries of Beta, whose admin reads them: Alpha's trail is longer than a page already,
    so more rows there would not show a query per row."""
    from chemsec.facilities.services import facility_create, facility_update

    outsider = world.users["outsider"]
    facility = facility_create(
        organisation=world.orgs["beta"], actor=outsider, name="Depot", facility_type="storage",
        country="XB",
    )  # fmt: skip
    for i in range(n - 1):
        facility_update(facility=facility, actor=outsider, operating_hours=f"{i}h")


def _screenings(world: World, n: int) -> None:
    from chemsec.screening.services import screen_identifiers, screening_record

    results = screen_identifiers(["7782-50-5"], None, None)
    for _ in range(n):
        screening_record(
            user=world.users["owner"], organisation=world.orgs["alpha"], results=results,
            lists=None, as_of=None,
        )  # fmt: skip


def _facilities(world: World, n: int) -> None:
    from chemsec.facilities.services import facility_create

    for i in range(n):
        facility_create(
            organisation=world.orgs["alpha"], actor=world.users["owner"], name=f"Site {i}",
            facility_type="storage", country="XA",
        )  # fmt: skip


def _threats(world: World, n: int) -> None:
    from chemsec.facilities.services import threat_create

    for i in range(n):
        threat_create(
            organisation=world.orgs["alpha"], actor=world.users["owner"],
            facility=world.objects["facility"], name=f"Threat {i}", adversary_type="insider",
            goals=["release_sabotage"], likelihood=2, likelihood_rationale="Rows.",
        )  # fmt: skip


def _proposals(world: World, n: int) -> None:
    from chemsec.compendium.services import proposal_create

    for i in range(n):
        proposal_create(
            user=world.users["owner"],
            data={
                "title": f"Practice draft {i}", "summary": "A summary.", "body": "A body.",
                "keywords": ["rows"], "stages": ["storage"], "audiences": ["academia"],
                "measure_types": ["inventory_control"], "threats": ["insider"],
                "facility_scale": ["small"],
            },
        )  # fmt: skip


def _assessments(world: World, n: int) -> None:
    from chemsec.frameworks.services import assessment_start

    for i in range(n):
        assessment_start(
            actor=world.users["owner"], organisation=world.orgs["alpha"],
            framework=world.objects["framework"], title=f"Self-assessment {i}",
        )  # fmt: skip


def _campaigns(world: World, n: int) -> None:
    from chemsec.frameworks.services import campaign_create

    for i in range(n):
        campaign_create(
            actor=world.users["secadmin"], organisation=world.orgs["secretariat"],
            title=f"Campaign {i}", framework=world.objects["framework"],
            invited=[world.orgs["alpha"], world.orgs["beta"]], deadline=dt.date(2030, 1, 1),
        )  # fmt: skip


def _requests(world: World, n: int) -> None:
    from chemsec.assistance.services import request_file

    for i in range(n):
        request_file(
            user=world.users["owner"], organisation=world.orgs["alpha"], title=f"Request {i}",
            need="Help to count cylinders in the store.", stage="storage",
            measure_type="inventory_control",
        )  # fmt: skip


def _experts(world: World, n: int) -> None:
    from chemsec.assistance.services import expert_profile_save
    from chemsec.core.models import User

    for i in range(n):
        person = User.objects.create_user(username=f"expert{i}", email=f"expert{i}@example.org")
        expert_profile_save(
            user=world.users["staff"], expert=person, competencies=["storage"], languages=["en"]
        )


def _snapshots(world: World, n: int) -> None:
    from chemsec.facilities.inventory import inventory_import_start

    with override_settings(JOBS_EAGER=False):  # queued, not imported: the list is the point
        for i in range(n):
            inventory_import_start(
                facility=world.objects["facility"], actor=world.users["owner"], label=f"{i}",
                upload=SimpleUploadedFile("rows.csv", b"identifier\n7782-50-5\n"),
            )  # fmt: skip


def _scenarios(world: World, n: int) -> None:
    from chemsec.facilities.services import scenario_create

    for i in range(n):
        scenario_create(
            facility=world.objects["facility"], actor=world.users["owner"], name=f"Scenario {i}",
            threat=world.objects["threat"], goal="release_sabotage", area=world.objects["area"],
        )  # fmt: skip


def _registers(world: World, n: int) -> None:
    from chemsec.risk.services import assessment_create

    for i in range(n):
        assessment_create(
            facility=world.objects["facility"], actor=world.users["owner"], name=f"SVA {i}",
            method="quantitative", matrix={},
        )  # fmt: skip


def _diagrams(world: World, n: int) -> None:
    from chemsec.protection.services import diagram_create
    from chemsec.science.tests.cases import case_a

    for i in range(n):
        diagram_create(
            facility=world.objects["facility"], actor=world.users["owner"], name=f"Diagram {i}",
            document=case_a(), p_neutralisation=0.8,
        )  # fmt: skip


def _estimates(world: World, n: int) -> None:
    from chemsec.protection.services import consequence_estimate_create

    for _ in range(n):
        consequence_estimate_create(
            facility=world.objects["facility"], actor=world.users["owner"], cas="7782-50-5",
            quantity_kg=907, phase="liquefied_gas", release_scenario="worst", terrain="urban",
        )  # fmt: skip


def _tokens(world: World, n: int) -> None:
    from chemsec.core.services import token_create

    for i in range(n):
        token_create(user=world.users["dual"], name=f"token {i}", scope=TokenScope.READ)


def _customers(world: World, n: int) -> None:
    from chemsec.supplychain.services import customer_create

    for i in range(n):
        customer_create(
            actor=world.users["owner"], organisation=world.orgs["alpha"],
            legal_name=f"Customer {i}", country="XA", customer_type="professional",
        )  # fmt: skip


def _products(world: World, n: int) -> None:
    from chemsec.supplychain.services import product_create

    for i in range(n):
        product_create(
            actor=world.users["owner"], organisation=world.orgs["alpha"], code=f"P{i}",
            name=f"Acetone {i}", components=[{"cas": "67-64-1", "concentration": "99"}],
        )  # fmt: skip


def _orders(world: World, n: int) -> None:
    from decimal import Decimal

    from chemsec.supplychain.services import LineInput, order_record

    for _ in range(n):
        order_record(
            actor=world.users["owner"], customer=world.objects["customer"],
            payment_method="account",
            lines=[LineInput(product=world.objects["product"], quantity=Decimal(1))],
        )  # fmt: skip


def _cases(world: World, n: int) -> None:
    """Each a customer of the public buying a restricted precursor: held, a case each."""
    from decimal import Decimal

    from chemsec.supplychain.services import LineInput, customer_create, order_record

    for i in range(n):
        customer = customer_create(
            actor=world.users["owner"], organisation=world.orgs["alpha"],
            legal_name=f"Buyer {i}", country="XA", customer_type="general_public",
        )  # fmt: skip
        order_record(
            actor=world.users["owner"], customer=customer, payment_method="cash",
            lines=[LineInput(product=world.objects["product"], quantity=Decimal(1))],
        )  # fmt: skip


def _reports(world: World, n: int) -> None:
    from chemsec.supplychain.services import report_send

    for i in range(n):
        report_send(
            actor=world.users["owner"], organisation=world.orgs["alpha"],
            authority=world.orgs["authority"], kind="theft", summary=f"Drum {i} stolen.",
        )  # fmt: skip


ROWS: dict[str, Maker] = {
    "organisation": _organisations,
    "content": _content,
    "job": _jobs,
    "audit": _audit,
    "screening": _screenings,
    "facility": _facilities,
    "threat": _threats,
    "proposal": _proposals,
    "assessment": _assessments,
    "campaign": _campaigns,
    "request": _requests,
    "expert": _experts,
    "snapshot": _snapshots,
    "scenario": _scenarios,
    "register": _registers,
    "diagram": _diagrams,
    "estimate": _estimates,
    "token": _tokens,
    "customer": _customers,
    "product": _products,
    "order": _orders,
    "case": _cases,
    "report": _reports,
    "inbox_report": _reports,
}

# Who reads each kind of list (someone who sees every row added).
READER: dict[str, str] = {
    "audit": "outsider",
    "campaign": "secretariat_admin",
    "expert": "secretariat_staff",
    "token": "dual_session",
    "inbox_report": "authority",
}


def reader(kind: str, key: str) -> str:
    if key in {"assistance:board"}:
        return "secretariat_staff"
    return READER.get(kind, "owner")


# Row makers of the apps whose tables are in tests/contract/apps/ (`ROWS` and `READER` there).
# The expectations load first: they import every app module whole.
import tests.contract.expectations  # noqa: E402, F401
from tests.contract.apps import merge  # noqa: E402

merge(ROWS, "ROWS")
merge(READER, "READER")
