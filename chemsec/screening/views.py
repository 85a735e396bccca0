"""Screening pages: screen now, history, exports, batch downloads and the list catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from chemsec.core.limits import anonymous_screening_allowed, identifier_problem_text
from chemsec.core.policy import acting_organisation, can, get_object
from chemsec.core.rendering import render_page
from chemsec.screening.forms import ScreeningForm
from chemsec.screening.models import Screening
from chemsec.screening.presenters import (
    entry_name,
    entry_names_by_language,
    name_status_label,
    reader_name_language,
)
from chemsec.screening.selectors import (
    catalogue_entries,
    catalogue_entry,
    list_summaries,
    screening_jobs,
    screenings_visible_to,
)
from chemsec.screening.services import (
    screen_identifiers,
    screening_batch_file,
    screening_batch_start,
    screening_export,
    screening_record,
)

CONTENT_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def index(request: HttpRequest) -> HttpResponse:
    # A signed-out visitor is offered one identifier (what they may screen), not the
    # list box and file field that would only answer "sign in".
    several = can(request.user, "screening.check_several", None)
    form = ScreeningForm(request.POST or None, request.FILES or None, several=several)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        response = _screen(request, form, context)
        if response is not None:
            return response
    return render_page(request, "screening/index.html", context, partial="results")


def _screen(
    request: HttpRequest, form: ScreeningForm, context: dict[str, Any]
) -> HttpResponse | None:
    data = form.cleaned_data
    lists = data["lists"] or None
    if data.get("file") is not None:
        return _start_batch(request, form)
    if len(data["identifiers"]) > 1 and not can(request.user, "screening.check_several", None):
        form.add_error("identifiers", _("Sign in to screen several identifiers at once."))
        return None
    too_long = [identifier_problem_text(text) for text in data["identifiers"]]
    if any(too_long):
        form.add_error("identifiers", next(p for p in too_long if p))
        return None
    if not anonymous_screening_allowed(request):
        form.add_error(
            "identifiers",
            _("Too many screenings from your address this minute: wait a minute, or sign in."),
        )
        return None
    results = screen_identifiers(data["identifiers"], lists, data["as_of"])
    context.update(results=results, summary=_summary(results))
    organisation = acting_organisation(request)
    if organisation is not None and can(request.user, "screening.create", organisation):
        context["screening"] = screening_record(
            user=request.user,
            organisation=organisation,
            results=results,
            lists=lists,
            as_of=data["as_of"],
        )
    return None


def _start_batch(request: HttpRequest, form: ScreeningForm) -> HttpResponse | None:
    organisation = acting_organisation(request)
    if organisation is None or not can(request.user, "screening.create", organisation):
        form.add_error("file", _("Sign in, as a member of an organisation, to screen files."))
        return None
    data = form.cleaned_data
    job = screening_batch_start(
        user=request.user,
        organisation=organisation,
        upload=data["file"],
        lists=data["lists"] or None,
        as_of=data["as_of"],
        column=data["column"],
    )
    # No "being screened" message: the job's page shows its state as it goes, and a flash
    # message would stay on it once the job has finished.
    if getattr(request, "htmx", False):
        # A swap would drop the job page; htmx must navigate to it instead.
        return HttpResponseClientRedirect(reverse("job_detail", args=[job.pk]))
    return redirect("job_detail", job_id=job.pk)


def _summary(results: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in results:
        for code in {m.list for m in result.matches}:
            counts[code] = counts.get(code, 0) + 1
    return counts


@login_required
def history(request: HttpRequest) -> HttpResponse:
    # Each row links to what its reader may open (`job_open`), as the detail page does.
    page = Paginator(screenings_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render_page(request, "screening/history.html", {"page": page})


@login_required
def screening_detail(request: HttpRequest, screening_id: str) -> HttpResponse:
    screening = get_object(
        request.user, "screening.view", screenings_visible_to(request.user), pk=screening_id
    )
    return render_page(request, "screening/detail.html", {"screening": screening})


@login_required
def screening_export_view(request: HttpRequest, screening_id: str, fmt: str) -> HttpResponse:
    screening = get_object(
        request.user, "screening.export", Screening.objects.all(), pk=screening_id
    )
    body = screening_export(screening=screening, actor=request.user, fmt=fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="screening.{fmt}"'
    return response


@login_required
def batch_download(request: HttpRequest, job_id: str, fmt: str) -> FileResponse:
    job = get_object(request.user, "job.export", screening_jobs(), pk=job_id)
    path = screening_batch_file(job=job, actor=request.user, fmt=fmt)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"screening.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def list_catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    list_code = request.GET.get("list", "")
    entries = catalogue_entries(query, list_code, reader_name_language())
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"lists": list_summaries(), "page": page, "q": query, "list_code": list_code}
    return render_page(request, "screening/lists.html", context, partial="entries")


def list_entry(request: HttpRequest, urn: str) -> HttpResponse:
    """One list entry: its text in the reader's language (with what that text is and where
    it was read) or the list's English, and its names in the other languages ChemSec has."""
    entry = catalogue_entry(urn)
    if entry is None:
        raise Http404(_("No list has this entry."))
    shown = entry_name(entry)
    context = {
        "entry": entry,
        "shown": shown,
        "status_label": name_status_label(shown.status),
        "names": entry_names_by_language(urn),
    }
    return render_page(request, "screening/list_entry.html", context)
