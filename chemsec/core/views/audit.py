"""The audit log, for organisation admins (their own) and secretariat admins (all)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.audit_redaction import RedactedEntries
from chemsec.core.choices import AuditAction
from chemsec.core.jobs import job_enqueue
from chemsec.core.models import AuditEntry
from chemsec.core.policy import acting_organisation, can, require
from chemsec.core.rendering import render_page
from chemsec.core.selectors import audit_entries_visible_to


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view", None)
    entries = audit_entries_visible_to(request.user)
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    # Need-to-know: entries about objects the reader may not see are redacted, per page.
    # The stubs' _SupportsPagination asks for iteration and int indexing too; Django's
    # Paginator needs only count() and slices, and RedactedEntries refuses the rest on purpose.
    paginator: Paginator[AuditEntry] = Paginator(
        RedactedEntries(entries, request.user),  # type: ignore[arg-type]
        50,
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "action": action,
        "actions": AuditAction.choices,  # the filter offers what the trail can hold, named alike
        "can_verify": can(request.user, "audit.verify", None),
    }
    return render_page(request, "core/audit_log.html", context, partial="entries")


@login_required
@require_POST
def audit_verify_start(request: HttpRequest) -> HttpResponse:
    """Recomputing the chain can take a while on a long trail: it runs as a job."""
    require(request.user, "audit.verify", None)
    organisation = acting_organisation(request)
    if organisation is None:
        raise Http404
    job = job_enqueue(kind="core.audit_verify", user=request.user, organisation=organisation)
    messages.info(request, _("Verification started."))
    return redirect("job_detail", job_id=job.pk)
