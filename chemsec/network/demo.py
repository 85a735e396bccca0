"""Demo network: a dozen members of various kinds (one application waiting), working groups,
and the coordinating committee with two past meetings (published minutes, decisions, open
actions, one following an assistance request) and the next one with its drafted agenda.
Safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chemsec.assistance.models import AssistanceRequest
from chemsec.core.choices import OrganisationKind as Kind
from chemsec.core.choices import Region
from chemsec.core.models import Organisation
from chemsec.core.policy import SYSTEM
from chemsec.core.services import organisation_create
from chemsec.network import services
from chemsec.network.choices import Sensitivity, TargetKind
from chemsec.network.models import Committee, Meeting, NetworkMember

# Fictional bodies; real country codes so that the map shows them (the fictional States
# XA and XB are listed under the map as not drawn).
NEW_ORGANISATIONS = [
    ("Intergovernmental Chemicals Forum", Kind.INTERGOVERNMENTAL, "FR", Region.WEOG),
    ("Global Chemical Industry Association", Kind.INDUSTRY_ASSOCIATION, "BE", Region.WEOG),
    ("Chemical Distributors Association of the Americas", Kind.INDUSTRY_ASSOCIATION, "BR",
     Region.LATIN_AMERICA),
    ("UN Office for Chemical Security Support", Kind.UN_BODY, "CH", Region.WEOG),
    ("Regional CBRN Centre for Eastern and Central Africa", Kind.REGIONAL_CENTRE, "KE",
     Region.AFRICA),
    ("Regional CBRN Centre for South-East Asia", Kind.REGIONAL_CENTRE, "PH", Region.ASIA_PACIFIC),
    ("Safe Chemistry Network", Kind.IGO_NGO, "IN", Region.ASIA_PACIFIC),
    ("Institute for Chemical Security Studies", Kind.ACADEMIA, "PL", Region.EASTERN_EUROPE),
]  # fmt: skip

# name -> (steps, topics, focal point)
MEMBERS = {
    "National Authority of Arcadia": (["manufacture", "storage"], ["management_governance"],
                                      "Dr Amara Okoye"),
    "National Authority of Borealia": (["transport", "distribution"], ["transport_security"],
                                       "Ms Inés Salgado"),
    "Meridian Chemicals": (["manufacture", "storage"], ["physical_protection"], "Mr Kofi Mensah"),
    "University of Arcadia, Chemistry Department": (["research"], ["outreach_training"],
                                                    "Prof. Lina Haddad"),
    "Intergovernmental Chemicals Forum": (["manufacture", "transport", "waste"],
                                          ["management_governance"], "Mr Pierre Laurent"),
    "Global Chemical Industry Association": (["manufacture", "storage", "distribution"],
                                             ["personnel_security", "inventory_control"],
                                             "Ms Anke Peeters"),
    "Chemical Distributors Association of the Americas": (["distribution", "transport"],
                                                          ["inventory_control"],
                                                          "Mr João Ribeiro"),
    "UN Office for Chemical Security Support": (["end_use"], ["management_governance"],
                                                "Ms Sofia Brunner"),
    "Regional CBRN Centre for Eastern and Central Africa": (["storage", "waste"],
                                                            ["emergency_preparedness"],
                                                            "Dr Wanjiru Kamau"),
    "Regional CBRN Centre for South-East Asia": (["transport", "end_use"],
                                                 ["emergency_preparedness"], "Mr Jose Santos"),
    "Safe Chemistry Network": (["research", "end_use"], ["outreach_training"], "Ms Priya Nair"),
    "Institute for Chemical Security Studies": (["research", "waste"],
                                                ["information_cyber_security"],
                                                "Dr Marek Nowak"),
}  # fmt: skip
APPLICANT = ("Northgate Chemical Distribution", ["distribution"], ["inventory_control"],
             "Ms Hanna Berg")  # fmt: skip

SEATS = [
    ("National Authority of Arcadia", "Dr Amara Okoye"),
    ("National Authority of Borealia", "Ms Inés Salgado"),
    ("Intergovernmental Chemicals Forum", "Mr Pierre Laurent"),
    ("Global Chemical Industry Association", "Ms Anke Peeters"),
    ("UN Office for Chemical Security Support", "Ms Sofia Brunner"),
    ("Regional CBRN Centre for Eastern and Central Africa", "Dr Wanjiru Kamau"),
]


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _organisations() -> None:
    for name, kind, country, region in NEW_ORGANISATIONS:
        if not Organisation.objects.filter(name=name).exists():
            organisation_create(name=name, kind=kind, country=country, region=region, actor=SYSTEM)


def _members(joined: dt.date) -> None:
    for name, (stages, topics, focal) in MEMBERS.items():
        member = services.member_apply(
            user=SYSTEM,
            organisation=_org(name),
            stages=stages,
            topics=topics,
            focal_point_name=focal,
            focal_point_email=f"focal.point@{_org(name).slug}.example.org",
        )
        services.member_decide(user=SYSTEM, member=member, approve=True, joined=joined)
    name, stages, topics, focal = APPLICANT
    services.member_apply(
        user=SYSTEM,
        organisation=_org(name),
        stages=stages,
        topics=topics,
        focal_point_name=focal,
        motivation="We distribute chemicals across Borealia and want to share what we learn.",
    )
    convenors = {
        "transport": "National Authority of Borealia",
        "manufacture": "Global Chemical Industry Association",
        "waste": "Regional CBRN Centre for Eastern and Central Africa",
    }
    for stage, name in convenors.items():
        services.working_group_save(
            user=SYSTEM,
            stage=stage,
            mandate="Collect and review practices for this step; propose workshops.",
            convenor=NetworkMember.objects.get(organisation__name=name),
        )


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _meeting(committee: Committee, title: str, day: dt.date, place: str, url: str = "") -> Meeting:
    attendees = [_org(name) for name, _ in SEATS]
    return services.meeting_schedule(
        user=SYSTEM,
        committee=committee,
        title=title,
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        place=place,
        online_url=url,
        attendees=attendees,
    )


def _committee(today: dt.date) -> None:
    committee = services.committee_create(
        user=SYSTEM,
        name="Coordinating Committee",
        slug="coordinating-committee",
        mandate="Coordinates the network's work programme, workshops and assistance.",
    )
    for name, representative in SEATS:
        services.seat_add(
            user=SYSTEM,
            committee=committee,
            organisation=_org(name),
            representative=representative,
            start=today - dt.timedelta(days=200),
        )
    first_day = today - dt.timedelta(days=120)
    first = _meeting(committee, "First meeting of the Coordinating Committee", first_day, "Geneva")
    items = [
        ("Adoption of the agenda", Sensitivity.NETWORK),
        ("Work programme of the network", Sensitivity.NETWORK),
        ("National reports on thefts of precursors", Sensitivity.STATE_ONLY),
    ]
    made = [
        services.agenda_item_add(user=SYSTEM, meeting=first, title=t, sensitivity=s)
        for t, s in items
    ]
    services.decision_record(
        user=SYSTEM, meeting=first, item=made[1],
        text="The committee adopts the work programme with one workshop per life-cycle step.",
    )  # fmt: skip
    services.decision_record(
        user=SYSTEM, meeting=first, item=made[2],
        text="States exchange theft reports through national contact points only.",
    )  # fmt: skip
    request = _borealia_request()
    if request is not None:
        services.action_assign(
            user=SYSTEM, meeting=first, organisation=_org("Intergovernmental Chemicals Forum"),
            text="Answer Borealia's request for help with road transport security.",
            due=today - dt.timedelta(days=10), target_kind=TargetKind.ASSISTANCE_REQUEST,
            target_id=str(request.pk),
        )  # fmt: skip
    done = services.action_assign(
        user=SYSTEM, meeting=first, organisation=_org("Global Chemical Industry Association"),
        text="Circulate the industry survey on personnel security.",
        due=first_day + dt.timedelta(days=30),
    )  # fmt: skip
    services.action_set_status(user=SYSTEM, action=done, status="done")
    _minutes(
        first,
        "The committee met in Geneva; six members attended. It adopted the work "
        "programme and agreed how States exchange theft reports.",
        first_day,
    )

    second_day = today - dt.timedelta(days=30)
    second = _meeting(committee, "Second meeting of the Coordinating Committee", second_day,
                      "", "https://meet.example.org/ccc-2")  # fmt: skip
    services.agenda_draft(user=SYSTEM, meeting=second)
    services.agenda_item_add(user=SYSTEM, meeting=second, title="Workshop calendar for next year")
    services.decision_record(
        user=SYSTEM, meeting=second,
        text="The first workshop covers transport, hosted in the Americas.",
    )  # fmt: skip
    services.action_assign(
        user=SYSTEM, meeting=second, organisation=_org("National Authority of Borealia"),
        text="Propose dates and a venue for the transport workshop.",
        due=today + dt.timedelta(days=5),
    )  # fmt: skip
    services.action_assign(
        user=SYSTEM, meeting=second, organisation=_org("National Authority of Arcadia"),
        text="Share the national precursor theft figures with the other States.",
        due=today + dt.timedelta(days=20), sensitivity=Sensitivity.STATE_ONLY,
    )  # fmt: skip
    _minutes(
        second,
        "The committee met online. It chose transport for the first workshop "
        "and reviewed open actions.",
        second_day,
    )

    upcoming = _meeting(committee, "Third meeting of the Coordinating Committee",
                        today + dt.timedelta(days=30), "Nairobi")  # fmt: skip
    services.agenda_draft(user=SYSTEM, meeting=upcoming)


def _minutes(meeting: Meeting, text: str, day: dt.date) -> None:
    minutes = services.minutes_save(user=SYSTEM, meeting=meeting, text=text)
    services.minutes_advance(user=SYSTEM, minutes=minutes, comment_days=14, today=day)
    later = day + dt.timedelta(days=14)
    services.minutes_advance(user=SYSTEM, minutes=minutes, today=later)
    services.minutes_advance(user=SYSTEM, minutes=minutes, today=later)


def _borealia_request() -> AssistanceRequest | None:
    return AssistanceRequest.objects.filter(
        organisation__name="National Authority of Borealia"
    ).first()


@transaction.atomic
def populate() -> list[str]:
    if Committee.objects.exists():
        return ["Demo network already present."]
    today = timezone.localdate()
    _organisations()
    _members(today - dt.timedelta(days=365))
    _committee(today)
    active = NetworkMember.objects.filter(status="active").count()
    return [
        f"Demo network: {active} members, one application waiting, the Coordinating "
        "Committee with two past meetings and the next one's agenda drafted."
    ]
