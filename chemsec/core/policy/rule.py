"""One line of the policy table: who may act, who may see the target, what a refused
user is told; and the usual per-object lines of an owned model."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from chemsec.core.policy.actors import Predicate
from chemsec.core.policy.visibility import object_may, sees

NOT_ALLOWED = gettext_lazy("You do not have permission to do this.")
REVIEWERS_ONLY = gettext_lazy("Only secretariat reviewers can do this.")


@dataclass(frozen=True)
class Rule:
    """One action: who may do it (`allows`), who may see its target (`sees`), and what a
    refused user is told."""

    allows: Predicate
    sees: Predicate = sees
    message: str | Promise = NOT_ALLOWED


def object_rules(model: str) -> dict[str, Rule]:
    """The usual per-object actions of an owned model, each the queryset rule of the same name."""
    return {
        f"{model}.view": Rule(object_may("view")),
        f"{model}.change": Rule(object_may("change")),
        f"{model}.delete": Rule(object_may("delete")),
        f"{model}.share": Rule(object_may("share")),
        f"{model}.unshare": Rule(object_may("share")),
        f"{model}.export": Rule(object_may("view")),
    }
