"""The retention purge: a supplier's records older than the retention period are deleted
by a scheduled job, which leaves one audit entry per kind of record that went (how many,
up to when, why), never their content.

Regulation (EU) 2019/1148, Article 8(4): the economic operator keeps the information it
verified on a sale (the customer's identity and licence, trade, registration number and
intended use: paragraphs 1 and 2) for 18 months from the date of the transaction, for the
inspection authorities. Kept longer, it is personal data held beyond its purpose (GDPR
Article 5(1)(e)). The period is `SUPPLYCHAIN_RETENTION_MONTHS` (a setting, or the
environment variable CHEMSEC_SUPPLYCHAIN_RETENTION_MONTHS), 18 by default, for the whole
installation.

What goes, per supplier, once older than the cut-off (now less the period, in calendar
months):
- orders (with their lines, and their alerts when those belong to no kept case), by the
  date of the transaction;
- closed cases and cases found not suspicious, by their last change, when every order they
  alert on goes too (their alerts and the reviewers' verdicts go with them);
- verification records and end-use statements whose cover ended before the cut-off (the
  statement's validity; an identity check without one covers a year, Article 8(2));
- sanctions screenings of a customer but its latest (the denied-party rule reads it), and
  the screenings of an order's consignee or end user once the order is gone;
- order imports (their rows keep the ERP's cells) whose orders are all gone, and in an
  import kept for another order, the rows of the orders that go;
- rule snoozes expired before the cut-off.

What stays whatever its age:
- every record of a customer with an open case (new, in review, or deemed suspicious and so
  under the 24-hour clock of Article 9): the case may still need them; the model has no
  other legal hold, and an open case is how one is kept;
- a reported case, and every case a report was sent from, with its alerts and orders: the
  report (Report, its messages) is the authority's copy, never purged here;
- the customer records themselves (the account, as long as the supplier keeps it).

A date without a time (a statement's validity) is compared one day later than the cut-off's
date in UTC, so that no record goes before its day has ended in every time zone; a moment
(an order's time) is compared as the instant it is.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from chemsec.core.limits import work_limit
from chemsec.core.models import Organisation
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import write_purge
from chemsec.sanctions.models import Screening
from chemsec.supplychain.choices import OPEN_CASE_STATUSES, CaseStatus
from chemsec.supplychain.models import (
    STATEMENT_VALIDITY_DAYS,
    Case,
    Customer,
    Order,
    OrderImport,
    OrderImportRow,
    RuleSnooze,
    VerificationRecord,
)
from chemsec.supplychain.services.sanctions import ORDER_PARTY_TYPES, SUBJECT_TYPE

DEFAULT_MONTHS = 18  # Regulation (EU) 2019/1148, Article 8(4)
PURGE_KIND = "supplychain.retention"
# Cases whose review is over without a report: the only ones a purge may delete.
FINISHED = (CaseStatus.CLOSED, CaseStatus.NOT_SUSPICIOUS)
# Order imports still at work are never purged.
UNFINISHED_IMPORTS = ("queued", "running")
CHUNK = 500  # primary keys a delete names, under SQLite's parameter limit


class RetentionError(ValueError):
    """The configured retention cannot be used (not a whole number of months, or none)."""


def retention_months() -> int:
    """The configured retention period, in months (at least one)."""
    months = work_limit("SUPPLYCHAIN_RETENTION_MONTHS", DEFAULT_MONTHS, minimum=0)
    if months < 1:
        raise RetentionError(
            "SUPPLYCHAIN_RETENTION_MONTHS must be at least 1 (Regulation (EU) 2019/1148, "
            "Article 8(4), asks for 18)."
        )
    return months


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` less a number of calendar months, in UTC; a day the earlier month lacks
    becomes its last (31 August less 18 months is 28 or 29 February)."""
    moment = moment.astimezone(dt.UTC)
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Cutoff:
    """Records before `moment` (a time) or before `day` (a date) are past retention."""

    moment: dt.datetime
    months: int

    @property
    def day(self) -> dt.date:
        return self.moment.date() - dt.timedelta(days=1)


def cutoff(now: dt.datetime | None = None, months: int | None = None) -> Cutoff:
    months = retention_months() if months is None else months
    return Cutoff(months_before(now or timezone.now(), months), months)


@dataclass
class PurgeResult:
    """Counts by organisation (slug) and kind of record ("supplychain.order": 12)."""

    cutoff: Cutoff
    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for kinds in self.counts.values():
            for kind, count in kinds.items():
                found[kind] = found.get(kind, 0) + count
        return dict(sorted(found.items()))

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "retention_months": self.cutoff.months,
            "before": self.cutoff.moment.isoformat(),
            "totals": self.totals(),
            "organisations": self.counts,
        }


def held_customers(organisation: Organisation) -> QuerySet[Customer]:
    """Customers with an open case: nothing of theirs is purged."""
    return Customer.objects.filter(
        organisation=organisation, cases__status__in=OPEN_CASE_STATUSES
    ).distinct()


def purgeable_cases(organisation: Organisation, cut: Cutoff) -> QuerySet[Case]:
    return (
        Case.objects.filter(organisation=organisation, status__in=FINISHED)
        .filter(updated_at__lt=cut.moment)
        .exclude(customer__in=held_customers(organisation))
        .exclude(Exists(_reports_of_case()))
        .exclude(alerts__order__ordered_at__gte=cut.moment)
    )


def _reports_of_case() -> QuerySet[Any]:
    from chemsec.supplychain.models import Report

    return Report.objects.filter(case=OuterRef("pk"))


def purgeable_orders(organisation: Organisation, cut: Cutoff) -> QuerySet[Order]:
    """Orders before the cut-off with no alert in a case that stays."""
    kept_cases = Case.objects.filter(organisation=organisation).exclude(
        pk__in=purgeable_cases(organisation, cut)
    )
    return (
        Order.objects.filter(organisation=organisation, ordered_at__lt=cut.moment)
        .exclude(customer__in=held_customers(organisation))
        .exclude(alerts__case__in=kept_cases)
    )


def purgeable_records(organisation: Organisation, cut: Cutoff) -> QuerySet[VerificationRecord]:
    """Verification records whose cover ended before the cut-off's day."""
    unstated = cut.day - dt.timedelta(days=STATEMENT_VALIDITY_DAYS)
    return VerificationRecord.objects.filter(
        Q(valid_until__isnull=False, valid_until__lt=cut.day)
        | Q(valid_until__isnull=True, checked_on__lt=unstated),
        customer__organisation=organisation,
        checked_on__lt=cut.day,
    ).exclude(customer__in=held_customers(organisation))


def purgeable_snoozes(organisation: Organisation, cut: Cutoff) -> QuerySet[RuleSnooze]:
    return RuleSnooze.objects.filter(organisation=organisation, expires_on__lt=cut.day).exclude(
        customer__in=held_customers(organisation)
    )


def purgeable_imports(organisation: Organisation, cut: Cutoff) -> QuerySet[OrderImport]:
    """Finished imports before the cut-off none of whose rows is a kept order."""
    kept_row = OrderImportRow.objects.filter(
        order_import=OuterRef("pk"), order__isnull=False
    ).exclude(order__in=purgeable_orders(organisation, cut))
    return (
        OrderImport.objects.filter(organisation=organisation, created_at__lt=cut.moment)
        .exclude(status__in=UNFINISHED_IMPORTS)
        .exclude(Exists(kept_row))
    )


def purgeable_screenings(organisation: Organisation, cut: Cutoff) -> list[Any]:
    """Primary keys of the screenings to purge: a customer's before the cut-off but its
    latest, and those of order parties whose order is gone or goes now."""
    held = {str(pk) for pk in held_customers(organisation).values_list("pk", flat=True)}
    customers = Screening.objects.filter(organisation=organisation, subject_type=SUBJECT_TYPE)
    latest = dict(
        customers.values("subject_id")
        .annotate(last=Max("created_at"))
        .values_list("subject_id", "last")
    )
    found = [
        pk
        for pk, subject, created in customers.filter(created_at__lt=cut.moment).values_list(
            "pk", "subject_id", "created_at"
        )
        if subject not in held and created < latest[subject]
    ]
    orders = Order.objects.filter(organisation=organisation)
    going = set(purgeable_orders(organisation, cut).values_list("pk", flat=True))
    kept = {str(pk) for pk in orders.values_list("pk", flat=True) if pk not in going}
    parties = Screening.objects.filter(
        organisation=organisation, subject_type__in=list(ORDER_PARTY_TYPES.values())
    )
    found += [pk for pk, order in parties.values_list("pk", "subject_id") if order not in kept]
    return found


def _chunks(keys: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]


def organisation_purge(
    organisation: Organisation, cut: Cutoff, *, dry_run: bool = False
) -> dict[str, int]:
    """Purge one supplier's records past retention (or count them, with `dry_run`)."""
    # Fixed before anything is deleted: the screenings follow the orders that go now.
    screenings = purgeable_screenings(organisation, cut)
    orders = list(purgeable_orders(organisation, cut).values_list("pk", flat=True))
    querysets: list[QuerySet[Any]] = [
        purgeable_imports(organisation, cut),
        # The rows of imports kept for another order: the ERP's cells of an order that goes.
        OrderImportRow.objects.filter(order__in=purgeable_orders(organisation, cut)),
        purgeable_cases(organisation, cut),
        # A chunk at a time, each order read by its key only: the deletion reads what
        # cascades, never the orders' texts and evaluations.
        *(Order.objects.filter(pk__in=list(part)).only("pk") for part in _chunks(orders)),
        purgeable_records(organisation, cut),
        purgeable_snoozes(organisation, cut),
        *(Screening.objects.filter(pk__in=list(part)) for part in _chunks(screenings)),
    ]
    details = {
        "reason": "retention",
        "retention_months": cut.months,
        "before": cut.moment.isoformat(),
    }
    return write_purge(
        querysets, actor=SYSTEM, organisation=organisation, details=details, dry_run=dry_run
    )


def retention_purge(
    *,
    now: dt.datetime | None = None,
    months: int | None = None,
    dry_run: bool = False,
    organisations: Sequence[Organisation] | None = None,
    progress: Any = None,
) -> PurgeResult:
    """Purge every supplier's records past retention, one transaction per supplier."""
    cut = cutoff(now, months)
    result = PurgeResult(cutoff=cut, dry_run=dry_run)
    chosen = list(organisations if organisations is not None else _suppliers())
    for index, organisation in enumerate(chosen):
        counts = organisation_purge(organisation, cut, dry_run=dry_run)
        if counts:
            result.counts[organisation.slug] = counts
        if progress is not None:
            progress(100 * (index + 1) / len(chosen), organisation.slug)
    return result


def _suppliers() -> QuerySet[Organisation]:
    """Organisations with any supply-chain record (the others have nothing to purge)."""
    return Organisation.objects.filter(
        Exists(Customer.objects.filter(organisation=OuterRef("pk")))
        | Exists(OrderImport.objects.filter(organisation=OuterRef("pk")))
    ).order_by("slug")
