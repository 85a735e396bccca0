"""What every page's layout needs: navigation, organisations, languages, jobs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from chemsec.core.policy import can
from chemsec.core.selectors import jobs_running_count

# (url name, label, who sees it). Modules whose pages do not exist yet are left out.
NAVIGATION = [
    ("home", _("Home"), "everyone"),
    ("screening:index", _("Screening"), "everyone"),
    ("screening:lists", _("Control lists"), "everyone"),
    ("compendium:index", _("Best practices"), "everyone"),
    ("frameworks:index", _("Assessments"), "members"),
    ("assistance:index", _("Assistance"), "members"),
    ("facilities:index", _("Facilities"), "members"),
    ("protection:index", _("Protection"), "members"),
    ("supplychain:index", _("Supply chain"), "members"),
    ("incidents:index", _("Incidents"), "members"),
    ("custody:index", _("Chain of custody"), "members"),
    ("waste:consignment_list", _("Waste"), "members"),
    ("network:directory", _("Network"), "everyone"),
    ("events:list", _("Events"), "everyone"),
    ("training:catalogue", _("Training"), "everyone"),
    ("content_catalogue", _("Reference content"), "everyone"),
    ("jobs", _("Jobs"), "members"),
    ("audit_log", _("Audit log"), "admins"),
    ("api-1.0.0:openapi-view", _("API"), "everyone"),
]


def _allowed(audience: str, request: HttpRequest) -> bool:
    if audience == "everyone":
        return True
    if audience == "members":
        return request.user.is_authenticated
    return can(request.user, "audit.view", None)


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    items = []
    for name, label, audience in NAVIGATION:
        if not _allowed(audience, request):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"url": url, "label": label, "current": current})
    return items


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "navigation": _navigation(request),
        "active_organisation": getattr(request, "organisation", None),
        "my_memberships": getattr(request, "memberships", []),
        "jobs_running": jobs_running_count(request.user),
    }
