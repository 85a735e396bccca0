"""The one API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every error has the same body: {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.log import log_response
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from chemsec.assistance.api import router as assistance_router
from chemsec.compendium.api import router as compendium_router
from chemsec.core.api import router as core_router
from chemsec.core.api_auth import MEMBERS
from chemsec.core.policy import Denied, NotVisible
from chemsec.custody.api import router as custody_router
from chemsec.facilities.api import router as facilities_router
from chemsec.frameworks.api import router as frameworks_router
from chemsec.incidents.api import router as incidents_router
from chemsec.network.api import router as network_router
from chemsec.protection.api import router as protection_router
from chemsec.risk.api import router as risk_router
from chemsec.screening.api import router as screening_router
from chemsec.stock.api import router as stock_router
from chemsec.supplychain.api import router as supplychain_router
from chemsec.waste.api import router as waste_router

api = NinjaAPI(
    title="ChemSec API",
    version="1.0.0",
    description="Control-list screening, best practices, assessments and facility security.",
    auth=MEMBERS,
)

CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "throttled",
    500: "server_error",
}


def error_response(
    request: HttpRequest, status: int, message: str, details: Any = None
) -> HttpResponse:
    body = {"error": {"code": CODES.get(status, "error"), "message": message, "details": details}}
    return api.create_response(request, body, status=status)


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(part) for part in error.get("loc", [])), "message": error["msg"]}
        for error in errors
    ]


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(request, 422, "The request is not valid.", _field_errors(exc.errors))


@api.exception_handler(DjangoValidationError)
def on_model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    fields = [{"field": k, "message": " ".join(v)} for k, v in details.items()]
    return error_response(request, 422, "The request is not valid.", fields)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = str(exc) if str(exc) not in {"", "Unauthorized"} else "Sign in or send an API token."
    return error_response(request, 401, message)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc))


# The policy's refusals (chemsec/core/policy.py): NotVisible is a 404 that says nothing more,
# Denied a 403 with the policy's reason. Pages get the same from Django's own handlers.
@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
@api.exception_handler(NotVisible)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
@api.exception_handler(Denied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or "Not allowed.")


# Anything else is a bug: logged (and reported) as Django logs a page's 500, answered with
# the same JSON error body, telling nothing of the code (the details only with DEBUG on).
@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    got_request_exception.send(sender=None, request=request)
    details = f"{type(exc).__name__}: {exc}" if settings.DEBUG else None
    response = error_response(
        request, 500, "Something went wrong on our side; it has been logged.", details
    )
    log_response(
        "Internal Server Error: %s", request.path, response=response, request=request, exception=exc
    )
    return response


api.add_router("/", core_router)
api.add_router("/", screening_router)
api.add_router("/", compendium_router)
api.add_router("/", frameworks_router)
api.add_router("/", assistance_router)
api.add_router("/", facilities_router)
api.add_router("/", protection_router)
api.add_router("/", risk_router)
api.add_router("/", supplychain_router)
api.add_router("/", incidents_router)
api.add_router("/", custody_router)
api.add_router("/", stock_router)
api.add_router("/", waste_router)
api.add_router("/", network_router)
