"""The contract's world is built once, inside a transaction rolled back at the end;
each test runs in a savepoint of its own, so an unsafe request changes nothing for the next."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings

from tests.contract.world import BY_KEY, PASSWORD, World, build


def _stub_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Semantic search embeds every query with a small model; the contract tests who sees
    what, not ranking, so the model is treated as absent (full-text search still runs)."""
    try:
        from chemsec.compendium import embedding
    except ImportError:  # pragma: no cover - the layout may move it
        return
    monkeypatch.setattr(embedding, "embed", lambda texts: None)
    monkeypatch.setattr(embedding, "embed_many", lambda texts, batch=16: [None] * len(texts))
    monkeypatch.setattr(embedding, "available", lambda: False)


def _stub_opsin(monkeypatch: pytest.MonkeyPatch) -> None:
    """OPSIN starts Java for names it cannot find in the indexes (seconds per call): the
    contract screens a marker, not a chemical name, so OPSIN is treated as absent."""
    try:
        from chemsec.screening.engine import opsin
    except ImportError:  # pragma: no cover - the layout may move it
        return
    monkeypatch.setattr(opsin, "available", lambda: False)


def _sessions(world: World) -> None:
    """A signed-in session per persona (second factor verified where they have one)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for persona in BY_KEY.values():
        if persona.username is None:
            continue
        user = world.users[persona.username]
        client = Client()
        client.force_login(user)
        if user.is_privileged and not persona.unverified:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        if persona.key == "dual_session":
            # The organisation switcher, as the person would use it.
            response = client.post(
                "/organisations/switch/", {"organisation": str(world.orgs["beta"].pk)}
            )
            assert response.status_code == 302, response.status_code
        world.sessions[persona.key] = client.session.session_key


def _keep_media(world: World) -> None:
    """Remember every stored file, so a test that deletes one (a delete request) cannot take
    it from the tests after it."""
    root = Path(django_settings.MEDIA_ROOT)
    for path in root.rglob("*"):
        if path.is_file():
            world.media[str(path)] = path.read_bytes()


def restore_media(world: World) -> None:
    for name, content in world.media.items():
        path = Path(name)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


@pytest.fixture(scope="package")
def world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    media = tmp_path_factory.mktemp("contract-media")
    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        JOBS_EAGER=True,
        MEDIA_ROOT=str(media),
        REQUIRE_2FA_FOR_PRIVILEGED=True,
    )
    with pytest.MonkeyPatch.context() as monkeypatch, overrides, django_db_blocker.unblock():
        _stub_embeddings(monkeypatch)
        _stub_opsin(monkeypatch)
        with transaction.atomic():
            built = World()
            # Built as the people did before the deployment required a second factor.
            with override_settings(REQUIRE_2FA_FOR_PRIVILEGED=False):
                build(built)
            _sessions(built)
            _keep_media(built)
            yield built
            transaction.set_rollback(True)
    _CLIENTS.clear()
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture
def _django_db_helper(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's per-test database fixture, made lighter for this package: a savepoint
    in the world's transaction, rolled back after the test (no test case class per test, no
    constraint check of the whole database). Thousands of requests run here."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def rollback(world: World, db: Any) -> Iterator[World]:
    """The world, in the test's own savepoint (the world's settings stay in force); files a
    test deleted are put back."""
    yield world
    restore_media(world)


_CLIENTS: dict[tuple[str, bool], Client] = {}


def client_for(world: World, persona_key: str, *, api: bool = False) -> Client:
    """The persona's client: its session cookie, or its token for the API. One client per
    persona is kept (a new one loads every middleware again, ~20 ms); its cookies are reset
    each time, so nothing a test's response set reaches the next test."""
    persona = BY_KEY[persona_key]
    token = api and persona.api_auth == "token"
    client = _CLIENTS.get((persona_key, token))
    if client is None:
        # A view's exception is answered 500, as in production, and reported as a wrong status.
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {world.tokens[persona_key]}"
            if persona.acting:
                headers["X-ChemSec-Organisation"] = persona.acting
        client = Client(headers=headers, raise_request_exception=False)
        _CLIENTS[(persona_key, token)] = client
    client.cookies = SimpleCookie()
    if persona.username is not None and not token:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[persona_key]
    return client


__all__ = ["PASSWORD", "client_for", "restore_media"]
