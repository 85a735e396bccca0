"""The contract's world: organisations, people and one object of every owned kind.

Everything is created through the apps' services, as a page or endpoint would, except the
few writes no service offers (listed in `MODEL_FALLBACKS`). Organisation A ("Alpha") is a
facility operator; its objects are restricted and carry a marker string ("ZZSECRET-...")
so a page or response that shows one to someone who may not see it is caught.

Markers: every string matching `MARKER_RE` names one object; `Marker.seen_by` lists the
personas who may see it (the correct behaviour, not what the code does today).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chemsec.core.choices import Confidentiality, OrganisationKind, Role, TokenScope

MARKER_RE = re.compile(r"ZZ[A-Z]+-[A-Z]+")
CONTENT = Path(__file__).resolve().parents[2] / "chemsec" / "content"
PASSWORD = "correct-horse-battery"

# Owned models created without a service (none offers the write), with the reason.
MODEL_FALLBACKS: dict[str, str] = {}
# Other writes done on the model because no service offers them.
OTHER_FALLBACKS = {
    "core.Membership (removal)": "no service removes a membership; the former member's is deleted",
    "otp_totp.TOTPDevice": "the verified personas' second factor (django-otp's own model)",
}


@dataclass
class Persona:
    """Someone calling the portal: who they are, and how they call it."""

    key: str
    description: str
    username: str | None = None  # None: the anonymous visitor
    # How the persona calls the API: "session" (the browser's cookie) or "token" (Bearer).
    api_auth: str = "session"
    acting: str | None = None  # the acting organisation's slug (session switch / header)
    role: str | None = None  # role in the acting organisation
    kind: str | None = None  # kind of the acting organisation
    # Privileged without a verified second factor: pages send to enrolment, the API says 403.
    unverified: bool = False
    member: bool = True  # has a current membership anywhere
    pages: bool = True  # also calls pages (a token-only persona does not)


PERSONAS: list[Persona] = [
    Persona("owner", "admin of Alpha (the owner)", "owner", acting="alpha", role=Role.ADMIN,
            kind=OrganisationKind.FACILITY_OPERATOR),
    Persona("contributor", "contributor colleague in Alpha", "contributor", acting="alpha",
            role=Role.CONTRIBUTOR, kind=OrganisationKind.FACILITY_OPERATOR),
    Persona("viewer", "viewer colleague in Alpha", "viewer", acting="alpha", role=Role.VIEWER,
            kind=OrganisationKind.FACILITY_OPERATOR),
    Persona("outsider", "admin of Beta, another organisation", "outsider", acting="beta",
            role=Role.ADMIN, kind=OrganisationKind.DISTRIBUTOR),
    Persona("dual_session", "viewer in Alpha, contributor in Beta, acting for Beta (session)",
            "dual", acting="beta", role=Role.CONTRIBUTOR, kind=OrganisationKind.DISTRIBUTOR),
    Persona("dual_token", "the same person by API token, acting for Beta by header", "dual",
            api_auth="token", acting="beta", role=Role.CONTRIBUTOR,
            kind=OrganisationKind.DISTRIBUTOR, pages=False),
    Persona("authority", "national authority member Alpha's facility is shared with",
            "authority", acting="authority", role=Role.CONTRIBUTOR,
            kind=OrganisationKind.NATIONAL_AUTHORITY),
    Persona("authority_noshare", "national authority member with no share", "noshare",
            acting="other-authority", role=Role.CONTRIBUTOR,
            kind=OrganisationKind.NATIONAL_AUTHORITY),
    Persona("secretariat_staff", "secretariat reviewer (staff)", "staff", acting="secretariat",
            role=Role.REVIEWER, kind=OrganisationKind.SECRETARIAT),
    Persona("secretariat_admin", "secretariat admin", "secadmin", acting="secretariat",
            role=Role.ADMIN, kind=OrganisationKind.SECRETARIAT),
    Persona("anonymous", "anonymous visitor", None, member=False),
    Persona("former", "former Alpha contributor, removed everywhere (old token for the API)",
            "former", api_auth="token", member=False),
    Persona("unverified", "Alpha admin without a verified second factor", "unverified",
            acting="alpha", role=Role.ADMIN, kind=OrganisationKind.FACILITY_OPERATOR,
            unverified=True),
    Persona("revoked", "authority member whose share was revoked (made an export during it)",
            "revoked", acting="revoked-authority", role=Role.CONTRIBUTOR,
            kind=OrganisationKind.NATIONAL_AUTHORITY),
]  # fmt: skip
PERSONA_KEYS = [p.key for p in PERSONAS]
BY_KEY = {p.key: p for p in PERSONAS}

ALPHA_MEMBERS = {"owner", "contributor", "viewer", "dual_session", "dual_token", "unverified"}
SECRETARIAT = {"secretariat_staff", "secretariat_admin"}


@dataclass
class Marker:
    text: str
    seen_by: set[str]


@dataclass
class World:
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    markers: dict[str, Marker] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # persona -> session key
    tokens: dict[str, str] = field(default_factory=dict)  # persona -> secret
    media: dict[str, bytes] = field(default_factory=dict)  # path -> content, restored if lost

    def marker(self, text: str, seen_by: set[str]) -> str:
        assert MARKER_RE.fullmatch(text), text
        self.markers[text] = Marker(text, set(seen_by))
        return text


def _load_content() -> None:
    """Practices, frameworks, their translations and the risk matrix (not the control lists:
    slow, not needed)."""
    import tempfile

    from chemsec.core import content_sync

    with tempfile.TemporaryDirectory() as root:
        for folder in ("compendium", "frameworks", "matrices", "translations"):
            # The courses' overlays need the courses, which the world does not load.
            skip = shutil.ignore_patterns("training") if folder == "translations" else None
            shutil.copytree(CONTENT / folder, Path(root) / folder, ignore=skip)
        content_sync.content_load(root=root)


def _user(username: str) -> Any:
    from chemsec.core.models import User

    return User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org"
    )


def build(world: World) -> World:
    from chemsec.core.policy import SYSTEM
    from chemsec.core.services import membership_set, organisation_create

    o, u = world.orgs, world.users
    _load_content()

    # --- Organisations and people -------------------------------------------------------
    for key, name, kind, country in [
        ("alpha", "Alpha", OrganisationKind.FACILITY_OPERATOR, "XA"),
        ("beta", "Beta", OrganisationKind.DISTRIBUTOR, "XB"),
        ("authority", "Authority", OrganisationKind.NATIONAL_AUTHORITY, "XA"),
        ("other-authority", "Other Authority", OrganisationKind.NATIONAL_AUTHORITY, "XA"),
        ("revoked-authority", "Revoked Authority", OrganisationKind.NATIONAL_AUTHORITY, "XA"),
        ("secretariat", "Secretariat", OrganisationKind.SECRETARIAT, ""),
    ]:
        o[key] = organisation_create(name=name, kind=kind, country=country, actor=SYSTEM)
        assert o[key].slug == key, o[key].slug
    for username, memberships in {
        "owner": [("alpha", Role.ADMIN)],
        "contributor": [("alpha", Role.CONTRIBUTOR)],
        "viewer": [("alpha", Role.VIEWER)],
        "outsider": [("beta", Role.ADMIN)],
        "dual": [("alpha", Role.VIEWER), ("beta", Role.CONTRIBUTOR)],
        "authority": [("authority", Role.CONTRIBUTOR)],
        "authority_admin": [("authority", Role.ADMIN)],
        "noshare": [("other-authority", Role.CONTRIBUTOR)],
        "staff": [("secretariat", Role.REVIEWER)],
        "secadmin": [("secretariat", Role.ADMIN)],
        "former": [("alpha", Role.CONTRIBUTOR)],
        "unverified": [("alpha", Role.ADMIN)],
        "revoked": [("revoked-authority", Role.CONTRIBUTOR)],
        "expert": [],
    }.items():
        u[username] = _user(username)
        for org, role in memberships:
            membership_set(user=u[username], organisation=o[org], role=role, actor=SYSTEM)

    _facilities(world)
    _screening(world)
    _frameworks(world)
    _assistance(world)
    _compendium(world)
    _supplychain(world)
    _apps(world)
    _former_and_revoked(world)
    _tokens(world)
    return world


def _apps(world: World) -> None:
    """The objects of the apps whose tables are in tests/contract/apps/."""
    from tests.contract.apps import modules

    for module in modules():
        if hasattr(module, "build"):
            module.build(world)


def _facilities(world: World) -> None:
    from chemsec.core.jobs import Progress
    from chemsec.facilities.inventory import inventory_import_start
    from chemsec.facilities.services import (
        area_create,
        contact_create,
        facility_create,
        facility_share,
        scenario_create,
        threat_create,
    )
    from chemsec.protection.services import consequence_estimate_create, diagram_create
    from chemsec.risk.selectors import matrix_for
    from chemsec.risk.services import assessment_create, entry_set, measure_create
    from chemsec.science.tests.cases import case_a

    o, u, obj, m = world.orgs, world.users, world.objects, world.marker
    owner = u["owner"]
    # Alpha's restricted site: shared with the authority (and, until revoked, another).
    fac_seen = {"owner", "authority"}
    obj["facility"] = facility_create(
        organisation=o["alpha"], actor=owner, name=m("ZZSECRET-FACILITY", fac_seen),
        facility_type="manufacturing", country="XA", population_density="urban",
        emergency_contact=m("ZZSECRET-HOTLINE", fac_seen),
    )  # fmt: skip
    facility_share(facility=obj["facility"], actor=owner, organisations=[o["authority"]])
    # A site every Alpha member sees, and its contributors change.
    obj["org_facility"] = facility_create(
        organisation=o["alpha"], actor=owner, name=m("ZZORG-FACILITY", ALPHA_MEMBERS),
        facility_type="storage", country="XA", confidentiality=Confidentiality.ORGANISATION,
    )  # fmt: skip
    obj["area"] = area_create(
        facility=obj["facility"], actor=owner, name=m("ZZSECRET-AREA", fac_seen)
    )
    obj["contact"] = contact_create(
        facility=obj["facility"], actor=owner, name=m("ZZSECRET-CONTACT", fac_seen)
    )
    csv = b"identifier,name,quantity,unit,area\n7782-50-5,Chlorine,1800,kg,Store\n"
    for label in ("earlier", m("ZZSECRET-SNAPSHOT", fac_seen)):  # two, for the diff page
        obj["snapshot"], obj["job"] = inventory_import_start(
            facility=obj["facility"], actor=owner, label=label,
            upload=SimpleUploadedFile("inventory.csv", csv, content_type="text/csv"),
        )  # fmt: skip
    # A result file, as a task stores one.
    Progress(obj["job"]).save_file("result.txt", m("ZZSECRET-RESULT", {"owner"}).encode())
    # Threat profiles: Alpha's (restricted, not shared), and one the authority's admin keeps
    # restricted inside the authority (its own members without a share must not see it).
    obj["threat"] = threat_create(
        organisation=o["alpha"], actor=owner, facility=obj["facility"],
        name=m("ZZSECRET-THREAT", {"owner"}), adversary_type="insider",
        goals=["release_sabotage"], likelihood=2,
        likelihood_rationale=m("ZZSECRET-RATIONALE", {"owner"}),
    )  # fmt: skip
    obj["authority_threat"] = threat_create(
        organisation=o["authority"], actor=u["authority_admin"],
        name=m("ZZAUTHORITY-THREAT", set()), adversary_type="insider",
        goals=["release_sabotage"], likelihood=3, likelihood_rationale="Restricted.",
    )  # fmt: skip
    obj["scenario"] = scenario_create(
        facility=obj["facility"], actor=owner, name=m("ZZSECRET-SCENARIO", fac_seen),
        threat=obj["threat"], goal="release_sabotage", area=obj["area"],
    )  # fmt: skip
    obj["diagram"] = diagram_create(
        facility=obj["facility"], actor=owner, name=m("ZZSECRET-DIAGRAM", {"owner"}),
        document=case_a(), p_neutralisation=0.8,
    )  # fmt: skip
    obj["risk"] = assessment_create(
        facility=obj["facility"], actor=owner, name=m("ZZSECRET-REGISTER", fac_seen),
        method="quantitative", matrix=matrix_for(o["alpha"]),
    )  # fmt: skip
    obj["entry"] = entry_set(
        assessment=obj["risk"], scenario=obj["scenario"], actor=owner, p_attack=0.3,
        protection_diagram=obj["diagram"], p_interruption=None, p_neutralisation=0.8,
        consequence=100, rationale=m("ZZSECRET-ENTRY", fac_seen),
    )  # fmt: skip
    obj["measure"] = measure_create(
        entry=obj["entry"], actor=owner, title=m("ZZSECRET-MEASURE", fac_seen),
        proposed_p_interruption=0.7,
    )  # fmt: skip
    obj["estimate"] = consequence_estimate_create(
        facility=obj["facility"], actor=owner, cas="7782-50-5", quantity_kg=907,
        phase="liquefied_gas", release_scenario="worst", terrain="urban",
        chemical_name=m("ZZSECRET-ESTIMATE", {"owner"}),
    )  # fmt: skip


def _screening(world: World) -> None:
    from chemsec.screening.services import (
        screen_identifiers,
        screening_batch_start,
        screening_record,
    )

    o, u, obj, m = world.orgs, world.users, world.objects, world.marker
    owner = u["owner"]
    # Screenings are kept at organisation level by the service: every Alpha member sees them.
    text = m("ZZORG-SCREENING", ALPHA_MEMBERS)
    results = screen_identifiers([text, "7782-50-5"], None, None)
    obj["screening"] = screening_record(
        user=owner, organisation=o["alpha"], results=results, lists=None, as_of=None
    )
    upload = SimpleUploadedFile("batch.csv", b"identifier\n7782-50-5\n", content_type="text/csv")
    obj["batch_job"] = screening_batch_start(
        user=owner, organisation=o["alpha"], upload=upload, lists=None, as_of=None
    )


def _frameworks(world: World) -> None:
    from chemsec.frameworks.models import Framework, Question
    from chemsec.frameworks.roadmaps import roadmap_action_save, roadmap_generate
    from chemsec.frameworks.services import assessment_start, campaign_create, evidence_attach

    o, u, obj, m = world.orgs, world.users, world.objects, world.marker
    owner = u["owner"]
    obj["framework"] = Framework.objects.get(urn="urn:chemsec:framework:national-capacity:v1")
    obj["campaign"] = campaign_create(
        actor=u["secadmin"], organisation=o["secretariat"],
        title=m("ZZCAMPAIGN-TITLE", SECRETARIAT | ALPHA_MEMBERS),
        framework=obj["framework"], invited=[o["alpha"]], deadline=dt.date(2030, 12, 31),
        reminder_days=[7],
    )  # fmt: skip
    obj["assessment"] = assessment_start(
        actor=owner, organisation=o["alpha"], framework=obj["framework"],
        campaign=obj["campaign"], title=m("ZZSECRET-ASSESSMENT", {"owner"}),
    )  # fmt: skip
    question = Question.objects.filter(section__framework=obj["framework"]).order_by("pk")[0]
    obj["section"] = question.section
    upload = SimpleUploadedFile("evidence.txt", b"ZZSECRET-EVIDENCE", content_type="text/plain")
    obj["evidence"] = evidence_attach(
        actor=owner, assessment=obj["assessment"], question_code=question.code, upload=upload
    )
    world.marker("ZZSECRET-EVIDENCE", {"owner"})
    obj["roadmap"] = roadmap_generate(actor=owner, assessment=obj["assessment"])
    obj["action"] = roadmap_action_save(
        actor=owner, roadmap=obj["roadmap"],
        fields={"title": m("ZZSECRET-ACTION", {"owner"}), "priority": "high"},
    )  # fmt: skip


def _assistance(world: World) -> None:
    from chemsec.assistance.services import expert_profile_save, note_add, request_file

    o, u, obj, m = world.orgs, world.users, world.objects, world.marker
    seen = {"owner"} | SECRETARIAT  # the secretariat sees every request, to triage it
    obj["request"] = request_file(
        user=u["owner"], organisation=o["alpha"], title=m("ZZSECRET-REQUEST", seen),
        need="We need help to control access to the chlorine store and count cylinders.",
        stage="storage", measure_type="physical_protection",
    )  # fmt: skip
    obj["note"] = note_add(user=u["owner"], request=obj["request"], text=m("ZZSECRET-NOTE", seen))
    obj["expert"] = expert_profile_save(
        user=u["staff"], expert=u["expert"], competencies=["physical_protection"],
        languages=["en"], region="africa",
    )  # fmt: skip


def _compendium(world: World) -> None:
    from chemsec.compendium.models import Practice
    from chemsec.compendium.services import proposal_create

    u, obj, m = world.users, world.objects, world.marker
    obj["practice"] = Practice.objects.filter(status="published").order_by("urn")[0]
    obj["proposal"] = proposal_create(
        user=u["owner"],
        data={
            "title": m("ZZSECRET-PROPOSAL", {"owner"} | SECRETARIAT),
            "summary": "Seal every reagent cabinet with numbered tamper seals.",
            "body": "## What\nNumbered seals on each cabinet.\n",
            "keywords": ["seals"], "stages": ["storage"], "audiences": ["academia"],
            "measure_types": ["inventory_control"], "threats": ["insider"],
            "facility_scale": ["small"],
        },
        note="Our site's practice.",
    )  # fmt: skip


def _supplychain(world: World) -> None:
    """Alpha as a supplier: a restricted customer, its verification, a catalogue product, a
    held order (which opens a case), the case deemed suspicious and reported to the authority
    (need-to-know: the owner and the authority), and a message on the report."""
    from decimal import Decimal

    from chemsec.supplychain.services import (
        LineInput,
        case_decide,
        customer_create,
        order_record,
        product_create,
        report_acknowledge,
        report_send,
        verification_add,
    )

    o, u, obj, m = world.orgs, world.users, world.objects, world.marker
    owner, reported = u["owner"], {"owner", "authority"}  # the report carries the customer
    obj["customer"] = customer_create(
        actor=owner, organisation=o["alpha"], legal_name=m("ZZSECRET-CUSTOMER", reported),
        country="XA", customer_type="general_public",
    )  # fmt: skip
    obj["verification"] = verification_add(
        actor=owner, customer=obj["customer"], kind="statement", statement_kind="eu_annex_iv",
        intended_use=m("ZZSECRET-VERIFICATION", {"owner"}),
    )  # fmt: skip
    obj["product"] = product_create(
        actor=owner, organisation=o["alpha"], code="HP30",
        name=m("ZZORG-PRODUCT", ALPHA_MEMBERS | {"authority"}),
        components=[{"cas": "7722-84-1", "concentration": "30"}],
    )  # fmt: skip
    obj["order"], _evaluation = order_record(
        actor=owner, customer=obj["customer"], payment_method="cash",
        lines=[LineInput(product=obj["product"], quantity=Decimal(2))],
        observations=m("ZZSECRET-ORDER", reported), indicators=["unclear_use"],
    )  # fmt: skip
    obj["alert"] = obj["order"].alerts.get()
    obj["case"] = obj["alert"].case
    case_decide(actor=owner, case=obj["case"], status="suspicious")
    obj["report"] = report_send(
        actor=owner, organisation=o["alpha"], authority=o["authority"], case=obj["case"],
        kind="suspicious_transaction", summary=m("ZZSECRET-REPORT", reported),
    )  # fmt: skip
    report_acknowledge(actor=u["authority"], report=obj["report"],
                       text=m("ZZSECRET-MESSAGE", reported))  # fmt: skip


def _former_and_revoked(world: World) -> None:
    from chemsec.core.models import Membership
    from chemsec.core.services import object_share, object_unshare, token_create
    from chemsec.facilities.services import facility_create
    from chemsec.protection.services import site_plan_export_create

    o, u, obj, m = world.orgs, world.users, world.objects, world.marker
    # The former member created a site while a contributor, then left every organisation.
    obj["former_facility"] = facility_create(
        organisation=o["alpha"], actor=u["former"], name=m("ZZFORMER-FACILITY", {"owner"}),
        facility_type="storage", country="XA",
    )  # fmt: skip
    _token, world.tokens["former"] = token_create(
        user=u["former"], name="old", scope=TokenScope.WRITE
    )
    Membership.objects.filter(user=u["former"]).delete()
    # An export the revoked authority made while it had the share (Alpha's admin sees it too).
    object_share(obj=obj["facility"], actor=u["owner"], organisations=[o["revoked-authority"]])
    obj["revoked_export"] = site_plan_export_create(facility=obj["facility"], actor=u["revoked"])
    object_unshare(obj=obj["facility"], actor=u["owner"], organisations=[o["revoked-authority"]])


def _tokens(world: World) -> None:
    from chemsec.core.services import token_create

    u, obj = world.users, world.objects
    obj["token"], _secret = token_create(user=u["owner"], name="owner's", scope=TokenScope.READ)
    _token, world.tokens["dual_token"] = token_create(
        user=u["dual"], name="dual", scope=TokenScope.WRITE
    )
