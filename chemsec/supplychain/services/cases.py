"""Cases: a reviewer takes a case, deems it suspicious (the 24-hour clock starts) or not
suspicious (with a reason), and closes it. A suspicious case becomes "reported" only by
sending its report (reports.report_send)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.choices import Confidentiality, Role
from chemsec.core.models import Membership, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_share, write_update
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


def case_reviewers(case: Case) -> list[User]:
    """The people a case can be handed to: the supplier's reviewers and admins."""
    members = Membership.objects.filter(
        organisation=case.organisation, role__in=Role.at_least(Role.REVIEWER), user__is_active=True
    )
    return list(User.objects.filter(pk__in=members.values("user_id")).order_by("username"))


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, reviewer: User) -> Case:
    """An admin hands a case to a named reviewer of the supplier, who becomes its reviewer.

    Cases and customers are restricted by default (their admins and whoever they name), so
    the case, and its customer when restricted, are shared with the reviewer by name
    (audited as shares): being assigned is being told, and nobody else learns of it."""
    require(actor, "case.share", case)
    if reviewer not in case_reviewers(case):
        raise ValidationError(
            {"reviewer": _("Choose a reviewer or an admin of %(organisation)s.")
             % {"organisation": case.organisation.name}}
        )  # fmt: skip
    customer = case.customer
    if customer.confidentiality == Confidentiality.RESTRICTED:
        require(actor, "customer.share", customer)
        write_share(customer, actor=actor, users=[reviewer])
    write_share(case, actor=actor, users=[reviewer])
    return write_update(case, actor=actor, values={"assigned_to": reviewer})
