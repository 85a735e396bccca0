"""Jobs: the list, a job's live progress, retrying a failure, downloading a result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.jobs import job_retry
from chemsec.core.rendering import render_page
from chemsec.core.selectors import jobs_running_count, jobs_visible_to


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_visible_to(request.user)[:100]
    return render_page(request, "core/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_object_or_404(jobs_visible_to(request.user), pk=job_id)
    return render_page(request, "core/job_detail.html", {"job": job}, partial="progress")


@login_required
@require_POST
def job_retry_view(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_object_or_404(jobs_visible_to(request.user, "change"), pk=job_id)
    if not job.is_finished or job.status != "failed":
        messages.error(request, _("Only a failed job can be retried."))
    else:
        job_retry(job=job)
        messages.success(request, _("The job is queued again."))
    return redirect("job_detail", job_id=job.pk)


@login_required
def job_result(request: HttpRequest, job_id: str) -> FileResponse:
    job = get_object_or_404(jobs_visible_to(request.user), pk=job_id)
    if not job.result_file:
        raise Http404
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=job,
        changes={"file": job.result_file.name},
    )
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)


def job_indicator(request: HttpRequest) -> HttpResponse:
    """The small count of unfinished jobs in the header, refreshed by htmx."""
    context = {"jobs_running": jobs_running_count(request.user)}
    return render_page(request, "core/_job_indicator.html", context)
