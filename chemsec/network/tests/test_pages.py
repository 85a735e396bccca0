"""The network pages for each persona: the public directory and map, applying and deciding,
the committee and a meeting (no State-only item to a non-government member), approving
minutes without JavaScript, calendars and exports."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chemsec.network.models import Minutes, NetworkMember

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_directory_and_map_are_public(network, personas):
    response = personas["anonymous"].get(reverse("network:directory"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Meridian Chemicals" in html and "National Authority of Arcadia" in html
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert '<a href="?country=KE">' in html  # Kenya shaded, a link to the filtered directory
    assert "XA" in html.split("Not drawn at this scale", 1)[1]  # Meridian's fictional State
    filtered = personas["anonymous"].get(
        reverse("network:directory"), {"kind": "facility_operator"}
    )
    assert "Meridian Chemicals" in filtered.content.decode()
    assert "National Authority of Arcadia" not in filtered.content.decode().split("<svg")[0]
    member = network["meridian"]
    page = personas["anonymous"].get(reverse("network:member", args=[member.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Workshops hosted" in html
    assert "0 people of this organisation attended" in html


def test_the_public_sees_the_directory_only(committee, personas):
    anonymous = personas["anonymous"]
    for url in (
        reverse("network:coverage"),
        reverse("network:committee", args=[committee["committee"].pk]),
        reverse("network:meeting", args=[committee["meeting"].pk]),
    ):
        assert anonymous.get(url).status_code == 302


def test_an_admin_applies_and_the_secretariat_admits(alice, meridian, reviewer):
    response = _client(alice).post(
        reverse("network:apply"),
        {"stages": ["storage"], "topics": ["physical_protection"], "focal_point_name": "Kofi"},
    )
    member = NetworkMember.objects.get(organisation=meridian)
    assert response.status_code == 302 and member.status == "applied"
    decide = reverse("network:decide", args=[member.pk])
    assert _client(alice).post(decide, {"approve": "1"}).status_code == 403
    listing = _client(reviewer).get(reverse("network:applications")).content.decode()
    assert "Meridian Chemicals" in listing
    _client(reviewer).post(decide, {"approve": "1"})
    member.refresh_from_db()
    assert member.status == "active" and member.periods.count() == 1


def test_a_member_sees_network_items_and_a_government_the_state_only_ones(
    committee, alice, dana, charlie
):
    url = reverse("network:meeting", args=[committee["meeting"].pk])
    as_alice = _client(alice).get(url).content.decode()
    assert "Work programme" in as_alice and "ZZSTATE" not in as_alice
    as_dana = _client(dana).get(url).content.decode()
    assert as_dana.count("ZZSTATE") == 3  # the item, the decision, the action
    assert _client(charlie).get(url).status_code == 404
    coverage = _client(alice).get(reverse("network:coverage"))
    assert coverage.status_code == 200 and "gap" in coverage.content.decode()


def test_the_secretary_approves_minutes_without_javascript(committee, reviewer, meridian):
    meeting = committee["meeting"]
    secretary = _client(reviewer)
    secretary.post(reverse("network:attendees", args=[meeting.pk]), {"attendees": []})
    secretary.post(reverse("network:minutes_save", args=[meeting.pk]), {"text": "We met."})
    minutes = Minutes.objects.get(meeting=meeting)
    advance = reverse("network:minutes_advance", args=[minutes.pk])
    refused = secretary.post(advance, {"comment_days": "0"}, follow=True)
    assert "Record who attended" in refused.content.decode()
    assert Minutes.objects.get(pk=minutes.pk).phase == "drafted"
    secretary.post(reverse("network:attendees", args=[meeting.pk]), {"attendees": [meridian.pk]})
    phases = []
    for _ in range(3):
        secretary.post(advance, {"comment_days": "0"})
        phases.append(Minutes.objects.get(pk=minutes.pk).phase)
    assert phases == ["comments", "approved", "published"]
    page = secretary.get(reverse("network:meeting", args=[meeting.pk])).content.decode()
    assert "Version 1, published" in page


def test_calendar_file_feed_and_exports(committee, alice, charlie):
    meeting, body = committee["meeting"], committee["committee"]
    ics = _client(alice).get(reverse("network:meeting_ics", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    page = _client(alice).get(reverse("network:committee", args=[body.pk])).content.decode()
    feed = page.split("<code>", 1)[1].split("</code>", 1)[0].replace("http://testserver", "")
    anonymous = Client().get(feed)
    assert anonymous.status_code == 200 and b"First meeting" in anonymous.content
    assert Client().get(feed.replace(".ics", "x.ics")).status_code == 404
    csv_export = _client(alice).get(reverse("network:export", args=[body.pk, "actions", "csv"]))
    text = csv_export.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("meeting,date,owner,action,due,status")
    assert "Survey members" in text and "ZZSTATE" not in text
    refused = _client(charlie).get(reverse("network:export", args=[body.pk, "actions", "xlsx"]))
    assert refused.status_code == 404


def test_lists_need_no_query_per_row(network, committee, admit, alice, personas):
    """The directory, the members API and the committee's lists read a fixed number of
    queries however many rows they show."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chemsec.core.models import Organisation
    from chemsec.core.policy import SYSTEM
    from chemsec.network import services

    urls = [
        reverse("network:directory"),
        "/api/v1/network/members",
        f"/api/v1/network/committees/{committee['committee'].pk}/actions",
        f"/api/v1/network/committees/{committee['committee'].pk}/meetings",
    ]
    client = _client(alice)

    def counts():
        found = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    for i in range(5):
        org = Organisation.objects.create(name=f"Row {i}", slug=f"row-{i}", kind="academia")
        admit(org)
        services.action_assign(
            user=SYSTEM, meeting=committee["meeting"], organisation=org, text=f"Row {i}",
            due=committee["meeting"].starts_at.date(),
        )  # fmt: skip
    assert counts() == before


def test_the_home_page_lists_what_the_network_holds_for_each_person(
    committee, alice, dana, reviewer, northgate, charlie
):
    from chemsec.core.policy import SYSTEM
    from chemsec.network import services

    services.member_apply(
        user=charlie, organisation=northgate, stages=["distribution"], topics=[],
        focal_point_name="Hanna",
    )  # fmt: skip
    minutes = services.minutes_save(user=SYSTEM, meeting=committee["meeting"], text="We met.")
    services.minutes_advance(user=SYSTEM, minutes=minutes, comment_days=30)
    as_alice = _client(alice).get("/").content.decode()
    assert "1 committee action due within a week" in as_alice  # due 1 April 2026, overdue
    assert "1 set of minutes open for your comments" in as_alice
    assert "application to the network" not in as_alice
    as_reviewer = _client(reviewer).get("/").content.decode()
    assert "1 application to the network to decide" in as_reviewer
    assert "open for your comments" not in _client(charlie).get("/").content.decode()


def test_the_directory_names_countries_in_the_readers_language(network, personas):
    """Issue 11: the members' table and the counts showed "KE"; Kenya in Arabic now, the code
    its title, and the fictional State by the name the installation gives its code."""
    html = personas["anonymous"].get(reverse("network:directory"), HTTP_ACCEPT_LANGUAGE="ar")
    page = html.content.decode()
    assert page.count('<span title="KE">كينيا</span>') >= 2  # the counts and the members
    assert "<td>KE</td>" not in page and ">KE</a>" not in page
    with translation.override("ar"):
        marker = translation.gettext("Not drawn at this scale:")
    undrawn = page.split(marker, 1)[1].split("</p>", 1)[0]
    assert '<span title="XA">Arcadia</span>' in undrawn  # the demo's fictional State, named
