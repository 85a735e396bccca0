"""Cases: a reviewer takes a case, deems it suspicious (the 24-hour clock starts) or not
suspicious (with a reason), and closes it. A suspicious case becomes "reported" only by
sending its report (reports.report_send)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.models import User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_update
from chemsec.supplychain.choices import CASE_TRANSITIONS, CaseStatus
from chemsec.supplychain.models import Case


@transaction.atomic
def case_decide(*, actor: Actor, case: Case, status: str, reason: str = "") -> Case:
    """Move a case along: in review (the reviewer takes it), suspicious (starts the
    24-hour clock), not suspicious (a reason is required), closed, or reopened."""
    require(actor, "case.decide", case)
    if status not in CASE_TRANSITIONS.get(case.status, ()):
        raise ValidationError(
            {"status": _("A case cannot go from %(old)s to %(new)s.")
             % {"old": case.get_status_display(), "new": CaseStatus(status).label}}
        )  # fmt: skip
    values: dict[str, Any] = {"status": status}
    if status == CaseStatus.NOT_SUSPICIOUS:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the case is not suspicious.")})
        values["reason"] = reason.strip()
    elif reason.strip():
        values["reason"] = reason.strip()
    if status == CaseStatus.SUSPICIOUS:
        values["deemed_suspicious_at"] = timezone.now()
    if status == CaseStatus.IN_REVIEW and isinstance(actor, User):
        values["assigned_to"] = actor
    return write_update(case, actor=actor, values=values)
