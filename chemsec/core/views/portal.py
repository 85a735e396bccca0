"""The home page, the member directory, the organisation switcher, reference content."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from chemsec.core.forms import OrganisationSwitchForm
from chemsec.core.home import waiting_for
from chemsec.core.home_cards import cards_for
from chemsec.core.models import ContentItem
from chemsec.core.policy import ActingRequest, require
from chemsec.core.rendering import render_page, safe_next
from chemsec.core.selectors import members_visible_to, organisations_visible_to


def home(request: HttpRequest) -> HttpResponse:
    counts = dict(ContentItem.objects.values_list("kind").annotate(n=Count("urn")).order_by("kind"))
    organisation = getattr(request, "organisation", None)
    context: dict[str, object] = {
        "content_counts": counts,
        "cards": cards_for(organisation.kind if organisation is not None else None),
    }
    if request.user.is_authenticated:
        context["for_you"] = waiting_for(request)
    return render_page(request, "core/home.html", context)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "organisation.directory", None)
    organisations = organisations_visible_to(request.user).annotate(members=Count("memberships"))
    return render_page(request, "core/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    require(request.user, "organisation.directory", None)
    organisation = get_object_or_404(organisations_visible_to(request.user), slug=slug)
    members = members_visible_to(request.user, organisation)
    context = {"organisation": organisation, "members": members}
    return render_page(request, "core/organisation_detail.html", context)


@login_required
@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    form = OrganisationSwitchForm(request.POST)
    if not form.is_valid():
        raise Http404
    chosen = str(form.cleaned_data["organisation"])
    if not any(str(m.organisation_id) == chosen for m in cast(ActingRequest, request).memberships):
        raise Http404
    request.session["organisation_id"] = chosen
    return redirect(safe_next(request, form.cleaned_data.get("next")))


def content_catalogue(request: HttpRequest) -> HttpResponse:
    """Every loaded reference object, by kind, searchable by URN or text."""
    items = ContentItem.objects.order_by("kind", "urn")
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    if kind:
        items = items.filter(kind=kind)
    if query:
        items = items.filter(Q(urn__icontains=query) | Q(data__icontains=query))
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    kinds = ContentItem.objects.values_list("kind", flat=True).distinct().order_by("kind")
    context = {"page": page, "kinds": kinds, "kind": kind, "q": query}
    return render_page(request, "core/content_catalogue.html", context, partial="results")


def content_detail(request: HttpRequest, urn: str) -> HttpResponse:
    item = get_object_or_404(ContentItem, urn=urn)
    return render_page(request, "core/content_detail.html", {"item": item})
