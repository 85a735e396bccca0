"""Rules and typologies as data: what a rule file says, checked and typed.

A rule names its `check` (a function in checks.py), its parameters and its citation; a
typology weighs rules and sets the scores at which an order goes to review (alert) and is
held. The files live in chemsec/content/rules/ and are validated by the content schemas;
`rulebook_from_data` turns their objects into a RuleBook and refuses what the engine cannot
run (an unknown check, a typology naming an unknown rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class RuleBookError(ValueError):
    """Rule data the engine cannot run."""


@dataclass(frozen=True)
class Rule:
    urn: str
    version: int
    code: str
    title: str
    check: str
    citation: str
    params: Mapping[str, Any]
    description: str = ""


@dataclass(frozen=True)
class Typology:
    urn: str
    version: int
    code: str
    title: str
    alert_threshold: int
    hold_threshold: int
    weights: Mapping[str, int]  # rule URN -> weight
    description: str = ""


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]
    typologies: tuple[Typology, ...]

    @property
    def version(self) -> str:
        """One string naming every rule and typology version, kept with each decision."""
        parts = [f"{r.code}@{r.version}" for r in self.rules]
        parts += [f"{t.code}@{t.version}" for t in self.typologies]
        return ";".join(sorted(parts))


def rulebook_from_data(
    rules: Iterable[Mapping[str, Any]],
    typologies: Iterable[Mapping[str, Any]],
    known_checks: Iterable[str],
) -> RuleBook:
    checks = set(known_checks)
    built = tuple(_rule(data, checks) for data in rules)
    urns = {rule.urn for rule in built}
    return RuleBook(rules=built, typologies=tuple(_typology(data, urns) for data in typologies))


def _rule(data: Mapping[str, Any], checks: set[str]) -> Rule:
    if data["check"] not in checks:
        raise RuleBookError(f"{data['urn']}: unknown check {data['check']!r}")
    return Rule(
        urn=str(data["urn"]),
        version=int(data["version"]),
        code=str(data["code"]),
        title=str(data["title"]),
        check=str(data["check"]),
        citation=str(data["citation"]),
        params=dict(data.get("params") or {}),
        description=str(data.get("description") or ""),
    )


def _typology(data: Mapping[str, Any], urns: set[str]) -> Typology:
    weights = {str(item["rule"]): int(item["weight"]) for item in data["rules"]}
    unknown = sorted(set(weights) - urns)
    if unknown:
        raise RuleBookError(f"{data['urn']}: unknown rules {', '.join(unknown)}")
    alert, hold = int(data["alert_threshold"]), int(data["hold_threshold"])
    if not 0 < alert <= hold:
        raise RuleBookError(f"{data['urn']}: thresholds must be 0 < alert <= hold")
    return Typology(
        urn=str(data["urn"]),
        version=int(data["version"]),
        code=str(data["code"]),
        title=str(data["title"]),
        alert_threshold=alert,
        hold_threshold=hold,
        weights=weights,
        description=str(data.get("description") or ""),
    )
