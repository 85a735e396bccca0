"""Jobs: the list, a job's live progress, retrying a failure, downloading a result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chemsec.core.choices import JobStatus
from chemsec.core.job_failures import failure_html, job_may_retry, stored_failure
from chemsec.core.jobs import job_cancel, job_result_page, job_retry, job_subject
from chemsec.core.models import Job
from chemsec.core.policy import can, get_object
from chemsec.core.rendering import render_page
from chemsec.core.selectors import jobs_running_count, jobs_visible_to
from chemsec.core.writes import write_export


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_visible_to(request.user)[:100]
    return render_page(request, "core/job_list.html", {"jobs": jobs})


# What a job's result counts mean, in the reader's language (keys the tasks return).
RESULT_LABELS = {
    "rows": gettext_lazy("Rows read"),
    "matched": gettext_lazy("Rows on the selected lists"),
    "errors": gettext_lazy("Rows with errors"),
    "chemicals_of_interest": gettext_lazy("Chemicals of interest"),
    "checked": gettext_lazy("Entries checked"),
    "ok": gettext_lazy("Chain intact"),
    "removed": gettext_lazy("Files removed"),
}


def result_facts(job: Job) -> list[tuple[str, object]]:
    """The job's result as labelled facts; ids, links and nested data are shown elsewhere."""
    result = job.result if isinstance(job.result, dict) else {}
    return [
        (str(label), result[key])
        for key, label in RESULT_LABELS.items()
        if key in result and isinstance(result[key], int | float | bool | str)
    ]


def _page_number(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), 10**9))
    except ValueError:
        return 1


@login_required
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_object(
        request.user,
        "job.view",
        Job.objects.select_related("organisation", "created_by", "cancelled_by"),
        pk=job_id,
    )
    subject = job_subject(job)
    failure = stored_failure(job)
    context = {
        "job": job,
        # A coded failure in the reader's language (else the job's `error` as it is), and
        # Retry only where running it again may help.
        "failure": failure_html(failure) if failure is not None else "",
        "may_retry": job_may_retry(job),
        "subject_url": subject[0] if subject else "",
        "subject_label": subject[1] if subject else "",
        "facts": result_facts(job),
        "may_cancel": job.is_cancellable and can(request.user, "job.cancel", job),
        "page": job_result_page(job, _page_number(request.GET.get("page"))),
    }
    return render_page(request, "core/job_detail.html", context, partial="progress")


@login_required
@require_POST
def job_retry_view(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_object(request.user, "job.retry", Job.objects, pk=job_id)
    if job.status != JobStatus.FAILED:
        messages.error(request, _("Only a failed job can be retried."))
    elif not job_may_retry(job):
        messages.error(request, _("This job would fail the same way again: start a new one."))
    else:
        job_retry(job=job, actor=request.user)
        messages.success(request, _("The job is queued again."))
    return redirect("job_detail", job_id=job.pk)


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_object(request.user, "job.cancel", Job.objects, pk=job_id)
    try:
        job_cancel(job=job, actor=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        if job.status == JobStatus.CANCELLED:
            messages.success(request, _("The job is cancelled."))
        else:
            messages.success(request, _("The job will stop in a few seconds."))
    return redirect("job_detail", job_id=job.pk)


@login_required
def job_result(request: HttpRequest, job_id: str) -> FileResponse:
    job = get_object(request.user, "job.export", Job.objects, pk=job_id)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1]
    write_export(job, actor=request.user, fmt=name.rsplit(".", 1)[-1], file=job.result_file.name)
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)


def job_indicator(request: HttpRequest) -> HttpResponse:
    """The small count of unfinished jobs in the header, refreshed by htmx."""
    context = {"jobs_running": jobs_running_count(request.user)}
    return render_page(request, "core/_job_indicator.html", context)
