"""Learning paths from assessment gaps: a low answer suggests the modules that address it.

A module lists in `addresses` the URNs of the assessment questions it helps with. When an
organisation's latest submitted assessment (a State's needs assessment, a facility's
self-assessment: any framework) scores a question below the top of the scale, the modules
addressing that question, in published courses, are suggested to the organisation's people,
largest gap first. "The right people": a module written for particular roles is offered only
to organisations whose kind employs those roles (a customs module to a national authority,
a facility security module to a facility operator); a module for no role in particular is
offered to everyone. Modules the person has already read drop out.

Gaps on answers marked confidential are left out: a suggestion names its question, and the
people shown it are not all allowed to see confidential answers one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chemsec.core.choices import OrganisationKind
from chemsec.frameworks import scoring
from chemsec.training.choices import TrainingRole

if TYPE_CHECKING:
    from chemsec.core.models import Organisation, User
    from chemsec.frameworks.models import Assessment
    from chemsec.training.models import Module

R = TrainingRole
ROLES_OF_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.NATIONAL_AUTHORITY: frozenset(
        {R.NATIONAL_AUTHORITY_OFFICER, R.INSPECTOR, R.CUSTOMS_OFFICER}
    ),
    OrganisationKind.FACILITY_OPERATOR: frozenset(
        {R.FACILITY_SECURITY_MANAGER, R.TRANSPORT_SECURITY, R.WASTE_MANAGER}
    ),
    OrganisationKind.DISTRIBUTOR: frozenset(
        {R.DISTRIBUTOR_COMPLIANCE, R.TRANSPORT_SECURITY, R.FACILITY_SECURITY_MANAGER}
    ),
    OrganisationKind.ACADEMIA: frozenset({R.LABORATORY_MANAGER}),
}
LIMIT = 5  # suggestions on one page or home item


@dataclass(frozen=True)
class GapRef:
    """One gap of an assessment: its question's URN and code, and its size (weight x shortfall)."""

    urn: str
    code: str
    size: float


@dataclass
class PathStep:
    """One suggested module and the gaps it addresses, largest first."""

    module: Module
    gaps: list[GapRef] = field(default_factory=list)

    @property
    def gap_codes(self) -> list[str]:
        return [gap.code for gap in self.gaps]

    @property
    def weight(self) -> float:
        return sum(gap.size for gap in self.gaps)


def suits(module_roles: Sequence[str], kind: str) -> bool:
    """Whether a module written for `module_roles` suits an organisation of `kind`."""
    if not module_roles:
        return True
    return bool(ROLES_OF_KIND.get(kind, frozenset()) & set(module_roles))


def rank(gaps: Sequence[GapRef], modules: Iterable[Module], kind: str | None) -> list[PathStep]:
    """Modules addressing any of the gaps (and suiting the kind, when given), the module
    closing the most gap first, then in course and module order."""
    by_urn = {gap.urn: gap for gap in gaps}
    steps = []
    for module in modules:
        if kind is not None and not suits(module.roles, kind):
            continue
        hit = sorted((by_urn[u] for u in module.addresses if u in by_urn), key=lambda g: -g.size)
        if hit:
            steps.append(PathStep(module, hit))
    return sorted(steps, key=lambda s: (-s.weight, s.module.course.title, s.module.position))


# --- From the database ---------------------------------------------------------------------


def assessment_gaps(assessment: Assessment) -> list[GapRef]:
    """The assessment's ranked gaps, except those on confidential answers."""
    from chemsec.frameworks.selectors import confidential_questions, framework_questions

    questions = framework_questions(assessment.framework)
    secret = confidential_questions(assessment)
    specs = [
        scoring.QuestionSpec(q.code, q.section.code, q.answer_type, q.weight) for q in questions
    ]
    answers = [
        scoring.AnswerSpec(code, value, confidential)
        for code, value, confidential in assessment.answers.values_list(
            "question__code", "value", "confidential"
        )
    ]
    by_code = {q.code: q for q in questions}
    return [
        GapRef(by_code[g.code].urn, g.code, g.size)
        for g in scoring.rank_gaps(specs, answers)
        if by_code[g.code].pk not in secret
    ]


def candidate_modules(urns: Iterable[str]) -> list[Module]:
    """Modules of published courses that address any of `urns`."""
    from chemsec.training.models import Module

    wanted = set(urns)
    if not wanted:
        return []
    modules = Module.objects.filter(course__published=True).select_related("course")
    return [m for m in modules if wanted & set(m.addresses)]


def for_assessment(assessment: Assessment, *, limit: int | None = LIMIT) -> list[PathStep]:
    """What the assessment's gaps suggest, for its organisation's kind."""
    gaps = assessment_gaps(assessment)
    kind = assessment.organisation.kind
    return rank(gaps, candidate_modules(g.urn for g in gaps), kind)[:limit]


def latest_submitted(user: User, organisation: Organisation) -> Assessment | None:
    from chemsec.frameworks.models import AssessmentStatus
    from chemsec.frameworks.selectors import assessments_visible_to

    return (
        assessments_visible_to(user)
        .filter(organisation=organisation, status=AssessmentStatus.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )


def for_person(user: User, organisation: Organisation, *, limit: int = LIMIT) -> list[PathStep]:
    """The learning path of a person acting for `organisation`: the modules its latest
    submitted assessment suggests, less those the person has read."""
    from chemsec.training.models import ModuleProgress

    assessment = latest_submitted(user, organisation)
    if assessment is None:
        return []
    read = set(
        ModuleProgress.objects.filter(enrolment__learner=user).values_list("module_id", flat=True)
    )
    steps = for_assessment(assessment, limit=None)
    return [s for s in steps if s.module.pk not in read][:limit]


def steps_as_rows(steps: Iterable[PathStep]) -> list[dict[str, Any]]:
    """Plain rows for pages and the API."""
    return [
        {
            "course": step.module.course,
            "module": step.module,
            "gaps": [gap.code for gap in step.gaps],
        }
        for step in steps
    ]
