"""Control-list screening: a pure engine (usable as a library) and its Django layers."""

from typing import Any


def __getattr__(name: str) -> Any:
    # Lazy so that Django start-up does not pay for RDKit unless screening is used.
    if name == "screen":
        from chemsec.screening.engine import screen

        return screen
    raise AttributeError(name)
