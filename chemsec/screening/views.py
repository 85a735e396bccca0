"""Screening pages: screen now, history, exports, batch downloads and the list catalogue."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.rendering import render_page
from chemsec.screening.exports import result_from_dict
from chemsec.screening.forms import ScreeningForm
from chemsec.screening.selectors import (
    catalogue_entries,
    list_summaries,
    screening_job_visible_to,
    screenings_visible_to,
)
from chemsec.screening.services import (
    screen_identifiers,
    screening_batch_start,
    screening_record,
)
from chemsec.screening.tasks import job_folder

CONTENT_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def index(request: HttpRequest) -> HttpResponse:
    form = ScreeningForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        response = _screen(request, form, context)
        if response is not None:
            return response
    return render_page(request, "screening/index.html", context, partial="results")


def _screen(request: HttpRequest, form: ScreeningForm, context: dict[str, Any]) -> Any:
    data = form.cleaned_data
    lists = data["lists"] or None
    if data["file"] is not None:
        return _start_batch(request, form)
    if not request.user.is_authenticated and len(data["identifiers"]) > 1:
        form.add_error("identifiers", _("Sign in to screen several identifiers at once."))
        return None
    results = screen_identifiers(data["identifiers"], lists, data["as_of"])
    context.update(results=results, summary=_summary(results))
    if request.user.is_authenticated and request.organisation is not None:  # type: ignore[attr-defined]
        context["screening"] = screening_record(
            user=request.user,
            organisation=request.organisation,  # type: ignore[attr-defined]
            results=results,
            lists=lists,
            as_of=data["as_of"],
        )
    return None


def _start_batch(request: HttpRequest, form: ScreeningForm) -> Any:
    if not request.user.is_authenticated or request.organisation is None:  # type: ignore[attr-defined]
        form.add_error("file", _("Sign in, as a member of an organisation, to screen files."))
        return None
    data = form.cleaned_data
    job = screening_batch_start(
        user=request.user,
        organisation=request.organisation,  # type: ignore[attr-defined]
        upload=data["file"],
        lists=data["lists"] or None,
        as_of=data["as_of"],
        column=data["column"],
    )
    messages.info(request, _("The file is being screened."))
    if request.htmx:  # type: ignore[attr-defined]
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
    page = Paginator(screenings_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render_page(request, "screening/history.html", {"page": page})


@login_required
def screening_detail(request: HttpRequest, screening_id: str) -> HttpResponse:
    screening = get_object_or_404(screenings_visible_to(request.user), pk=screening_id)
    return render_page(request, "screening/detail.html", {"screening": screening})


@login_required
def screening_export(request: HttpRequest, screening_id: str, fmt: str) -> HttpResponse:
    from chemsec.screening.engine.writers import write

    screening = get_object_or_404(screenings_visible_to(request.user), pk=screening_id)
    if fmt not in CONTENT_TYPES or not screening.results:
        raise Http404
    results = [result_from_dict(row) for row in screening.results]
    buffer: Any = io.BytesIO() if fmt == "xlsx" else io.StringIO()
    write(results, buffer, fmt)
    audit_record(
        actor=request.user, action=AuditAction.EXPORT, obj=screening, changes={"format": fmt}
    )
    body = buffer.getvalue()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="screening.{fmt}"'
    return response


@login_required
def batch_download(request: HttpRequest, job_id: str, fmt: str) -> FileResponse:
    job = screening_job_visible_to(request.user, job_id)
    if job is None or fmt not in CONTENT_TYPES:
        raise Http404
    path = job_folder(job) / f"screening.{fmt}"
    if not path.exists():
        raise Http404
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=job, changes={"format": fmt})
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"screening.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def list_catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    list_code = request.GET.get("list", "")
    entries = catalogue_entries(query, list_code)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"lists": list_summaries(), "page": page, "q": query, "list_code": list_code}
    return render_page(request, "screening/lists.html", context, partial="entries")
