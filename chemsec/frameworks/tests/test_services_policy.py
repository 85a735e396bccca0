"""Every write service asks the policy itself: called directly (as a test, a command or a job
would) by someone who may not act, it refuses and writes nothing, whatever its callers checked.
Allowed writes go through chemsec.core.writes, one audit entry each, {field: [old, new]}."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chemsec.core.models import AuditEntry
from chemsec.core.policy import Denied, NotVisible
from chemsec.core.services import object_share
from chemsec.frameworks import services
from chemsec.frameworks.models import Evidence
from chemsec.frameworks.roadmaps import (
    roadmap_action_delete,
    roadmap_action_save,
    roadmap_export,
    roadmap_generate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(assessment, alice, bob):
    """Meridian's campaign response, shared read-only with bob, its viewer."""
    object_share(obj=assessment, actor=alice, users=[bob])
    return assessment


@pytest.fixture
def evidence(assessment, alice):
    upload = SimpleUploadedFile("law.pdf", b"%PDF-1.4 law")
    return services.evidence_attach(
        actor=alice, assessment=assessment, question_code="NC-01.1", upload=upload
    )


@pytest.fixture
def roadmap(assessment, alice):
    answers = [services.AnswerInput("NC-01.1", "1")]
    services.answers_save(actor=alice, assessment=assessment, answers=answers)
    return roadmap_generate(actor=alice, assessment=assessment)


def _refused(call, refusal):
    before = AuditEntry.objects.count()
    with pytest.raises(refusal):
        call()
    assert AuditEntry.objects.count() == before  # nothing written, nothing audited


def test_campaign_services_refuse_who_may_not_run_campaigns(
    alice, charlie, make_user, framework, campaign, meridian
):
    _refused(
        lambda: services.campaign_create(
            actor=alice,
            organisation=meridian,
            title="Mine",
            framework=framework,
            invited=[meridian],
            deadline=dt.date(2026, 12, 31),
        ),
        Denied,
    )
    outsider = make_user("olga")
    for user, refusal in ((alice, Denied), (charlie, Denied), (outsider, NotVisible)):
        _refused(
            lambda u=user: services.campaign_reminders_send(campaign=campaign, actor=u), refusal
        )
        _refused(
            lambda u=user: services.dashboard_export(actor=u, campaign=campaign, fmt="csv"),
            refusal,
        )


def test_assessment_services_refuse_viewers_and_outsiders(
    shared, evidence, bob, charlie, sam, framework, meridian
):
    answers = [services.AnswerInput("NC-01.1", "3")]
    upload = SimpleUploadedFile("more.pdf", b"%PDF-1.4 more")
    calls = {
        "start": lambda u: services.assessment_start(
            actor=u, organisation=meridian, framework=framework
        ),
        "answers": lambda u: services.answers_save(actor=u, assessment=shared, answers=answers),
        "attach": lambda u: services.evidence_attach(
            actor=u, assessment=shared, question_code="NC-01.1", upload=upload
        ),
        "delete evidence": lambda u: services.evidence_delete(actor=u, evidence=evidence),
        "submit": lambda u: services.assessment_submit(actor=u, assessment=shared),
        "reopen request": lambda u: services.assessment_reopen_request(
            actor=u, assessment=shared, reason="x"
        ),
    }
    for name, call in calls.items():
        _refused(lambda c=call: c(bob), Denied)  # sees it (named share), may not change it
        if name != "start":
            _refused(lambda c=call: c(charlie), NotVisible)  # another organisation
            _refused(lambda c=call: c(sam), NotVisible)  # a draft is not shared with them yet
    assert Evidence.objects.count() == 1


def test_only_the_campaign_secretariat_reopens(shared, alice, sam, charlie):
    services.assessment_submit(actor=alice, assessment=shared)
    _refused(lambda: services.assessment_reopen(actor=alice, assessment=shared), Denied)
    _refused(lambda: services.assessment_reopen(actor=charlie, assessment=shared), NotVisible)
    services.assessment_reopen(actor=sam, assessment=shared)
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.changes) == ("approve", {"status": ["submitted", "draft"]})


def test_confidential_evidence_is_not_there_for_those_who_may_not_see_it(
    assessment, alice, evidence, sam
):
    services.answers_save(
        actor=alice,
        assessment=assessment,
        answers=[services.AnswerInput("NC-01.1", "2", confidential=True)],
    )
    services.assessment_submit(actor=alice, assessment=assessment)
    evidence.refresh_from_db()
    _refused(lambda: services.evidence_open(actor=sam, evidence=evidence), NotVisible)
    services.evidence_open(actor=alice, evidence=evidence).close()
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry.action == "export" and entry.changes["format"] == [None, "pdf"]


def test_road_map_services_refuse_who_may_not_change_the_assessment(shared, roadmap, bob, charlie):
    action = roadmap.actions.first()
    fields = {"title": "Mine"}
    for user, refusal in ((bob, Denied), (charlie, NotVisible)):
        _refused(lambda u=user: roadmap_generate(actor=u, assessment=shared), refusal)
        _refused(
            lambda u=user: roadmap_action_save(actor=u, roadmap=roadmap, fields=fields), refusal
        )
        _refused(
            lambda u=user: roadmap_action_save(
                actor=u, roadmap=roadmap, action=action, fields=fields
            ),
            refusal,
        )
        _refused(lambda u=user: roadmap_action_delete(actor=u, action=action), refusal)
    _refused(lambda: roadmap_export(actor=charlie, roadmap=roadmap, fmt="xlsx"), NotVisible)
    roadmap_export(actor=bob, roadmap=roadmap, fmt="xlsx")  # who sees it may export it


def test_writes_are_audited_one_entry_each_in_one_format(assessment, alice, roadmap):
    before = AuditEntry.objects.count()
    services.answers_save(
        actor=alice,
        assessment=assessment,
        answers=[services.AnswerInput("NC-01.1", "2"), services.AnswerInput("NC-01.2", "no")],
    )
    entries = list(AuditEntry.objects.filter(sequence__gt=0).order_by("sequence")[before:])
    assert [(e.action, e.object_type) for e in entries] == [
        ("update", "frameworks.answer"),
        ("create", "frameworks.answer"),
    ]
    assert entries[0].changes == {"value": ["1", "2"]}
    assert entries[1].changes["value"] == [None, "no"]
    assert {e.organisation_id for e in entries} == {assessment.organisation_id}
    action = roadmap.actions.first()
    roadmap_action_save(actor=alice, roadmap=roadmap, action=action, fields={"progress": 40})
    last = AuditEntry.objects.order_by("-sequence").first()
    assert (last.object_type, last.changes) == ("frameworks.roadmapaction", {"progress": [0, 40]})
