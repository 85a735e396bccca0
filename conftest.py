"""Shared fixtures: the personas every permission test uses.

alice is an admin of Meridian Chemicals, bob her colleague with the lowest role,
charlie an admin of another organisation, and the anonymous visitor has no account.
"""

from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings

from chemsec.core.choices import OrganisationKind, Role

# No per-example deadline: speed is measured in benchmarks/, never in tests, and a shared or
# loaded machine made examples of correct code miss hypothesis's default 200 ms.
hypothesis_settings.register_profile("chemsec", deadline=None)
hypothesis_settings.load_profile("chemsec")


@pytest.fixture(autouse=True)
def _fast_and_eager(settings):
    # Argon2 is deliberately slow; tests check its configuration, not its speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.JOBS_EAGER = True


@pytest.fixture(autouse=True)
def _default_language():
    # A request in another language leaves it active in this thread; each test starts afresh.
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def make_user(db):
    from chemsec.core.models import Membership, User

    def make(username, organisation=None, role=Role.VIEWER, password="correct-horse-battery"):
        user = User.objects.create_user(
            username=username, password=password, email=f"{username}@example.org"
        )
        if organisation is not None:
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def meridian(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="Meridian Chemicals",
        slug="meridian",
        kind=OrganisationKind.FACILITY_OPERATOR,
        country="XA",
    )


@pytest.fixture
def northgate(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="Northgate Distribution",
        slug="northgate",
        kind=OrganisationKind.DISTRIBUTOR,
        country="XB",
    )


@pytest.fixture
def secretariat(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="Secretariat", slug="secretariat", kind=OrganisationKind.SECRETARIAT
    )


@pytest.fixture
def alice(make_user, meridian):
    return make_user("alice", meridian, Role.ADMIN)


@pytest.fixture
def bob(make_user, meridian):
    return make_user("bob", meridian, Role.VIEWER)


@pytest.fixture
def charlie(make_user, northgate):
    return make_user("charlie", northgate, Role.ADMIN)


@pytest.fixture
def personas(alice, bob, charlie):
    """The four callers of every permission test, as Django test clients."""
    from django.test import Client

    clients = {"anonymous": Client()}
    for user in (alice, bob, charlie):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    return clients


# The test databases are built from the models (`--no-migrations` in pyproject.toml):
# replaying every migration cost each test process about 30 s of CPU, twice per CI run.
# What the migrations add by hand for one database vendor (the compendium's full-text
# structures) is added here from the migrations themselves; tests/test_migrations.py
# applies the real migrations to an empty database and compares the result with these.
VENDOR_MIGRATIONS = (
    "chemsec.compendium.migrations.0002_search_indexes",
    "chemsec.compendium.migrations.0003_search_storage",
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    if request.config.getvalue("nomigrations"):
        with django_db_blocker.unblock():
            _apply_vendor_operations()


def _apply_vendor_operations():
    from importlib import import_module

    from django.db import connection
    from django.db.migrations import RunPython

    for name in VENDOR_MIGRATIONS:
        migration = import_module(name).Migration
        with connection.schema_editor() as editor:
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(None, editor)


DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


# Modules whose tests take seconds each (browsers, PDFs in six languages, fuzzing, the API
# walk, child processes that migrate or back up a database) are collected last by path; run
# last, they left one test process working alone for minutes at the end of a CI leg. They
# go first, and the short tests fill in around them.
LONG_FIRST = (
    "tests/reliability/",
    "tests/browser/",
    "tests/i18n/",
    "tests/test_migrations.py",
    "tests/test_demo.py",
    "chemsec/screening/tests/test_charged_writings.py",
)


def _long_first(items):
    def rank(item):
        path = item.nodeid.split("::", 1)[0]
        return 0 if path.startswith(LONG_FIRST) else 1

    items.sort(key=rank)  # stable: the same order in every test process (pytest-xdist)


def pytest_collection_modifyitems(config, items):
    """A test that cannot touch the database (no database fixture, no django_db mark:
    pytest-django refuses it any query) gives the same result on every database: mark it
    `once`, and CI runs it on SQLite only (.ci/run). The long tests go first."""
    _long_first(items)
    once = pytest.mark.once
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames):
            continue
        item.add_marker(once)
