"""The expectation table: for every page (by URL name) and API operation (by function name),
which methods the contract sends and who may use them. This is the CORRECT behaviour (the
issue's "Platform trust" findings included), not a record of what the code does today.

A rule answers, for one persona, "ok", "denied" (they may see the object or the page, but
not do this: 403, or 404) or "hidden" (they may not know it exists: 404). `expected()` turns
that into statuses, with the same rules for everyone:

- the anonymous visitor, refused: pages send to the sign-in page (302), the API says 401;
- a privileged person without a verified second factor: pages send to enrolment (302), the
  API says 403, whatever the route (except the few pages that let them enrol or leave);
- ok: GET answers 200 (or the entry's `ok`); an unsafe method with an empty body may be
  refused as invalid (400/422) or succeed (2xx/3xx), never 403/404/500;
- an API operation with a request body may answer 422 to an empty body before it looks at
  the object: 422 reveals nothing, so it counts as a refusal too.

To add a route: add its URL name (or function name for an operation) below, with the
methods its view answers and a rule; for objects, `obj("<param>", "<action>")` and, if it
is a new kind, a line in ACCESS (who may view/change/... that fixture object).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from chemsec.core.choices import OrganisationKind, Role
from tests.contract.world import ALPHA_MEMBERS, SECRETARIAT, Persona

SECRETARIAT_KIND = {OrganisationKind.SECRETARIAT}
AUTHORITY_KIND = {OrganisationKind.NATIONAL_AUTHORITY}
FACILITY_SEEN = {"owner", "authority"}

# Who may do what with each fixture object (world.objects key -> action -> personas).
# "view" is who may know it exists; anyone else gets 404.
ONLY_OWNER = {"view": {"owner"}, "change": {"owner"}, "delete": {"owner"}, "share": {"owner"}}
ACCESS: dict[str, dict[str, set[str]]] = {
    # Alpha's restricted site, shared (read-only) with the authority; its areas, contacts,
    # snapshots, scenarios and risk registers follow it.
    "facility": ONLY_OWNER | {"view": FACILITY_SEEN},
    "org_facility": {
        "view": ALPHA_MEMBERS,
        "change": {"owner", "contributor"},
        "delete": {"owner"},
        "share": {"owner"},
    },
    # Created by the former member, who left: only Alpha's admin now.
    "former_facility": ONLY_OWNER,
    "threat": ONLY_OWNER,
    # Restricted inside the authority: its admin only (no persona).
    "authority_threat": {"view": set(), "change": set(), "delete": set(), "share": set()},
    "diagram": ONLY_OWNER,
    "estimate": ONLY_OWNER,
    # Made by the revoked authority during its share: not theirs after the revocation.
    "revoked_export": ONLY_OWNER,
    "job": ONLY_OWNER,
    "batch_job": ONLY_OWNER,
    "screening": ONLY_OWNER | {"view": ALPHA_MEMBERS},
    "campaign": {
        "view": SECRETARIAT | ALPHA_MEMBERS,
        "manage": SECRETARIAT,
        "change": SECRETARIAT,
        "delete": {"secretariat_admin"},
        "share": {"secretariat_admin"},
    },
    # A draft campaign response: not yet shared with the secretariat, which reopens only
    # what was submitted.
    "assessment": ONLY_OWNER | {"reopen": set()},
    "request": {
        "view": {"owner"} | SECRETARIAT,
        "change": {"owner"} | SECRETARIAT,
        "triage": SECRETARIAT,
        "delete": {"owner"},
        "share": {"owner"},
    },
    "proposal": {
        "view": {"owner"} | SECRETARIAT,
        "change": {"owner"} | SECRETARIAT,
        "decide": SECRETARIAT,
    },
    "token": {"view": {"owner"}, "change": {"owner"}},
}
# The supply chain: Alpha as a supplier. Its customer, order and case are restricted (the
# case is opened by the rules: Alpha's admins only); its product is organisation-wide; the
# report is read by the owner (sender) and the addressed authority, and handled by the latter.
ACCESS.update({
    "customer": ONLY_OWNER,
    "product": {"view": ALPHA_MEMBERS, "change": {"owner", "contributor"}, "delete": {"owner"},
                "share": {"owner"}},
    "order": ONLY_OWNER,
    "case": ONLY_OWNER | {"decide": {"owner"}, "report": {"owner"}},
    "report": {"view": {"owner", "authority"}, "export": {"owner", "authority"},
               "change": {"owner"}, "respond": {"owner"},
               "acknowledge": {"authority"}, "ask": {"authority"}, "close": {"authority"},
               "delete": set(), "share": set()},
})  # fmt: skip
for _child, _parent in {
    "area": "facility", "contact": "facility", "snapshot": "facility", "scenario": "facility",
    "risk": "facility", "entry": "facility", "measure": "facility",
    "evidence": "assessment", "roadmap": "assessment", "action": "assessment",
    "note": "request",
}.items():  # fmt: skip
    ACCESS[_child] = ACCESS[_parent]
ACCESS["verification"] = ACCESS["customer"]
ACCESS["alert"] = ACCESS["case"]


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the objects filling this route's parameters."""

    objects: dict[str, str]  # parameter name -> world object key


Outcome = str  # "ok" | "denied" | "hidden"
Rule = Callable[[Persona, Context], Outcome]


def public(persona: Persona, ctx: Context) -> Outcome:
    return "ok"


def signed_in(persona: Persona, ctx: Context) -> Outcome:
    return "ok" if persona.username else "denied"


def network(persona: Persona, ctx: Context) -> Outcome:
    """Signed in and a current member of some organisation (a former member gets nothing)."""
    return "ok" if persona.member else "denied"


def member(role: str = Role.VIEWER, kinds: set[str] | None = None) -> Rule:
    """The acting organisation's member with at least `role` (and of one of `kinds`)."""

    def rule(persona: Persona, ctx: Context) -> Outcome:
        if persona.role is None or Role.rank(persona.role) < Role.rank(role):
            return "denied"
        if kinds is not None and persona.kind not in kinds:
            return "denied"
        return "ok"

    return rule


def obj(param: str, action: str = "view") -> Rule:
    """The object filling `param`: ACCESS says who may `action` it and who may see it."""

    def rule(persona: Persona, ctx: Context) -> Outcome:
        access = ACCESS[ctx.objects[param]]
        if persona.key in access[action]:
            return "ok"
        return "denied" if persona.key in access["view"] else "hidden"

    return rule


def both(first: Rule, second: Rule) -> Rule:
    """Ok only when both are; otherwise the first refusal (hidden before denied)."""

    def rule(persona: Persona, ctx: Context) -> Outcome:
        outcomes = {first(persona, ctx), second(persona, ctx)}
        for outcome in ("hidden", "denied"):
            if outcome in outcomes:
                return outcome
        return "ok"

    return rule


CONTRIBUTOR = member(Role.CONTRIBUTOR)
ADMIN = member(Role.ADMIN)
SECRETARIAT_ANY = member(Role.VIEWER, SECRETARIAT_KIND)
SECRETARIAT_REVIEWER = member(Role.REVIEWER, SECRETARIAT_KIND)
AUTHORITY = member(Role.VIEWER, AUTHORITY_KIND)


@dataclass(frozen=True)
class Entry:
    """One route's expectations: a rule per method (`rules`), parameter overrides, variants
    (the same route with other objects: name -> parameter overrides), extra ok statuses."""

    rules: dict[str, Rule]
    params: dict[str, str] = field(default_factory=dict)
    variants: dict[str, dict[str, str]] = field(default_factory=dict)
    ok: frozenset[int] = frozenset()
    exempt_2fa: bool = False  # reachable without a second factor (enrolment, sign-out)
    signin_flow: bool = False  # may send a signed-in person to the sign-in page
    # May name objects the reader cannot open by id (never by name): the audit trail keeps
    # every entry's object id, which its hash chain covers; names and fields are redacted.
    ids_ok: bool = False
    # Form fields for a page's POST ("@key" / "@key.attr": a world object's pk / attribute),
    # where an empty form would stop the view before the rule under test.
    data: dict[str, str] = field(default_factory=dict)
    # A list: the row kind its query-count baseline adds (tests/contract/rows.py), or
    # NOT_A_LIST for a route whose name looks like a list's but is not one.
    list_rows: str | None = None


def page(
    get: Rule | None = None,
    post: Rule | None = None,
    *,
    ok: set[int] | None = None,
    **options: object,
) -> Entry:
    rules = {m: r for m, r in (("GET", get), ("POST", post)) if r is not None}
    return Entry(rules, ok=frozenset(ok or ()), **options)  # type: ignore[arg-type]


def op(rule: Rule, *, ok: set[int] | None = None, **options: object) -> Entry:
    return Entry({"*": rule}, ok=frozenset(ok or ()), **options)  # type: ignore[arg-type]


NOT_A_LIST = "-"
FACILITY_VARIANTS = {
    "org": {"facility_id": "org_facility"},
    "former": {"facility_id": "former_facility"},
}
REDIRECTS = {200, 302}

# --- Pages, by URL name ---------------------------------------------------------------------
PAGES: dict[str, Entry] = {
    # Core: the portal, signing in and out, accounts, organisations, jobs, the audit trail.
    "set_language": page(post=public, exempt_2fa=True),
    "home": page(public),
    "login": page(public, public, ok=REDIRECTS | {429}, signin_flow=True),
    # Without a password step in progress, the second step sends back to the first.
    "login_verify": page(public, public, ok=REDIRECTS | {429}, signin_flow=True),
    "logout": page(post=public, exempt_2fa=True, ok=REDIRECTS),
    "account": page(signed_in, signed_in),
    "token_revoke": page(post=obj("token_id", "change")),
    "two_factor_setup": page(signed_in, signed_in, exempt_2fa=True, ok=REDIRECTS),
    "password_reset": page(public, public, ok=REDIRECTS | {429}),
    "password_reset_done": page(public),
    "password_reset_confirm": page(public, ok=REDIRECTS),
    "password_reset_complete": page(public),
    "organisation_list": page(network, list_rows="organisation"),
    # An empty choice is answered 404 (the switcher names no organisation).
    "organisation_switch": page(post=signed_in, ok={302, 404}),
    "organisation_detail": page(network),
    "content_catalogue": page(public, list_rows="content"),
    "content_detail": page(public),
    "jobs": page(signed_in, list_rows="job"),
    "job_indicator": page(public),
    "job_detail": page(obj("job_id")),
    "job_retry": page(post=obj("job_id", "change")),
    "job_result": page(obj("job_id")),
    "audit_log": page(ADMIN, list_rows="audit", ids_ok=True),
    "audit_verify": page(post=member(Role.ADMIN, SECRETARIAT_KIND)),
    # The API's own pages: its schema and docs are public (they describe, hold no data).
    "api-1.0.0:openapi-json": page(public),
    "api-1.0.0:openapi-view": page(public),
    "api-1.0.0:api-root": page(public, ok={200, 404}),
    # Screening.
    "screening:index": page(public, public, list_rows=NOT_A_LIST),  # the screening form
    "screening:lists": page(public),
    "screening:list_entry": page(public, params={"urn": "urn:chemsec:list:cwc:3A01"}),
    "screening:history": page(signed_in, list_rows="screening"),
    "screening:detail": page(obj("screening_id")),
    "screening:export": page(obj("screening_id")),
    "screening:batch_download": page(obj("job_id"), params={"job_id": "batch_job"}),
    # Facilities.
    "facilities:index": page(signed_in, list_rows="facility"),
    "facilities:create": page(CONTRIBUTOR, CONTRIBUTOR),
    "facilities:threats": page(signed_in, CONTRIBUTOR, list_rows="threat"),
    "facilities:threat_detail": page(obj("threat_id"), obj("threat_id", "share"),
                                     variants={"authority": {"threat_id": "authority_threat"}}),
    "facilities:threat_edit": page(obj("threat_id", "change"), obj("threat_id", "change")),
    "facilities:threat_delete": page(obj("threat_id", "delete"), obj("threat_id", "delete")),
    "facilities:threat_unshare": page(post=obj("threat_id", "share")),
    "facilities:detail": page(obj("facility_id"), variants=FACILITY_VARIANTS),
    "facilities:edit": page(obj("facility_id", "change"), obj("facility_id", "change"),
                            variants=FACILITY_VARIANTS),
    "facilities:share": page(post=obj("facility_id", "share")),
    "facilities:unshare": page(post=obj("facility_id", "share")),
    "facilities:area_add": page(post=obj("facility_id", "change")),
    "facilities:contact_add": page(post=obj("facility_id", "change")),
    "facilities:inventory": page(obj("facility_id"), obj("facility_id", "change")),
    "facilities:diff": page(obj("facility_id")),
    "facilities:snapshot": page(obj("facility_id")),
    "facilities:chemicals": page(obj("facility_id")),
    "facilities:scenarios": page(obj("facility_id"), obj("facility_id", "change")),
    "facilities:scenario_edit": page(obj("facility_id", "change"), obj("facility_id", "change")),
    "facilities:scenario_delete": page(obj("facility_id", "change"),
                                       obj("facility_id", "change")),
    # The risk register (its own app, under /facilities/).
    "risk:matrix": page(network, ADMIN),
    # Every signed-in person may open the roll-up page; only an authority's members see
    # one, and only what is shared with their authority and visible to them.
    "risk:rollup": page(signed_in),
    "risk:rollup_export": page(AUTHORITY),
    "risk:risk": page(obj("facility_id"), obj("facility_id", "change")),
    "risk:register": page(obj("facility_id")),
    "risk:entry_save": page(post=obj("facility_id", "change")),
    "risk:measure_add": page(post=obj("facility_id", "change")),
    "risk:entry_edit": page(obj("facility_id", "change"), obj("facility_id", "change")),
    "risk:entry_delete": page(obj("facility_id", "change"), obj("facility_id", "change")),
    "risk:entry_recompute": page(post=obj("facility_id", "change")),
    "risk:measure_edit": page(obj("facility_id", "change"), obj("facility_id", "change")),
    "risk:measure_delete": page(obj("facility_id", "change"), obj("facility_id", "change")),
    # The compendium: entries are public; drafts belong to their author and the reviewers.
    "compendium:index": page(public, list_rows=NOT_A_LIST),  # search, over loaded content
    "compendium:propose": page(network, network),
    "compendium:proposals": page(signed_in, list_rows="proposal"),
    "compendium:proposal": page(obj("proposal_id")),
    "compendium:proposal_edit": page(obj("proposal_id", "change"), obj("proposal_id", "change")),
    "compendium:comment": page(post=obj("proposal_id", "change")),
    "compendium:approve": page(post=obj("proposal_id", "decide")),
    "compendium:reject": page(post=obj("proposal_id", "decide")),
    "compendium:practice": page(public),
    "compendium:propose_change": page(network, network),
    "compendium:version": page(public),
    "compendium:withdraw": page(post=SECRETARIAT_REVIEWER),
    "compendium:supersede": page(post=SECRETARIAT_REVIEWER),
    "compendium:translation_review": page(
        post=SECRETARIAT_REVIEWER,
        params={"urn": "urn:chemsec:practice:waste-chain-of-custody"},
        data={"language": "fr"},
    ),
    # Frameworks, assessments, road maps and campaigns.
    "frameworks:index": page(public, list_rows="assessment"),
    "frameworks:framework": page(public),
    "frameworks:assessment_start": page(post=CONTRIBUTOR, data={"framework": "@framework"}),
    "frameworks:assessment": page(obj("assessment_id")),
    "frameworks:answers": page(post=obj("assessment_id", "change"),
                               data={"section": "@section.code"}),
    "frameworks:evidence_upload": page(post=obj("assessment_id", "change")),
    "frameworks:evidence_download": page(obj("assessment_id")),
    "frameworks:evidence_delete": page(post=obj("assessment_id", "change")),
    # GET asks for confirmation, POST with confirm=yes submits.
    "frameworks:submit": page(obj("assessment_id", "change"), obj("assessment_id", "change")),
    "frameworks:reopen_request": page(post=obj("assessment_id", "change")),
    "frameworks:reopen": page(post=obj("assessment_id", "reopen")),
    "frameworks:results": page(obj("assessment_id")),
    "frameworks:roadmap": page(obj("assessment_id")),
    "frameworks:roadmap_generate": page(post=obj("assessment_id", "change")),
    "frameworks:action_new": page(post=obj("assessment_id", "change")),
    "frameworks:action_edit": page(obj("assessment_id", "change"), obj("assessment_id", "change")),
    "frameworks:action_delete": page(post=obj("assessment_id", "change")),
    "frameworks:roadmap_export": page(obj("assessment_id"), params={"fmt": "xlsx"}),
    "frameworks:campaigns": page(SECRETARIAT_REVIEWER, list_rows="campaign"),
    "frameworks:campaign_new": page(SECRETARIAT_REVIEWER, SECRETARIAT_REVIEWER),
    "frameworks:campaign": page(obj("campaign_id", "manage")),
    "frameworks:campaign_export": page(obj("campaign_id", "manage")),
    "frameworks:campaign_remind": page(post=obj("campaign_id", "manage")),
    # Assistance: the secretariat sees every request, to triage it.
    "assistance:index": page(signed_in, list_rows="request"),
    "assistance:file": page(CONTRIBUTOR, CONTRIBUTOR),
    "assistance:board": page(SECRETARIAT_ANY, list_rows="request"),
    "assistance:experts": page(SECRETARIAT_ANY, SECRETARIAT_REVIEWER, list_rows="expert"),
    "assistance:detail": page(obj("request_id")),
    "assistance:note": page(post=obj("request_id", "change")),
    "assistance:triage": page(post=obj("request_id", "triage")),
    "assistance:assign": page(post=obj("request_id", "triage")),
    "assistance:outcome": page(post=obj("request_id", "triage")),
    # Protection: diagrams, consequence estimates, the site security plan and its exports.
    "protection:index": page(signed_in, list_rows="facility"),
    "protection:facility": page(obj("facility_id")),
    "protection:diagram_new": page(obj("facility_id", "change"), obj("facility_id", "change")),
    "protection:estimate_new": page(obj("facility_id", "change"), obj("facility_id", "change")),
    "protection:plan": page(obj("facility_id")),
    "protection:plan_generate": page(post=obj("facility_id")),
    "protection:plan_download": page(obj("export_id")),  # the revoked authority's export
    "protection:diagram": page(obj("diagram_id")),
    "protection:diagram_edit": page(obj("diagram_id", "change"), obj("diagram_id", "change")),
    "protection:diagram_export": page(obj("diagram_id")),
    "protection:diagram_delete": page(post=obj("diagram_id", "delete")),
    "protection:estimate": page(obj("estimate_id")),
    "protection:estimate_delete": page(post=obj("estimate_id", "delete")),
    # Supply chain: the counter and the catalogue for contributors, cases for the supplier's
    # admins, reports for the sender and the addressed authority, the inbox for authorities.
    "supplychain:index": page(signed_in, list_rows="case"),
    "supplychain:customers": page(signed_in, list_rows="customer"),
    "supplychain:customer_new": page(CONTRIBUTOR, CONTRIBUTOR),
    "supplychain:customer": page(obj("customer_id")),
    "supplychain:customer_edit": page(obj("customer_id", "change"), obj("customer_id", "change")),
    "supplychain:verification_add": page(post=obj("customer_id", "change")),
    "supplychain:products": page(signed_in, list_rows="product"),
    "supplychain:product_new": page(CONTRIBUTOR, CONTRIBUTOR),
    "supplychain:product": page(obj("product_id")),
    "supplychain:product_rescreen": page(post=obj("product_id", "change")),
    "supplychain:orders": page(signed_in, list_rows="order"),
    "supplychain:order_new": page(CONTRIBUTOR, CONTRIBUTOR),
    "supplychain:order": page(obj("order_id")),
    "supplychain:order_outcome": page(post=obj("order_id", "change")),
    "supplychain:cases": page(signed_in, list_rows="case"),
    "supplychain:case": page(obj("case_id")),
    "supplychain:case_decide": page(post=obj("case_id", "decide")),
    "supplychain:case_assign": page(post=obj("case_id", "share")),
    "supplychain:case_report": page(obj("case_id", "report"), obj("case_id", "report")),
    "supplychain:reports": page(signed_in, list_rows="report"),
    "supplychain:report_new": page(member(Role.REVIEWER), member(Role.REVIEWER)),
    "supplychain:report": page(obj("report_id")),
    "supplychain:report_acknowledge": page(post=obj("report_id", "acknowledge")),
    "supplychain:report_ask": page(post=obj("report_id", "ask")),
    "supplychain:report_respond": page(post=obj("report_id", "respond")),
    "supplychain:report_close": page(post=obj("report_id", "close")),
    "supplychain:inbox": page(AUTHORITY, list_rows="inbox_report"),
}  # fmt: skip

# --- API operations, by function name (one entry covers the operation's one method) -------
OPERATIONS: dict[str, Entry] = {
    # Core.
    "me": op(signed_in),
    "organisation_list": op(network, list_rows="organisation"),
    "organisation_get": op(network),
    "job_list": op(signed_in, list_rows="job"),
    "job_get": op(obj("job_id")),
    "job_retry_endpoint": op(obj("job_id", "change")),
    "audit_list": op(ADMIN, list_rows="audit", ids_ok=True),
    "token_list": op(signed_in, list_rows="token"),
    "token_create_endpoint": op(signed_in),
    "token_revoke_endpoint": op(obj("token_id", "change")),
    "content_list": op(public, list_rows="content"),
    "content_get": op(public),
    # Screening.
    "check": op(public),
    "batch_create": op(network),
    "batch_get": op(obj("job_id"), params={"job_id": "batch_job"}),
    "batch_results": op(obj("job_id"), params={"job_id": "batch_job"}),
    "lists_index": op(public, list_rows=NOT_A_LIST),  # the shipped control lists
    "list_entries": op(public),
    "list_entry": op(public, params={"urn": "urn:chemsec:list:cwc:3A01"}),
    # Compendium.
    "search_endpoint": op(public),
    "practice_endpoint": op(public),
    "propose_endpoint": op(network),
    "proposal_endpoint": op(obj("proposal_id")),
    "comment_endpoint": op(obj("proposal_id", "change")),
    "approve_endpoint": op(obj("proposal_id", "decide")),
    "reject_endpoint": op(obj("proposal_id", "decide")),
    "withdraw_endpoint": op(SECRETARIAT_REVIEWER),
    # Frameworks.
    "framework_list": op(public, list_rows=NOT_A_LIST),  # the shipped frameworks (content)
    "framework_get": op(public),
    "campaign_list": op(signed_in, list_rows="campaign"),
    "campaign_create": op(SECRETARIAT_REVIEWER),
    "campaign_dashboard_get": op(obj("campaign_id", "manage")),
    "assessment_list": op(signed_in, list_rows="assessment"),
    "assessment_create": op(CONTRIBUTOR),
    "assessment_get": op(obj("assessment_id")),
    "answers_get": op(obj("assessment_id")),
    "answers_put": op(obj("assessment_id", "change")),
    "assessment_submit": op(obj("assessment_id", "change")),
    "assessment_reopen_request": op(obj("assessment_id", "change")),
    "assessment_reopen": op(obj("assessment_id", "reopen")),
    "assessment_scores_get": op(obj("assessment_id")),
    "assessment_gaps_get": op(obj("assessment_id")),
    "roadmap_create": op(obj("assessment_id", "change")),
    "roadmap_get": op(obj("assessment_id")),
    "action_create": op(obj("assessment_id", "change")),
    "action_update": op(obj("assessment_id", "change")),
    "action_remove": op(obj("assessment_id", "change")),
    # Assistance.
    "match": op(network),
    "request_list": op(signed_in, list_rows="request"),
    "request_create": op(CONTRIBUTOR),
    "request_get": op(obj("request_id")),
    "note_create": op(obj("request_id", "change")),
    "triage": op(obj("request_id", "triage")),
    "assignment_create": op(obj("request_id", "triage")),
    "outcome_create": op(obj("request_id", "triage")),
    "expert_list": op(SECRETARIAT_ANY, list_rows="expert"),
    # Facilities.
    "facility_index": op(signed_in, list_rows="facility"),
    "facility_new": op(CONTRIBUTOR),
    "facility_get": op(obj("facility_id"), variants=FACILITY_VARIANTS),
    "facility_share_api": op(obj("facility_id", "share")),
    "facility_unshare_api": op(obj("facility_id", "share")),
    "inventory_index": op(obj("facility_id"), list_rows="snapshot"),
    "inventory_upload": op(obj("facility_id", "change")),
    "inventory_get": op(obj("facility_id")),
    "chemicals_get": op(obj("facility_id")),
    "threat_index": op(signed_in, list_rows="threat"),
    "threat_new": op(CONTRIBUTOR),
    "threat_change": op(obj("threat_id", "change")),
    "threat_remove": op(obj("threat_id", "delete")),
    "scenario_index": op(obj("facility_id"), list_rows="scenario"),
    "scenario_new": op(obj("facility_id", "change")),
    "scenario_change": op(obj("facility_id", "change")),
    "scenario_remove": op(obj("facility_id", "change")),
    # The risk register.
    "register_index": op(obj("facility_id"), list_rows="register"),
    "register_new": op(obj("facility_id", "change")),
    "register_entry": op(obj("facility_id", "change")),
    "register_entry_change": op(obj("facility_id", "change")),
    "register_entry_delete": op(obj("facility_id", "change")),
    "register_entry_recompute": op(obj("facility_id", "change")),
    "register_measure": op(obj("facility_id", "change")),
    "register_measure_change": op(obj("facility_id", "change")),
    "register_measure_delete": op(obj("facility_id", "change")),
    "rollup_get": op(AUTHORITY),
    # Protection.
    "diagram_list": op(signed_in, list_rows="diagram"),
    "diagram_create": op(CONTRIBUTOR),
    "diagram_get": op(obj("diagram_id")),
    "diagram_update": op(obj("diagram_id", "change")),
    "diagram_delete": op(obj("diagram_id", "delete")),
    "diagram_evaluation": op(obj("diagram_id")),
    "evaluate_document": op(network),
    "estimate_list": op(signed_in, list_rows="estimate"),
    "estimate_create": op(CONTRIBUTOR),
    "estimate_get": op(obj("estimate_id")),
    "estimate_delete": op(obj("estimate_id", "delete")),
    "plan_pdf": op(obj("facility_id")),
    # Supply chain.
    "supplychain_customer_list": op(signed_in, list_rows="customer"),
    "supplychain_customer_create": op(CONTRIBUTOR),
    "supplychain_customer_get": op(obj("customer_id")),
    "supplychain_verification_create": op(obj("customer_id", "change")),
    "supplychain_product_list": op(signed_in, list_rows="product"),
    "supplychain_product_create": op(CONTRIBUTOR),
    "supplychain_product_get": op(obj("product_id")),
    "supplychain_order_create": op(CONTRIBUTOR),
    "supplychain_order_list": op(signed_in, list_rows="order"),
    "supplychain_order_get": op(obj("order_id")),
    "supplychain_case_list": op(signed_in, list_rows="case"),
    "supplychain_case_get": op(obj("case_id")),
    "supplychain_case_decide": op(obj("case_id", "decide")),
    "supplychain_report_create": op(member(Role.REVIEWER)),
    "supplychain_report_list": op(signed_in, list_rows="report"),
    "supplychain_report_get": op(obj("report_id")),
    "supplychain_report_acknowledge": op(obj("report_id", "acknowledge")),
    "supplychain_report_ask": op(obj("report_id", "ask")),
    "supplychain_report_respond": op(obj("report_id", "respond")),
    "supplychain_report_close": op(obj("report_id", "close")),
}


def lookup(table: dict[str, Entry], key: str) -> Entry | None:
    """The entry for a key; "namespace:*" or "route:prefix*" entries cover a whole family."""
    if key in table:
        return table[key]
    for pattern, entry in table.items():
        if pattern.endswith("*") and key.startswith(pattern[:-1]):
            return entry
    return None


# --- From an outcome to statuses ---------------------------------------------------------------

# 409: a permitted action refused by the object's state (a job that did not fail, a threat
# still used by scenarios).
OK_UNSAFE = frozenset(range(200, 400)) | {400, 409, 422}


@dataclass(frozen=True)
class Expected:
    statuses: frozenset[int]
    outcome: str
    redirect: str | None = None  # a 302 must go here ("login" or "enrol")

    def describe(self) -> str:
        where = f" to {self.redirect}" if self.redirect else ""
        return f"{self.outcome}: {sorted(self.statuses)}{where}"


def expected(
    outcome: Outcome,
    persona: Persona,
    *,
    api: bool,
    method: str,
    entry: Entry,
    body: bool,
    api_path: bool = False,
) -> Expected:
    if persona.unverified and not entry.exempt_2fa:
        if api or api_path:
            return Expected(frozenset({403}), "second factor missing")
        return Expected(frozenset({302}), "second factor missing", redirect="enrol")
    if outcome == "ok":
        if method == "GET":
            return Expected(entry.ok or frozenset({200}), "ok")
        return Expected(OK_UNSAFE | entry.ok, "ok")
    if persona.username is None:
        if api:
            return Expected(frozenset({401}), f"{outcome}, anonymous")
        return Expected(frozenset({302}), f"{outcome}, anonymous", redirect="login")
    refusals = {404} if outcome == "hidden" else {403, 404}
    if api and body:
        refusals.add(422)
    return Expected(frozenset(refusals), outcome)


# --- Tables added by tests/contract/apps/<module>.py ------------------------------------------

from tests.contract.apps import merge  # noqa: E402  (the app modules import the helpers above)

merge(ACCESS, "ACCESS")
merge(PAGES, "PAGES")
merge(OPERATIONS, "OPERATIONS")
