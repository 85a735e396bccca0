"""Incident services: the reporting clock from the rules, the report through the supply-chain
path to the authority's inbox, investigation, lessons to the compendium, exercises, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chemsec.core.policy import Denied, NotVisible
from chemsec.incidents import services
from chemsec.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_theft_of_an_annex_i_precursor_starts_a_24_hour_clock(theft):
    assert theft.rule_urn == "urn:chemsec:incident-rule:eu-2019-1148-art9-theft"
    assert theft.report_due_at == theft.detected_at + dt.timedelta(hours=24)
    left = theft.clock()
    assert dt.timedelta(hours=21, minutes=59) < left <= dt.timedelta(hours=22)
    assert not theft.overdue
    assert "clock started" in theft.timeline.last().shown


def test_a_chemical_on_no_list_starts_no_clock(alice, meridian):
    incident = services.incident_record(actor=alice, organisation=meridian, kind="theft",
                                        title="Solvent missing")  # fmt: skip
    services.chemical_add(actor=alice, incident=incident, name="Ethanol", cas="64-17-5",
                          quantity=Decimal(5))  # fmt: skip
    incident.refresh_from_db()
    assert incident.rule_urn == "" and incident.clock() is None


def test_an_intrusion_is_not_reportable_under_the_eu_rules(alice, meridian):
    incident = services.incident_record(actor=alice, organisation=meridian, kind="intrusion",
                                        title="Fence cut")  # fmt: skip
    services.chemical_add(actor=alice, incident=incident, name="Hydrogen peroxide",
                          cas="7722-84-1", quantity=Decimal(1))  # fmt: skip
    incident.refresh_from_db()
    assert incident.clock() is None


def test_overdue_when_detected_more_than_24_hours_ago(alice, meridian):
    incident = services.incident_record(
        actor=alice, organisation=meridian, kind="disappearance", title="Stock short",
        detected_at=timezone.now() - dt.timedelta(hours=30),
    )  # fmt: skip
    services.chemical_add(actor=alice, incident=incident, name="Nitric acid 65 %",
                          cas="7697-37-2", quantity=Decimal(20))  # fmt: skip
    incident.refresh_from_db()
    assert incident.overdue
    assert incident.clock() < -dt.timedelta(hours=5, minutes=59)


def test_report_goes_to_the_authority_inbox_through_the_supply_chain_path(
    theft, alice, authority, officer
):
    from chemsec.supplychain import selectors as supply_selectors
    from chemsec.supplychain.models import Report

    report = services.incident_report(actor=alice, incident=theft, authority=authority,
                                      note="CCTV footage kept.")  # fmt: skip
    theft.refresh_from_db()
    assert theft.report == report and theft.reported_at == report.sent_at
    assert theft.clock() is None  # the clock stops
    assert report.kind == "theft" and report.case is None
    assert report.body["incident"]["chemicals"][0]["cas"] == "7722-84-1"
    assert report.body["incident"]["rule"]["code"] == "EU-EP-ART9-THEFT"
    assert "60.000 kg Hydrogen peroxide 50 %" in report.summary
    assert "CCTV footage kept." in report.summary
    inbox = supply_selectors.reports_received(officer, authority)
    assert list(inbox) == [report]
    assert Report.objects.visible_to(officer).filter(pk=report.pk).exists()
    with pytest.raises(ValidationError):
        services.incident_report(actor=alice, incident=theft, authority=authority)


def test_an_exercise_is_never_sent(alice, meridian, authority):
    drill = services.incident_record(actor=alice, organisation=meridian, kind="theft",
                                     title="Drill: missing drum", exercise="tabletop")  # fmt: skip
    services.chemical_add(actor=alice, incident=drill, name="Hydrogen peroxide",
                          cas="7722-84-1", quantity=Decimal(1))  # fmt: skip
    drill.refresh_from_db()
    assert drill.is_exercise and drill.clock() is not None  # the drill is timed
    with pytest.raises(ValidationError):
        services.incident_report(actor=alice, incident=drill, authority=authority)
    services.incident_close(actor=alice, incident=drill)


def test_only_reviewers_report(theft, carol, rita, authority, alice):
    from chemsec.core.writes import write_share

    write_share(theft, actor=alice, users=[carol, rita])
    with pytest.raises(Denied):
        services.incident_report(actor=carol, incident=theft, authority=authority)
    assert services.incident_report(actor=rita, incident=theft, authority=authority)


def test_restricted_by_default(theft, alice, bob, charlie, officer):
    visible = Incident.objects.visible_to
    assert visible(alice).filter(pk=theft.pk).exists()
    for user in (bob, charlie, officer):
        assert not visible(user).filter(pk=theft.pk).exists()
    with pytest.raises(NotVisible):
        services.timeline_add(actor=charlie, incident=theft, text="x")
    with pytest.raises(NotVisible):
        services.timeline_add(actor=bob, incident=theft, text="x")


def test_viewer_may_not_record(bob, charlie, meridian):
    with pytest.raises(Denied):
        services.incident_record(actor=bob, organisation=meridian, kind="theft", title="x")
    with pytest.raises(Denied):
        services.incident_record(actor=charlie, organisation=meridian, kind="theft", title="x")


def test_tasks_must_be_done_and_report_sent_before_closing(theft, alice, carol, authority):
    task = services.task_add(actor=alice, incident=theft, title="Review access logs",
                              owner=carol, corrective=False)  # fmt: skip
    with pytest.raises(ValidationError):
        services.incident_close(actor=alice, incident=theft)
    services.task_complete(actor=alice, task=task, finding="Badge of a former contractor used.")
    with pytest.raises(ValidationError):  # the clock still runs
        services.incident_close(actor=alice, incident=theft)
    services.incident_report(actor=alice, incident=theft, authority=authority)
    services.incident_close(actor=alice, incident=theft)
    assert theft.status == "closed"
    with pytest.raises(ValidationError):
        services.timeline_add(actor=alice, incident=theft, text="late")


def test_task_owner_must_be_a_member(theft, alice, charlie):
    with pytest.raises(ValidationError):
        services.task_add(actor=alice, incident=theft, title="x", owner=charlie)


def test_lesson_becomes_a_draft_practice_without_incident_details(theft, alice):
    from chemsec.compendium.models import Proposal

    lesson = services.lesson_add(
        actor=alice, incident=theft, title="Revoke badges the day a contract ends",
        text="Tie badge revocation to the end date of every contractor's contract.",
    )  # fmt: skip
    proposal = services.lesson_propose(actor=alice, lesson=lesson)
    assert isinstance(proposal, Proposal) and proposal.created_by == alice
    lesson.refresh_from_db()
    assert lesson.proposal == proposal
    text = " ".join(str(getattr(proposal, f)) for f in ("title", "summary", "body", "note"))
    for secret in ("Store B", "Riverside", "Hydrogen peroxide", "Drums", "Meridian"):
        assert secret not in text
    assert "Provenance" in proposal.note and proposal.threats == ["theft_diversion"]
    with pytest.raises(ValidationError):
        services.lesson_propose(actor=alice, lesson=lesson)


def test_chemical_from_the_inventory_must_exist(theft, alice):
    with pytest.raises(ValidationError):
        services.chemical_add(actor=alice, incident=theft, inventory_key="nope", quantity=1)
