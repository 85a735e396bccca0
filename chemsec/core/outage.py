"""When the database is unreachable for a while: a clean 503, then recovery by itself.

A stopped or restarting PostgreSQL server (or an SQLite file locked past its busy timeout)
raises `OperationalError` / `InterfaceError` wherever the next query happens: in a view, or
already in a middleware that reads the session or the signed-in user. Such a request is
answered 503 with `Retry-After`: the API's JSON error body under `/api/`, a plain page
elsewhere (rendered without the database: no user, no menu). Nothing to restart afterwards:
Django drops a connection that failed (`CONN_HEALTH_CHECKS` checks a kept one before
reuse), so the next request connects again; job workers wait and poll again
(`work_through_outages`).

Two pieces, because Django turns an exception into a 500 right where it is raised (the
technical page when DEBUG is on, `handler500` otherwise): `OutageMiddleware`, placed just
inside the security headers, replaces the 500 of a request that failed on an outage with the
503, whatever raised it and whatever DEBUG says (Django's `got_request_exception` signal,
sent inside the `except`, marks the request); and `server_error`, the project's
`handler500`, answers under `/api/` with the API's JSON error body, 500 for a bug.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
API_PREFIX = "/api/"
# SQLite reports its own programming errors ("no such table") as OperationalError too;
# only these mean "busy or unreachable, try again".
_SQLITE_TRANSIENT = ("locked", "busy", "unable to open", "disk i/o")
# PostgreSQL says why in its SQLSTATE. Unreachable or busy: connection exceptions (class
# 08), insufficient resources (53: too many connections, out of memory or disk), and the
# server shutting down or starting (57P01-57P03). Not an outage: a statement cancelled by
# its timeout (57014) or a deadlock (40P01) is a slow query or a locking bug to log and
# fix, answered 500, never hidden behind "try again". A psycopg error without a SQLSTATE
# is a failure to reach the server at all.
_PG_TRANSIENT_CLASSES = ("08", "53")
_PG_TRANSIENT_STATES = frozenset({"57P01", "57P02", "57P03"})


def database_unavailable(exc: BaseException | None) -> bool:
    """Is this the database being unreachable or busy (a retry may succeed), not a bug?"""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if cause is not None and type(cause).__module__.startswith("sqlite3"):
        return any(word in str(exc).lower() for word in _SQLITE_TRANSIENT)
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        return _postgres_unavailable(getattr(cause, "sqlstate", None))
    return True


def _postgres_unavailable(sqlstate: str | None) -> bool:
    if sqlstate is None:
        return True
    return sqlstate.startswith(_PG_TRANSIENT_CLASSES) or sqlstate in _PG_TRANSIENT_STATES


def unavailable_message() -> str:
    return _("The database is unavailable for a moment; try again in a few seconds.")


def api_unavailable() -> JsonResponse:
    """The API's one error shape, with status 503."""
    body = {"error": {"code": "unavailable", "message": unavailable_message(), "details": None}}
    response = JsonResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def page_unavailable() -> HttpResponse:
    # No request context: the context processors would query the database again.
    html = loader.render_to_string(
        "core/database_unavailable.html",
        {"retry_after": RETRY_AFTER_SECONDS, "message": unavailable_message()},
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable_for(request: HttpRequest) -> HttpResponse:
    return api_unavailable() if request.path.startswith(API_PREFIX) else page_unavailable()


_OUTAGE = "_chemsec_database_unavailable"


def _note_outage(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    if request is not None and database_unavailable(sys.exc_info()[1]):
        setattr(request, _OUTAGE, True)


class OutageMiddleware:
    """A request that failed because the database is unavailable is answered 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_note_outage, dispatch_uid="chemsec-outage")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _OUTAGE, False):
            return unavailable_for(request)
        return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 for an outage, else the usual 500 (the API's JSON body under /api/)."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_for(request)
    if request.path.startswith(API_PREFIX):
        body = {
            "error": {
                "code": "server_error",
                "message": _("Something went wrong on our side; it has been logged."),
                "details": None,
            }
        }
        return JsonResponse(body, status=500)
    return defaults.server_error(request)


def work_through_outages(
    work: Callable[[], int],
    *,
    stopping: Callable[[], bool],
    sleep: Callable[[float], None] = time.sleep,
    wait_seconds: float = 5.0,
) -> int:
    """Run the worker loop `work`, and run it again after a database outage instead of
    letting the worker process die (a job it was running is taken again once its
    heartbeat is stale). Returns what the last run of `work` returns."""
    while True:
        try:
            return work()
        except (OperationalError, InterfaceError) as exc:
            if not database_unavailable(exc):
                raise
            log.warning("Database unavailable (%s); polling again in %.0f s", exc, wait_seconds)
            for conn in connections.all(initialized_only=True):
                conn.close()  # a fresh connection next time, not the broken one
            if stopping():
                return 0
            sleep(wait_seconds)
