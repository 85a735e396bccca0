"""Evaluate one order against a rule book: the rules breached (with their citations and
facts), each typology's score, and the decision: allow, review or hold.

A typology's score is the sum of the weights of its breached rules; at or above its alert
threshold the order goes to review, at or above its hold threshold it is held. The order's
decision is the strongest over all typologies.

What a customer may be told is `neutral_reason(decision)`: a code that says neither that a
report was or will be made nor which rule fired (tipping-off).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chemsec.supplychain.engine.checks import CHECKS, Facts
from chemsec.supplychain.engine.facts import Order
from chemsec.supplychain.engine.rulebook import Rule, RuleBook, Typology

ALLOW, REVIEW, HOLD = "allow", "review", "hold"
_STRENGTH = {ALLOW: 0, REVIEW: 1, HOLD: 2}
NEUTRAL_REASONS = {ALLOW: "ok", REVIEW: "pending_review", HOLD: "on_hold"}


@dataclass(frozen=True)
class Breach:
    urn: str
    code: str
    version: int
    title: str
    citation: str
    facts: Facts

    def to_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "code": self.code,
            "version": self.version,
            "title": self.title,
            "citation": self.citation,
            "facts": self.facts,
        }


@dataclass(frozen=True)
class Score:
    code: str
    title: str
    score: int
    alert_threshold: int
    hold_threshold: int
    decision: str
    rules: tuple[str, ...]  # codes of the breached rules that count towards it

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "score": self.score,
            "alert_threshold": self.alert_threshold,
            "hold_threshold": self.hold_threshold,
            "decision": self.decision,
            "rules": list(self.rules),
        }


@dataclass(frozen=True)
class Evaluation:
    decision: str
    breaches: tuple[Breach, ...]
    scores: tuple[Score, ...]
    rulebook_version: str
    snoozed: tuple[Breach, ...] = ()  # breaches of rules snoozed for the customer

    @property
    def reason_code(self) -> str:
        return neutral_reason(self.decision)

    @property
    def alerting(self) -> tuple[Score, ...]:
        return tuple(s for s in self.scores if s.decision != ALLOW)

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "breaches": [b.to_dict() for b in self.breaches],
            "scores": [s.to_dict() for s in self.scores],
            "rulebook_version": self.rulebook_version,
            "snoozed": [b.to_dict() for b in self.snoozed],
        }


def neutral_reason(decision: str) -> str:
    return NEUTRAL_REASONS[decision]


def evaluate(order: Order, rulebook: RuleBook) -> Evaluation:
    found = tuple(b for rule in rulebook.rules if (b := _breach(rule, order)) is not None)
    snoozed_codes = order.customer.snoozed_rules
    breaches = tuple(b for b in found if b.code not in snoozed_codes)
    snoozed = tuple(b for b in found if b.code in snoozed_codes)
    breached = {b.urn: b for b in breaches}
    scores = tuple(_score(t, breached, rulebook) for t in rulebook.typologies)
    decision = max((s.decision for s in scores), key=_STRENGTH.__getitem__, default=ALLOW)
    return Evaluation(decision, breaches, scores, rulebook.version, snoozed)


def _breach(rule: Rule, order: Order) -> Breach | None:
    facts = CHECKS[rule.check](rule, order)
    if facts is None:
        return None
    return Breach(rule.urn, rule.code, rule.version, rule.title, rule.citation, facts)


def _score(typology: Typology, breached: dict[str, Breach], rulebook: RuleBook) -> Score:
    counted = [urn for urn in typology.weights if urn in breached]
    score = sum(typology.weights[urn] for urn in counted)
    decision = ALLOW
    if score >= typology.hold_threshold:
        decision = HOLD
    elif score >= typology.alert_threshold:
        decision = REVIEW
    return Score(
        code=typology.code,
        title=typology.title,
        score=score,
        alert_threshold=typology.alert_threshold,
        hold_threshold=typology.hold_threshold,
        decision=decision,
        rules=tuple(breached[urn].code for urn in counted),
    )
