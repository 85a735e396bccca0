"""The portal's own refusal and not-found pages (handler403, and handler404 outside /api/).

They render in the portal's frame and the reader's language. The address asked for is not
written back into the page (the language and organisation switches return home): the
address of an object the reader may not see is itself something the page must not name.
The reason for a refusal is never shown."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def page_refused(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"next_path": reverse("home")}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"next_path": reverse("home")}, status=404)
