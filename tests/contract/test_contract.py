"""The persona contract: every page route and every API operation, for every persona, answers
the status the expectation table gives and shows no marker of an object the persona may not
see. Routes and operations are walked from the URL conf and the OpenAPI schema, so a new
one fails here until it has an entry in tests/contract/expectations.py.

Run one route or persona with -k, e.g. `-k "facilities:detail and authority"`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.http import HttpResponse
from django.urls import reverse

from chemsec.core.models import OwnedModel
from tests.contract.conftest import client_for
from tests.contract.expectations import (
    ACCESS,
    OPERATIONS,
    PAGES,
    Context,
    Entry,
    expected,
    lookup,
)
from tests.contract.routes import Route, api_operations, page_routes, param_objects, url_for
from tests.contract.world import MARKER_RE, PERSONAS, Persona, World

pytestmark = pytest.mark.django_db

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Markers of objects that are restricted: a page or response showing one must not be cached.
RESTRICTED_MARKERS = ("ZZSECRET-", "ZZFORMER-", "ZZAUTHORITY-")


@dataclass(frozen=True)
class Case:
    route: Route
    entry: Entry | None
    method: str
    variant: str
    persona: Persona

    @property
    def overrides(self) -> dict[str, str]:
        assert self.entry is not None
        return {**self.entry.params, **self.entry.variants.get(self.variant, {})}


def _cases() -> list[Any]:
    cases = []
    for routes, table, where in (
        (page_routes(), PAGES, "PAGES"),
        (api_operations(), OPERATIONS, "OPERATIONS"),
    ):
        for route in routes:
            entry = lookup(table, route.key)
            if entry is None:
                case = Case(route, None, route.method, "", PERSONAS[0])
                cases.append(pytest.param(case, where, id=f"{route.label}-NO-ENTRY"))
                continue
            methods = [route.method] if route.api else list(entry.rules)
            for method in methods:
                for variant in ["", *entry.variants]:
                    name = f"{route.label}[{variant}]" if variant else route.label
                    for persona in PERSONAS:
                        if not (route.api or persona.pages):
                            continue
                        case = Case(route, entry, method, variant, persona)
                        label = name if route.api else f"{method} {name}"
                        cases.append(pytest.param(case, where, id=f"{label}-{persona.key}"))
    return cases


def _form(world: World, entry: Entry) -> dict[str, str]:
    data = {}
    for name, value in entry.data.items():
        if value.startswith("@"):
            key, _dot, attr = value[1:].partition(".")
            value = str(getattr(world.objects[key], attr or "pk"))
        data[name] = value
    return data


def _send(client: Any, case: Case, url: str, world: World) -> HttpResponse:
    if case.method == "GET":
        return client.get(url)
    if case.route.api:
        body = "{}" if case.route.has_body else ""
        return client.generic(case.method, url, body, content_type="application/json")
    assert case.entry is not None
    form = urlencode(_form(world, case.entry))
    return client.generic(case.method, url, form, content_type="application/x-www-form-urlencoded")


def _body(response: Any) -> str:
    # Never response.close(): the test client has closed it (a second close would send
    # request_finished, which drops the connection and the world's transaction with it).
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8", errors="replace")
    if content.startswith(b"%PDF"):
        text += _pdf_text(content)  # the PDF's streams are compressed: read its text
    return text


def _pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(content)).pages)
    except Exception as exc:  # a PDF we cannot read is reported, not fatal
        return f"(unreadable PDF: {exc})"


def _redirect_ok(response: Any, target: str) -> bool:
    location = response.get("Location", "")
    if target == "login":
        return location.startswith(reverse("login"))
    return location.startswith(reverse("two_factor_setup"))


def _ids(world: World) -> dict[str, str]:
    """World object key -> its id, for the objects ACCESS describes: an id in a body is a
    link to (or a mention of) the object, which only those who may see it should get."""
    if not hasattr(world, "_ids"):
        world._ids = {  # type: ignore[attr-defined]
            key: str(world.objects[key].pk) for key in ACCESS if key in world.objects
        }
    return world._ids  # type: ignore[attr-defined]


def _rule(case: Case) -> Any:
    assert case.entry is not None
    return case.entry.rules["*" if case.route.api else case.method]


@pytest.mark.parametrize(("case", "table"), _cases())
def test_contract(rollback: World, case: Case, table: str) -> None:
    world = rollback
    if case.entry is None:
        kind = "operation (function name)" if case.route.api else "route (URL name)"
        pytest.fail(
            f"{case.route.label} ({case.route.pattern}) has no entry: add '{case.route.key}' "
            f"to {table} in tests/contract/expectations.py (the {kind}, its methods and who "
            "may use it)."
        )
    ctx = Context(param_objects(case.route, case.overrides))
    outcome = _rule(case)(case.persona, ctx)
    want = expected(
        outcome, case.persona, api=case.route.api, method=case.method, entry=case.entry,
        body=case.route.has_body, api_path=case.route.pattern.startswith("api/"),
    )  # fmt: skip
    url = url_for(world, case.route, case.overrides)
    response = _send(client_for(world, case.persona.key, api=case.route.api), case, url, world)
    body = _body(response)
    status = response.status_code

    problems = []
    if status not in want.statuses:
        problems.append(f"status {status}, expected {want.describe()}")
    elif status == 302 and want.redirect and not _redirect_ok(response, want.redirect):
        problems.append(f"redirected to {response.get('Location')}, expected {want.redirect}")
    elif (
        status == 302
        and case.persona.username
        and not case.entry.signin_flow
        and _redirect_ok(response, "login")
    ):
        problems.append("sent a signed-in persona to the sign-in page")
    leaked = sorted(
        marker
        for marker in set(MARKER_RE.findall(body))
        if marker in world.markers and case.persona.key not in world.markers[marker].seen_by
    )
    if leaked:
        problems.append(f"shows {', '.join(leaked)}, which {case.persona.key} may not see")
    linked = sorted(
        key
        for key, pk in _ids(world).items()
        if pk in body and case.persona.key not in ACCESS[key]["view"] and not case.entry.ids_ok
    )
    if linked:
        problems.append(f"names (links to) {', '.join(linked)}, hidden from {case.persona.key}")
    cache = response.get("Cache-Control", "")
    restricted = any(marker in body for marker in RESTRICTED_MARKERS)
    attachment = "attachment" in response.get("Content-Disposition", "")
    api_data = case.route.api and case.persona.username and 200 <= status < 300
    if (restricted or attachment or api_data) and 200 <= status < 300 and "no-store" not in cache:
        problems.append(f"restricted content without Cache-Control: no-store (got {cache!r})")
    if problems:
        who = f"{case.persona.key} ({case.persona.description})"
        pytest.fail(f"{case.method} {url} as {who}: " + "; ".join(problems), pytrace=False)


def test_every_entry_names_a_route() -> None:
    """An entry whose route was renamed or removed is stale: rename or remove it."""
    pages = {route.key for route in page_routes()}
    operations = {route.key for route in api_operations()}
    stale = [
        key
        for table, keys in ((PAGES, pages), (OPERATIONS, operations))
        for key in table
        if not (key[:-1] and any(k.startswith(key[:-1]) for k in keys))
        if key.endswith("*") or key not in keys
    ]
    assert not stale, f"entries naming no route or operation: {stale}"


def test_admin_is_no_second_sign_in(rollback: World) -> None:
    """Django's admin sign-in had no throttle and no second factor: it is not mounted, or it
    sends to the portal's own sign-in."""
    response = client_for(rollback, "anonymous").get("/admin/login/")
    assert response.status_code == 404 or _redirect_ok(response, "login"), response.status_code


def test_every_operation_name_is_unique() -> None:
    """Operations are keyed by function name: two with one name would share an entry."""
    seen: dict[str, str] = {}
    clashes = []
    for route in api_operations():
        other = seen.setdefault(route.key, route.operation_id)
        if other != route.operation_id:
            clashes.append((route.key, other, route.operation_id))
    assert not clashes, clashes


def test_every_owned_kind_has_a_fixture(rollback: World) -> None:
    """A new owned model needs a fixture in tests/contract/world.py (made by its service)."""
    owned = [
        model
        for model in apps.get_models()
        if issubclass(model, OwnedModel) and not model._meta.abstract
    ]
    built = {type(value) for value in rollback.objects.values()}
    missing = [model._meta.label for model in owned if model not in built]
    assert not missing, (
        f"no contract fixture for {missing}: create one in tests/contract/world.py through "
        "its app's service, restricted, with a ZZSECRET- marker in its text"
    )
    for model in owned:
        assert model.objects.exists(), model._meta.label


@pytest.mark.parametrize(
    ("persona", "path", "marker"),
    [
        ("owner", "/facilities/{facility}/", "ZZSECRET-FACILITY"),
        ("authority", "/facilities/{facility}/", "ZZSECRET-FACILITY"),
        ("authority", "/api/v1/facilities-rollup", "ZZSECRET-FACILITY"),
        ("owner", "/audit/", "ZZSECRET-FACILITY"),
        ("secretariat_staff", "/assistance/board/", "ZZSECRET-REQUEST"),
        ("viewer", "/screening/history/{screening}/", "ZZORG-SCREENING"),
        ("owner", "/protection/plans/{revoked_export}/plan.pdf", "ZZSECRET-FACILITY"),
    ],
)
def test_markers_show_where_they_may(rollback: World, persona: str, path: str, marker: str) -> None:
    """The contract is only as good as its markers: they do show to those who may see them."""
    url = path.format(**{key: obj.pk for key, obj in rollback.objects.items()})
    response = client_for(rollback, persona, api=url.startswith("/api/")).get(url)
    assert response.status_code == 200, response.status_code
    assert marker in _body(response)
