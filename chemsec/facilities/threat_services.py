"""Changing and removing threat profiles and scenarios; creating them is in `services`.

Every service asks the policy first and writes through `chemsec.core.writes` (atomic,
validated with `full_clean()`, audited as {field: [old, new]}), like the create paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, AnyUser, require
from chemsec.core.writes import write_delete, write_unshare, write_update
from chemsec.facilities.models import THREAT_FIELDS, Scenario, ThreatProfile
from chemsec.facilities.services import check_threat_usable

# What goes with a deleted scenario, from the apps built on this one (they register in
# their AppConfig.ready, so this app imports none of them): each returns, by kind, the rows
# the database would delete with the scenario; each is deleted (and audited) first.
# The risk app gives "measures" and "entries" (register lines), in that order.
Dependents = Callable[[Scenario], dict[str, list[models.Model]]]
SCENARIO_DEPENDENTS: list[Dependents] = []


def register_scenario_dependents(find: Dependents) -> None:
    if find not in SCENARIO_DEPENDENTS:
        SCENARIO_DEPENDENTS.append(find)


SCENARIO_FIELDS = (
    "name",
    "threat",
    "goal",
    "chemical_key",
    "chemical_name",
    "area",
    "description",
)


@transaction.atomic
def threat_update(*, threat: ThreatProfile, actor: Actor, **fields: Any) -> ThreatProfile:
    """Change a threat profile; scenarios built on it see the new ratings at once."""
    require(actor, "threat.change", threat)
    values = {key: value for key, value in fields.items() if key in THREAT_FIELDS}
    return write_update(threat, actor=actor, values=values)


def threat_delete_blockers(threat: ThreatProfile) -> models.QuerySet[Scenario]:
    """The scenarios, at any facility, that would lose their threat."""
    return threat.scenarios.select_related("facility")


@transaction.atomic
def threat_delete(*, threat: ThreatProfile, actor: Actor) -> None:
    """Remove a threat profile that no scenario uses.

    A scenario without its threat means nothing, and the scenarios may belong to other
    organisations (a national profile shared with operators), so deleting is refused rather
    than taking their scenarios and risk registers with it.
    """
    require(actor, "threat.delete", threat)
    used = threat_delete_blockers(threat).count()
    if used:
        raise ValidationError(
            ngettext(
                "%(count)d scenario uses this threat profile; change or delete it first.",
                "%(count)d scenarios use this threat profile; change or delete them first.",
                used,
            )
            % {"count": used}
        )
    write_delete(threat, actor=actor)


def threat_unshare_blockers(
    threat: ThreatProfile, organisations: list[Organisation]
) -> models.QuerySet[Scenario]:
    """The scenarios at the organisations' facilities that use the threat through its share.

    Only an organisation share makes a threat usable in scenarios (`threats_for_facility`),
    so a share with a named person never blocks; the owner's own facilities use it by right.
    """
    return (
        threat.scenarios.filter(facility__organisation__in=organisations)
        .exclude(facility__organisation=threat.organisation_id)
        .select_related("facility")
        .order_by("facility__name", "name")
    )


def visible_blockers(blockers: list[Scenario], user: AnyUser) -> list[Scenario]:
    """The blocking scenarios at facilities the person may see: only those are named."""
    from chemsec.facilities.selectors import facilities_visible_to

    visible = set(facilities_visible_to(user).values_list("pk", flat=True))
    return [scenario for scenario in blockers if scenario.facility_id in visible]


def _unshare_refusal(blockers: list[Scenario], actor: Actor) -> str:
    """Why the share stays, naming only the scenarios at facilities the actor may see."""
    shown = visible_blockers(blockers, actor) if isinstance(actor, User) else []
    names = [f"{s.name} ({s.facility.name})" for s in shown]
    text = ngettext(
        "%(count)d scenario at the recipient's facilities uses this threat profile; it must "
        "be changed to another threat or deleted before the share can be revoked.",
        "%(count)d scenarios at the recipient's facilities use this threat profile; they must "
        "be changed to another threat or deleted before the share can be revoked.",
        len(blockers),
    ) % {"count": len(blockers)}
    if names:
        text += " " + _("Those you can see: %(names)s.") % {"names": "; ".join(names)}
    return text


@transaction.atomic
def threat_unshare(
    *,
    threat: ThreatProfile,
    actor: Actor,
    organisations: list[Organisation] | None = None,
    users: list[User] | None = None,
) -> ThreatProfile:
    """Revoke shares of a threat profile, unless a recipient's scenarios still use it.

    A scenario shows its threat's name and ratings to everyone who sees the facility, and
    follows later edits, so revoking under a scenario would not cut what the recipient sees.
    """
    require(actor, "threat.unshare", threat)
    blockers = list(threat_unshare_blockers(threat, organisations or []))
    if blockers:
        raise ValidationError(_unshare_refusal(blockers, actor))
    return write_unshare(threat, actor=actor, organisations=organisations or [], users=users or [])


@transaction.atomic
def scenario_update(*, scenario: Scenario, actor: Actor, **fields: Any) -> Scenario:
    """Change a scenario; a new threat must be one usable at the site (its current threat
    stays allowed even if it is no longer shared)."""
    require(actor, "facility.change", scenario.facility)
    values = {key: value for key, value in fields.items() if key in SCENARIO_FIELDS}
    threat = values.get("threat")
    if threat is not None and threat.pk != scenario.threat_id:
        check_threat_usable(actor, scenario.facility, threat)
    return write_update(scenario, actor=actor, values=values)


def _dependents(scenario: Scenario) -> dict[str, list[models.Model]]:
    found: dict[str, list[models.Model]] = {}
    for find in SCENARIO_DEPENDENTS:
        for kind, rows in find(scenario).items():
            found.setdefault(kind, []).extend(rows)
    return found


def _effects(dependents: dict[str, list[models.Model]]) -> dict[str, list[models.Model]]:
    return {"entries": [], "measures": []} | dependents


def scenario_delete_effects(scenario: Scenario) -> dict[str, list[models.Model]]:
    """What goes with a scenario, by kind: its lines in risk registers and their measures."""
    return _effects(_dependents(scenario))


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor: Actor) -> dict[str, list[models.Model]]:
    """Delete a scenario with its risk-register lines and their measures, each audit-logged.

    A register line rates one scenario and means nothing without it; the confirmation page
    lists what goes (`scenario_delete_effects`) and the audit trail keeps a record of each,
    in the order they go (measures, then lines, then the scenario).
    """
    require(actor, "facility.change", scenario.facility)
    dependents = _dependents(scenario)
    for rows in dependents.values():
        for obj in rows:
            write_delete(obj, actor=actor)
    write_delete(scenario, actor=actor)
    return _effects(dependents)
