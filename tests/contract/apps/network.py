"""Network: Alpha and the authority are members; Beta has applied (its application is
Beta's and the secretariat's). The committee's records are the network's: Alpha's people,
the authority and the secretariat see them; State-only items only the authority (a
government) and the secretariat. The directory and a member's page are public."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.contract.expectations import (
    ADMIN,
    SECRETARIAT_REVIEWER,
    network,
    obj,
    op,
    page,
    public,
)
from tests.contract.world import ALPHA_MEMBERS, PERSONA_KEYS, SECRETARIAT

EVERYONE = set(PERSONA_KEYS)
PARTICIPANTS = ALPHA_MEMBERS | {"authority"} | SECRETARIAT
GOVERNMENTS = {"authority"} | SECRETARIAT
BETA = {"outsider", "dual_session", "dual_token"}

ACCESS = {
    "network_member": {
        "view": EVERYONE,
        "change": {"owner", "unverified"} | SECRETARIAT,
        "decide": SECRETARIAT,
    },
    "network_application": {
        "view": BETA | SECRETARIAT,
        "change": {"outsider"} | SECRETARIAT,
        "decide": SECRETARIAT,
    },
    "committee": {"view": PARTICIPANTS, "manage": SECRETARIAT},
    "meeting": {"view": PARTICIPANTS, "change": SECRETARIAT},
    "agenda_item": {"view": PARTICIPANTS},
    "state_item": {"view": GOVERNMENTS},
    # Circulated to the attendees (Alpha and the authority); the secretariat may comment too.
    "minutes": {"view": PARTICIPANTS, "comment": PARTICIPANTS, "advance": SECRETARIAT},
    "committee_action": {
        "view": PARTICIPANTS,
        "update": {"owner", "contributor", "unverified"} | SECRETARIAT,
    },
}
OBJECT_PARAMS = {
    "network_member_id": "network_member",
    "committee_id": "committee",
    "meeting_id": "meeting",
    "agenda_item_id": "agenda_item",
    "minutes_id": "minutes",
    "committee_action_id": "committee_action",
}

MEMBER = obj("network_member_id")
MEETING_CHANGE = obj("meeting_id", "change")
PAGES = {
    "network:directory": page(public, list_rows="network_member"),
    "network:member": page(
        MEMBER, variants={"application": {"network_member_id": "network_application"}}
    ),
    "network:member_edit": page(
        obj("network_member_id", "change"), obj("network_member_id", "change")
    ),
    "network:decide": page(post=obj("network_member_id", "decide")),
    "network:leave": page(post=obj("network_member_id", "change")),
    "network:apply": page(ADMIN, ADMIN),
    "network:applications": page(SECRETARIAT_REVIEWER),
    "network:coverage": page(network),
    "network:working_groups": page(network),
    "network:working_group_save": page(post=SECRETARIAT_REVIEWER),
    "network:committee": page(obj("committee_id")),
    "network:meeting_new": page(post=obj("committee_id", "manage")),
    "network:seat_add": page(post=obj("committee_id", "manage")),
    # The token names no one: a forged feed address answers 404 to everyone.
    "network:calendar_feed": page(public, ok={404}),
    "network:export": page(obj("committee_id"), params={"kind": "actions"}),
    "network:meeting": page(obj("meeting_id")),
    "network:meeting_ics": page(obj("meeting_id")),
    "network:attendees": page(post=MEETING_CHANGE),
    "network:meeting_cancel": page(post=MEETING_CHANGE),
    "network:item_add": page(post=MEETING_CHANGE),
    "network:agenda_draft": page(post=MEETING_CHANGE),
    "network:minutes_save": page(post=MEETING_CHANGE),
    "network:decision_add": page(post=MEETING_CHANGE),
    "network:action_add": page(post=MEETING_CHANGE),
    "network:item_document": page(
        obj("agenda_item_id"), variants={"state": {"agenda_item_id": "state_item"}}
    ),
    "network:minutes_advance": page(post=obj("minutes_id", "advance")),
    "network:minutes_comment": page(post=obj("minutes_id", "comment")),
    "network:action_status": page(post=obj("committee_action_id", "update")),
}
OPERATIONS = {
    "network_member_list": op(public, list_rows="network_member"),
    "network_member_get": op(
        MEMBER, variants={"application": {"network_member_id": "network_application"}}
    ),
    "network_apply": op(ADMIN),
    "network_member_decide": op(obj("network_member_id", "decide")),
    "network_coverage": op(network),
    "network_meeting_list": op(obj("committee_id"), list_rows="committee_meeting"),
    "network_meeting_get": op(obj("meeting_id")),
    "network_action_list": op(obj("committee_id"), list_rows="committee_meeting"),
    "network_action_status": op(obj("committee_action_id", "update")),
    "network_minutes_advance": op(obj("minutes_id", "advance")),
    "network_minutes_comment": op(obj("minutes_id", "comment")),
}


def build(world: Any) -> None:
    from chemsec.core.policy import SYSTEM
    from chemsec.network import services
    from chemsec.network.choices import Sensitivity

    o, objects, m = world.orgs, world.objects, world.marker
    for key in ("alpha", "authority"):
        member = services.member_apply(
            user=SYSTEM, organisation=o[key], stages=["storage"], topics=[],
            focal_point_name="Focal Point",
        )  # fmt: skip
        services.member_decide(user=SYSTEM, member=member, approve=True)
    objects["network_member"] = member.__class__.objects.get(organisation=o["alpha"])
    objects["network_application"] = services.member_apply(
        user=SYSTEM, organisation=o["beta"], stages=["distribution"], topics=[],
        focal_point_name="Beta Focal", motivation=m("ZZAPPLY-MOTIVATION", BETA | SECRETARIAT),
    )  # fmt: skip
    committee = services.committee_create(user=SYSTEM, name="Coordinating Committee", slug="ccc")
    objects["committee"] = committee
    start = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    meeting = services.meeting_schedule(
        user=SYSTEM, committee=committee, title=m("ZZNETWORK-MEETING", PARTICIPANTS),
        starts_at=start, ends_at=start + dt.timedelta(hours=3), place="Geneva",
        attendees=[o["alpha"], o["authority"]],
    )  # fmt: skip
    objects["meeting"] = meeting
    objects["agenda_item"] = services.agenda_item_add(
        user=SYSTEM, meeting=meeting, title="Work programme",
        document=SimpleUploadedFile("programme.txt", b"work programme"),
    )  # fmt: skip
    objects["state_item"] = services.agenda_item_add(
        user=SYSTEM, meeting=meeting, title=m("ZZSTATE-ITEM", GOVERNMENTS),
        sensitivity=Sensitivity.STATE_ONLY,
        document=SimpleUploadedFile("reports.txt", b"national reports"),
    )  # fmt: skip
    services.decision_record(
        user=SYSTEM, meeting=meeting, text=m("ZZSTATE-DECISION", GOVERNMENTS),
        sensitivity=Sensitivity.STATE_ONLY,
    )  # fmt: skip
    objects["committee_action"] = services.action_assign(
        user=SYSTEM, meeting=meeting, organisation=o["alpha"], text="Survey the members",
        due=dt.date(2026, 4, 1),
    )  # fmt: skip
    services.action_assign(
        user=SYSTEM, meeting=meeting, organisation=o["authority"],
        text=m("ZZSTATE-ACTION", GOVERNMENTS), due=dt.date(2026, 4, 1),
        sensitivity=Sensitivity.STATE_ONLY,
    )  # fmt: skip
    minutes = services.minutes_save(user=SYSTEM, meeting=meeting, text="The committee met.")
    objects["minutes"] = services.minutes_advance(user=SYSTEM, minutes=minutes, comment_days=90)


def _members(world: Any, n: int) -> None:
    """n more current members (the directory and the members API list them)."""
    from chemsec.core.choices import OrganisationKind
    from chemsec.core.policy import SYSTEM
    from chemsec.core.services import organisation_create
    from chemsec.network import services

    for i in range(n):
        org = organisation_create(
            name=f"Network row {i}", kind=OrganisationKind.ACADEMIA, country="KE", actor=SYSTEM
        )
        member = services.member_apply(
            user=SYSTEM, organisation=org, stages=["research"], topics=[], focal_point_name="F"
        )
        services.member_decide(user=SYSTEM, member=member, approve=True)


def _meetings(world: Any, n: int) -> None:
    """n more meetings of the committee, each with an action for Alpha."""
    from chemsec.core.policy import SYSTEM
    from chemsec.network import services

    start = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    for i in range(n):
        meeting = services.meeting_schedule(
            user=SYSTEM, committee=world.objects["committee"], title=f"Meeting row {i}",
            starts_at=start + dt.timedelta(days=i), ends_at=start + dt.timedelta(days=i, hours=2),
            place="Online",
        )  # fmt: skip
        services.action_assign(
            user=SYSTEM, meeting=meeting, organisation=world.orgs["alpha"], text=f"Row {i}",
            due=dt.date(2026, 6, 1),
        )  # fmt: skip


ROWS = {"network_member": _members, "committee_meeting": _meetings}
