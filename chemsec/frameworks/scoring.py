"""Section scores, ranked gaps and aggregates for needs assessments (pure, no Django).

Scores are on the 0-4 maturity scale. Maturity answers count as given; yes, partial
and no count as 4, 2 and 0; not applicable, unanswered, number and text answers are
left out. A section's score is the weight-averaged score of its scored answers. A
gap's size is weight x (4 - score), so a weighty question answered low ranks first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_SCORE = 4.0
CHOICE_POINTS = {"yes": 4.0, "partial": 2.0, "no": 0.0}
SCORED_TYPES = frozenset({"maturity", "yes_partial_no_na"})


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    section: str
    answer_type: str
    weight: int


@dataclass(frozen=True)
class AnswerSpec:
    code: str
    value: str
    confidential: bool = False


@dataclass(frozen=True)
class SectionScore:
    section: str
    score: float | None
    scored: int
    confidential: int

    @property
    def only_confidential(self) -> bool:
        """True when the score rests on confidential answers alone (so it would reveal them)."""
        return self.scored > 0 and self.scored == self.confidential


@dataclass(frozen=True)
class Gap:
    code: str
    section: str
    score: float
    weight: int
    size: float


def answer_points(answer_type: str, value: str) -> float | None:
    """The 0-4 points of one answer, or None when it is not scored."""
    value = value.strip().lower()
    if answer_type == "yes_partial_no_na":
        return CHOICE_POINTS.get(value)
    if answer_type == "maturity" and value in {"0", "1", "2", "3", "4"}:
        return float(value)
    return None


def _points(
    questions: Sequence[QuestionSpec], answers: Iterable[AnswerSpec]
) -> list[tuple[QuestionSpec, float, bool]]:
    by_code = {question.code: question for question in questions}
    scored = []
    for answer in answers:
        question = by_code.get(answer.code)
        if question is None or question.answer_type not in SCORED_TYPES:
            continue
        points = answer_points(question.answer_type, answer.value)
        if points is not None:
            scored.append((question, points, answer.confidential))
    return scored


def section_scores(
    questions: Sequence[QuestionSpec], answers: Iterable[AnswerSpec]
) -> list[SectionScore]:
    """One score per section, in the order sections first appear among the questions."""
    sections = list(dict.fromkeys(question.section for question in questions))
    totals = {section: [0.0, 0, 0, 0] for section in sections}  # sum, weights, count, secret
    for question, points, confidential in _points(questions, answers):
        total = totals[question.section]
        total[0] += points * question.weight
        total[1] += question.weight
        total[2] += 1
        total[3] += int(confidential)
    return [
        SectionScore(
            section=section,
            score=round(sums / weights, 2) if weights else None,
            scored=int(count),
            confidential=int(secret),
        )
        for section, (sums, weights, count, secret) in totals.items()
    ]


def overall_score(scores: Iterable[SectionScore]) -> float | None:
    """The plain mean of the section scores that have one."""
    values = [score.score for score in scores if score.score is not None]
    return round(sum(values) / len(values), 2) if values else None


def rank_gaps(questions: Sequence[QuestionSpec], answers: Iterable[AnswerSpec]) -> list[Gap]:
    """Scored answers below the top of the scale, largest weight x (4 - score) first."""
    order = {question.code: index for index, question in enumerate(questions)}
    gaps = [
        Gap(
            code=question.code,
            section=question.section,
            score=points,
            weight=question.weight,
            size=question.weight * (MAX_SCORE - points),
        )
        for question, points, _confidential in _points(questions, answers)
        if points < MAX_SCORE
    ]
    return sorted(gaps, key=lambda gap: (-gap.size, order[gap.code]))


def mean_by_section(
    rows: Iterable[Mapping[str, float | None]], sections: Sequence[str]
) -> dict[str, float | None]:
    """The mean score of each section over several assessments, ignoring missing scores."""
    values: dict[str, list[float]] = {section: [] for section in sections}
    for row in rows:
        for section in sections:
            score = row.get(section)
            if score is not None:
                values[section].append(score)
    return {
        section: round(sum(found) / len(found), 2) if found else None
        for section, found in values.items()
    }


def heat_class(score: float | None) -> str:
    """A CSS class for a heat-map cell: heat-0 (weakest) to heat-4, or heat-none."""
    if score is None:
        return "heat-none"
    return f"heat-{min(4, max(0, int(score)))}"


def priority_for(size: float) -> str:
    """Road-map priority from the gap size (weight 1-3 x shortfall 0-4, so 0-12)."""
    if size >= 6:
        return "high"
    if size >= 3:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None
    x: float
    y: float
    width: float
    height: float
    css_class: str

    @property
    def text_y(self) -> float:
        return self.y + self.height * 0.7

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6


def bar_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    width: float = 640,
    bar_height: float = 22,
    gap: float = 10,
    label_width: float = 90,
) -> tuple[list[Bar], float]:
    """Geometry of a horizontal bar chart on the 0-4 scale; returns the bars and the height."""
    span = width - label_width - 40
    bars = []
    for index, (label, score) in enumerate(items):
        length = span * (score or 0.0) / MAX_SCORE
        bars.append(
            Bar(
                label=label,
                score=score,
                x=label_width,
                y=index * (bar_height + gap) + gap,
                width=round(length, 1),
                height=bar_height,
                css_class=heat_class(score),
            )
        )
    return bars, len(items) * (bar_height + gap) + gap + 20
