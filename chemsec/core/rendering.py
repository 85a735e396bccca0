"""One helper decides whether a request gets a whole page or a named partial."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """htmx requests for a named partial get just that fragment; others the full page."""
    name = template
    htmx: HtmxDetails | None = getattr(request, "htmx", None)  # set by HtmxMiddleware
    if partial and htmx and not htmx.boosted:
        name = f"{template}#{partial}"
    return render(request, name, context or {}, status=status)


def safe_next(request: HttpRequest, candidate: str | None, default: str = "/") -> str:
    """Only redirect to paths on this site."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
