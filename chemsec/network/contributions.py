"""What a member contributed, from the apps that record it: events it hosted and the experts
its people became (workshops attended; courses completed once training registers too).

The network sits below the apps that hold these records (events send their e-mails through
the network), so it imports none of them: each registers its sources from its
`AppConfig.ready` (`register_hosted`, `register_trained`), as apps do for the home page.
Sources read through the policy: a hosted event the reader may not see is not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from chemsec.core.models import Organisation
from chemsec.core.policy import AnyUser


@dataclass(frozen=True)
class Hosted:
    """One event the organisation hosted (or will host), as the reader may see it."""

    title: str
    starts_on: date
    ends_on: date
    kind: str  # the kind's label, in the reader's language
    url: str


HostedSource = Callable[[Organisation, AnyUser], list[Hosted]]
TrainedSource = Callable[[Organisation], set[int]]  # ids of the people trained
HOSTED: list[HostedSource] = []
TRAINED: list[TrainedSource] = []


def register_hosted(source: HostedSource) -> None:
    if source not in HOSTED:  # ready() may run more than once in tests
        HOSTED.append(source)


def register_trained(source: TrainedSource) -> None:
    if source not in TRAINED:
        TRAINED.append(source)


def events_hosted(organisation: Organisation, user: AnyUser) -> list[Hosted]:
    rows = [item for source in HOSTED for item in source(organisation, user)]
    return sorted(rows, key=lambda h: h.starts_on, reverse=True)


def experts_trained_for(organisation: Organisation) -> set[int]:
    """The people of the organisation trained, each counted once however many workshops
    (or courses) they attended: the union of every registered source's ids."""
    people: set[int] = set()
    for source in TRAINED:
        people |= source(organisation)
    return people
