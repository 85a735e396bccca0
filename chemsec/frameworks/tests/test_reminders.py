"""Campaign reminders: queued daily by the worker, never twice to one person on one day."""

import datetime as dt
import smtplib

import pytest
from django.utils import timezone

from chemsec.core.jobs import job_enqueue, schedule_run_now, schedule_tick
from chemsec.core.policy import SYSTEM
from chemsec.core.writes import unaudited
from chemsec.frameworks.models import ReminderSent
from chemsec.frameworks.services import campaign_reminders_send


@pytest.fixture
def due_today(campaign):
    """The campaign's seven-day reminder falls today."""
    campaign.deadline = timezone.localdate() + dt.timedelta(days=7)
    with unaudited("test fixture: move the deadline"):
        campaign.save()
    return campaign


def _remind(campaign, **kwargs):
    """The service as the scheduled job calls it: as the portal itself."""
    return campaign_reminders_send(campaign=campaign, actor=SYSTEM, **kwargs)


def _remind_now(campaign, sam):
    """What the dashboard's "Send reminders now" button queues."""
    return job_enqueue(
        kind="frameworks.send_reminders",
        user=sam,
        organisation=campaign.organisation,
        params={"campaign": str(campaign.pk), "force": True},
    )


def test_the_daily_schedule_sends_the_reminder_due_today(due_today, alice, charlie, mailoutbox):
    job = {j.kind: j for j in schedule_tick()}["frameworks.send_reminders"]
    assert job.result == {"sent": 2}
    assert sorted(m.to[0] for m in mailoutbox) == [alice.email, charlie.email]
    due_today.refresh_from_db()
    assert due_today.reminders_sent == [7]


def test_it_never_reminds_one_person_twice_on_one_day(due_today, sam, alice, charlie, mailoutbox):
    schedule_tick()
    assert len(mailoutbox) == 2
    assert schedule_run_now(kind="frameworks.send_reminders").result == {"sent": 0}
    assert _remind_now(due_today, sam).result == {"sent": 0}
    assert _remind_now(due_today, sam).result == {"sent": 0}
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.filter(campaign=due_today).count() == 2


def test_a_forced_reminder_goes_out_again_the_next_day(campaign, alice, charlie, mailoutbox):
    day = campaign.deadline - dt.timedelta(days=20)  # no scheduled reminder falls on these days
    assert _remind(campaign, today=day, force=True) == 2
    assert _remind(campaign, today=day, force=True) == 0
    next_day = day + dt.timedelta(days=1)
    assert _remind(campaign, today=next_day, force=True) == 2
    assert len(mailoutbox) == 4


def test_a_failed_mail_is_retried_the_same_day_without_resending_the_others(
    campaign, alice, charlie, mailoutbox, monkeypatch
):
    import django.core.mail

    real_send = django.core.mail.send_mail

    def refuse_charlie(subject, body, sender, to, **kwargs):
        if to == [charlie.email]:
            raise smtplib.SMTPRecipientsRefused({charlie.email: (550, b"mailbox full")})
        return real_send(subject, body, sender, to, **kwargs)

    day = campaign.deadline - dt.timedelta(days=7)
    monkeypatch.setattr(django.core.mail, "send_mail", refuse_charlie)
    assert _remind(campaign, today=day) == 1
    campaign.refresh_from_db()
    assert campaign.reminders_sent == []  # not done yet: a rerun today reaches charlie
    monkeypatch.setattr(django.core.mail, "send_mail", real_send)
    assert _remind(campaign, today=day) == 1
    assert [m.to for m in mailoutbox] == [[alice.email], [charlie.email]]
    campaign.refresh_from_db()
    assert campaign.reminders_sent == [7]


def _deadline_minus(campaign, days):
    return campaign.deadline - dt.timedelta(days=days)


def test_a_reminder_missed_on_its_day_is_caught_up_once(campaign, alice, charlie, mailoutbox):
    # No worker ran on the 14- and 7-day marks: the next run sends one reminder, not two.
    assert _remind(campaign, today=_deadline_minus(campaign, 5)) == 2
    campaign.refresh_from_db()
    assert campaign.reminders_sent == [7]
    assert _remind(campaign, today=_deadline_minus(campaign, 4)) == 0
    assert len(mailoutbox) == 2
    assert set(ReminderSent.objects.values_list("offset", flat=True)) == {7}


def test_nothing_is_due_before_the_first_offset_or_after_the_deadline(campaign, alice, mailoutbox):
    assert _remind(campaign, today=_deadline_minus(campaign, 15)) == 0
    after = campaign.deadline + dt.timedelta(days=1)
    assert _remind(campaign, today=after) == 0
    assert mailoutbox == []


def test_a_person_missed_by_a_failure_is_caught_up_the_next_day_alone(
    campaign, alice, charlie, mailoutbox, monkeypatch
):
    import django.core.mail

    real_send = django.core.mail.send_mail

    def refuse_charlie(subject, body, sender, to, **kwargs):
        if to == [charlie.email]:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(subject, body, sender, to, **kwargs)

    monkeypatch.setattr(django.core.mail, "send_mail", refuse_charlie)
    assert _remind(campaign, today=_deadline_minus(campaign, 7)) == 1
    monkeypatch.setattr(django.core.mail, "send_mail", real_send)
    assert _remind(campaign, today=_deadline_minus(campaign, 6)) == 1
    assert [m.to for m in mailoutbox] == [[alice.email], [charlie.email]]
    campaign.refresh_from_db()
    assert campaign.reminders_sent == [7]


def test_it_does_not_remind_deactivated_admins(campaign, alice, charlie, mailoutbox):
    alice.is_active = False
    alice.save()
    assert _remind(campaign, today=_deadline_minus(campaign, 7)) == 1
    assert [m.to for m in mailoutbox] == [[charlie.email]]


def test_it_skips_a_person_another_run_is_reminding(campaign, alice, charlie, mailoutbox):
    day = _deadline_minus(campaign, 7)
    with unaudited("test fixture: another run's claim"):
        ReminderSent.objects.create(campaign=campaign, recipient=alice, sent_on=day, offset=7)
    assert _remind(campaign, today=day) == 1
    assert [m.to for m in mailoutbox] == [[charlie.email]]


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_mail_outside_a_transaction_after_committing_its_claim(
    campaign, alice, charlie, mailoutbox, monkeypatch
):
    import django.core.mail
    from django.db import connection

    real_send = django.core.mail.send_mail
    seen = []

    def watch(subject, body, sender, to, **kwargs):
        seen.append(connection.in_atomic_block)
        assert ReminderSent.objects.filter(campaign=campaign, recipient__email=to[0]).exists()
        if to == [charlie.email]:
            raise RuntimeError("the mail library broke")
        return real_send(subject, body, sender, to, **kwargs)

    monkeypatch.setattr(django.core.mail, "send_mail", watch)
    day = _deadline_minus(campaign, 7)
    with pytest.raises(RuntimeError):
        _remind(campaign, today=day)
    assert seen == [False, False]
    # alice's reminder is kept (no rollback re-mails her), charlie's claim is gone
    assert list(ReminderSent.objects.values_list("recipient__username", flat=True)) == ["alice"]
    monkeypatch.setattr(django.core.mail, "send_mail", real_send)
    assert _remind(campaign, today=day) == 1
    assert [m.to for m in mailoutbox] == [[alice.email], [charlie.email]]
