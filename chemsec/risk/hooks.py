"""What the risk app registers with the apps below it, from `RiskConfig.ready`: the site
plan's risk-register and measures sections (protection), the register lines and measures
that go with a deleted scenario (facilities), and the lines a deleted diagram unlinks
(protection). Those apps never import this one.

Nothing here imports the science stack: Django starts without loading scipy.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop


def _plan_risks(facility: Any, user: Any) -> Any:
    # Built by the register, so each line says where its P_I comes from.
    from chemsec.risk.register import plan_risk_table

    return plan_risk_table(facility, user)


def _plan_measures(facility: Any, user: Any) -> Any:
    from chemsec.risk.models import Measure

    return Measure.objects.filter(entry__assessment__facility=facility)


def scenario_dependents(scenario: Any) -> dict[str, list[Any]]:
    """The measures and register lines deleted with a scenario, measures first (they hang
    off the lines): the facilities app deletes, and audits, each in that order."""
    from chemsec.risk.models import Measure, RiskEntry

    entries = RiskEntry.objects.filter(scenario=scenario).select_related("assessment")
    measures = Measure.objects.filter(entry__scenario=scenario).select_related("entry__assessment")
    return {"measures": list(measures), "entries": list(entries)}


def unlink_diagram(diagram: Any, actor: Any) -> None:
    """Register lines taking P_I from a diagram being deleted lose the link (and the version
    it came from), each an audited update; the P_I and where it came from stay."""
    from chemsec.core.writes import write_update
    from chemsec.risk.models import RiskEntry

    for entry in RiskEntry.objects.filter(protection_diagram=diagram):
        write_update(
            entry, actor=actor, values={"protection_diagram": None, "diagram_version": None}
        )


def register() -> None:
    from chemsec.facilities.threat_services import register_scenario_dependents
    from chemsec.protection.dependents import register_diagram_dependents
    from chemsec.protection.plan_sources import register_table

    register_table("risks", gettext_noop("Risk register"), order=60, fetch=_plan_risks)
    register_table(
        "measures", gettext_noop("Measures and schedule"), order=70, fetch=_plan_measures
    )
    register_scenario_dependents(scenario_dependents)
    register_diagram_dependents(unlink_diagram)
