"""The language switch: Django's `set_language`, and for a signed-in person the choice
kept as the language of their e-mails (`User.language`, through the audited write)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language as django_set_language

from chemsec.core.writes import write_update


def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    chosen = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if (
        user.is_authenticated
        and chosen in dict(settings.LANGUAGES)
        and getattr(user, "language", chosen) != chosen
    ):
        write_update(user, actor=user, values={"language": chosen})
    return response
