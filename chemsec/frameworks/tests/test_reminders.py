"""Campaign reminders: queued daily by the worker, never twice to one person on one day."""

import datetime as dt
import smtplib

import pytest
from django.utils import timezone

from chemsec.core.jobs import job_enqueue, schedule_run_now, schedule_tick
from chemsec.frameworks.models import ReminderSent
from chemsec.frameworks.services import campaign_reminders_send


@pytest.fixture
def due_today(campaign):
    """The campaign's seven-day reminder falls today."""
    campaign.deadline = timezone.localdate() + dt.timedelta(days=7)
    campaign.save()
    return campaign


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
    assert campaign_reminders_send(campaign=campaign, today=day, force=True) == 2
    assert campaign_reminders_send(campaign=campaign, today=day, force=True) == 0
    next_day = day + dt.timedelta(days=1)
    assert campaign_reminders_send(campaign=campaign, today=next_day, force=True) == 2
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
    assert campaign_reminders_send(campaign=campaign, today=day) == 1
    campaign.refresh_from_db()
    assert campaign.reminders_sent == []  # not done yet: a rerun today reaches charlie
    monkeypatch.setattr(django.core.mail, "send_mail", real_send)
    assert campaign_reminders_send(campaign=campaign, today=day) == 1
    assert [m.to for m in mailoutbox] == [[alice.email], [charlie.email]]
    campaign.refresh_from_db()
    assert campaign.reminders_sent == [7]
