"""The retention purge (Regulation (EU) 2019/1148, Article 8(4): 18 months from the date of
the transaction): what goes and what stays at the boundary and across time zones, open,
timed and reported cases kept with everything of their customer, one audit entry per kind
holding counts and never content, idempotence, the dry run's counts, the command and the
scheduled job."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from contextlib import redirect_stdout
from decimal import Decimal

import pytest

from chemsec.core.choices import AuditAction
from chemsec.core.jobs import scheduled_kinds
from chemsec.core.models import AuditEntry
from chemsec.core.writes import unaudited
from chemsec.sanctions.models import Screening
from chemsec.supplychain import retention
from chemsec.supplychain.choices import CaseStatus
from chemsec.supplychain.models import (
    Alert,
    Case,
    Customer,
    Order,
    OrderImport,
    OrderImportRow,
    OrderLine,
    Report,
    RuleSnooze,
    VerificationRecord,
)
from chemsec.supplychain.retention import cutoff, months_before, retention_purge
from chemsec.supplychain.services.sanctions import ORDER_PARTY_TYPES, SUBJECT_TYPE

pytestmark = pytest.mark.django_db


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


NOW = utc(2026, 12, 7, 10, 0)
CUT = utc(2025, 6, 7, 10, 0)  # NOW less 18 calendar months
SECOND = dt.timedelta(seconds=1)
SECRET = "Zyxwv Secret Customer"  # a value no audit entry of the purge may hold


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (NOW, 18, CUT),
        (utc(2026, 8, 31, 23, 0), 18, utc(2025, 2, 28, 23, 0)),
        (utc(2025, 8, 31, 12, 0), 18, utc(2024, 2, 29, 12, 0)),
        (utc(2026, 1, 15, 0, 0), 1, utc(2025, 12, 15, 0, 0)),
        (utc(2026, 1, 15, 0, 0), 24, utc(2024, 1, 15, 0, 0)),
        # 1 March 01:00 at UTC+02:00 is still 28 February in UTC: the months count from there.
        (dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))), 18,
         utc(2025, 8, 28, 23, 0)),
    ],
    ids=["default", "31-august-to-february", "leap-year", "one-month", "two-years", "utc-plus-2"],
)  # fmt: skip
def test_the_cutoff_is_calendar_months_before_now_in_utc(moment, months, expected):
    assert months_before(moment, months) == expected


def test_the_retention_is_18_months_unless_configured(settings):
    assert retention.retention_months() == 18
    assert cutoff(NOW).moment == CUT
    settings.SUPPLYCHAIN_RETENTION_MONTHS = 6
    assert cutoff(NOW).moment == utc(2026, 6, 7, 10, 0)
    settings.SUPPLYCHAIN_RETENTION_MONTHS = 0
    with pytest.raises(retention.RetentionError):
        retention.retention_months()


def customer(meridian, name: str = SECRET, **values) -> Customer:
    found = Customer(
        organisation=meridian, legal_name=name, country="XA", customer_type="professional",
        delivery_address=f"{name} Street 1", phone="+1 555 0100", **values,
    )  # fmt: skip
    with unaudited("test fixture: a customer"):
        found.save()
    return found


def order(who: Customer, when: dt.datetime, product, reference: str = "") -> Order:
    with unaudited("test fixture: an order at a chosen time"):
        made = Order.objects.create(
            organisation=who.organisation, customer=who, channel="counter", ordered_at=when,
            delivery_country="XA", payment_method="cash", decision="review",
            reference=reference or f"REF-{when.isoformat()}", observations=f"{SECRET} paid cash",
        )  # fmt: skip
        OrderLine.objects.create(order=made, product=product, quantity=Decimal("2"))
    return made


def case(who: Customer, status: str, changed: dt.datetime, *orders: Order) -> Case:
    with unaudited("test fixture: a case with its alerts"):
        made = Case.objects.create(
            organisation=who.organisation, customer=who, status=status, reason=f"{SECRET} case",
            deemed_suspicious_at=changed if status == CaseStatus.SUSPICIOUS else None,
        )  # fmt: skip
        for one in orders:
            Alert.objects.create(case=made, order=one, decision="review", breaches=[{"urn": "x"}])
    Case.objects.filter(pk=made.pk).update(updated_at=changed)  # auto_now otherwise
    return made


def record(
    who: Customer, checked_on: dt.date, valid_until: dt.date | None, kind: str = "statement"
):
    with unaudited("test fixture: a verification record"):
        return VerificationRecord.objects.create(
            customer=who, kind=kind, statement_kind="eu_annex_iv" if kind == "statement" else "",
            document_kind="passport" if kind == "identity" else "", checked_on=checked_on,
            valid_until=valid_until, intended_use=f"{SECRET} use",
        )  # fmt: skip


def screening(who_type: str, who_id: str, when: dt.datetime, organisation) -> Screening:
    with unaudited("test fixture: a screening receipt"):
        made = Screening.objects.create(
            organisation=organisation, subject_type=who_type, subject_id=who_id,
            subject_label=SECRET, algorithm="test", status="clear",
        )  # fmt: skip
    Screening.objects.filter(pk=made.pk).update(created_at=when)
    return made


def exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


def purge_entries():
    return AuditEntry.objects.filter(action=AuditAction.DELETE, changes__reason="retention")


def test_orders_go_from_the_instant_before_the_cutoff_in_any_time_zone(meridian, acetone):
    buyer = customer(meridian)
    plus2 = dt.timezone(dt.timedelta(hours=2))
    minus11 = dt.timezone(dt.timedelta(hours=-11))
    gone = [
        order(buyer, CUT - SECOND, acetone),
        order(buyer, dt.datetime(2025, 6, 7, 11, 59, 59, tzinfo=plus2), acetone),  # 09:59:59Z
        order(buyer, dt.datetime(2025, 6, 6, 22, 59, 59, tzinfo=minus11), acetone),  # 09:59:59Z
        order(buyer, dt.datetime(2020, 1, 1, tzinfo=dt.UTC), acetone),
    ]
    kept = [
        order(buyer, CUT, acetone),
        order(buyer, CUT + SECOND, acetone),
        order(buyer, dt.datetime(2025, 6, 7, 12, 0, tzinfo=plus2), acetone),  # 10:00Z
        order(buyer, dt.datetime(2025, 6, 6, 23, 0, tzinfo=minus11), acetone),  # 10:00Z
        order(buyer, NOW, acetone),
    ]
    result = retention_purge(now=NOW)
    assert [exists(o) for o in gone] == [False] * 4
    assert [exists(o) for o in kept] == [True] * 5
    assert result.counts["meridian"]["supplychain.order"] == 4
    assert result.counts["meridian"]["supplychain.orderline"] == 4
    assert OrderLine.objects.count() == 5
    assert exists(buyer)  # the customer record is the account: it stays


def test_verification_records_go_when_their_cover_ended_before_the_cutoffs_day(meridian):
    buyer = customer(meridian)
    day = CUT.date() - dt.timedelta(days=1)  # one day of margin: every time zone's date
    year = dt.timedelta(days=365)
    gone = [
        record(buyer, dt.date(2023, 1, 1), day - dt.timedelta(days=1)),
        record(buyer, day - year - dt.timedelta(days=1), None, kind="identity"),
    ]
    kept = [
        record(buyer, dt.date(2023, 1, 1), day),  # valid through the margin day
        record(buyer, dt.date(2023, 1, 1), CUT.date()),
        record(buyer, day - year, None, kind="identity"),  # covers sales up to the day
        record(buyer, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]
    with unaudited("test fixture: snoozes"):
        old = RuleSnooze.objects.create(
            organisation=meridian, customer=buyer, rule_code="R", justification=SECRET,
            expires_on=day - dt.timedelta(days=1),
        )  # fmt: skip
        current = RuleSnooze.objects.create(
            organisation=meridian, customer=buyer, rule_code="R", justification=SECRET,
            expires_on=day,
        )  # fmt: skip
    retention_purge(now=NOW)
    assert [exists(r) for r in gone] == [False, False]
    assert [exists(r) for r in kept] == [True] * 4
    assert (exists(old), exists(current)) == (False, True)


@pytest.mark.parametrize(
    "status",
    [CaseStatus.NEW, CaseStatus.IN_REVIEW, CaseStatus.SUSPICIOUS],
    ids=["new", "in-review", "suspicious-clock-running"],
)
def test_an_open_case_keeps_everything_of_its_customer(meridian, acetone, status):
    buyer = customer(meridian)
    old = order(buyer, CUT - dt.timedelta(days=300), acetone)
    other_old = order(buyer, CUT - dt.timedelta(days=200), acetone)
    open_case = case(buyer, status, CUT - dt.timedelta(days=299), old)
    closed = case(buyer, CaseStatus.CLOSED, CUT - dt.timedelta(days=100), other_old)
    statement = record(buyer, dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    receipts = [screening(SUBJECT_TYPE, str(buyer.pk), CUT - dt.timedelta(days=d), meridian)
                for d in (500, 400)]  # fmt: skip
    stranger = customer(meridian, "Other buyer")
    stranger_order = order(stranger, CUT - dt.timedelta(days=300), acetone)
    retention_purge(now=NOW)
    assert all(exists(o) for o in [old, other_old, open_case, closed, statement, *receipts])
    assert Alert.objects.filter(case=open_case).count() == 1
    assert not exists(stranger_order)


def test_finished_cases_go_with_their_alerts_once_every_order_they_alert_on_goes(meridian, acetone):
    buyer = customer(meridian)
    old = order(buyer, CUT - dt.timedelta(days=30), acetone)
    recent = order(buyer, CUT + dt.timedelta(days=30), acetone)
    gone = case(buyer, CaseStatus.NOT_SUSPICIOUS, CUT - SECOND, old)
    touched = case(
        buyer, CaseStatus.CLOSED, CUT, order(buyer, CUT - dt.timedelta(days=90), acetone)
    )
    spans = case(buyer, CaseStatus.CLOSED, CUT - dt.timedelta(days=10), old, recent)
    result = retention_purge(now=NOW)
    assert (exists(gone), exists(touched), exists(spans)) == (False, True, True)
    # The old order is kept while a kept case alerts on it; its alert in the gone case went.
    assert exists(old) and Alert.objects.filter(order=old).count() == 1
    assert result.counts["meridian"]["supplychain.case"] == 1
    assert result.counts["meridian"]["supplychain.alert"] == 1


def test_a_reported_case_and_the_report_stay(meridian, acetone, authority):
    buyer = customer(meridian)
    old = order(buyer, CUT - dt.timedelta(days=400), acetone)
    reported = case(buyer, CaseStatus.REPORTED, CUT - dt.timedelta(days=390), old)
    # A case closed later, after a report was sent from it, stays as well.
    later = order(buyer, CUT - dt.timedelta(days=380), acetone)
    closed_after = case(buyer, CaseStatus.CLOSED, CUT - dt.timedelta(days=370), later)
    with unaudited("test fixture: reports sent"):
        sent = [
            Report.objects.create(
                organisation=meridian, authority=authority, case=c, kind="suspicious",
                summary=SECRET, body={"customer": {"legal_name": SECRET}},
                sent_at=CUT - dt.timedelta(days=380),
            )
            for c in (reported, closed_after)
        ]  # fmt: skip
    retention_purge(now=NOW)
    assert all(exists(x) for x in [reported, closed_after, old, later, *sent])


def test_screenings_go_but_each_customers_latest_and_order_parties_follow_their_order(
    meridian, acetone
):
    buyer = customer(meridian)
    old_order = order(buyer, CUT - dt.timedelta(days=10), acetone)
    new_order = order(buyer, CUT + dt.timedelta(days=10), acetone)
    older = screening(SUBJECT_TYPE, str(buyer.pk), CUT - dt.timedelta(days=90), meridian)
    latest = screening(SUBJECT_TYPE, str(buyer.pk), CUT - dt.timedelta(days=30), meridian)
    quiet = customer(meridian, "Quiet buyer")
    only = screening(SUBJECT_TYPE, str(quiet.pk), CUT - dt.timedelta(days=900), meridian)
    consignee = ORDER_PARTY_TYPES["consignee"]
    party_gone = screening(consignee, str(old_order.pk), CUT - dt.timedelta(days=10), meridian)
    party_kept = screening(consignee, str(new_order.pk), CUT - dt.timedelta(days=10), meridian)
    retention_purge(now=NOW)
    assert (exists(older), exists(latest), exists(only)) == (False, True, True)
    assert (exists(party_gone), exists(party_kept)) == (False, True)


def test_order_imports_go_with_their_orders_and_a_kept_import_loses_the_rows_of_gone_orders(
    meridian, acetone
):
    buyer = customer(meridian)
    held = customer(meridian, "Held buyer")
    case(held, CaseStatus.IN_REVIEW, NOW)
    old, held_order = (
        order(buyer, CUT - dt.timedelta(days=5), acetone),
        order(held, CUT - dt.timedelta(days=5), acetone),
    )

    def imported(*rows):
        with unaudited("test fixture: an order import"):
            made = OrderImport.objects.create(
                organisation=meridian, file_name="erp.csv", status="done"
            )
            for line, target in enumerate(rows, start=2):
                OrderImportRow.objects.create(order_import=made, line=line, order=target,
                                              cells={"customer": SECRET})  # fmt: skip
        OrderImport.objects.filter(pk=made.pk).update(created_at=CUT - dt.timedelta(days=5))
        return made

    gone = imported(None, old)  # a row error and an order that goes
    kept = imported(old, held_order)
    running = imported(None)
    OrderImport.objects.filter(pk=running.pk).update(status="running")
    retention_purge(now=NOW)
    assert (exists(gone), exists(kept), exists(running)) == (False, True, True)
    assert list(kept.rows.values_list("order", flat=True)) == [held_order.pk]


def scenario(meridian, acetone) -> dict[str, object]:
    buyer = customer(meridian)
    old = [order(buyer, CUT - dt.timedelta(days=d), acetone, f"OLD-{d}") for d in (1, 50, 400)]
    case(buyer, CaseStatus.CLOSED, CUT - dt.timedelta(days=1), *old[:2])
    record(buyer, dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    screening(SUBJECT_TYPE, str(buyer.pk), CUT - dt.timedelta(days=90), meridian)
    screening(SUBJECT_TYPE, str(buyer.pk), CUT - dt.timedelta(days=9), meridian)
    order(buyer, NOW, acetone, "NEW")
    return {"buyer": buyer, "old": old}


EXPECTED = {
    "sanctions.screening": 1,
    "supplychain.alert": 2,
    "supplychain.case": 1,
    "supplychain.order": 3,
    "supplychain.orderline": 3,
    "supplychain.verificationrecord": 1,
}


def test_each_kind_that_went_is_one_audit_entry_with_its_count_and_no_content(meridian, acetone):
    scenario(meridian, acetone)
    before = AuditEntry.objects.count()
    result = retention_purge(now=NOW)
    assert result.counts == {"meridian": EXPECTED}
    entries = list(purge_entries().order_by("sequence"))
    assert AuditEntry.objects.count() == before + len(EXPECTED)
    assert {e.object_type: e.changes["purged"] for e in entries} == EXPECTED
    for entry in entries:
        assert entry.organisation == meridian and entry.actor is None and entry.object_id == ""
        assert entry.changes == {
            "purged": EXPECTED[entry.object_type], "reason": "retention",
            "retention_months": 18, "before": CUT.isoformat(),
        }  # fmt: skip
        written = json.dumps([entry.object_repr, entry.changes], ensure_ascii=False)
        assert SECRET not in written and "OLD-" not in written and "Street" not in written
    from chemsec.core.audit import audit_verify

    assert audit_verify().ok


def test_a_second_run_purges_nothing_and_records_nothing(meridian, acetone):
    scenario(meridian, acetone)
    assert retention_purge(now=NOW).counts
    entries = AuditEntry.objects.count()
    again = retention_purge(now=NOW)
    assert again.counts == {} and again.totals() == {}
    assert AuditEntry.objects.count() == entries


def test_the_dry_run_counts_what_the_purge_deletes_and_changes_nothing(meridian, acetone):
    made = scenario(meridian, acetone)
    entries = AuditEntry.objects.count()
    dry = retention_purge(now=NOW, dry_run=True)
    assert dry.counts == {"meridian": EXPECTED}
    assert AuditEntry.objects.count() == entries
    assert all(exists(o) for o in made["old"])
    assert retention_purge(now=NOW).counts == dry.counts


def test_the_command_prints_counts_per_kind(meridian, acetone, northgate):
    scenario(meridian, acetone)
    out = io.StringIO()
    from chemsec.supplychain.retention_command import handle_purge

    with redirect_stdout(out):
        status = handle_purge(argparse.Namespace(dry_run=True, organisation=None))
    printed = json.loads(out.getvalue())
    assert status == 0 and printed["dry_run"] is True and printed["retention_months"] == 18
    assert printed["totals"]["supplychain.order"] >= 3  # real now: the scenario's old orders
    assert Order.objects.count() == 4  # a dry run
    with redirect_stdout(io.StringIO()):
        assert handle_purge(argparse.Namespace(dry_run=True, organisation="nobody")) == 2


def test_the_purge_is_a_daily_scheduled_job():
    assert scheduled_kinds()[retention.PURGE_KIND] == dt.timedelta(days=1)


def test_another_suppliers_records_are_purged_apart(meridian, northgate, acetone):
    scenario(meridian, acetone)
    theirs = customer(northgate, "Northgate buyer")
    with unaudited("test fixture: a product of the other supplier"):
        from chemsec.supplychain.models import Product

        product = Product.objects.create(organisation=northgate, code="X", name="X")
    order(theirs, CUT - SECOND, product)
    result = retention_purge(now=NOW, organisations=[northgate])
    assert result.counts == {"northgate": {"supplychain.order": 1, "supplychain.orderline": 1}}
    assert Order.objects.filter(organisation=meridian).count() == 4
    assert {e.organisation_id for e in purge_entries()} == {northgate.pk}
