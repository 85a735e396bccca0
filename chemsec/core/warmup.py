"""Work a web process does once after it starts, so that no visitor's request pays for it.

An app registers a function in its AppConfig.ready (core imports no app); the web server
runs them in a background thread once a worker has loaded the application. A function
that fails is logged and skipped: warming up is an optimisation, never a condition.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
_WARMERS: list[Callable[[], None]] = []


def register(warmer: Callable[[], None]) -> None:
    if warmer not in _WARMERS:
        _WARMERS.append(warmer)


def warm_all() -> None:
    from django.db import connection

    try:
        for warmer in list(_WARMERS):
            try:
                warmer()
            except Exception:
                log.exception("Warming up %s failed", getattr(warmer, "__qualname__", warmer))
    finally:
        connection.close()  # this thread's own connection


def warm_in_background() -> threading.Thread:
    thread = threading.Thread(target=warm_all, name="chemsec-warmup", daemon=True)
    thread.start()
    return thread
