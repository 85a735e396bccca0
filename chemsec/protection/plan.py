"""The site security plan: one structure, one template, rendered as a page and as a PDF.

The profile, protection evaluation and consequence estimates are built here; the table
sections (chemicals of interest, threats, scenarios, and those other apps register, such
as the risk register and its measures) come from the registry in `plan_sources`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.models import User
from chemsec.core.numbers import number, quantity, signed, unit
from chemsec.facilities.models import Facility
from chemsec.protection.evaluation import Evaluation, evaluate
from chemsec.protection.plan_sources import SOURCES, facility_table
from chemsec.protection.selectors import diagrams_visible_to, estimates_visible_to


@dataclass
class DiagramBox:
    """One element of a diagram as the PDF draws it (boxes in HTML, so that every script
    is shaped): its name, its P(D) and delay, and whether it is on the path."""

    name: str
    detail: str
    on_path: bool


@dataclass
class Block:
    """One piece of a section: text, facts, a table or a figure. A figure is ``svg`` on the
    page; in the PDF a diagram is ``layers`` of boxes and a footprint is ``print_svg`` (the
    drawing without its words) above ``captions``."""

    kind: str  # paragraph | facts | table | diagram | footprint | map
    text: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    svg: str = ""
    layers: list[tuple[str, list[DiagramBox]]] = field(default_factory=list)
    print_svg: str = ""
    captions: list[str] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Plan:
    facility: Facility
    marking: str
    generated_at: Any
    generated_for: str
    sections: list[Section]


def marking_for(facility: Facility) -> str:
    level = facility.get_confidentiality_display().upper()
    return _("%(level)s · %(org)s · need-to-know security information; do not forward") % {
        "level": level,
        "org": facility.organisation.name,
    }


def _profile(facility: Facility) -> Section:
    facts = [
        (_("Organisation"), facility.organisation.name),
        (_("Type"), facility.get_facility_type_display()),
        (_("Country"), facility.country),
        (_("Operating hours"), facility.operating_hours or "—"),
        (_("Nearby population"), number(facility.nearby_population)),
        (_("Population density"), facility.get_population_density_display() or "—"),
        (_("Emergency contact"), facility.emergency_contact or "—"),
    ]
    return Section("profile", _("Facility profile"), blocks=[Block("facts", facts=facts)])


def _table_section(facility: Facility, user: User, key: str) -> Section:
    title, (headers, rows) = facility_table(key, facility, user)
    if not rows:
        return Section(key, title, blocks=[Block("paragraph", text=_("None recorded."))])
    return Section(key, title, blocks=[Block("table", headers=headers, rows=rows)])


def diagram_blocks(evaluation: Evaluation, name: str) -> list[Block]:
    r = evaluation.result
    cdp = r.critical_detection_point
    facts = [
        (_("Diagram"), name),
        (_("P(I), most vulnerable path"), number(r.p_interruption, 6)),
        (_("P(N)"), number(evaluation.p_neutralisation, 3)),
        (_("P(E) = P(I) × P(N)"), number(evaluation.payload["p_effectiveness"], 6)),
        (_("Most vulnerable path"), " → ".join(t.name for t in r.tasks)),
        (_("Critical detection point"), f"{cdp['layer']}: {cdp['element']}" if cdp else _("none")),
    ]
    rows = [
        [row.layer, row.element, number(row.p_detection, 2), number(row.delay_mean, 0),
         signed(row.delta_p_i_detection, 4), signed(row.delta_p_i_delay, 4)]
        for row in r.sensitivity
    ]  # fmt: skip
    headers = [
        _("Layer"),
        _("Element"),
        _("P(D)"),
        _("Delay (s)").replace("(s)", f"({unit('s')})"),
        # the messages' numbers and unit as the reader writes them ("+0,1", "+30 с")
        _("ΔP(I), +0.1 P(D)").replace("0.1", number(0.1)),
        _("ΔP(I), +30 s").replace("30 s", quantity(30, "s")),
    ]
    return [
        Block("facts", facts=facts),
        Block("table", headers=headers, rows=rows),
        Block("diagram", svg=evaluation.svg, layers=diagram_layers(evaluation)),
    ]


def diagram_layers(evaluation: Evaluation) -> list[tuple[str, list[DiagramBox]]]:
    """The diagram's layers and elements, the path marked, for the PDF."""
    choice = evaluation.result.choice
    detail = _("P(D) %(p_d)s · delay %(delay)s s")

    def box(k: int, i: int, name: str, p_d: float, delay: float) -> DiagramBox:
        text = detail % {"p_d": number(p_d, 2), "delay": number(delay, 0)}
        return DiagramBox(name, text, choice[k] == i)

    return [
        (
            layer.name,
            [
                box(k, i, element.name, element.p_detection, element.delay_mean)
                for i, element in enumerate(layer.elements)
            ],
        )
        for k, layer in enumerate(evaluation.diagram.layers)
    ]


def _protection(facility: Facility, user: User) -> Section:
    blocks: list[Block] = []
    for diagram in diagrams_visible_to(user).filter(facility=facility):
        blocks += diagram_blocks(evaluate(diagram.document, diagram.p_neutralisation), diagram.name)
    if not blocks:
        blocks = [Block("paragraph", text=_("No protection diagram you may see."))]
    return Section("protection", _("Protection evaluation"), blocks=blocks)


def estimate_blocks(estimate: Any) -> list[Block]:
    from chemsec.protection.presenters import (
        estimate_facts,
        estimate_map,
        estimate_map_captions,
        footprint,
        footprint_caption_lines,
    )

    svg = footprint(estimate)
    blocks = [Block("facts", facts=estimate_facts(estimate))]
    if svg:
        blocks.append(
            Block(
                "footprint",
                svg=svg,
                print_svg=footprint(estimate, captions=False),
                captions=footprint_caption_lines(estimate),
            )
        )
    drawn = estimate_map(estimate)
    if drawn:  # around the facility's coordinates, when it has them
        blocks.append(
            Block(
                "map",
                svg=drawn,
                print_svg=estimate_map(estimate, labels=False),
                captions=estimate_map_captions(estimate),
            )
        )
    return blocks


def _consequences(facility: Facility, user: User) -> Section:
    blocks: list[Block] = []
    for estimate in estimates_visible_to(user).filter(facility=facility):
        blocks += estimate_blocks(estimate)
    if not blocks:
        blocks = [Block("paragraph", text=_("No consequence estimate you may see."))]
    return Section("consequences", _("Consequence estimates"), blocks=blocks)


# Where the sections built here stand among the registered table sections (`order`).
FIXED_ORDER = {"profile": 0, "protection": 40, "consequences": 50}


def build_plan(*, facility: Facility, user: User) -> Plan:
    """Every section, with only what ``user`` may see."""
    built = {
        "profile": lambda: _profile(facility),
        "protection": lambda: _protection(facility, user),
        "consequences": lambda: _consequences(facility, user),
    }
    order = FIXED_ORDER | {key: source.order for key, source in SOURCES.items()}
    sections = [
        built[key]() if key in built else _table_section(facility, user, key)
        for key in sorted(order, key=lambda k: order[k])
    ]
    return Plan(facility, marking_for(facility), timezone.now(), user.get_username(), sections)
