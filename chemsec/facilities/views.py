"""Facility pages; every read goes through `facilities_visible_to`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from chemsec.core.rendering import render_page
from chemsec.facilities.selectors import facilities_visible_to


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = facilities_visible_to(request.user)
    return render_page(request, "facilities/list.html", {"facilities": facilities})


@login_required
def facility_detail(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_object_or_404(facilities_visible_to(request.user), pk=facility_id)
    return render_page(request, "facilities/detail.html", {"facility": facility})
