"""Changing and removing threat profiles and scenarios; creating them is in `services`.

Every write is atomic, validated with `full_clean()` and audit-logged, like the create paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chemsec.core.choices import AuditAction
from chemsec.core.models import Organisation, User
from chemsec.core.services import object_unshare
from chemsec.facilities.auditing import apply_fields
from chemsec.facilities.models import THREAT_FIELDS, Scenario, ThreatProfile
from chemsec.facilities.services import record

# What goes with a deleted scenario, from the apps built on this one (they register in
# their AppConfig.ready, so this app imports none of them): each returns, by kind, the rows
# the database deletes with the scenario, with the changes each one's audit entry records.
# The risk app gives "measures" and "entries" (register lines), in that order.
Dependents = Callable[[Scenario], dict[str, list[tuple[Any, dict[str, Any]]]]]
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
def threat_update(*, threat: ThreatProfile, actor: User, **fields: Any) -> ThreatProfile:
    """Change a threat profile; scenarios built on it see the new ratings at once."""
    changed = apply_fields(threat, fields, THREAT_FIELDS)
    if not changed:
        return threat
    threat.full_clean()
    threat.save()
    record(threat, actor, AuditAction.UPDATE, threat.organisation, changed)
    return threat


def threat_delete_blockers(threat: ThreatProfile) -> models.QuerySet[Scenario]:
    """The scenarios, at any facility, that would lose their threat."""
    return threat.scenarios.select_related("facility")


@transaction.atomic
def threat_delete(*, threat: ThreatProfile, actor: User) -> None:
    """Remove a threat profile that no scenario uses.

    A scenario without its threat means nothing, and the scenarios may belong to other
    organisations (a national profile shared with operators), so deleting is refused rather
    than taking their scenarios and risk registers with it.
    """
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
    record(threat, actor, AuditAction.DELETE, threat.organisation, {"name": threat.name})
    threat.delete()


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


def visible_blockers(blockers: list[Scenario], user: Any) -> list[Scenario]:
    """The blocking scenarios at facilities the person may see: only those are named."""
    from chemsec.facilities.selectors import facilities_visible_to

    visible = set(facilities_visible_to(user).values_list("pk", flat=True))
    return [scenario for scenario in blockers if scenario.facility_id in visible]


def _unshare_refusal(blockers: list[Scenario], actor: User) -> str:
    """Why the share stays, naming only the scenarios at facilities the actor may see."""
    names = [f"{s.name} ({s.facility.name})" for s in visible_blockers(blockers, actor)]
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
    actor: User,
    organisations: list[Organisation] | None = None,
    users: list[User] | None = None,
) -> ThreatProfile:
    """Revoke shares of a threat profile, unless a recipient's scenarios still use it.

    A scenario shows its threat's name and ratings to everyone who sees the facility, and
    follows later edits, so revoking under a scenario would not cut what the recipient sees.
    """
    blockers = list(threat_unshare_blockers(threat, organisations or []))
    if blockers:
        raise ValidationError(_unshare_refusal(blockers, actor))
    object_unshare(obj=threat, actor=actor, organisations=organisations, users=users)
    return threat


@transaction.atomic
def scenario_update(*, scenario: Scenario, actor: User, **fields: Any) -> Scenario:
    changed = apply_fields(scenario, fields, SCENARIO_FIELDS)
    if not changed:
        return scenario
    scenario.full_clean()
    scenario.save()
    record(scenario, actor, AuditAction.UPDATE, scenario.facility.organisation, changed)
    return scenario


def _dependents(scenario: Scenario) -> dict[str, list[tuple[Any, dict[str, Any]]]]:
    found: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
    for find in SCENARIO_DEPENDENTS:
        for kind, rows in find(scenario).items():
            found.setdefault(kind, []).extend(rows)
    return found


def _effects(dependents: dict[str, list[tuple[Any, dict[str, Any]]]]) -> dict[str, Any]:
    found = {kind: [obj for obj, _changes in rows] for kind, rows in dependents.items()}
    return {"entries": [], "measures": []} | found


def scenario_delete_effects(scenario: Scenario) -> dict[str, Any]:
    """What goes with a scenario, by kind: its lines in risk registers and their measures."""
    return _effects(_dependents(scenario))


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor: User) -> dict[str, Any]:
    """Delete a scenario with its risk-register lines and their measures, each audit-logged.

    A register line rates one scenario and means nothing without it; the confirmation page
    lists what goes (`scenario_delete_effects`) and the audit trail keeps a record of each.
    """
    dependents = _dependents(scenario)
    org = scenario.facility.organisation
    for rows in dependents.values():
        for obj, row_changes in rows:
            record(obj, actor, AuditAction.DELETE, org, row_changes)
    effects = _effects(dependents)
    changes = {
        "name": scenario.name,
        "threat": scenario.threat.name,
        "risk_entries": len(effects["entries"]),
        "measures": len(effects["measures"]),
    }
    record(scenario, actor, AuditAction.DELETE, org, changes)
    scenario.delete()
    return effects
