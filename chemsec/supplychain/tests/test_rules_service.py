"""Time-boxed snoozes of a rule for a customer, and reviewers' verdicts per rule (precision)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chemsec.core.policy import Denied, NotVisible
from chemsec.supplychain.services.rules import rule_dispose, rule_precision, rule_snooze
from chemsec.supplychain.tests.test_pages import client_for

pytestmark = pytest.mark.django_db


def soon(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_a_snoozed_rule_is_kept_apart_and_no_longer_counts_until_it_expires(
    alice, company, acetone, record
):
    _order, first = record(company, acetone, payment_method="cash")
    assert "KYC-PAYMENT" in {b.code for b in first.breaches}
    rule_snooze(
        actor=alice, customer=company, rule_code="KYC-PAYMENT",
        justification="Pays cash at the trade counter by contract", expires_on=soon(30),
    )  # fmt: skip
    order, second = record(company, acetone, payment_method="cash")
    assert "KYC-PAYMENT" not in {b.code for b in second.breaches}
    assert [b.code for b in second.snoozed] == ["KYC-PAYMENT"]
    assert order.evaluation["snoozed"][0]["code"] == "KYC-PAYMENT"  # kept with the order


def test_law_and_list_rules_are_never_snoozed_and_a_snooze_is_time_boxed(
    alice, bob, public_buyer, company
):
    with pytest.raises(ValidationError):
        rule_snooze(actor=alice, customer=public_buyer, rule_code="EU-EP-ART5",
                    justification="x", expires_on=soon(5))  # fmt: skip
    with pytest.raises(ValidationError):
        rule_snooze(actor=alice, customer=company, rule_code="DENIED-PARTY",
                    justification="x", expires_on=soon(5))  # fmt: skip
    with pytest.raises(ValidationError):
        rule_snooze(actor=alice, customer=company, rule_code="KYC-PAYMENT",
                    justification="x", expires_on=soon(91))  # fmt: skip
    with pytest.raises(ValidationError):
        rule_snooze(actor=alice, customer=company, rule_code="KYC-PAYMENT",
                    justification="  ", expires_on=soon(5))  # fmt: skip
    with pytest.raises((Denied, NotVisible)):  # a viewer: not a reviewer of the supplier
        rule_snooze(actor=bob, customer=company, rule_code="KYC-PAYMENT",
                    justification="x", expires_on=soon(5))  # fmt: skip


def test_verdicts_per_rule_give_each_rule_its_precision(alice, public_buyer, peroxide, record):
    order, _evaluation = record(public_buyer, peroxide, payment_method="cash")
    alert = order.alerts.get()
    rule_dispose(actor=alice, alert=alert, rule_code="EU-EP-ART5", disposition="confirmed")
    rule_dispose(actor=alice, alert=alert, rule_code="KYC-PAYMENT", disposition="useful")
    rule_dispose(actor=alice, alert=alert, rule_code="KYC-PAYMENT", disposition="false_positive")
    order2, _ = record(public_buyer, peroxide, payment_method="cash")
    rule_dispose(actor=alice, alert=order2.alerts.get(), rule_code="KYC-PAYMENT",
                 disposition="useful")  # fmt: skip
    with pytest.raises(ValidationError):
        rule_dispose(actor=alice, alert=alert, rule_code="CWC-S2-TRANSFER", disposition="useful")
    rows = {r["code"]: r for r in rule_precision(alice, public_buyer.organisation)}
    assert rows["EU-EP-ART5"]["precision"] == 1.0
    assert (rows["KYC-PAYMENT"]["false_positive"], rows["KYC-PAYMENT"]["useful"]) == (1, 1)
    assert rows["KYC-PAYMENT"]["precision"] == 0.5  # a second verdict replaced the first
    assert rows["PATTERN-SPLIT-ORDERS"]["precision"] is None
    page = client_for(alice).get(reverse("supplychain:rules")).content.decode()
    assert "KYC-PAYMENT" in page and "0.50" in page


def test_the_case_page_records_a_verdict_and_the_customer_page_a_snooze(
    alice, clerk, public_buyer, company, peroxide, record
):
    order, _ = record(public_buyer, peroxide, payment_method="cash")
    case = order.alerts.get().case
    page = client_for(alice)
    response = page.post(reverse("supplychain:alert_dispose", args=[case.pk]), {
        "alert": order.alerts.get().pk, "rule_code": "KYC-PAYMENT", "disposition": "useful",
    })  # fmt: skip
    assert response.status_code == 302
    assert order.alerts.get().dispositions.get().disposition == "useful"
    response = page.post(reverse("supplychain:rule_snooze", args=[company.pk]), {
        "rule_code": "KYC-NEW-CUSTOMER", "justification": "Known for years under its old name",
        "expires_on": soon(10).isoformat()})  # fmt: skip
    assert response.status_code == 302 and company.snoozes.count() == 1
    assert (
        "KYC-NEW-CUSTOMER"
        in page.get(reverse("supplychain:customer", args=[company.pk])).content.decode()
    )
    assert (
        client_for(clerk).post(reverse("supplychain:alert_dispose", args=[case.pk]), {}).status_code
        == 404
    )
