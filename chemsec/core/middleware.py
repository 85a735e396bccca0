"""Security headers, the two-factor requirement and the active organisation."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from chemsec.core.policy import set_acting_organisation
from chemsec.core.two_factor import second_factor_missing

# No inline scripts or styles and nothing from another origin: every asset is vendored.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
API_PREFIX = "/api/"

Handler = Callable[[HttpRequest], HttpResponse]


# What a signed-in person sees, every API answer and every export is need-to-know: no
# browser, proxy or shared cache may keep a copy (a shared computer's back button, a
# corporate proxy). Static assets are the same for everyone and stay cacheable.
NO_STORE = "no-store, private"
STATIC_PREFIX = "/static/"


def _must_not_be_stored(request: HttpRequest) -> bool:
    if request.path.startswith(STATIC_PREFIX):
        return False
    if request.path.startswith(API_PREFIX):
        return True  # token callers too: request.user may be set only inside the API
    user = getattr(request, "user", None)  # absent if an outer middleware answered early
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """Content and permissions policies on every response; `no-store` where it matters.

    Outermost of ChemSec's middleware, so it also covers answers that inner middleware
    gives on its own (the two-factor redirect, a CSRF refusal).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _must_not_be_stored(request):
            # Set, not merged: a view's own caching header must not weaken this.
            response.headers["Cache-Control"] = NO_STORE
        return response


# Paths a signed-in person without a second factor may still reach, to set one up.
TWO_FACTOR_EXEMPT = ("/account/two-factor/", "/logout/", "/static/", "/i18n/")


def _bearer(request: HttpRequest) -> bool:
    """A request that names a token is judged by the token (api_auth), not by the session."""
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def _api_enrol_first() -> JsonResponse:
    # The API's one error shape, built here because the API's handlers never see this request.
    body = {
        "error": {
            "code": "forbidden",
            "message": "Verify a second factor before using the API from this session.",
            "details": {"enrol": TWO_FACTOR_EXEMPT[0]},
        }
    }
    return JsonResponse(body, status=403)


class TwoFactorRequiredMiddleware:
    """Privileged users must enrol and verify a second factor before anything else.

    The API is not exempt: a browser session signed in with a password alone would
    otherwise reach every endpoint, and could mint a token that outlives the session.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_enrol(request):
            if request.path.startswith(API_PREFIX):
                return _api_enrol_first()
            return redirect("two_factor_setup")
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        if request.path.startswith(TWO_FACTOR_EXEMPT):
            return False
        if request.path.startswith(API_PREFIX) and _bearer(request):
            return False
        return second_factor_missing(request.user)


class ActiveOrganisationMiddleware:
    """Sets `request.organisation`: the one the person chose in the switcher, or their first."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_acting_organisation(request)  # the API's token auth resolves it again for tokens
        return self.get_response(request)
