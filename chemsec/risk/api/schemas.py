"""What the risk endpoints take and answer: registers (entries, measures, their
protection) and the national roll-up."""

from uuid import UUID

from ninja import Field, Schema

from chemsec.core import limits
from chemsec.core.api_schemas import InSchema
from chemsec.facilities.models import ThreatProfile
from chemsec.risk.models import RiskMethod


class AssessmentIn(InSchema):
    name: str
    method: RiskMethod


class EntryChangeIn(InSchema):
    """A register line's ratings and diagram link; its scenario stays.

    With ``protection_diagram_id``, P_I is the EASI P(I) of that diagram's latest version
    (a typed P_I is ignored); null unlinks it; left out, the link stays as it is.
    """

    p_attack: float | None = None
    protection_diagram_id: UUID | None = None
    p_interruption: float | None = None
    p_neutralisation: float | None = None
    consequence: float | None = None
    inherent_likelihood: int | None = None
    inherent_consequence: int | None = None
    current_likelihood: int | None = None
    current_consequence: int | None = None
    rationale: limits.Note = ""


class EntryIn(EntryChangeIn):
    scenario_id: UUID


class ProtectionChangeIn(InSchema):
    """New values for one path element of the risk's protection diagram."""

    layer: str = ""
    element: str
    p_detection: float | None = None
    delay_mean: float | None = None
    delay_sd: float | None = None


class MeasureChangeIn(InSchema):
    """A measure's fields; its risk stays. ``protection_changes`` left out (or null) keeps
    the measure's changes; setting them needs the caller to see the risk's diagram."""

    title: str
    practice_urns: list[str] = []
    rbps_topics: list[int] = []
    owner: str = ""
    cost: limits.Money = 0
    due_date: limits.PlanningDate | None = None
    status: str = "proposed"
    proposed_p_interruption: float | None = None
    proposed_likelihood: int | None = None
    proposed_consequence: int | None = None
    protection_changes: list[ProtectionChangeIn] | None = None


class MeasureIn(MeasureChangeIn):
    scenario_id: UUID


class RatingOut(Schema):
    """One stage of a risk: a number (quantitative) or a matrix cell."""

    value: float | None
    likelihood: int
    consequence: int
    level: str


class WhatIfOut(Schema):
    """Today's risk beside the risk with one measure; P_I and P_E for a quantitative one."""

    before: RatingOut
    after: RatingOut
    reduction: float
    per_cost: float | None
    source: str | None = None
    p_interruption_before: float | None = None
    p_interruption_after: float | None = None
    p_effectiveness_before: float | None = None
    p_effectiveness_after: float | None = None


class EffectPartOut(Schema):
    label: str
    before: str
    after: str


class EffectOut(Schema):
    layer: str
    element: str
    parts: list[EffectPartOut]


class ProtectionOut(Schema):
    """Where a P_I comes from (a risk's) or what a measure's changes do to it. Diagram
    names, paths and errors naming elements only for those who may see the diagram."""

    kind: str | None = None
    p_interruption: float | None = None
    error: str | None = None
    details: bool | None = None
    diagram: str | None = None
    version: int | None = None
    current_version: int | None = None
    linked: bool | None = None
    stale: bool | None = None
    outdated: bool | None = None
    path: str | None = None
    cdp: str | None = None
    proven_minimum: bool | None = None
    effects: list[EffectOut] | None = None
    path_moved: bool | None = None


class ProtectionChangeOut(Schema):
    """New values for one path element of the risk's protection diagram."""

    layer: str
    element: str
    p_detection: float | None = None
    delay_mean: float | None = None
    delay_sd: float | None = None


class MeasureOut(Schema):
    id: str
    title: str
    status: str
    cost: float
    practice_urns: list[str]
    rbps_topics: list[int]
    proposed_p_interruption: float | None
    protection_changes: list[ProtectionChangeOut]
    what_if: WhatIfOut | None
    protection: ProtectionOut | None
    error: str = Field(
        "", description="Why the what-if cannot be worked out from the stored values, if so"
    )


class EntryOut(Schema):
    id: str
    scenario_id: str
    scenario: str
    p_attack: float | None
    p_interruption: float | None
    p_neutralisation: float | None
    consequence: float | None
    protection_diagram_id: str | None
    p_interruption_source: ProtectionOut | None
    inherent: RatingOut | None
    current: RatingOut | None
    residual: RatingOut | None
    error: str = Field(
        "", description="Why the line cannot be worked out from the stored values, if so"
    )
    measures: list[MeasureOut]


class HeatCellOut(Schema):
    likelihood: int
    consequence: int
    level: str
    label: str
    count: int
    names: list[str]


class HeatRowOut(Schema):
    likelihood: int
    label: str
    cells: list[HeatCellOut]


class RegisterOut(Schema):
    """A risk register: its lines with inherent, current and residual risk, and a heat map."""

    id: str
    name: str
    method: str
    entries: list[EntryOut]
    heat_map: list[HeatRowOut]


class RollupFacilityOut(Schema):
    id: str
    name: str
    country: str
    tier: int | None
    chemicals: int
    crossed: int


class RollupChemicalOut(Schema):
    name: str
    cas: str
    facilities: int
    total_kg: float
    crossed: int


class TopRiskOut(Schema):
    facility: str
    scenario: str
    level: str
    value: float | None
    likelihood: int
    consequence: int


class RollupThreatOut(Schema):
    """One of the authority's national threat profiles (no facility)."""

    id: str
    name: str
    organisation: str
    facility_id: None
    adversary_type: str
    actors: str
    capabilities: str
    capability_level: int
    intent_level: int
    goals: list[str]
    likelihood: int
    likelihood_rationale: str

    @staticmethod
    def resolve_id(obj: ThreatProfile) -> str:
        return str(obj.pk)

    @staticmethod
    def resolve_organisation(obj: ThreatProfile) -> str:
        return obj.organisation.name


class CapacitySectionOut(Schema):
    section: str
    score: float | None


class CapacityOut(Schema):
    assessment: str
    sections: list[CapacitySectionOut]


class RollupOut(Schema):
    """What a member of a national authority sees of the facilities sharing with it."""

    authority: str
    facilities: list[RollupFacilityOut]
    tiers: dict[str, int]
    chemicals: list[RollupChemicalOut]
    top_risks: list[TopRiskOut]
    heat_map: list[HeatRowOut]
    threats: list[RollupThreatOut]
    capacity: CapacityOut | None
