"""Facility writes: sites, areas, contacts, sharing, threats and scenarios.

Every service asks the policy first (`require`), whatever its caller checked, and writes
through `chemsec.core.writes`, which audits each write as {field: [old, new]}. A site's
parts (areas, contacts, scenarios) are changed by whoever may change the site.
Changing and deleting threats and scenarios is in `threat_services`; inventory imports in
`inventory`; risk registers in `chemsec.risk`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chemsec.core.choices import Confidentiality
from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, NotVisible, can, require
from chemsec.core.writes import write_create, write_share, write_unshare, write_update
from chemsec.facilities.models import Area, EmergencyContact, Facility, Scenario, ThreatProfile
from chemsec.facilities.selectors import threats_usable_at

FACILITY_FIELDS = (
    "name",
    "facility_type",
    "country",
    "latitude",
    "longitude",
    "operating_hours",
    "nearby_population",
    "population_density",
    "emergency_contact",
)


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


@transaction.atomic
def facility_create(
    *, organisation: Organisation, name: str, actor: Actor, **fields: Any
) -> Facility:
    """Register a site; it starts restricted, because its vulnerabilities are need-to-know."""
    require(actor, "facility.create", organisation)
    fields.setdefault("confidentiality", Confidentiality.RESTRICTED)
    return write_create(Facility(organisation=organisation, name=name, **fields), actor=actor)


@transaction.atomic
def facility_update(*, facility: Facility, actor: Actor, **fields: Any) -> Facility:
    """Change a site's profile; only the profile's fields are taken from `fields`."""
    require(actor, "facility.change", facility)
    values = {key: value for key, value in fields.items() if key in FACILITY_FIELDS}
    return write_update(facility, actor=actor, values=values)


@transaction.atomic
def facility_share(
    *,
    facility: Facility,
    actor: Actor,
    organisations: list[Organisation] | None = None,
    users: list[User] | None = None,
) -> Facility:
    """Share a site with a national authority or named people; read-only, audit-logged."""
    require(actor, "facility.share", facility)
    return write_share(facility, actor=actor, organisations=organisations or [], users=users or [])


@transaction.atomic
def facility_unshare(
    *,
    facility: Facility,
    actor: Actor,
    organisations: list[Organisation] | None = None,
    users: list[User] | None = None,
) -> Facility:
    """Revoke shares of a site: the former recipients lose it, and the plans they exported
    from it (a download asks the policy about the site again)."""
    require(actor, "facility.unshare", facility)
    return write_unshare(
        facility, actor=actor, organisations=organisations or [], users=users or []
    )


@transaction.atomic
def area_create(*, facility: Facility, name: str, actor: Actor, description: str = "") -> Area:
    require(actor, "facility.change", facility)
    return write_create(Area(facility=facility, name=name, description=description), actor=actor)


@transaction.atomic
def area_get_or_create(*, facility: Facility, name: str, actor: Actor) -> Area:
    require(actor, "facility.change", facility)
    existing = facility.areas.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return write_create(Area(facility=facility, name=name), actor=actor)


@transaction.atomic
def contact_create(
    *, facility: Facility, actor: Actor, name: str, **fields: Any
) -> EmergencyContact:
    require(actor, "facility.change", facility)
    return write_create(EmergencyContact(facility=facility, name=name, **fields), actor=actor)


@transaction.atomic
def threat_create(
    *, organisation: Organisation, actor: Actor, facility: Facility | None = None, **fields: Any
) -> ThreatProfile:
    """A design-basis threat profile of `organisation` (or of one of its facilities);
    restricted, as threat assessments are need-to-know."""
    require(actor, "threat.create", organisation)
    if facility is not None:
        require(actor, "facility.change", facility)
        if facility.organisation_id != organisation.pk:
            raise ValidationError({"facility": _("The facility belongs to another organisation.")})
    fields.setdefault("confidentiality", Confidentiality.RESTRICTED)
    threat = ThreatProfile(organisation=organisation, facility=facility, **fields)
    return write_create(threat, actor=actor)


@transaction.atomic
def threat_share(
    *, threat: ThreatProfile, actor: Actor, facilities: list[Facility]
) -> ThreatProfile:
    """Share an authority's threat profile with facilities: with their operators, read-only.

    The share is the threat's (its sharers decide); the facilities only name the operators,
    so they need not be ones the actor sees (the page offers those it does)."""
    require(actor, "threat.share", threat)
    operators = list({f.organisation_id: f.organisation for f in facilities}.values())
    return write_share(threat, actor=actor, organisations=operators)


def check_threat_usable(actor: Actor, facility: Facility, threat: ThreatProfile) -> None:
    """A scenario's threat: one the actor may see, and usable at the facility (its own, or
    a national one of its operator or shared with it); NotVisible or ValidationError."""
    if not can(actor, "threat.view", threat):
        raise NotVisible
    if not threats_usable_at(facility).filter(pk=threat.pk).exists():
        raise ValidationError({"threat": _("This threat profile cannot be used at this site.")})


@transaction.atomic
def scenario_create(
    *,
    facility: Facility,
    actor: Actor,
    name: str,
    threat: ThreatProfile,
    goal: str,
    **fields: Any,
) -> Scenario:
    require(actor, "facility.change", facility)
    check_threat_usable(actor, facility, threat)
    scenario = Scenario(
        facility=facility, name=name, threat=threat, goal=goal, created_by=_user(actor), **fields
    )
    return write_create(scenario, actor=actor)
