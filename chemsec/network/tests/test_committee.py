"""The coordinating committee: who sees what (network-level and State-only items), minutes
through their phases, the drafted agenda, actions that follow their target, calendars,
exports and reminders."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar
from openpyxl import load_workbook

from chemsec.core.policy import SYSTEM, Denied, NotVisible, can
from chemsec.network import calendar, exports, services
from chemsec.network.choices import MinutesPhase
from chemsec.network.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MinutesVersion,
)
from chemsec.network.progress import effective_status, progress_of

pytestmark = pytest.mark.django_db


def _titles(model, user, **lookup):
    return sorted(
        str(getattr(o, "title", None) or o.text)
        for o in model.objects.visible_to(user, "view").filter(**lookup)
    )


def test_members_see_network_items_and_governments_also_state_only_ones(
    committee, alice, dana, charlie, reviewer
):
    meeting = committee["meeting"]
    # Alice's Meridian is an operator: network-level items only.
    assert _titles(AgendaItem, alice) == ["Work programme"]
    assert [d.text for d in Decision.objects.visible_to(alice, "view")] == [
        "Adopt the work programme."
    ]
    assert _titles(ActionItem, alice) == ["Survey members"]
    # Dana speaks for a State: everything.
    assert _titles(AgendaItem, dana) == ["Work programme", "ZZSTATE theft reports"]
    assert _titles(ActionItem, dana) == ["Survey members", "ZZSTATE figures"]
    assert _titles(AgendaItem, reviewer) == ["Work programme", "ZZSTATE theft reports"]
    # Charlie's Northgate is not in the network: nothing, not even the meeting.
    assert not Meeting.objects.visible_to(charlie, "view").exists()
    assert not can(charlie, "meeting.view", meeting)
    state_item = AgendaItem.objects.get(sensitivity="state_only")
    assert not can(alice, "agenda_item.view", state_item) and can(
        dana, "agenda_item.view", state_item
    )


def test_only_the_secretariat_runs_meetings(committee, alice, dana):
    meeting = committee["meeting"]
    with pytest.raises(Denied):
        services.agenda_item_add(user=dana, meeting=meeting, title="Mine")
    with pytest.raises(Denied):
        services.minutes_save(user=alice, meeting=meeting, text="Draft")


def test_minutes_go_through_their_phases_and_published_versions_are_frozen(
    committee, reviewer, alice, charlie, meridian
):
    meeting = committee["meeting"]
    minutes = services.minutes_save(user=reviewer, meeting=meeting, text="Draft one")
    assert minutes.phase == MinutesPhase.DRAFTED
    assert not can(alice, "minutes.view", minutes)  # a draft is the secretariat's
    mail.outbox.clear()
    day = dt.date(2026, 3, 11)
    services.minutes_advance(user=reviewer, minutes=minutes, comment_days=7, today=day)
    assert minutes.phase == MinutesPhase.COMMENTS and minutes.comments_until == dt.date(2026, 3, 18)
    assert {tuple(m.to) for m in mail.outbox} == {("alice@example.org",), ("dana@example.org",)}
    assert can(alice, "minutes.view", minutes)
    with pytest.raises(ValidationError):  # the window is still open
        services.minutes_advance(user=reviewer, minutes=minutes, today=dt.date(2026, 3, 12))
    services.minutes_advance(user=reviewer, minutes=minutes, today=dt.date(2026, 3, 18))
    services.minutes_advance(user=reviewer, minutes=minutes, today=dt.date(2026, 3, 18))
    assert minutes.phase == MinutesPhase.PUBLISHED and minutes.version == 1
    # A correction starts a new draft; version 1 stays as published.
    minutes = services.minutes_save(user=reviewer, meeting=meeting, text="Draft two")
    for _ in range(3):
        services.minutes_advance(
            user=reviewer, minutes=minutes, comment_days=0, today=dt.date(2026, 4, 1)
        )
    versions = MinutesVersion.objects.filter(minutes=minutes).order_by("number")
    assert [(v.number, v.text) for v in versions] == [(1, "Draft one"), (2, "Draft two")]


def test_attendees_comment_only_during_the_window(
    committee, reviewer, alice, meridian, northgate, charlie
):
    meeting = committee["meeting"]
    minutes = services.minutes_save(user=reviewer, meeting=meeting, text="Draft")
    with pytest.raises(NotVisible):  # a draft not yet circulated is the secretariat's
        services.minutes_comment(user=alice, minutes=minutes, organisation=meridian, text="x")
    services.minutes_advance(user=reviewer, minutes=minutes, comment_days=90)
    comment = services.minutes_comment(
        user=alice, minutes=minutes, organisation=meridian, text="Add the date."
    )
    assert comment.organisation == meridian and comment.author == alice
    with pytest.raises(NotVisible):
        services.minutes_comment(user=charlie, minutes=minutes, organisation=northgate, text="x")
    services.meeting_set_attendees(user=reviewer, meeting=meeting, attendees=[])
    with pytest.raises(NotVisible):  # no longer an attendee: the circulated draft is not theirs
        services.minutes_comment(user=alice, minutes=minutes, organisation=meridian, text="x")


def test_the_next_agenda_is_drafted_from_minutes_and_open_actions(committee, reviewer):
    first = committee["meeting"]
    later = services.meeting_schedule(
        user=reviewer, committee=committee["committee"], title="Second meeting",
        starts_at=first.starts_at + dt.timedelta(days=60),
        ends_at=first.ends_at + dt.timedelta(days=60),
        online_url="https://meet.example.org/2",
    )  # fmt: skip
    added = services.agenda_draft(user=reviewer, meeting=later)
    kinds = [(i.kind, i.sensitivity) for i in added]
    assert kinds[0] == ("minutes", "network")
    assert sorted(kinds[1:]) == [("due", "network"), ("due", "state_only")]  # due 1 Apr, before
    assert services.agenda_draft(user=reviewer, meeting=later) == []  # not added twice


def test_an_action_pointing_at_an_assistance_request_follows_its_state(
    committee, reviewer, dana, authority
):
    from chemsec.assistance.services import request_file, request_triage

    request = request_file(user=dana, organisation=authority, title="Help", need="Road transport")
    action = services.action_assign(
        user=reviewer, meeting=committee["meeting"], organisation=authority, text="Answer it",
        due=dt.date(2026, 5, 1), target_kind="assistance_request", target_id=str(request.pk),
    )  # fmt: skip
    assert effective_status(action) == "open" and progress_of(action).percent == 0
    with pytest.raises(ValidationError):  # no ticking a box
        services.action_set_status(user=dana, action=action, status="done")
    request_triage(user=reviewer, request=request, status="in_progress")
    assert effective_status(action) == "in_progress"
    request_triage(user=reviewer, request=request, status="delivered")
    assert effective_status(action) == "done" and progress_of(action).percent == 100
    with pytest.raises(ValidationError):
        services.action_assign(
            user=reviewer, meeting=committee["meeting"], organisation=authority, text="x",
            due=dt.date(2026, 5, 1), target_kind="practice",
            target_id="00000000-0000-0000-0000-000000000000",
        )  # fmt: skip


def test_owners_set_progress_of_plain_actions(committee, alice, bob, meridian):
    action = ActionItem.objects.get(text="Survey members")
    with pytest.raises(Denied):  # a viewer of the owner
        services.action_set_status(user=bob, action=action, status="done")
    services.action_set_status(user=alice, action=action, status="in_progress")
    with pytest.raises(Denied):  # dropping is the secretariat's
        services.action_set_status(user=alice, action=action, status="dropped")


def test_meetings_as_icalendar(committee, reviewer, alice):
    meeting = committee["meeting"]
    parsed = Calendar.from_ical(calendar.meeting_file(meeting))
    assert parsed["METHOD"] == "PUBLISH" and parsed["VERSION"] == "2.0"
    (event,) = parsed.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.pk}@chemsec.network"
    assert event.decoded("DTSTART") == meeting.starts_at and str(event["LOCATION"]) == "Geneva"
    services.meeting_cancel(user=reviewer, meeting=meeting)
    cancelled = Calendar.from_ical(calendar.meeting_file(meeting))
    (event,) = cancelled.walk("VEVENT")
    assert cancelled["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    token = calendar.feed_token(alice.pk, "ccc")
    assert calendar.feed_user_id(token, "ccc") == alice.pk
    assert calendar.feed_user_id(token, "other") is None
    assert calendar.feed_user_id(token[:-2] + "xx", "ccc") is None


def test_exports_neutralise_formulas_and_keep_the_same_columns(committee, reviewer):
    services.decision_record(user=reviewer, meeting=committee["meeting"], text='=HYPERLINK("x")')
    header, rows = exports.decision_rows(Decision.objects.all())
    text = exports.to_csv(header, rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == header
    assert '\'=HYPERLINK("x")' in [r[4] for r in parsed[1:]]
    book = load_workbook(io.BytesIO(exports.to_xlsx(header, rows, "decisions")))
    sheet = book.active
    assert [c.value for c in sheet[1]] == header
    assert '\'=HYPERLINK("x")' in [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_due_actions_are_reminded_once_a_day(committee, alice, dana):
    from django.utils import translation

    mail.outbox.clear()
    alice.language = "fr"  # chosen in the portal's language switch
    alice.save(update_fields=["language"])
    with translation.override("ar"):  # the sender's language does not decide
        assert services.remind_due_actions(user=SYSTEM, today=dt.date(2026, 3, 28)) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    # each in the recipient's language, the due date as that language writes it (not ISO)
    assert "le 1 avril 2026" in by_address["alice@example.org"].body
    assert "is due on April 1, 2026" in by_address["dana@example.org"].body
    assert all("-04-" not in m.subject + m.body for m in mail.outbox)
    assert {tuple(m.to) for m in mail.outbox} == {("alice@example.org",), ("dana@example.org",)}
    assert services.remind_due_actions(user=SYSTEM, today=dt.date(2026, 3, 28)) == 0
    with pytest.raises(Denied):
        services.remind_due_actions(user=alice)


def test_drafted_items_are_shown_in_the_readers_language(committee, reviewer):
    from django.utils import translation

    first = committee["meeting"]
    later = services.meeting_schedule(
        user=reviewer, committee=committee["committee"], title="Second meeting",
        starts_at=first.starts_at + dt.timedelta(days=60),
        ends_at=first.ends_at + dt.timedelta(days=60), place="Nairobi",
    )  # fmt: skip
    (minutes_item, *_) = services.agenda_draft(user=reviewer, meeting=later)
    assert minutes_item.title == "Approval of the minutes of First meeting (March 10, 2026)"
    assert minutes_item.params["date"] == "2026-03-10"  # the value stays ISO: data
    assert minutes_item.params["ref"] == str(first.pk)
    assert minutes_item.label() == minutes_item.title  # in English, as stored
    # The label is rendered from the codes when read, not from the stored English text.
    minutes_item.params = {**minutes_item.params, "title": "Première réunion"}
    with translation.override("fr"):  # the date as French writes it, not ISO
        assert "Première réunion (10 mars 2026)" in minutes_item.label()
    with translation.override("ar"):
        arabic = minutes_item.label()
        assert "2026-03-10" not in arabic
        # the Latin-script title isolated, so the Arabic date keeps its place beside it
        assert "\u2068Première réunion\u2069" in arabic
    assert "First meeting" in minutes_item.title


def test_invitations_and_cancellations_carry_the_meeting(committee, reviewer, meridian, alice):
    from django.utils import timezone

    mail.outbox.clear()
    start = timezone.now() + dt.timedelta(days=30)
    meeting = services.meeting_schedule(
        user=reviewer, committee=committee["committee"], title="Next meeting", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="Nairobi", attendees=[meridian],
    )  # fmt: skip
    (invitation,) = mail.outbox
    assert invitation.to == ["alice@example.org"]
    filename, content, mimetype = invitation.attachments[0]
    assert filename == "meeting.ics"
    assert mimetype.startswith("text/calendar; method=REQUEST")
    parsed = Calendar.from_ical(content)
    (event,) = parsed.walk("VEVENT")
    assert parsed["METHOD"] == "REQUEST" and str(event["ORGANIZER"]).startswith("mailto:")
    services.meeting_cancel(user=reviewer, meeting=meeting)
    cancelled = Calendar.from_ical(mail.outbox[-1].attachments[0][1])
    assert cancelled["METHOD"] == "CANCEL"
    assert str(cancelled.walk("VEVENT")[0]["UID"]) == str(event["UID"])
    mail.outbox.clear()
    services.meeting_set_attendees(user=reviewer, meeting=committee["meeting"], attendees=[])
    assert mail.outbox == []  # a past meeting invites no one


def test_an_action_done_by_its_target_is_not_carried_forward(committee, reviewer, dana, authority):
    from chemsec.assistance.services import request_file, request_triage
    from chemsec.network import selectors

    request = request_file(user=dana, organisation=authority, title="Help", need="Storage")
    services.action_assign(
        user=reviewer, meeting=committee["meeting"], organisation=authority, text="Answer Help",
        due=dt.date(2026, 12, 1), target_kind="assistance_request", target_id=str(request.pk),
    )  # fmt: skip
    texts = lambda: [a.text for a in selectors.open_actions(reviewer, committee["committee"])]  # noqa: E731
    assert "Answer Help" in texts()
    request_triage(user=reviewer, request=request, status="in_progress")
    assert "Answer Help" in texts()
    request_triage(user=reviewer, request=request, status="delivered")
    assert "Answer Help" not in texts()
    first = committee["meeting"]
    later = services.meeting_schedule(
        user=reviewer, committee=committee["committee"], title="Later", place="Online",
        starts_at=first.starts_at + dt.timedelta(days=300),
        ends_at=first.ends_at + dt.timedelta(days=300),
    )  # fmt: skip
    drafted = [i.title for i in services.agenda_draft(user=reviewer, meeting=later)]
    assert not any("Answer Help" in title for title in drafted)
    assert any("Survey members" in title for title in drafted)
