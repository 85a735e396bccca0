"""Imports as dated versions, receipts, false positives re-raised when the entry changes,
re-screening as a job, and the supply chain's denied-party rule fed by the result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from chemsec.core.choices import JobStatus
from chemsec.core.models import Job
from chemsec.core.policy import Denied, NotVisible, get_object
from chemsec.sanctions.models import ListVersion, Screening, ScreeningStatus
from chemsec.sanctions.services import ImportRefused, list_import, match_clear


def customer(alice, meridian, name, **values):
    from chemsec.supplychain.services import customer_create

    fields = {"country": "KP", "customer_type": "professional"} | values
    return customer_create(actor=alice, organisation=meridian, legal_name=name, **fields)


def screenings(cust):
    return Screening.objects.filter(subject_id=str(cust.pk)).order_by("created_at")


def test_an_import_is_a_dated_version_with_its_entries_and_a_file_is_not_imported_twice(
    alice, meridian, imported, fixture_bytes
):
    un = imported["un"]
    assert (un.source, un.published_on[:10], un.entry_count) == ("un", "2026-11-02", 2)
    assert un.delta == {"added": 2, "changed": 0, "removed": 0} and un.current
    with pytest.raises(ImportRefused):
        list_import(actor=alice, organisation=meridian,
                    data=fixture_bytes("un-consolidated-v1.xml"))  # fmt: skip
    with pytest.raises(ImportRefused):
        list_import(actor=alice, organisation=meridian, data=b"<nothing/>")


def test_only_reviewers_import_and_other_suppliers_never_see_the_lists(
    bob, charlie, meridian, imported, fixture_bytes
):
    with pytest.raises(Denied):
        list_import(actor=bob, organisation=meridian, data=fixture_bytes("eu-fsf.xml"))
    with pytest.raises(NotVisible):
        get_object(charlie, "listversion.view", ListVersion.objects, pk=imported["un"].pk)


def test_a_new_customer_is_screened_and_the_receipt_says_what_matched_what(
    alice, meridian, imported
):
    star = customer(alice, meridian, "Northern Star Trading Company")
    receipt = screenings(star).get()
    assert receipt.status == ScreeningStatus.POTENTIAL
    assert {v["source"] for v in receipt.versions} == {"un", "eu"}
    assert receipt.algorithm.startswith("chemsec-names") and receipt.settings["threshold"] == 0.7
    match = receipt.matches.get()
    assert match.entry.key == "XXe.902"
    assert match.detail["names"]["candidate"] == "Northern Star Trading Co."
    assert ["country_match", 0.0, "kp"] in match.detail["adjustments"]
    clean = customer(alice, meridian, "Harbour Paints Cooperative", country="XA")
    assert screenings(clean).get().status == ScreeningStatus.CLEAR


def test_a_false_positive_needs_a_reviewer_a_reason_and_an_expiry(alice, bob, meridian, imported):
    star = customer(alice, meridian, "Northern Star Trading Company")
    match = screenings(star).get().matches.get()
    today = timezone.localdate()
    with pytest.raises(ValueError):
        match_clear(actor=alice, match=match, justification=" ", expires_on=today)
    with pytest.raises(ValueError):
        match_clear(actor=alice, match=match, justification="x",
                    expires_on=today + dt.timedelta(days=400))  # fmt: skip
    with pytest.raises((Denied, NotVisible)):
        match_clear(actor=bob, match=match, justification="x", expires_on=today)
    match_clear(actor=alice, match=match, justification="Registered 1998 in Borealia, "
                "different directors", expires_on=today + dt.timedelta(days=90))  # fmt: skip
    assert Screening.objects.get(pk=match.screening_id).status == ScreeningStatus.CLEARED


def test_a_cleared_match_stays_cleared_until_the_entry_changes_then_is_raised_again(
    alice, meridian, imported, fixture_bytes, django_capture_on_commit_callbacks
):
    star = customer(alice, meridian, "Northern Star Trading Company")
    match = screenings(star).get().matches.get()
    match_clear(actor=alice, match=match, justification="Other company",
                expires_on=timezone.localdate() + dt.timedelta(days=90))  # fmt: skip
    from chemsec.supplychain.services import customer_update

    customer_update(actor=alice, customer=star, phone="+000 1")  # screened again: still cleared
    assert screenings(star).last().status == ScreeningStatus.CLEARED
    with django_capture_on_commit_callbacks(execute=True):
        v2 = list_import(actor=alice, organisation=meridian,
                         data=fixture_bytes("un-consolidated-v2.xml"))  # fmt: skip
    assert v2.delta == {"added": 0, "changed": 1, "removed": 0}
    assert v2.previous == imported["un"] and not ListVersion.objects.get(pk=v2.previous_id).current
    job = Job.objects.get(kind="sanctions.rescreen", params__version=str(v2.pk))
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    assert job.result["screened"] >= 1
    latest = screenings(star).last()
    assert latest.reason == "rescreen" and latest.status == ScreeningStatus.POTENTIAL
    assert {v["version"] for v in latest.versions} >= {v2.version}


def test_rescreening_after_an_import_touches_only_parties_the_change_concerns(
    alice, meridian, imported, fixture_bytes, django_capture_on_commit_callbacks
):
    customer(alice, meridian, "Polar Light Chemicals Limited", country="KP")
    bystander = customer(alice, meridian, "Harbour Paints Cooperative", country="XA")
    with django_capture_on_commit_callbacks(execute=True):
        list_import(actor=alice, organisation=meridian,
                    data=fixture_bytes("un-consolidated-v2.xml"))  # fmt: skip
    job = Job.objects.filter(kind="sanctions.rescreen").latest("created_at")
    assert job.result == {"parties": 2, "screened": 1, "unchanged": 1, "potential_matches": 1}
    assert screenings(bystander).count() == 1


def test_a_customer_on_a_list_has_its_orders_held_by_the_denied_party_rule(
    alice, meridian, imported, peroxide_free_product
):
    from chemsec.supplychain.services import LineInput, order_record

    star = customer(alice, meridian, "Northern Star Trading Company")
    _order, evaluation = order_record(
        actor=alice, customer=star, payment_method="account", delivery_country="KP",
        lines=[LineInput(peroxide_free_product, Decimal("1"))],
    )  # fmt: skip
    assert evaluation.decision == "hold"
    breach = next(b for b in evaluation.breaches if b.code == "DENIED-PARTY")
    assert breach.facts["list_entries"] == ["un:XXe.902"]


@pytest.fixture
def peroxide_free_product(alice, meridian):
    from chemsec.supplychain.services import product_create

    return product_create(actor=alice, organisation=meridian, code="ETH", name="Ethanol",
                          components=[{"cas": "64-17-5", "concentration": "96"}])  # fmt: skip


def test_a_screening_after_an_import_reads_the_new_version_not_a_kept_index(
    alice, meridian, imported, fixture_bytes, django_capture_on_commit_callbacks
):
    """The analysed index is kept per process, keyed on the current versions: a customer
    changed after a new version is in is screened against that version's entries."""
    from chemsec.supplychain.services import customer_update

    star = customer(alice, meridian, "Northern Star Trading Company")
    first = screenings(star).get()
    with django_capture_on_commit_callbacks(execute=True):
        v2 = list_import(actor=alice, organisation=meridian,
                         data=fixture_bytes("un-consolidated-v2.xml"), rescreen=False)  # fmt: skip
    customer_update(actor=alice, customer=star, phone="+000 2")
    latest = screenings(star).last()
    assert latest.pk != first.pk and latest.reason == "changed"
    assert v2.version in {v["version"] for v in latest.versions}
    assert {m.entry.list_version_id for m in latest.matches.all()} <= {v2.pk, imported["eu"].pk}


def test_a_new_customer_s_names_and_lists_are_analysed_before_its_write_transaction(
    alice, meridian, imported, monkeypatch
):
    """On SQLite the first write of a transaction takes the database's write lock; a
    process's first screening (rigour's taggers, the lists' index) took tens of seconds,
    and held it. Both are now prepared before the transaction opens."""
    from django.db import connection

    from chemsec.sanctions import services

    services._INDEXES.clear()
    depth_outside = len(connection.atomic_blocks)
    depths: list[int] = []
    build = services._index

    def recording_build(entries):
        depths.append(len(connection.atomic_blocks))
        return build(entries)

    monkeypatch.setattr(services, "_index", recording_build)
    customer(alice, meridian, "Harbour Paints Cooperative", country="XA")
    assert depths == [depth_outside]  # built once, outside; the screening found it kept


def test_a_starting_web_process_prepares_every_organisation_s_lists_before_any_request(
    alice, meridian, imported, monkeypatch
):
    """The web server's warm-up (chemsec.core.warmup, run after a worker loads the app)
    builds the index of each organisation with lists: the first customer saved finds it."""
    from chemsec.core import warmup
    from chemsec.sanctions import services

    assert services.warm_current_indexes in warmup._WARMERS  # registered by the app
    services._INDEXES.clear()
    services.warm_current_indexes()
    built: list[object] = []
    monkeypatch.setattr(services, "_index", lambda entries: built.append(entries))
    customer(alice, meridian, "Harbour Paints Cooperative", country="XA")
    assert built == []  # screened from the index the warm-up built
