"""Sanctions pages: list versions and their import, screening receipts, clearing a match.
Every page works without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.policy import acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.uploads import check_upload
from chemsec.sanctions import selectors, services
from chemsec.sanctions.forms import ClearForm, ImportForm
from chemsec.sanctions.models import ListVersion, Screening, ScreeningMatch

PAGE_SIZE = 50
LIST_FILES = ("json", "csv", "xml")


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    context = {
        "page": _page(request, selectors.versions(request.user, organisation)),
        "can_import": can(request.user, "sanctions.import", organisation),
    }
    return render_page(request, "sanctions/index.html", context)


@login_required
def list_import(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "sanctions.import", organisation)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        upload = form.cleaned_data["file"]
        try:
            if check_upload(upload, LIST_FILES) != "text":
                raise ValidationError(_("A list file is text (JSON, CSV or XML)."))
            upload.seek(0)
            version = services.list_import(
                actor=request.user,
                organisation=organisation,
                data=upload.read(),
                file_name=upload.name or "",
                version=form.cleaned_data["version"],
            )
        except (ValidationError, services.ImportRefused) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            form.add_error("file", text)
        else:
            messages.success(request, _("List imported. Your customers are being screened again."))
            return redirect("sanctions:version", list_version_id=version.pk)
    return render_page(request, "sanctions/import.html", {"form": form})


@login_required
def version(request: HttpRequest, list_version_id: str) -> HttpResponse:
    item = get_object(request.user, "listversion.view", ListVersion.objects, pk=list_version_id)
    context = {"item": item, "page": _page(request, item.entries.all())}
    return render_page(request, "sanctions/version.html", context)


@login_required
def screenings(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    context = {"page": _page(request, selectors.screenings(request.user, organisation))}
    return render_page(request, "sanctions/screenings.html", context)


@login_required
def screening(request: HttpRequest, sanctions_screening_id: str) -> HttpResponse:
    item = get_object(
        request.user, "sanctionsscreening.view", Screening.objects, pk=sanctions_screening_id
    )
    matches = item.matches.select_related("entry__list_version", "cleared_by")
    context = {
        "item": item,
        "matches": matches,
        "can_clear": can(request.user, "sanctions.clear", item),
        "form": ClearForm(),
    }
    return render_page(request, "sanctions/screening.html", context)


@login_required
@require_POST
def match_clear(
    request: HttpRequest, sanctions_screening_id: str, sanctions_match_id: str
) -> HttpResponse:
    item = get_object(request.user, "sanctions.clear", Screening.objects, pk=sanctions_screening_id)
    match: ScreeningMatch | None = item.matches.filter(pk=sanctions_match_id).first()
    form = ClearForm(request.POST)
    if match is not None and form.is_valid():
        try:
            services.match_clear(
                actor=request.user,
                match=match,
                justification=form.cleaned_data["justification"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Match cleared as a false positive."))
    else:
        messages.error(request, _("Give a justification and a date within a year."))
    return redirect("sanctions:screening", sanctions_screening_id=item.pk)
