"""Who can be screened: other apps register their parties here as plain data.

This app never imports the apps whose records it screens. An app (the supply chain) calls
`register("supplychain.customer", provider)` in its AppConfig.ready(); a provider takes an
organisation and returns its active parties as `Subject`s. Re-screening after a list import
asks every provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from chemsec.sanctions.matching import Party


@dataclass(frozen=True)
class Subject:
    subject_type: str  # "supplychain.customer"
    subject_id: str
    label: str
    party: Party


Provider = Callable[[Any], Iterable[Subject]]
_PROVIDERS: dict[str, Provider] = {}


def register(subject_type: str, provider: Provider) -> None:
    _PROVIDERS[subject_type] = provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)
