"""The supply chain's e-mails: a daily digest for the people who act on alerts and reports,
and the flag of a case whose 24-hour clock ran out.

- A supplier's reviewers and admins (who decide cases and send reports): open alerts
  awaiting review, cases deemed suspicious with the time left to report, reports the
  authority has not yet acknowledged, questions of the authority awaiting an answer, and
  end-use statements that expire within 30 days. Each person is told only what they may
  see (the same `visible_to` as the pages): a reviewer who is not an admin sees the cases
  and customers shared with them.
- A national authority's contributors (who acknowledge reports): reports received and not
  yet acknowledged, those past 24 hours marked.
- A supplier's admins, once, when a case deemed suspicious passes its 24 hours without a
  report (Regulation (EU) 2019/1148, Article 9).

Nothing goes to a customer (tipping-off): customers have no address here, and the mails
name cases and reports by their links, not by the customer. A digest with nothing in it is
not sent. Each mail is written in the recipient's language (their MailPreference, else the
portal's default); anyone may stop the digest on /supplychain/mail/. The overdue flag is
not optional: it is the Regulation's deadline.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.mail import mail_language
from chemsec.core.models import Membership, Organisation, User
from chemsec.core.policy import Actor
from chemsec.core.writes import write_create, write_update
from chemsec.supplychain.choices import CaseStatus, RecordKind, ReportStatus
from chemsec.supplychain.models import (
    REPORT_WINDOW,
    Case,
    Customer,
    MailPreference,
    Report,
    VerificationRecord,
)

log = logging.getLogger(__name__)

EXPIRY_DAYS = 30  # statements listed this many days before they expire

OPEN_CASES = (CaseStatus.NEW, CaseStatus.IN_REVIEW)
SUPPLIER_ROLES = Role.at_least(Role.REVIEWER)  # who decides cases and sends reports
AUTHORITY_ROLES = Role.at_least(Role.CONTRIBUTOR)  # who acknowledges reports


# --- Preferences ---------------------------------------------------------------------------
def mail_preference(user: User) -> MailPreference:
    """The person's saved choices, or the defaults (unsaved)."""
    found = MailPreference.objects.filter(user=user).first()
    return found or MailPreference(user=user)


def mail_preference_set(*, actor: Actor, language: str, daily_digest: bool) -> MailPreference:
    """Save the signed-in person's own choices (nobody sets another's)."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise PermissionDenied
    current = MailPreference.objects.filter(user=actor).first()
    if current is None:
        return write_create(
            MailPreference(user=actor, language=language, daily_digest=daily_digest),
            actor=actor,
        )
    return write_update(
        current, actor=actor, values={"language": language, "daily_digest": daily_digest}
    )


def digests_offered(user: User) -> list[str]:
    """The daily digests that apply to the person, as `digests_send` sends them:
    "supplier" as a reviewer or admin of an organisation that keeps customers (not an
    authority), "authority" as a contributor or more of a national authority. A facility
    operator with no customers gets none, and is offered none."""
    offered: list[str] = []
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    for membership in memberships:
        organisation = membership.organisation
        if organisation.kind == OrganisationKind.NATIONAL_AUTHORITY:
            if membership.role in AUTHORITY_ROLES and "authority" not in offered:
                offered.append("authority")
        elif (
            membership.role in SUPPLIER_ROLES
            and "supplier" not in offered
            and Customer.objects.filter(organisation=organisation).exists()
        ):
            offered.append("supplier")
    return sorted(offered, reverse=True)  # the supplier's first


def _language(user: User) -> str:
    """The language chosen for the supply chain's e-mails, else the person's (the one they
    last chose in the portal, `chemsec.core.mail`)."""
    chosen = mail_preference(user).language
    return chosen if chosen in dict(settings.LANGUAGES) else mail_language(user)


# --- What a digest holds -------------------------------------------------------------------
@dataclass
class Line:
    """One thing listed: a link, and what to say about it (kept as data, worded in the
    template in the recipient's language)."""

    url: str
    kind: str  # case_new, case_in_review, case_due, case_overdue, report_waiting, ...
    when: dt.datetime | dt.date | None = None
    count: int = 0
    hours: int = 0


@dataclass
class Digest:
    organisation: Organisation
    authority: bool
    sections: dict[str, list[Line]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.sections.values())


def _url(name: str, pk: Any) -> str:
    return f"{settings.PUBLIC_URL}{reverse(name, args=[pk])}"


def _hours(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 3600))


def supplier_digest(user: User, organisation: Organisation, now: dt.datetime) -> Digest:
    """What this reviewer of the supplier should act on today, among what they may see."""
    cases = Case.objects.visible_to(user).filter(organisation=organisation)
    open_cases = cases.filter(status__in=OPEN_CASES).annotate(n=Count("alerts"))
    alerts = [
        Line(_url("supplychain:case", c.pk), f"case_{c.status}", c.created_at, count=c.n)
        for c in open_cases.order_by("created_at")
        if c.n
    ]
    clocks = []
    for case in cases.filter(status=CaseStatus.SUSPICIOUS).order_by("deemed_suspicious_at"):
        left = case.clock(now)
        if left is not None:
            kind = "case_overdue" if left.total_seconds() < 0 else "case_due"
            clocks.append(
                Line(
                    _url("supplychain:case", case.pk),
                    kind,
                    case.report_due_at,
                    hours=_hours(abs(left)),
                )
            )
    return Digest(
        organisation,
        authority=False,
        sections={
            "alerts": alerts,
            "clocks": clocks,
            "reports": _sent_reports(user, organisation),
            "statements": _expiring(user, organisation, now.date()),
        },
    )


def _sent_reports(user: User, organisation: Organisation) -> list[Line]:
    sent = Report.objects.visible_to(user).filter(organisation=organisation)
    waiting = sent.filter(
        Q(status=ReportStatus.SENT) | Q(status=ReportStatus.INFORMATION_REQUESTED)
    ).order_by("sent_at")
    return [
        Line(
            _url("supplychain:report", r.pk),
            "report_question" if r.status == ReportStatus.INFORMATION_REQUESTED else "report_sent",
            r.sent_at,
        )
        for r in waiting
    ]


def _expiring(user: User, organisation: Organisation, today: dt.date) -> list[Line]:
    """Statements that expire within EXPIRY_DAYS with no later one of the same kind."""
    customers = Customer.objects.visible_to(user).filter(organisation=organisation)
    records = VerificationRecord.objects.filter(
        customer__in=customers.values("pk"), kind=RecordKind.STATEMENT
    )
    renewed = records.filter(
        customer_id=OuterRef("customer_id"),
        statement_kind=OuterRef("statement_kind"),
        valid_until__gt=OuterRef("valid_until"),
    )
    soon = (
        records.filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=EXPIRY_DAYS)
        )
        .filter(~Exists(renewed))  # one query, however many statements expire
        .order_by("valid_until")
        .values_list("customer_id", "valid_until")
    )
    return [
        Line(_url("supplychain:customer", customer_id), "statement", valid_until)
        for customer_id, valid_until in soon
    ]


def authority_digest(user: User, organisation: Organisation, now: dt.datetime) -> Digest:
    """Reports addressed to this authority and not yet acknowledged, oldest first."""
    received = Report.objects.visible_to(user).filter(
        authority=organisation, status=ReportStatus.SENT
    )
    lines = []
    for report in received.order_by("sent_at"):
        age = now - report.sent_at
        kind = "received_late" if age > REPORT_WINDOW else "received"
        lines.append(
            Line(_url("supplychain:report", report.pk), kind, report.sent_at, hours=_hours(age))
        )
    return Digest(organisation, authority=True, sections={"received": lines})


# --- Sending -------------------------------------------------------------------------------
def _recipients(kinds: str) -> list[Membership]:
    """Active people with an address: the reviewers and admins of the organisations that
    are not authorities ("supplier"), or the contributors of the authorities."""
    members = (
        Membership.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username")
    )
    if kinds == "authority":
        return list(
            members.filter(
                organisation__kind=OrganisationKind.NATIONAL_AUTHORITY, role__in=AUTHORITY_ROLES
            )
        )
    return list(
        members.exclude(organisation__kind=OrganisationKind.NATIONAL_AUTHORITY).filter(
            role__in=SUPPLIER_ROLES
        )
    )


def _send(user: User, template: str, context: dict[str, Any]) -> int:
    """Render `template` (subject and body) in the user's language and send it to them alone."""
    with translation.override(_language(user)):
        subject = render_to_string(f"supplychain/emails/{template}_subject.txt", context)
        body = render_to_string(f"supplychain/emails/{template}.txt", context)
    try:
        return send_mail(" ".join(subject.split()), body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        log.exception("Could not send the supply-chain %s to user %s", template, user.pk)
        return 0


def digests_send(*, now: dt.datetime | None = None) -> int:
    """The daily digest to every supplier reviewer and authority contributor with something
    to act on who has not turned it off; returns how many mails went."""
    now = now or timezone.now()
    settings_url = f"{settings.PUBLIC_URL}{reverse('supplychain:mail_preferences')}"
    sent = 0
    for side in ("supplier", "authority"):
        for membership in _recipients(side):
            user, organisation = membership.user, membership.organisation
            if not mail_preference(user).daily_digest:
                continue
            build = authority_digest if side == "authority" else supplier_digest
            digest = build(user, organisation, now)
            if digest.empty:
                continue
            context = {
                "digest": digest,
                "user": user,
                "settings_url": settings_url,
                "expiry_days": EXPIRY_DAYS,
            }
            sent += _send(user, "digest", context)
    return sent


def overdue_send(*, since: dt.datetime, until: dt.datetime | None = None) -> int:
    """Flag to the supplier's admins each case deemed suspicious whose 24 hours to report
    ran out in (since, until] and that is still unreported. The job passes the time of its
    previous run as `since`, so each case is flagged once, however late a run comes."""
    until = until or timezone.now()
    late = Case.objects.filter(
        status=CaseStatus.SUSPICIOUS,
        deemed_suspicious_at__gt=since - REPORT_WINDOW,
        deemed_suspicious_at__lte=until - REPORT_WINDOW,
    ).select_related("organisation")
    sent = 0
    for case in late:
        admins = Membership.objects.filter(
            organisation=case.organisation, role=Role.ADMIN, user__is_active=True
        ).exclude(user__email="")
        for membership in admins.select_related("user"):
            context = {
                "case_url": _url("supplychain:case", case.pk),
                "due": case.report_due_at,
                "organisation": case.organisation,
            }
            sent += _send(membership.user, "overdue", context)
    return sent
