"""The lock on owned objects' `save()` and `delete()`: only the audited write path opens it.

`chemsec.core.writes` opens the lock for the one object it is writing; `OwnedModel.save()`
and `.delete()` call `check()`, which raises `UnauditedWrite` for anything else. This module
holds no models so that `chemsec.core.models` can import it.

The lock is always on: there is no setting to turn it off, so an unaudited save cannot slip
into production through configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_writing: ContextVar[object | None] = ContextVar("chemsec_writing", default=None)
_unaudited: ContextVar[str] = ContextVar("chemsec_unaudited", default="")


class UnauditedWrite(RuntimeError):
    """An owned object was saved or deleted without going through `chemsec.core.writes`."""


def check(obj: object, operation: str) -> None:
    """Raise unless `obj` is the object the write path is writing now (or a fixture says why)."""
    if _writing.get() is obj or _unaudited.get():
        return
    raise UnauditedWrite(
        f"{type(obj).__name__}.{operation}() outside the audited write path: use "
        f"chemsec.core.writes (write_create, write_update, write_delete, ...) in a service."
    )


@contextmanager
def writing(obj: object) -> Iterator[None]:
    """Open the lock for one object (used only by chemsec.core.writes)."""
    token = _writing.set(obj)
    try:
        yield
    finally:
        _writing.reset(token)


@contextmanager
def unaudited(reason: str) -> Iterator[None]:
    """Let owned objects be saved without an audit entry: data migrations and test fixtures only.

    `reason` is required so every use says why; production code must not use this except
    where a comment at the call justifies it.
    """
    if not reason.strip():
        raise ValueError("Say why these writes are not audited.")
    token = _unaudited.set(reason)
    try:
        yield
    finally:
        _unaudited.reset(token)
