"""The demo world (`chemsec demo`), built once for a test module instead of once per test.

Building it takes seconds of CPU (content, screening of the inventories, sanctions lists),
and CI runs every test on two databases. A module whose tests read the world (or write a
little to it) asks for `demo_world`: the world is built inside a transaction, each test
runs in a savepoint of its own (pytest-django's `db`), so what one test writes is gone for
the next, and the transaction is rolled back after the module's last test. The contract
tests' world works the same way (tests/contract/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest
from django.db import transaction
from django.test import override_settings

T = TypeVar("T")

# The root conftest's per-test settings, which a module's fixture runs before.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "JOBS_EAGER": True,
}


@contextmanager
def built_once(django_db_blocker: Any, build: Callable[[], T], **settings: Any) -> Iterator[T]:
    """What `build` returns, its records kept in a transaction until the context ends.

    The database is open to the build and the rollback only: between them it is open to a
    test exactly as its own marks say."""
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            with override_settings(**(TEST_SETTINGS | settings)):
                built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[list[str]]:
    """The demo world for the module's tests (mark them `django_db`); `demo_create`'s lines."""
    from chemsec.demo import demo_create

    with built_once(django_db_blocker, demo_create) as lines:
        yield lines
