"""While the database cannot be reached, requests fail cleanly (503, no 500 page), and the
next request after it is back succeeds without a restart.

Here the outage is every query raising the error a stopped server gives, from the point the
outage starts (`connection.execute_wrapper`): the session and the signed-in user are read
in middleware, a token in the API, the page's own data in the view, so each path is hit.
The drill with a real server stopped and started is `faults.py db-stop`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from chemsec.core.choices import TokenScope
from chemsec.core.outage import database_unavailable, work_through_outages
from chemsec.core.services import token_create

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def failing_queries(error: Exception) -> Iterator[None]:
    def refuse(execute, sql, params, many, context):
        raise error

    with connection.execute_wrapper(refuse):
        yield


def outage() -> contextlib.AbstractContextManager[None]:
    # What psycopg says once the server stops (Django wraps it in its OperationalError).
    return failing_queries(OperationalError("terminating connection due to administrator command"))


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)  # answers as a real server would
    if user is not None:
        client.force_login(user)
    return client


def _unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Unavailable for a moment" in page and "Traceback" not in page


def _unavailable_json(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    body = json.loads(response.content)
    assert body["error"]["code"] == "unavailable" and body["error"]["message"]


@pytest.mark.parametrize("debug", [False, True])  # a development portal too: no traceback page
@pytest.mark.parametrize("path", ["/", "/compendium/", "/assessments/"])
def test_it_answers_pages_with_a_503_page_during_an_outage(path, debug, settings):
    settings.DEBUG = debug
    client = _client()
    with outage():
        _unavailable_page(client.get(path))
    assert client.get(path).status_code == 200  # back by itself


def test_it_answers_a_signed_in_page_with_a_503_when_the_session_cannot_be_read(alice):
    client = _client(alice)
    with outage():  # the session is read in middleware, before any view
        _unavailable_page(client.get("/"))
        _unavailable_page(client.post("/screening/", {"identifiers": "64-17-5"}))
    assert client.get("/").status_code == 200


def test_it_answers_the_api_with_its_json_error_during_an_outage(alice):
    token = token_create(user=alice, name="outage", scope=TokenScope.WRITE)[1]
    client = _client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    check = {"identifiers": ["64-17-5"]}
    with outage():  # the token is looked up inside the API
        _unavailable_json(client.post("/api/v1/screening/check", check, "application/json", **auth))
        _unavailable_json(client.get("/api/v1/me", **auth))
    answer = client.post("/api/v1/screening/check", check, "application/json", **auth)
    assert answer.status_code == 200


@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_the_api_from_a_session_with_json_too(alice, debug, settings):
    settings.DEBUG = debug
    client = _client(alice)
    with outage():  # the session fails in middleware, outside the API's own handlers
        _unavailable_json(client.get("/api/v1/me"))


def test_a_programming_error_is_still_a_500_not_an_outage():
    client = _client()
    with failing_queries(ProgrammingError("relation does not exist")):
        page = client.get("/")
        api = client.get("/api/v1/content")
    assert page.status_code == 500
    assert api.status_code == 500 and json.loads(api.content)["error"]["code"] == "server_error"


def test_it_tells_an_outage_from_an_error_in_the_query():
    with pytest.raises(Exception) as error, connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here")
    assert not database_unavailable(error.value)  # SQLite and PostgreSQL alike: a bug
    assert database_unavailable(OperationalError("could not connect to server"))
    assert not database_unavailable(ValueError("no"))


def _wrapped(cause: Exception) -> OperationalError:
    # As Django raises it: its own OperationalError, the driver's error as the cause.
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("sqlstate", "outage"),
    [
        ("57P01", True),  # admin_shutdown: the server was stopped
        ("57P03", True),  # cannot_connect_now: the server is starting
        ("08006", True),  # connection_failure
        ("53300", True),  # too_many_connections
        ("57014", False),  # query_canceled: a statement timeout is a slow query
        ("40P01", False),  # deadlock_detected: a locking bug
        ("40001", False),  # serialization_failure
    ],
)
def test_it_reads_postgresqls_sqlstate_to_tell_an_outage_from_a_failed_statement(
    sqlstate: str, outage: bool
):
    import psycopg.errors

    cause = psycopg.errors.lookup(sqlstate)("server says no")
    assert database_unavailable(_wrapped(cause)) is outage


def test_a_postgresql_error_without_sqlstate_is_the_server_out_of_reach():
    import psycopg

    assert database_unavailable(_wrapped(psycopg.OperationalError("connection refused")))


def test_a_statement_timeout_on_postgresql_is_a_500_not_an_outage():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement timeout")
    with pytest.raises(OperationalError) as error, connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1")
        cursor.execute("SELECT pg_sleep(1)")
    assert not database_unavailable(error.value)


def test_a_worker_waits_through_an_outage_and_polls_again():
    calls, pauses = [], []

    def work() -> int:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return 7

    assert work_through_outages(work, stopping=lambda: False, sleep=pauses.append) == 7
    assert len(calls) == 3 and len(pauses) == 2


def test_a_worker_asked_to_stop_during_an_outage_stops():
    def work() -> int:
        raise OperationalError("could not connect to server")

    assert work_through_outages(work, stopping=lambda: True, sleep=lambda s: None) == 0


def test_a_worker_still_fails_on_a_database_bug():
    def work() -> int:
        raise ProgrammingError("relation does not exist")

    with pytest.raises(ProgrammingError):
        work_through_outages(work, stopping=lambda: False, sleep=lambda s: None)


def test_the_outage_page_is_laid_out_right_to_left_in_arabic():
    """Rendered without the base template, the page states its own direction as base.html
    does: an Arabic page laid out left to right puts punctuation and numbers out of place."""
    from django.conf import settings

    client = _client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    with outage():
        response = client.get("/")
    assert response.status_code == 503
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
