"""Control-list screening: a pure engine (usable as a library) and its Django layers."""

from typing import Any

_LAZY = {"screen", "screen_rows", "catalogue", "InputRow", "ScreenResult"}


def __getattr__(name: str) -> Any:
    # Lazy so that Django start-up does not pay for RDKit unless screening is used.
    if name in _LAZY:
        from chemsec.screening import engine

        return getattr(engine, name)
    raise AttributeError(name)
