"""Events: a public event (with Authority's attended participant), a network event and a
restricted one hosted by Authority; Authority's request to host an event. The public sees
public events; members see network events; restricted ones the host and the secretariat; a
nomination its participant, its organisation and the secretariat; a request its organisation
and the secretariat, who alone decide, mark attendance, review and schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chemsec.core.choices import OrganisationKind, Role
from tests.contract.expectations import (
    SECRETARIAT_REVIEWER,
    Context,
    Outcome,
    both,
    member,
    obj,
    op,
    page,
    public,
    signed_in,
)
from tests.contract.world import PERSONA_KEYS, SECRETARIAT, Persona

EVERYONE = set(PERSONA_KEYS)
MEMBERS = EVERYONE - {"anonymous", "former"}
STATE = {"authority"} | SECRETARIAT

ACCESS = {
    # The public event is past, with Authority's participant named its rapporteur.
    "event": {
        "view": EVERYONE,
        "change": SECRETARIAT,
        "export": SECRETARIAT,
        "draft": SECRETARIAT | {"authority"},
    },
    "event_network": {"view": MEMBERS, "change": SECRETARIAT, "export": SECRETARIAT},
    # Hosted by Authority: its contributors and admins export the listed participants.
    "event_restricted": {
        "view": STATE,
        "change": SECRETARIAT,
        "export": SECRETARIAT | {"authority", "authority_admin"},
    },
    "registration": {
        "view": STATE,
        "decide": SECRETARIAT,
        "withdraw": STATE,
        "certificate": STATE,
        "feedback": {"authority"},
    },
    "host_request": {"view": STATE, "review": SECRETARIAT},
}
OBJECT_PARAMS = {
    "event_id": "event",
    "registration_id": "registration",
    "host_request_id": "host_request",
}

NOMINATOR = member(Role.CONTRIBUTOR, {OrganisationKind.NATIONAL_AUTHORITY})


def requester(persona: Persona, ctx: Context) -> Outcome:
    """A contributor of a national authority, or of a network member (Alpha, see network.py)."""
    if persona.role is None or Role.rank(persona.role) < Role.rank(Role.CONTRIBUTOR):
        return "denied"
    if persona.kind == OrganisationKind.NATIONAL_AUTHORITY or persona.acting == "alpha":
        return "ok"
    return "denied"


EVENT = obj("event_id")
VARIANTS = {
    "network": {"event_id": "event_network"},
    "restricted": {"event_id": "event_restricted"},
}
PAGES = {
    "events:list": page(public, list_rows="event"),
    "events:event_new": page(SECRETARIAT_REVIEWER, SECRETARIAT_REVIEWER),
    "events:planner": page(SECRETARIAT_REVIEWER),
    "events:event": page(EVENT, variants=VARIANTS),
    "events:event_ics": page(EVENT, variants=VARIANTS),
    "events:calendar_public": page(public),
    # The token names no one: a forged feed address answers 404 to everyone.
    "events:calendar_feed": page(public, ok={404}),
    "events:participants_export": page(obj("event_id", "export"), variants=VARIANTS),
    "events:event_cancel": page(post=obj("event_id", "change")),
    "events:rapporteur_add": page(post=obj("event_id", "change")),
    "events:practice_draft": page(obj("event_id", "draft"), obj("event_id", "draft")),
    "events:session_add": page(post=obj("event_id", "change")),
    "events:nominate": page(post=both(EVENT, NOMINATOR)),
    "events:registration_decide": page(post=obj("registration_id", "decide")),
    "events:registration_withdraw": page(post=obj("registration_id", "withdraw")),
    "events:attendance": page(post=obj("registration_id", "decide")),
    "events:certificate": page(obj("registration_id", "certificate")),
    "events:feedback": page(obj("registration_id", "feedback"), obj("registration_id", "feedback")),
    "events:requests": page(signed_in, list_rows="host_request"),
    "events:nominations": page(signed_in),
    "events:request_new": page(requester, requester),
    "events:request": page(obj("host_request_id")),
    "events:request_review": page(post=obj("host_request_id", "review")),
    "events:request_schedule": page(post=obj("host_request_id", "review")),
}
OPERATIONS = {
    "events_list": op(public, list_rows="event"),
    "events_get": op(EVENT, variants=VARIANTS),
    "events_nominate": op(both(EVENT, NOMINATOR)),
    "events_registrations": op(both(EVENT, signed_in)),
    "events_registration_decide": op(obj("registration_id", "decide")),
    "events_feedback": op(obj("event_id", "change")),
    "events_request_list": op(signed_in, list_rows="host_request"),
    "events_request_submit": op(requester),
    "events_request_ranked": op(SECRETARIAT_REVIEWER),
    "events_request_get": op(obj("host_request_id")),
    "events_request_review": op(obj("host_request_id", "review")),
    "events_request_schedule": op(obj("host_request_id", "review")),
    "events_planner": op(SECRETARIAT_REVIEWER),
    "events_create": op(SECRETARIAT_REVIEWER),
    "events_registration_withdraw": op(obj("registration_id", "withdraw")),
    "events_registration_attendance": op(obj("registration_id", "decide")),
    "events_practices": op(EVENT, variants=VARIANTS),
    "events_practice_draft": op(obj("event_id", "draft")),
    "events_cancel": op(obj("event_id", "change")),
}


def build(world: Any) -> None:
    from chemsec.core.policy import SYSTEM
    from chemsec.events import services

    o, u, objects, m = world.orgs, world.users, world.objects, world.marker
    start = dt.date.today() + dt.timedelta(days=20)
    common = {"stage": "storage", "capacity": 10, "venue": "Geneva",
              "starts_on": start, "ends_on": start + dt.timedelta(days=1)}  # fmt: skip
    event = services.event_create(user=SYSTEM, title="Storage security workshop", **common)
    objects["event"] = event
    objects["event_network"] = services.event_create(
        user=SYSTEM, title=m("ZZEVENT-NETWORK", MEMBERS), confidentiality="network", **common
    )
    objects["event_restricted"] = services.event_create(
        user=SYSTEM, title=m("ZZEVENT-RESTRICTED", STATE), confidentiality="restricted",
        host=o["authority"], **common,
    )  # fmt: skip
    registration = services.participant_nominate(
        user=SYSTEM, event=event, organisation=o["authority"], participant=u["authority"],
        consent_listed=False,
    )  # fmt: skip
    services.registration_decide(user=SYSTEM, registration=registration, approve=True)
    past = dt.date.today() - dt.timedelta(days=3)
    services.event_update(user=SYSTEM, event=event, starts_on=past, ends_on=past)
    registration.refresh_from_db()
    objects["registration"] = services.attendance_mark(
        user=SYSTEM, registration=registration, attended=True
    )
    services.rapporteur_assign(user=SYSTEM, event=event, person=u["authority"])
    objects["host_request"] = services.host_request_submit(
        user=SYSTEM, organisation=o["authority"], topic="inventory_control", stage="storage",
        region="africa", proposed_start=start, proposed_end=start, expected_participants=20,
        support_asked=m("ZZHOST-SUPPORT", STATE),
    )  # fmt: skip


def _events(world: Any, n: int) -> None:
    """n more public events."""
    from chemsec.core.policy import SYSTEM
    from chemsec.events import services

    day = dt.date.today() + dt.timedelta(days=40)
    for i in range(n):
        services.event_create(
            user=SYSTEM, title=f"Event row {i}", stage="transport", capacity=5, online=True,
            starts_on=day, ends_on=day,
        )  # fmt: skip


def _requests(world: Any, n: int) -> None:
    """n more requests to host an event from Alpha (a network member), read by its owner."""
    from chemsec.core.policy import SYSTEM
    from chemsec.events import services

    day = dt.date.today() + dt.timedelta(days=60)
    for _ in range(n):
        services.host_request_submit(
            user=SYSTEM, organisation=world.orgs["alpha"], topic="transport_security",
            stage="transport", region="weog", proposed_start=day, proposed_end=day,
            expected_participants=10,
        )  # fmt: skip


ROWS = {"event": _events, "host_request": _requests}
