"""Query-count baselines for every list page and API list (NetBox's query_counts.json idea).

Each list is read with 3 and with 30 rows of its objects added. It fails when 30 rows need
more queries than 3 (a query per row: N+1), and when the count with 30 rows grew past the
baseline in query_counts.json. After a deliberate change, refresh the file with

    CHEMSEC_UPDATE_QUERY_COUNTS=1 pytest tests/contract/test_query_counts.py

Lists are found by name (URL or function names ending in _list/_index, or "index") or by
`list_rows` in the expectation table; one without `list_rows` fails until it has one.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.contract.conftest import client_for
from tests.contract.expectations import NOT_A_LIST, OPERATIONS, PAGES, lookup
from tests.contract.routes import Route, api_operations, page_routes, url_for
from tests.contract.rows import ROWS, reader
from tests.contract.world import World

pytestmark = pytest.mark.django_db

BASELINE = Path(__file__).with_name("query_counts.json")
UPDATE = os.environ.get("CHEMSEC_UPDATE_QUERY_COUNTS") == "1"
FEW, MANY = 3, 30
LIST_NAME = re.compile(r"(_list|_index|(^|:)index)$")
_measured: dict[str, int] = {}


def _lists() -> list[Any]:
    found = []
    for routes, table in ((page_routes(), PAGES), (api_operations(), OPERATIONS)):
        for route in routes:
            if route.api and route.method != "GET":
                continue
            entry = lookup(table, route.key)
            rows = entry.list_rows if entry is not None else None
            if rows == NOT_A_LIST or (rows is None and not LIST_NAME.search(route.key)):
                continue
            key = f"api:{route.key}" if route.api else route.key
            found.append(pytest.param(route, rows, id=key))
    return found


LISTS = _lists()
_counted: dict[tuple[str, int], dict[Route, int | str]] = {}


def _counts(world: World, rows: str, n: int) -> dict[Route, int | str]:
    """Queries of one read of each list of a kind with n rows added (in a savepoint, undone
    after): the rows are made once for every list that shows them. A list that does not
    answer 200 gets the reason instead of a count."""
    if (rows, n) in _counted:
        return _counted[(rows, n)]
    counts: dict[Route, int | str] = {}
    with transaction.atomic():
        ROWS[rows](world, n)
        for param in LISTS:
            route = param.values[0]
            if param.values[1] != rows:
                continue
            persona = reader(rows, route.key)
            client = client_for(world, persona, api=route.api)
            url = url_for(world, route, {})
            warm = client.get(url)  # the first read fills caches (content types, sessions)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            statuses = {warm.status_code, response.status_code}
            counts[route] = len(queries) if statuses == {200} else f"{persona} got {statuses}"
        transaction.set_rollback(True)
    _counted[(rows, n)] = counts
    return counts


@pytest.mark.parametrize(("route", "rows"), LISTS)
def test_list_query_count(rollback: World, route: Route, rows: str | None) -> None:
    key = f"api:{route.key}" if route.api else route.key
    if rows is None:
        pytest.fail(
            f"{route.label} looks like a list: set list_rows in its entry in "
            "tests/contract/expectations.py (a kind from tests/contract/rows.py), or "
            "NOT_A_LIST",
            pytrace=False,
        )
    few, many = (_counts(rollback, rows, n)[route] for n in (FEW, MANY))
    if isinstance(few, str) or isinstance(many, str):
        pytest.fail(f"{route.label} does not answer 200: {few if isinstance(few, str) else many}")
    _measured[key] = many
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    problems = []
    if many > few:
        problems.append(
            f"N+1: {MANY} rows need {many} queries, {FEW} rows {few} (a query per row?)"
        )
    if not UPDATE:
        if key not in baseline:
            problems.append("no baseline: run with CHEMSEC_UPDATE_QUERY_COUNTS=1")
        elif many > baseline[key]:
            problems.append(
                f"{many} queries with {MANY} rows, baseline {baseline[key]}; if intended, "
                "refresh with CHEMSEC_UPDATE_QUERY_COUNTS=1"
            )
    if problems:
        pytest.fail(f"{route.label} ({rows} rows): " + "; ".join(problems), pytrace=False)


@pytest.fixture(scope="module", autouse=True)
def _write_baseline() -> Any:
    yield
    if UPDATE and _measured:
        old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        BASELINE.write_text(json.dumps(old | _measured, indent=2, sort_keys=True) + "\n")
