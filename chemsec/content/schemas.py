"""Schemas of the versioned reference content (compendium, frameworks, risk matrices,
supply-chain rules and typologies, training courses).

Pure pydantic v2, no Django. Shape rules (types, closed vocabularies, lengths, patterns)
live in the models; rules that compare one part of a file with another (grid codes
exist, child URNs extend their parent's, codes are unique) live in ``semantic_issues``,
which returns each problem with the location of the node at fault so that the reader
can name its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

# --- Vocabularies (closed sets; stable codes, shared with the portal's TextChoices) ---

Stage = Literal[
    "research", "manufacture", "storage", "transport", "distribution", "end_use", "waste"
]
Audience = Literal[
    "national_authority",
    "facility_operator",
    "distributor",
    "academia",
    "transporter",
    "customs_law_enforcement",
    "emergency_services",
]
MeasureType = Literal[
    "physical_protection",
    "personnel_security",
    "information_cyber_security",
    "inventory_control",
    "management_governance",
    "transport_security",
    "emergency_preparedness",
    "outreach_training",
]
Threat = Literal["theft_diversion", "release_sabotage", "insider", "cyber"]
FacilityScale = Literal["small", "medium", "large"]
Language = Literal["en"]
FrameworkAudience = Literal["state", "facility"]
AnswerType = Literal["yes_partial_no_na", "maturity", "number", "text"]
FileKind = Literal[
    "compendium", "framework", "risk-matrix", "supply-rules", "supply-typologies", "course"
]  # fmt: skip
TrainingRole = Literal[
    "facility_security_manager",
    "customs_officer",
    "inspector",
    "distributor_compliance",
    "national_authority_officer",
    "laboratory_manager",
    "transport_security",
    "waste_manager",
]

STAGES: tuple[str, ...] = get_args(Stage)
AUDIENCES: tuple[str, ...] = get_args(Audience)
MEASURE_TYPES: tuple[str, ...] = get_args(MeasureType)
THREATS: tuple[str, ...] = get_args(Threat)
FACILITY_SCALES: tuple[str, ...] = get_args(FacilityScale)
ANSWER_TYPES: tuple[str, ...] = get_args(AnswerType)
FILE_KINDS: tuple[str, ...] = get_args(FileKind)

#: Maturity answers, 0-4, for ``answer_type: maturity``.
MATURITY_LEVELS: tuple[tuple[int, str], ...] = (
    (0, "none"),
    (1, "initial"),
    (2, "developing"),
    (3, "established"),
    (4, "leading"),
)

# --- URN patterns ---

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
URN_RE = re.compile(rf"^urn:chemsec:{SLUG}(?::{SLUG})+$")
PRACTICE_URN_RE = re.compile(rf"^urn:chemsec:practice:{SLUG}$")
FRAMEWORK_URN_RE = re.compile(rf"^urn:chemsec:framework:{SLUG}:v[0-9]+$")
MATRIX_URN_RE = re.compile(rf"^urn:chemsec:matrix:{SLUG}:v[0-9]+$")
SUPPLY_RULE_URN_RE = re.compile(rf"^urn:chemsec:supply-rule:{SLUG}$")
TYPOLOGY_URN_RE = re.compile(rf"^urn:chemsec:typology:{SLUG}$")
COURSE_URN_RE = re.compile(rf"^urn:chemsec:course:{SLUG}:v[0-9]+$")
CHILD_SLUG_RE = re.compile(rf"^{SLUG}$")

Urn = Annotated[StrictStr, Field(pattern=URN_RE.pattern)]
PracticeUrn = Annotated[StrictStr, Field(pattern=PRACTICE_URN_RE.pattern)]
FrameworkUrn = Annotated[StrictStr, Field(pattern=FRAMEWORK_URN_RE.pattern)]
MatrixUrn = Annotated[StrictStr, Field(pattern=MATRIX_URN_RE.pattern)]
SupplyRuleUrn = Annotated[StrictStr, Field(pattern=SUPPLY_RULE_URN_RE.pattern)]
TypologyUrn = Annotated[StrictStr, Field(pattern=TYPOLOGY_URN_RE.pattern)]
CourseUrn = Annotated[StrictStr, Field(pattern=COURSE_URN_RE.pattern)]
Version = Annotated[StrictInt, Field(ge=1)]
Title = Annotated[StrictStr, Field(min_length=3, max_length=160)]
Text = Annotated[StrictStr, Field(min_length=1)]
Code = Annotated[StrictStr, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]

_WORD_RE = re.compile(r"[A-Za-z0-9][\w'’.-]*")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")

BODY_MIN_WORDS = 150
BODY_MAX_WORDS = 400


def word_count(text: str) -> int:
    """Words in prose or Markdown, ignoring bare Markdown punctuation (#, -, *)."""
    return len(_WORD_RE.findall(text))


def sentence_count(text: str) -> int:
    """Sentences in a short plain-text paragraph."""
    stripped = text.strip()
    return len(_SENTENCE_SPLIT_RE.split(stripped)) if stripped else 0


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


class Strict(BaseModel):
    """Base of every content model: unknown fields are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(Strict):
    """A public source an entry draws on."""

    title: Title
    publisher: Annotated[StrictStr, Field(min_length=2, max_length=160)]
    year: Annotated[StrictInt, Field(ge=1900, le=2100)]
    url: Annotated[StrictStr, Field(pattern=r"^https://\S+$")] | None = None


class PracticeEntry(Strict):
    """One best-practice entry of the compendium."""

    urn: PracticeUrn
    version: Version
    title: Title
    summary: Annotated[StrictStr, Field(min_length=20, max_length=600)]
    body: Text
    stages: Annotated[list[Stage], Field(min_length=1)]
    audiences: Annotated[list[Audience], Field(min_length=1)]
    measure_types: Annotated[list[MeasureType], Field(min_length=1)]
    threats: Annotated[list[Threat], Field(min_length=1)]
    facility_scale: Annotated[list[FacilityScale], Field(min_length=1)]
    references: Annotated[list[Reference], Field(min_length=1)]
    related: list[PracticeUrn] = Field(default_factory=list)
    language: Language
    keywords: Annotated[
        list[Annotated[StrictStr, Field(min_length=2, max_length=40)]],
        Field(min_length=1, max_length=15),
    ]

    @field_validator("summary")
    @classmethod
    def _summary_is_short(cls, value: str) -> str:
        count = sentence_count(value)
        if not 1 <= count <= 3:
            raise ValueError(f"summary must be 1-3 sentences, found {count}")
        return value

    @field_validator("body")
    @classmethod
    def _body_length(cls, value: str) -> str:
        count = word_count(value)
        if not BODY_MIN_WORDS <= count <= BODY_MAX_WORDS:
            raise ValueError(f"body must be {BODY_MIN_WORDS}-{BODY_MAX_WORDS} words, found {count}")
        return value

    @field_validator("stages", "audiences", "measure_types", "threats", "facility_scale")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return _unique(value)

    @field_validator("related", "keywords")
    @classmethod
    def _no_repeated_items(cls, value: list[str]) -> list[str]:
        return _unique(value)


class Question(Strict):
    """One question of a framework section."""

    urn: Urn
    code: Code
    text: Annotated[StrictStr, Field(min_length=10)]
    answer_type: AnswerType
    guidance: Annotated[StrictStr, Field(min_length=20)]
    weight: Annotated[StrictInt, Field(ge=1, le=3)]
    practices: Annotated[list[PracticeUrn], Field(min_length=1)]

    @field_validator("practices")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return _unique(value)


class Section(Strict):
    """A group of questions on one topic."""

    urn: Urn
    code: Code
    title: Title
    description: Text
    questions: Annotated[list[Question], Field(min_length=1)]


class Framework(Strict):
    """A self-assessment framework (questionnaire) for a State or a facility."""

    urn: FrameworkUrn
    version: Version
    title: Title
    description: Text
    audience: FrameworkAudience
    sections: Annotated[list[Section], Field(min_length=1)]


class ScalePoint(Strict):
    """One step (1..5) of a likelihood or consequence scale."""

    value: Annotated[StrictInt, Field(ge=1, le=5)]
    code: Code
    label: Title
    description: Text


class RiskLevel(Strict):
    """One risk level of a matrix (a cell value)."""

    code: Code
    label: Annotated[StrictStr, Field(min_length=2, max_length=60)]
    colour: Annotated[StrictStr, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    description: Text


class RiskMatrix(Strict):
    """A 5 x 5 likelihood x consequence risk matrix."""

    urn: MatrixUrn
    version: Version
    title: Title
    description: Text
    source: Text
    likelihood: Annotated[list[ScalePoint], Field(min_length=5, max_length=5)]
    consequence: Annotated[list[ScalePoint], Field(min_length=5, max_length=5)]
    levels: Annotated[list[RiskLevel], Field(min_length=2)]
    grid: Annotated[
        list[Annotated[list[Code], Field(min_length=5, max_length=5)]],
        Field(min_length=5, max_length=5),
    ]


class SupplyRule(Strict):
    """One supply-chain rule: the check it runs (chemsec/supplychain/engine/checks.py), its
    parameters, and the law or guidance it applies, cited."""

    urn: SupplyRuleUrn
    version: Version
    code: Code
    title: Title
    description: Text
    check: Code
    citation: Text
    source_url: Annotated[StrictStr, Field(pattern=r"^https://\S+$")] | None = None
    verification: Text
    params: dict[str, Any] = Field(default_factory=dict)


class TypologyWeight(Strict):
    rule: SupplyRuleUrn
    weight: Annotated[StrictInt, Field(ge=1, le=1000)]
    # Why the rule weighs what it does, and where that comes from (law, guidance).
    reason: Text | None = None
    source: Text | None = None


class Typology(Strict):
    """Rules weighed together: at the alert score an order goes to review, at the hold
    score it is held."""

    urn: TypologyUrn
    version: Version
    code: Code
    title: Title
    description: Text
    alert_threshold: Annotated[StrictInt, Field(ge=1)]
    hold_threshold: Annotated[StrictInt, Field(ge=1)]
    rules: Annotated[list[TypologyWeight], Field(min_length=1)]


class QuizChoice(Strict):
    """One answer offered to a quiz question."""

    text: Annotated[StrictStr, Field(min_length=1, max_length=500)]
    correct: bool = False


class QuizQuestion(Strict):
    """A single- or multiple-choice question of a module's quiz or a course's final quiz."""

    kind: Literal["single", "multiple"]
    text: Annotated[StrictStr, Field(min_length=10)]
    explanation: Annotated[StrictStr, Field(min_length=10)] | None = None
    choices: Annotated[list[QuizChoice], Field(min_length=2, max_length=6)]


MODULE_MIN_WORDS = 150


class CourseModule(Strict):
    """One module of a course: prose to read, the practices it draws on, its quiz."""

    urn: Urn
    slug: Annotated[StrictStr, Field(pattern=CHILD_SLUG_RE.pattern, max_length=80)]
    title: Title
    stage: Stage | None = None
    roles: list[TrainingRole] = []
    practices: Annotated[list[PracticeUrn], Field(min_length=1)]
    addresses: list[Urn] = []
    body: Text
    quiz: Annotated[list[QuizQuestion], Field(min_length=1, max_length=10)]

    @field_validator("roles", "practices", "addresses")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return _unique(value)

    @field_validator("body")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if word_count(value) < MODULE_MIN_WORDS:
            raise ValueError(f"a module's text has at least {MODULE_MIN_WORDS} words")
        return value


class Course(Strict):
    """A training course: modules with quizzes, a pass mark and a certificate's validity."""

    urn: CourseUrn
    version: Version
    slug: Annotated[StrictStr, Field(pattern=CHILD_SLUG_RE.pattern, max_length=80)]
    title: Title
    summary: Text
    language: Language
    stages: Annotated[list[Stage], Field(min_length=1)]
    roles: Annotated[list[TrainingRole], Field(min_length=1)]
    pass_mark: Annotated[StrictInt, Field(ge=1, le=100)]
    max_attempts: Annotated[StrictInt, Field(ge=1, le=20)]
    validity_months: Annotated[StrictInt, Field(ge=1, le=240)] | None = None
    modules: Annotated[list[CourseModule], Field(min_length=1, max_length=30)]
    final_quiz: list[QuizQuestion] = []

    @field_validator("stages", "roles")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return _unique(value)


class _FileHeader(Strict):
    urn: Urn
    version: Version
    title: Title


class CompendiumFile(_FileHeader):
    """A YAML file of compendium entries."""

    kind: Literal["compendium"]
    objects: Annotated[list[PracticeEntry], Field(min_length=1)]


class FrameworkFile(_FileHeader):
    """A YAML file holding one framework."""

    kind: Literal["framework"]
    objects: Annotated[list[Framework], Field(min_length=1, max_length=1)]


class RiskMatrixFile(_FileHeader):
    """A YAML file holding one risk matrix."""

    kind: Literal["risk-matrix"]
    objects: Annotated[list[RiskMatrix], Field(min_length=1, max_length=1)]


class SupplyRulesFile(_FileHeader):
    """A YAML file of supply-chain rules."""

    kind: Literal["supply-rules"]
    objects: Annotated[list[SupplyRule], Field(min_length=1)]


class TypologiesFile(_FileHeader):
    """A YAML file of supply-chain typologies (weighted rules with thresholds)."""

    kind: Literal["supply-typologies"]
    objects: Annotated[list[Typology], Field(min_length=1)]


class CourseFile(_FileHeader):
    """A YAML file holding one training course."""

    kind: Literal["course"]
    objects: Annotated[list[Course], Field(min_length=1, max_length=1)]


AnyFile = (
    CompendiumFile | FrameworkFile | RiskMatrixFile | SupplyRulesFile | TypologiesFile | CourseFile
)
AnyObject = PracticeEntry | Framework | RiskMatrix | SupplyRule | Typology | Course


def file_objects(model: AnyFile) -> list[AnyObject]:
    """The ``objects`` of any kind of file, typed as one list."""
    found: list[AnyObject] = []
    found.extend(model.objects)
    return found


FILE_MODELS: dict[str, type[AnyFile]] = {
    "compendium": CompendiumFile,
    "framework": FrameworkFile,
    "risk-matrix": RiskMatrixFile,
    "supply-rules": SupplyRulesFile,
    "supply-typologies": TypologiesFile,
    "course": CourseFile,
}
#: Object kind of the items of ``objects`` for each file kind.
OBJECT_KINDS: dict[str, str] = {
    "compendium": "practice",
    "framework": "framework",
    "risk-matrix": "risk-matrix",
    "supply-rules": "supply-rule",
    "supply-typologies": "supply-typology",
    "course": "course",
}

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """A problem found in a file that parsed: where it is (a pydantic-style loc) and why."""

    loc: Loc
    reason: str


@dataclass(frozen=True)
class UrnRef:
    """A URN defined or referenced at a location in a file."""

    urn: str
    loc: Loc
    kind: str


def semantic_issues(model: AnyFile) -> list[Issue]:
    """Cross-field problems of one validated file, in document order."""
    issues: list[Issue] = []
    if isinstance(model, FrameworkFile):
        for index, framework in enumerate(model.objects):
            issues.extend(_framework_issues(framework, ("objects", index)))
    elif isinstance(model, RiskMatrixFile):
        for index, matrix in enumerate(model.objects):
            issues.extend(_matrix_issues(matrix, ("objects", index)))
    elif isinstance(model, TypologiesFile):
        for index, typology in enumerate(model.objects):
            issues.extend(_typology_issues(typology, ("objects", index)))
    elif isinstance(model, CourseFile):
        for index, course in enumerate(model.objects):
            issues.extend(_course_issues(course, ("objects", index)))
    elif isinstance(model, CompendiumFile):
        for index, entry in enumerate(model.objects):
            if entry.urn in entry.related:
                position = entry.related.index(entry.urn)
                loc = ("objects", index, "related", position)
                issues.append(Issue(loc, "an entry cannot be related to itself"))
    return issues


def _typology_issues(typology: Typology, loc: Loc) -> Iterator[Issue]:
    if typology.hold_threshold < typology.alert_threshold:
        yield Issue((*loc, "hold_threshold"), "the hold threshold is below the alert threshold")
    seen: set[str] = set()
    for index, item in enumerate(typology.rules):
        if item.rule in seen:
            yield Issue((*loc, "rules", index, "rule"), f"rule {item.rule} is weighed twice")
        seen.add(item.rule)


def _framework_issues(framework: Framework, loc: Loc) -> Iterator[Issue]:
    codes: set[str] = set()
    for s_index, section in enumerate(framework.sections):
        s_loc = (*loc, "sections", s_index)
        yield from _child_urn_issue(section.urn, framework.urn, (*s_loc, "urn"))
        yield from _code_issue(section.code, codes, (*s_loc, "code"))
        for q_index, question in enumerate(section.questions):
            q_loc = (*s_loc, "questions", q_index)
            yield from _child_urn_issue(question.urn, section.urn, (*q_loc, "urn"))
            yield from _code_issue(question.code, codes, (*q_loc, "code"))


def _course_issues(course: Course, loc: Loc) -> Iterator[Issue]:
    slugs: set[str] = set()
    for m_index, module in enumerate(course.modules):
        m_loc = (*loc, "modules", m_index)
        yield from _child_urn_issue(module.urn, course.urn, (*m_loc, "urn"))
        if module.slug in slugs:
            yield Issue((*m_loc, "slug"), f"module slug {module.slug!r} is used twice")
        slugs.add(module.slug)
        for q_index, question in enumerate(module.quiz):
            yield from _question_issues(question, (*m_loc, "quiz", q_index))
    for q_index, question in enumerate(course.final_quiz):
        yield from _question_issues(question, (*loc, "final_quiz", q_index))


def _question_issues(question: QuizQuestion, loc: Loc) -> Iterator[Issue]:
    right = sum(choice.correct for choice in question.choices)
    if question.kind == "single" and right != 1:
        yield Issue((*loc, "choices"), "a single-choice question has exactly one correct answer")
    if question.kind == "multiple" and right < 1:
        yield Issue((*loc, "choices"), "a multiple-choice question has a correct answer")
    texts = [choice.text for choice in question.choices]
    if len(set(texts)) != len(texts):
        yield Issue((*loc, "choices"), "an answer is offered twice")


def _child_urn_issue(urn: str, parent: str, loc: Loc) -> Iterator[Issue]:
    prefix = parent + ":"
    if not urn.startswith(prefix) or not CHILD_SLUG_RE.match(urn[len(prefix) :]):
        yield Issue(loc, f"URN {urn} must be {prefix}<slug>")


def _code_issue(code: str, seen: set[str], loc: Loc) -> Iterator[Issue]:
    if code in seen:
        yield Issue(loc, f"code {code!r} is used twice in this framework")
    seen.add(code)


def _matrix_issues(matrix: RiskMatrix, loc: Loc) -> Iterator[Issue]:
    for axis in ("likelihood", "consequence"):
        points: list[ScalePoint] = getattr(matrix, axis)
        for index, point in enumerate(points):
            if point.value != index + 1:
                reason = f"{axis} values must be 1..5 in order; item {index + 1} has {point.value}"
                yield Issue((*loc, axis, index, "value"), reason)
    level_codes: set[str] = set()
    for index, level in enumerate(matrix.levels):
        if level.code in level_codes:
            yield Issue((*loc, "levels", index, "code"), f"level code {level.code!r} repeated")
        level_codes.add(level.code)
    for row, cells in enumerate(matrix.grid):
        for column, code in enumerate(cells):
            if code not in level_codes:
                reason = (
                    f"grid cell (likelihood {row + 1}, consequence {column + 1}) uses "
                    f"unknown level {code!r}; known: {', '.join(sorted(level_codes))}"
                )
                yield Issue((*loc, "grid", row, column), reason)


def defined_urns(model: AnyFile) -> list[UrnRef]:
    """Every URN a file defines (the file's own, its objects', sections', questions')."""
    found = [UrnRef(model.urn, ("urn",), "library")]
    object_kind = OBJECT_KINDS[model.kind]
    for index, obj in enumerate(file_objects(model)):
        found.append(UrnRef(obj.urn, ("objects", index, "urn"), object_kind))
        if isinstance(obj, Framework):
            for s_index, section in enumerate(obj.sections):
                s_loc: Loc = ("objects", index, "sections", s_index)
                found.append(UrnRef(section.urn, (*s_loc, "urn"), "framework-section"))
                for q_index, question in enumerate(section.questions):
                    q_loc = (*s_loc, "questions", q_index, "urn")
                    found.append(UrnRef(question.urn, q_loc, "framework-question"))
        if isinstance(obj, Course):
            for m_index, module in enumerate(obj.modules):
                m_loc: Loc = ("objects", index, "modules", m_index, "urn")
                found.append(UrnRef(module.urn, m_loc, "course-module"))
    return found


def referenced_urns(model: AnyFile) -> list[UrnRef]:
    """Every URN a file points to (``related`` of entries, ``practices`` of questions)."""
    found: list[UrnRef] = []
    for index, obj in enumerate(file_objects(model)):
        if isinstance(obj, Typology):
            for r_index, item in enumerate(obj.rules):
                loc_rule: Loc = ("objects", index, "rules", r_index, "rule")
                found.append(UrnRef(item.rule, loc_rule, "supply-rule"))
        elif isinstance(obj, PracticeEntry):
            for r_index, urn in enumerate(obj.related):
                found.append(UrnRef(urn, ("objects", index, "related", r_index), "practice"))
        elif isinstance(obj, Framework):
            for s_index, section in enumerate(obj.sections):
                for q_index, question in enumerate(section.questions):
                    for p_index, urn in enumerate(question.practices):
                        loc: Loc = (
                            "objects", index, "sections", s_index,
                            "questions", q_index, "practices", p_index,
                        )  # fmt: skip
                        found.append(UrnRef(urn, loc, "practice"))
        elif isinstance(obj, Course):
            found.extend(_course_references(obj, index))
    return found


def _course_references(course: Course, index: int) -> Iterator[UrnRef]:
    for m_index, module in enumerate(course.modules):
        m_loc: Loc = ("objects", index, "modules", m_index)
        for p_index, urn in enumerate(module.practices):
            yield UrnRef(urn, (*m_loc, "practices", p_index), "practice")
        for a_index, urn in enumerate(module.addresses):
            yield UrnRef(urn, (*m_loc, "addresses", a_index), "framework-question")
