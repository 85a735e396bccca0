"""API authentication: personal tokens (Bearer), the browser session, or nobody."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from chemsec.core.choices import TokenScope
from chemsec.core.policy import ORGANISATION_HEADER, set_acting_organisation
from chemsec.core.services import token_authenticate
from chemsec.core.two_factor import token_needs_enrolment

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_authenticate(token)
        if api_token is None:
            # A wrong token is an error, never a silent fall-back to anonymous access.
            raise AuthenticationError(message="The API token is not valid or has been revoked.")
        if token_needs_enrolment(api_token.user):
            raise HttpError(403, "Enrol a second factor before using this token.")
        if api_token.scope == TokenScope.READ and request.method not in SAFE_METHODS:
            raise HttpError(403, "This token is read-only.")
        request.user = api_token.user
        # Read back with getattr by endpoints that refuse tokens (HttpRequest declares no slot).
        request.api_token = api_token  # type: ignore[attr-defined]
        # The token's user acts for the organisation the header names, else their first.
        set_acting_organisation(request, slug=_organisation_header(request), use_session=False)
        return api_token.user


def _organisation_header(request: HttpRequest) -> str | None:
    return request.headers.get(ORGANISATION_HEADER) or None


def session_auth(request: HttpRequest) -> Any:
    """The browser's session; only a signed-in session needs (and gets) the CSRF check."""
    if not request.user.is_authenticated:
        return None
    if request.method not in SAFE_METHODS and check_csrf(request) is not None:
        raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
    if _organisation_header(request):  # else the middleware's resolution from the session stands
        set_acting_organisation(request, slug=_organisation_header(request))
    return request.user


# django-ninja reads this attribute off an auth callable to name it in the OpenAPI schema.
session_auth.openapi_type = "apiKey"  # type: ignore[attr-defined]


def anonymous(request: HttpRequest) -> Any:
    """For public endpoints: anyone may call them, as the anonymous visitor."""
    if not request.user.is_authenticated:
        request.user = AnonymousUser()
    return request.user or True


token_auth = TokenAuth()
MEMBERS: list[Callable[..., Any]] = [token_auth, session_auth]
EVERYONE: list[Callable[..., Any]] = [token_auth, session_auth, anonymous]
