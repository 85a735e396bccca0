"""The daily digest and the overdue flag (chemsec/supplychain/notifications.py), sent
through Django's locmem mail backend (the test runner's)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chemsec.core.choices import Role
from chemsec.core.jobs import scheduled_kinds
from chemsec.core.models import AuditEntry
from chemsec.core.tests.factories import acting_client
from chemsec.supplychain import notifications, services
from chemsec.supplychain.models import Case, MailPreference

pytestmark = pytest.mark.django_db

RULE_CODES = ("EU-EP-", "KYC-", "PATTERN-", "CWC-", "DENIED-PARTY")


def _to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def held(record, public_buyer, peroxide):
    """An order held (a restricted precursor to the public, identification refused): a new
    case with one alert."""
    record(public_buyer, peroxide, indicators=["refuses_identity"])
    return Case.objects.get(customer=public_buyer)


@pytest.fixture
def reported(held, alice, meridian, authority):
    services.case_decide(actor=alice, case=held, status="suspicious")
    return services.report_send(
        actor=alice, organisation=meridian, authority=authority, case=held,
        kind="suspicious_transaction", summary="Refused to show identification.",
    )  # fmt: skip


def test_it_sends_the_supplier_digest_to_reviewers_and_admins_only(
    held, alice, bob, clerk, make_user, meridian
):
    reviewer = make_user("rita", meridian, Role.REVIEWER)
    sent = notifications.digests_send()
    (message,) = _to(alice.email)
    assert reverse("supplychain:case", args=[held.pk]) in message.body
    assert "new, 1 alert" in message.body
    assert "Meridian Chemicals" in message.subject
    # The viewer and the clerk at the counter decide nothing; the reviewer who is not an
    # admin does not see the restricted case the rules opened, so has nothing to act on.
    assert not _to(bob.email) and not _to(clerk.email) and not _to(reviewer.email)
    assert sent == len(mail.outbox) == 1


def test_it_names_no_customer_and_no_rule(held, alice, public_buyer):
    """Tipping-off and need-to-know: links only; nothing goes to anyone but staff."""
    notifications.digests_send()
    (message,) = mail.outbox
    assert public_buyer.legal_name not in message.body
    assert not any(code in message.body for code in RULE_CODES)
    assert "never tell a customer" in message.body


def test_the_clock_report_and_statement_are_in_the_digest(reported, alice, company, meridian):
    from chemsec.supplychain.models import VerificationRecord

    statement = VerificationRecord.objects.get(customer=company, kind="statement")
    now = timezone.now() + dt.timedelta(days=345)  # the statement expires in 20 days
    assert statement.valid_until - now.date() == dt.timedelta(days=20)
    notifications.digests_send(now=now)
    (message,) = _to(alice.email)
    assert "not yet acknowledged by the authority" in message.body
    assert reverse("supplychain:report", args=[reported.pk]) in message.body
    assert reverse("supplychain:customer", args=[company.pk]) in message.body
    assert "End-use statements expiring within 30 days" in message.body


def test_a_renewed_statement_is_not_listed(alice, company):
    services.verification_add(
        actor=alice, customer=company, kind="statement", statement_kind="eu_annex_iv",
        products="HP30", intended_use="Pool water treatment",
        checked_on=timezone.localdate() + dt.timedelta(days=340),
    )  # fmt: skip
    notifications.digests_send(now=timezone.now() + dt.timedelta(days=345))
    assert not mail.outbox


def test_a_case_past_its_deadline_is_marked_overdue(held, alice):
    services.case_decide(actor=alice, case=held, status="suspicious")
    notifications.digests_send(now=timezone.now() + dt.timedelta(hours=30))
    (message,) = _to(alice.email)
    assert "OVERDUE: the report was due" in message.body
    assert "(6 hours ago)" in message.body


def test_the_authority_digest_lists_unacknowledged_reports_and_marks_late_ones(
    reported, officer, make_user, authority, alice
):
    viewer = make_user("vera", authority, Role.VIEWER)
    mail.outbox.clear()
    notifications.digests_send(now=reported.sent_at + dt.timedelta(hours=3))
    (message,) = _to(officer.email)
    assert "1 report addressed to National Contact Point is not yet acknowledged" in (message.body)
    assert "PAST 24 HOURS" not in message.body
    assert not _to(viewer.email)  # a viewer does not acknowledge reports
    mail.outbox.clear()
    notifications.digests_send(now=reported.sent_at + dt.timedelta(hours=26))
    (message,) = _to(officer.email)
    assert "PAST 24 HOURS: received" in message.body and "26 hours ago" in message.body
    # Acknowledged: nothing left for the authority.
    services.report_acknowledge(actor=officer, report=reported)
    mail.outbox.clear()
    notifications.digests_send(now=reported.sent_at + dt.timedelta(hours=27))
    assert not _to(officer.email)
    # The question the authority asks waits for the supplier's answer.
    services.report_ask(actor=officer, report=reported, text="Which shop?")
    notifications.digests_send()
    assert "the authority asked a question, awaiting your answer" in _to(alice.email)[-1].body


@pytest.mark.parametrize(
    ("language", "month"), [("fr", "mars"), ("ar", "مارس"), ("es", "marzo")], ids=str
)
def test_it_is_written_in_the_recipients_language(held, alice, language, month):
    # The date in the mail is the case's: opened on 15 March, whatever the day of the run.
    opened = dt.datetime(2026, 3, 15, 9, 0, tzinfo=dt.UTC)
    Case.objects.filter(pk=held.pk).update(created_at=opened)
    notifications.mail_preference_set(actor=alice, language=language, daily_digest=True)
    notifications.digests_send(now=opened + dt.timedelta(days=1))
    (message,) = mail.outbox
    assert month in message.body  # the dates, at least, whatever is translated yet
    MailPreference.objects.get(user=alice)  # saved through the audited path
    assert AuditEntry.objects.filter(object_type__icontains="mailpreference").exists()


def test_a_person_who_turned_the_digest_off_gets_none(held, alice):
    notifications.mail_preference_set(actor=alice, language="", daily_digest=False)
    assert notifications.digests_send() == 0
    assert not mail.outbox


def test_nothing_waiting_sends_nothing(alice, meridian, officer):
    assert notifications.digests_send() == 0
    assert not mail.outbox


def test_the_overdue_flag_goes_to_admins_once(held, alice, make_user, meridian):
    reviewer = make_user("rita", meridian, Role.REVIEWER)
    services.case_decide(actor=alice, case=held, status="suspicious")
    held.refresh_from_db()
    due = held.deemed_suspicious_at + dt.timedelta(hours=24)
    hour = dt.timedelta(hours=1)
    assert notifications.overdue_send(since=due - 2 * hour, until=due - hour) == 0
    assert notifications.overdue_send(since=due - hour, until=due + hour) == 1
    (message,) = mail.outbox
    assert message.to == [alice.email] and not _to(reviewer.email)
    assert "past its 24-hour reporting deadline" in message.subject
    assert reverse("supplychain:case", args=[held.pk]) in message.body
    # The next run's window does not hold it again; a reported case is never flagged.
    assert notifications.overdue_send(since=due + hour, until=due + 2 * hour) == 0


def test_a_reported_case_is_not_flagged(reported):
    case = reported.case
    due = case.deemed_suspicious_at + dt.timedelta(hours=24)
    window = dt.timedelta(hours=1)
    assert notifications.overdue_send(since=due - window, until=due + window) == 0


def test_both_are_scheduled_jobs():
    kinds = scheduled_kinds()
    assert kinds["supplychain.digest"] == dt.timedelta(days=1)
    assert kinds["supplychain.overdue"] == dt.timedelta(hours=1)


def test_the_overdue_job_flags_a_case_once_across_its_runs(held, alice, meridian):
    from chemsec.core.jobs import schedule_run_now

    services.case_decide(actor=alice, case=held, status="suspicious")
    # Deemed suspicious 24.5 hours ago (the clock is the database's, set as time passed).
    ago = timezone.now() - dt.timedelta(hours=24, minutes=30)
    Case.objects.filter(pk=held.pk).update(deemed_suspicious_at=ago)
    first = schedule_run_now(kind="supplychain.overdue")
    assert first.result == {"sent": 1} and len(_to(alice.email)) == 1
    second = schedule_run_now(kind="supplychain.overdue")
    assert second.result == {"sent": 0} and len(mail.outbox) == 1


def test_the_preference_page_saves_the_persons_own_choices(alice, meridian, company):
    client = acting_client(alice, meridian)
    page = client.get(reverse("supplychain:mail_preferences"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Send me the daily digest" in html
    # The project's field layout: the label, then the checkbox, then its help.
    label = html.index('<label for="id_daily_digest">')
    box = html.index('id="id_daily_digest"')
    helptext = html.index('id="id_daily_digest_helptext"')
    assert label < box < helptext
    assert "As a reviewer or admin of a supplier" in html
    assert "national contact point, you may" not in html
    answer = client.post(reverse("supplychain:mail_preferences"), {"language": "ar"})
    assert answer.status_code == 302
    saved = MailPreference.objects.get(user=alice)
    assert saved.language == "ar" and saved.daily_digest is False


def test_names_with_ampersands_and_apostrophes_are_not_escaped_in_subjects(held, alice, meridian):
    """A mail is plain text: "&" stays "&", not "&amp;" (in the subject and the body)."""
    name = "Smith & Sons O'Neil"
    type(meridian).objects.filter(pk=meridian.pk).update(name=name)
    notifications.digests_send()
    (digest,) = _to(alice.email)
    assert digest.subject == f"{name}: supply-chain compliance digest"
    assert f"What is waiting for you at {name}:" in digest.body
    services.case_decide(actor=alice, case=held, status="suspicious")
    held.refresh_from_db()
    due = held.deemed_suspicious_at + dt.timedelta(hours=24)
    mail.outbox.clear()
    hour = dt.timedelta(hours=1)
    assert notifications.overdue_send(since=due - hour, until=due + hour) == 1
    (overdue,) = mail.outbox
    assert overdue.subject.startswith(f"{name}: a suspicious transaction is past its")
    assert "&amp;" not in overdue.subject + overdue.body and "&#x27;" not in overdue.subject


def test_the_expiry_window_in_the_digest_is_the_one_applied(alice, company, monkeypatch):
    monkeypatch.setattr(notifications, "EXPIRY_DAYS", 45)
    notifications.digests_send(now=timezone.now() + dt.timedelta(days=325))  # 40 days left
    (message,) = _to(alice.email)
    assert "End-use statements expiring within 45 days" in message.body
    assert reverse("supplychain:customer", args=[company.pk]) in message.body


def test_expiring_statements_are_read_in_one_query_however_many(
    alice, meridian, company, django_assert_num_queries
):
    from chemsec.supplychain.models import VerificationRecord

    today = timezone.localdate() + dt.timedelta(days=345)
    with django_assert_num_queries(1):
        one = notifications._expiring(alice, meridian, today)
    for kind in ("drug_precursor", "cwc_end_use"):
        services.verification_add(
            actor=alice, customer=company, kind="statement", statement_kind=kind,
            products="HP30", intended_use="Pool water treatment",
        )  # fmt: skip
    # A renewed Annex IV statement: the older one is no longer listed.
    services.verification_add(
        actor=alice, customer=company, kind="statement", statement_kind="eu_annex_iv",
        products="HP30", intended_use="Pool water treatment",
        checked_on=timezone.localdate() + dt.timedelta(days=340),
    )  # fmt: skip
    assert VerificationRecord.objects.filter(customer=company, kind="statement").count() == 4
    with django_assert_num_queries(1):
        three = notifications._expiring(alice, meridian, today)
    assert len(one) == 1 and len(three) == 2
    assert {line.when for line in three} == {timezone.localdate() + dt.timedelta(days=365)}


def test_a_facility_operator_without_customers_is_offered_no_digest(alice, meridian):
    """meridian-admin's case: an admin of an organisation that keeps no customers gets no
    digest (`digests_send` has nothing for it), so none is offered; the language is."""
    notifications.mail_preference_set(actor=alice, language="", daily_digest=True)
    assert notifications.digests_offered(alice) == []
    client = acting_client(alice, meridian)
    html = client.get(reverse("supplychain:mail_preferences")).content.decode()
    assert "daily_digest" not in html and "No daily digest applies to you" in html
    assert 'name="language"' in html
    answer = client.post(reverse("supplychain:mail_preferences"), {"language": "fr"})
    assert answer.status_code == 302
    saved = MailPreference.objects.get(user=alice)
    assert (saved.language, saved.daily_digest) == ("fr", True)  # the other choice kept


def test_each_person_is_offered_the_digests_that_apply_to_them(
    alice, bob, officer, company, authority
):
    assert notifications.digests_offered(alice) == ["supplier"]  # admin of a supplier
    assert notifications.digests_offered(bob) == []  # a viewer: digests_send skips viewers
    assert notifications.digests_offered(officer) == ["authority"]
    html = acting_client(officer, authority).get(reverse("supplychain:mail_preferences"))
    text = html.content.decode()
    assert "national contact point, you may" in text and "of a supplier, you may" not in text
