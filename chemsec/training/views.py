"""Training pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chemsec.training.models import Course


def catalogue(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.visible_to(request.user, "view")
    return render(request, "training/catalogue.html", {"courses": courses})
