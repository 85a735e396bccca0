"""Issue 15: schemathesis against /api/v1/openapi.json, every operation, with a read token
and a write token, through the WSGI application in-process: no server error, and every
answer's status, content type and body are the ones the document declares.

CI runs one example per operation and token (CHEMSEC_SCHEMATHESIS_EXAMPLES, 1 by default); a longer
run is `CHEMSEC_SCHEMATHESIS_EXAMPLES=50 pytest tests/reliability/test_api_schemathesis.py`
(figures in docs/reliability.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chemsec.core.choices import Role, TokenScope

# Does not depend on the database: CI runs it once, on SQLite.
pytestmark = pytest.mark.once

EXAMPLES = int(os.environ.get("CHEMSEC_SCHEMATHESIS_EXAMPLES", "1"))
BOTH_TOKENS = os.environ.get("CHEMSEC_SCHEMATHESIS_BOTH_TOKENS") == "1"


def signed_in(ctx: Any, response: Any, case: Any) -> bool:
    """Both tokens are valid: a 401 would mean every other answer tested nothing."""
    assert response.status_code != 401, "a valid token was refused"
    return True


CHECKS = [
    signed_in,
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@pytest.fixture
def in_one_transaction() -> Iterator[None]:
    """The WSGI handler closes the connection at each request's start and end (the test
    client does not); the test's transaction must outlive the requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: None, make_user: Any, meridian: Any, in_one_transaction: None) -> dict[str, str]:
    from chemsec.core.services import token_create

    reader = make_user("reader", meridian, Role.VIEWER)
    writer = make_user("writer", meridian, Role.CONTRIBUTOR)
    _, read = token_create(user=reader, name="read", scope=TokenScope.READ)
    _, write = token_create(user=writer, name="write", scope=TokenScope.WRITE)
    return {"read": read, "write": write}


def _scopes(case: Any) -> tuple[str, ...]:
    """Both tokens for the generated examples; the coverage phase's boundary cases (dozens an
    operation: missing, wrong-typed and out-of-range values) with the write token, the one
    whose requests reach validation and the services (a read token's writes stop at 403,
    which the persona contract checks for every route). CHEMSEC_SCHEMATHESIS_BOTH_TOKENS=1
    sends those with both, as a longer run does."""
    phase = getattr(getattr(case, "meta", None), "phase", None)
    name = getattr(getattr(phase, "name", None), "value", "")
    if name == "coverage" and not BOTH_TOKENS:
        return ("write",)
    return ("read", "write")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case: Any, tokens: dict[str, str]) -> None:
    for scope in _scopes(case):
        case.call_and_validate(
            headers={"Authorization": f"Bearer {tokens[scope]}"},
            checks=CHECKS,
        )
