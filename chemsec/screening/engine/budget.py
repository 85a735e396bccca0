"""A time budget per identifier: one that takes too long is reported, not waited for.

RDKit's parsing and ring perception grow faster than an identifier's length (a 16,000-
character SMILES takes seconds, a 64 KB one minutes), and a long name can keep OPSIN busy;
neither can be interrupted from Python while it runs. So an identifier longer than
`INLINE_CHARS` is screened in a child process (forked: the lists and indexes are already
loaded) that is killed once it has run for `identifier_seconds()`; its row is then
`unresolved` with the reason "took too long" and the batch goes on. Shorter identifiers
are screened in-process as before, with no fork per row: at up to 1,000 characters (the
portal's default MAX_IDENTIFIER_CHARS) the slowest inputs we found, SMILES of chained
rings, take tens of milliseconds, and OPSIN is sent no name longer than that. So the
budget is the backstop behind the length limit: for the command line, which has no length
limit, and for a portal whose limit was raised.

`CHEMSEC_IDENTIFIER_SECONDS` sets the budget (0 turns it off); see the README's settings.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from chemsec.screening.engine.reasons import Reason
from chemsec.screening.engine.results import InputRow, ScreenResult

# Longest identifier screened in-process (MOL records: a few hundred atoms).
INLINE_CHARS = 1_000
INLINE_MOL_CHARS = 20_000
DEFAULT_SECONDS = 5.0

Screen = Callable[[list[InputRow]], list[ScreenResult]]


def identifier_seconds() -> float:
    """Seconds one identifier may take to screen (CHEMSEC_IDENTIFIER_SECONDS; 0: no limit)."""
    from chemsec.lib.env import ConfigError

    raw = os.environ.get("CHEMSEC_IDENTIFIER_SECONDS", "").strip()
    if not raw:
        return DEFAULT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        raise ConfigError("CHEMSEC_IDENTIFIER_SECONDS", raw, "a number of seconds") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise ConfigError("CHEMSEC_IDENTIFIER_SECONDS", raw, "0 or a positive number")
    return seconds


def needs_budget(row: InputRow) -> bool:
    inline = INLINE_MOL_CHARS if row.kind == "mol" else INLINE_CHARS
    return row.problem is None and len(row.identifier) > inline


def screen_within_budget(screen: Screen, rows: list[InputRow]) -> list[ScreenResult]:
    """`screen(rows)`, with each long identifier screened apart under the time budget."""
    seconds = identifier_seconds()
    guarded = [i for i, row in enumerate(rows) if needs_budget(row)]
    if not guarded or seconds == 0 or not hasattr(os, "fork"):
        return screen(rows)
    results: dict[int, ScreenResult] = {}
    others = [i for i in range(len(rows)) if i not in set(guarded)]
    if others:
        results.update(zip(others, screen([rows[i] for i in others]), strict=True))
    for i in guarded:
        results[i] = _screen_in_child(screen, rows[i], seconds)
    return [results[i] for i in range(len(rows))]


def _failed(row: InputRow, reason: Reason) -> ScreenResult:
    shown = row.label or (row.identifier if row.kind != "mol" else "MOL record")
    result = ScreenResult(input=shown, status="unresolved", line=row.line)
    result.set_reason(reason)
    return result


# pickle, select, signal and time are imported by the functions below, which run only for
# an identifier past INLINE_CHARS: a file of ordinary rows never needs them (signal's
# enums alone cost a few milliseconds of every run's start).


def _screen_in_child(screen: Screen, row: InputRow, seconds: float) -> ScreenResult:
    import pickle
    import time

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: screen, send the result, leave without running exit handlers
        os.close(read_end)
        _child(screen, row, write_end)
    os.close(write_end)
    try:
        data, finished = _read_until(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
        _end(pid)
    if not finished:
        return _failed(row, Reason("took_too_long", {"seconds": f"{seconds:g}"}))
    if not data:  # the child died without an answer (out of memory...)
        return _failed(row, Reason("screen_error", {"detail": "the screening process ended"}))
    result: ScreenResult = pickle.loads(data)  # noqa: S301  (our own child's bytes)
    return result


def _child(screen: Screen, row: InputRow, write_end: int) -> None:
    import pickle

    status = 1
    try:
        payload = pickle.dumps(screen([row])[0])
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        status = 0
    finally:
        os._exit(status)


def _read_until(fd: int, deadline: float) -> tuple[bytes, bool]:
    """What the child wrote, and whether it finished (closed its end) by the deadline."""
    import select
    import time

    chunks: list[bytes] = []
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:  # the child closed its end: done (or dead, with nothing sent)
            return b"".join(chunks), True
        chunks.append(chunk)
    return b"", False


def _end(pid: int) -> None:
    import contextlib
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
