"""Demo assistance records: a request from Arcadia, one from Borealia, three experts."""

from __future__ import annotations

from django.db import transaction

from chemsec.assistance.models import AssistanceRequest, ExpertProfile
from chemsec.assistance.services import (
    expert_assign,
    expert_profile_save,
    request_file,
    request_triage,
)
from chemsec.core.models import Organisation, User

EXPERTS = [
    ("expert-amina", "Amina", "Diallo", ["management_governance", "inventory_control"],
     ["en", "fr"], "africa", "available"),
    ("expert-lucia", "Lucía", "Ferreira", ["transport_security", "distribution", "transport"],
     ["es", "pt", "en"], "latin_america", "limited"),
    ("expert-jonas", "Jonas", "Berg", ["information_cyber_security", "physical_protection"],
     ["en", "de"], "weog", "available"),
]  # fmt: skip

REQUESTS = [
    (
        "arcadia-admin",
        "National Authority of Arcadia",
        "Licensing and inspection of chemical facilities",
        "Arcadia is drafting regulations under its chemical weapons act. We need help to set "
        "up a register of facilities holding toxic chemicals and precursors, to decide which "
        "sites to inspect first, and to train our first inspectors.",
        "management_governance",
        "",
    ),
    (
        "borealia-admin",
        "National Authority of Borealia",
        "Securing road transport of toxic industrial chemicals",
        "Tankers of chlorine and other toxic gases cross Borealia from the port to inland "
        "plants. Drivers stop overnight in unguarded places and shipments are not tracked. "
        "We want a national approach to transport security plans and driver training.",
        "transport_security",
        "transport",
    ),
]


def _expert_user(username: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created:
        user.set_unusable_password()  # experts are contacted, they need not sign in here
        user.save()
    return user


@transaction.atomic
def populate() -> list[str]:
    reviewer = User.objects.get(username="secretariat-reviewer")
    for username, first, last, competencies, languages, region, availability in EXPERTS:
        if not ExpertProfile.objects.filter(user__username=username).exists():
            expert_profile_save(
                user=reviewer,
                expert=_expert_user(username, first, last),
                competencies=competencies,
                languages=languages,
                region=region,
                availability=availability,
            )
    filed = [_request(*spec) for spec in REQUESTS]
    _triage_first(reviewer, filed[1])
    return [
        "",
        f"Assistance: {len(filed)} requests (Arcadia, Borealia) and {len(EXPERTS)} experts; "
        "the secretariat triages them at /assistance/board/.",
    ]


def _request(
    username: str, organisation: str, title: str, need: str, measure: str, stage: str
) -> AssistanceRequest:
    existing: AssistanceRequest | None = AssistanceRequest.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return request_file(
        user=User.objects.get(username=username),
        organisation=Organisation.objects.get(name=organisation),
        title=title,
        need=need,
        measure_type=measure,
        stage=stage,
        priority="high",
    )


def _triage_first(reviewer: User, request: AssistanceRequest) -> None:
    if request.status != "received":
        return
    request_triage(user=reviewer, request=request, status="in_progress", note="Accepted.")
    expert = ExpertProfile.objects.get(user__username="expert-lucia")
    expert_assign(user=reviewer, request=request, expert=expert, role="Lead expert")
