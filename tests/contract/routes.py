"""Every route of the URL conf and every operation of the OpenAPI schema, found by walking
them (never listed by hand), and how to fill their parameters from the contract's world."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

API_NAMESPACE_PREFIX = "api-"  # NinjaAPI's URL namespace, "api-<version>"


@dataclass(frozen=True)
class Route:
    """A page route (`api` False: keyed by its URL name) or an API operation (keyed by its
    function name, the operationId without its module: stable when a module moves)."""

    key: str
    pattern: str  # the full route, e.g. "facilities/<uuid:facility_id>/"
    params: tuple[str, ...]
    api: bool = False
    method: str = "GET"  # an operation's method; a page's methods come from the table
    operation_id: str = ""
    has_body: bool = False
    url_name: str | None = None  # "namespace:name" to reverse, None for an unnamed route
    converters: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.key}" if self.api else self.key


_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _route_params(pattern: str) -> tuple[tuple[str, ...], dict[str, str]]:
    names, converters = [], {}
    for match in _ROUTE_PARAM.finditer(pattern):
        names.append(match["name"])
        converters[match["name"]] = match["conv"] or "str"
    for match in _REGEX_PARAM.finditer(pattern):
        names.append(match["name"])
        converters[match["name"]] = "regex"
    return tuple(names), converters


def _is_api(pattern: URLPattern) -> bool:
    return type(pattern.callback).__module__.startswith("ninja") or getattr(
        pattern.callback, "__module__", ""
    ).startswith("ninja.operation")


def page_routes() -> list[Route]:
    """Every page route, recursively through includes, with namespaces. The API's operations
    are walked from the schema instead (`api_operations`); its other views (schema, docs)
    are pages like any other."""
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                ns = namespace
                if item.namespace:
                    ns = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item, prefix + str(item.pattern), ns)
                continue
            pattern = prefix + str(item.pattern)
            in_api = (namespace or "").startswith(API_NAMESPACE_PREFIX)
            if in_api and _is_api(item):
                continue
            params, converters = _route_params(pattern)
            name = f"{namespace}:{item.name}" if namespace and item.name else item.name
            key = name or f"route:{pattern}"
            found.append(Route(key, pattern, params, url_name=name, converters=converters))

    walk(get_resolver(), "", None)
    return found


def _operation_functions() -> dict[str, Any]:
    """operationId -> the endpoint function, from the API's routers."""
    from chemsec.api import api

    functions = {}

    def walk(router: Any) -> None:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
                functions[operation_id] = operation.view_func
        for child in getattr(router, "_routers", []):
            walk(child[1])

    for mounted in api._routers:
        walk(mounted[1])
    return functions


def api_operations() -> list[Route]:
    from chemsec.api import api

    schema = api.get_openapi_schema()
    functions = _operation_functions()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            operation_id = operation["operationId"]
            function = functions.get(operation_id)
            key = function.__name__ if function is not None else operation_id
            params = tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "path")
            found.append(
                Route(
                    key, path, params, api=True, method=method.upper(),
                    operation_id=operation_id, has_body="requestBody" in operation,
                )
            )  # fmt: skip
    return found


# --- Filling parameters from the world ----------------------------------------------------

# A parameter name -> the world object whose primary key fills it.
OBJECT_PARAMS = {
    "facility_id": "facility",
    "threat_id": "threat",
    "scenario_id": "scenario",
    "entry_id": "entry",
    "measure_id": "measure",
    "snapshot_id": "snapshot",
    "screening_id": "screening",
    "job_id": "job",
    "proposal_id": "proposal",
    "framework_id": "framework",
    "evidence_id": "evidence",
    "action_id": "action",
    "campaign_id": "campaign",
    "request_id": "request",
    "diagram_id": "diagram",
    "estimate_id": "estimate",
    "export_id": "revoked_export",
    "token_id": "token",
    "customer_id": "customer",
    "product_id": "product",
    "order_id": "order",
    "case_id": "case",
    "report_id": "report",
}
# Literal values for parameters that name no object.
LITERAL_PARAMS = {
    "fmt": "csv",
    "number": "1",
    "uidb64": "MQ",
    "token": "set-password",
    "object_id": "1",
    "content_type_id": "1",
    "app_label": "auth",
    "url": "nothing/",
    "pk": "1",
}


def assessment_object(route: Route) -> str:
    """`assessment_id` names a risk register under a facility's risk pages, else a
    framework assessment."""
    return "risk" if ("risk" in route.pattern or "register" in route.key) else "assessment"


def param_objects(route: Route, overrides: dict[str, str]) -> dict[str, str]:
    """Parameter name -> world object key (for those naming an object)."""
    chosen = {}
    for name in route.params:
        if name in overrides and (name in OBJECT_PARAMS or name == "assessment_id"):
            chosen[name] = overrides[name]  # another object for an object parameter
        elif name in overrides:
            continue  # a literal value (a format, say)
        elif name == "assessment_id":
            chosen[name] = assessment_object(route)
        elif name in OBJECT_PARAMS:
            chosen[name] = OBJECT_PARAMS[name]
    return chosen


def param_value(world: Any, route: Route, name: str, overrides: dict[str, str]) -> str:
    objects = param_objects(route, overrides)
    if name in objects:
        return str(world.objects[objects[name]].pk)
    if name in overrides:
        return overrides[name]
    if name == "slug":
        return world.orgs["alpha"].slug
    if name == "urn":
        return world.objects["practice"].urn
    if name in LITERAL_PARAMS:
        return LITERAL_PARAMS[name]
    raise LookupError(
        f"{route.label}: no value for the parameter {name!r}; add it to OBJECT_PARAMS or "
        "LITERAL_PARAMS in tests/contract/routes.py (or `params` in its table entry)"
    )


def url_for(world: Any, route: Route, overrides: dict[str, str]) -> str:
    values = {name: param_value(world, route, name, overrides) for name in route.params}
    if route.api:
        path = route.pattern
        for name, value in values.items():
            path = path.replace("{" + name + "}", value)
        return path
    if route.url_name is not None:
        return reverse(route.url_name, kwargs=values)
    path = route.pattern
    for name, value in values.items():
        path = _ROUTE_PARAM.sub(lambda m, n=name, v=value: v if m["name"] == n else m[0], path)
        path = re.sub(rf"\(\?P<{name}>[^)]*\)", value, path)
    return "/" + path.lstrip("^").rstrip("$").replace("^", "")


# Parameters of the routes added by tests/contract/apps/<module>.py. The expectations load
# first: they import every app module whole (an app module imports their helpers).
import tests.contract.expectations  # noqa: E402, F401
from tests.contract.apps import merge  # noqa: E402

merge(OBJECT_PARAMS, "OBJECT_PARAMS")
merge(LITERAL_PARAMS, "LITERAL_PARAMS")
