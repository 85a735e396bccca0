"""Jobs of the core app."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from chemsec.core.audit import audit_verify
from chemsec.core.jobs import Progress, task
from chemsec.core.models import Job


@task("core.audit_verify", label=_("Audit chain verification"))
def audit_verify_task(job: Job, progress: Progress) -> dict[str, Any]:
    progress.update(0, gettext_noop("Recomputing the audit chain"), force=True)

    def report(done: int, total: int) -> None:
        # Figures only: the job page shows a stored message as a msgid, and words built
        # around figures would stay English (as the order import writes "12/340").
        progress.update(100 * done / max(total, 1), f"{done}/{total}")

    report_ = audit_verify(on_progress=report)
    return {
        "ok": report_.ok,
        "checked": report_.checked,
        "broken_at": report_.broken_at,
        "reason": report_.reason,
    }


@task("core.upload_retention", label=_("Removal of old uploads"), every=timedelta(hours=6))
def upload_retention_task(job: Job, progress: Progress) -> dict[str, Any]:
    """Remove the uploaded files of jobs that ended more than UPLOAD_RETENTION_DAYS ago."""
    from chemsec.core.jobs import uploads_remove_expired

    removed = uploads_remove_expired()
    return {"removed": sum(removed.values()), "by_kind": removed}
