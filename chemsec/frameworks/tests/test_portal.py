"""Framework library, campaigns, assessments, evidence and dashboards: pages and personas."""

import csv
import dataclasses
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chemsec.content.reader import read_content_file
from chemsec.core.models import AuditEntry
from chemsec.frameworks.models import (
    Answer,
    Assessment,
    Campaign,
    Evidence,
    Framework,
    Question,
)
from chemsec.frameworks.services import AnswerInput, answers_save, assessment_submit
from chemsec.frameworks.sync import sync_frameworks

from .conftest import CONTENT

pytestmark = pytest.mark.django_db

SECRET = "ZZ-CONFIDENTIAL-NOTE-7731"


def _url(name, *args):
    return reverse(f"frameworks:{name}", args=args)


def _status(personas, url, method="get", data=None):
    return {
        name: getattr(client, method)(url, data or {}).status_code
        for name, client in personas.items()
    }


def test_it_syncs_frameworks_idempotently_and_keeps_old_versions(framework):
    questions = Question.objects.filter(section__framework=framework).count()
    assert questions == 54 and framework.sections.count() == 12
    objects = read_content_file(CONTENT / "national-capacity.yaml").objects
    sync_frameworks(objects)
    assert Framework.objects.count() == 1 and Question.objects.count() == 54
    v1 = objects[0]
    v2 = dataclasses.replace(v1, urn=v1.urn.replace(":v1", ":v2"), data={**v1.data, "sections": []})
    sync_frameworks([v2])
    assert Framework.objects.count() == 2
    assert Question.objects.filter(section__framework=framework).count() == 54


def test_it_shows_the_library_and_a_framework_to_everyone(personas, framework):
    assert set(_status(personas, _url("index")).values()) == {200}
    page = personas["anonymous"].get(_url("framework", framework.pk)).content.decode()
    assert "NC-01.1" in page and "Guidance:" in page
    api = personas["anonymous"].get(f"/api/v1/frameworks/{framework.pk}").json()
    assert api["sections"][0]["questions"][0]["practices"]


def test_it_starts_answers_and_protects_a_self_assessment(personas, framework):
    response = personas["alice"].post(_url("assessment_start"), {"framework": framework.pk})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and assessment.confidentiality == "restricted"
    data = {"section": "NC-01", "NC-01.1__value": "3", "NC-01.2__value": "partial"}
    personas["alice"].post(_url("answers", assessment.pk), data)
    assert {a.question.code: a.value for a in assessment.answers.all()} == {
        "NC-01.1": "3",
        "NC-01.2": "partial",
    }
    for name in ("assessment", "results"):
        statuses = _status(personas, _url(name, assessment.pk))
        assert statuses == {"alice": 200, "bob": 404, "charlie": 404, "anonymous": 302}
    assert personas["bob"].post(_url("answers", assessment.pk), data).status_code == 404
    for name in ("bob", "charlie"):
        assert personas[name].post(_url("submit", assessment.pk)).status_code == 404
    assert personas["anonymous"].post(_url("submit", assessment.pk)).status_code == 302


def test_it_refuses_viewers_starting_assessments(personas, framework):
    assert (
        personas["bob"].post(_url("assessment_start"), {"framework": framework.pk}).status_code
        == 403
    )


def test_it_lets_only_the_secretariat_launch_and_see_campaigns(
    personas, sam_client, framework, meridian
):
    data = {
        "title": "Exercise",
        "framework": framework.pk,
        "invited": [meridian.pk],
        "deadline": "2026-12-31",
        "reminder_days": "14, 7",
    }
    assert sam_client.post(_url("campaign_new"), data).status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.reminder_days == [14, 7]
    # The same answers as the API: members of the invited organisation see the campaign but
    # may not run it (403); the uninvited do not know it exists (404).
    pages = {
        ("campaign_new", ()): {"alice": 403, "bob": 403, "charlie": 403},
        ("campaigns", ()): {"alice": 403, "bob": 403, "charlie": 403},
        ("campaign", (campaign.pk,)): {"alice": 403, "bob": 403, "charlie": 404},
        ("campaign_export", (campaign.pk, "csv")): {"alice": 403, "bob": 403, "charlie": 404},
    }
    for (name, args), expected in pages.items():
        statuses = _status(personas, _url(name, *args))
        assert statuses == {**expected, "anonymous": 302}
    assert sam_client.get(_url("campaign", campaign.pk)).status_code == 200


def test_it_shares_a_submitted_campaign_response_with_the_secretariat(
    personas, sam_client, assessment
):
    url = _url("assessment", assessment.pk)
    assert sam_client.get(url).status_code == 404  # a draft stays with its owner
    personas["alice"].post(_url("submit", assessment.pk), {"confirm": "yes"})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert AuditEntry.objects.filter(action="share", object_id=str(assessment.pk)).exists()
    assert sam_client.get(url).status_code == 200
    assert _status(personas, url) == {"alice": 200, "bob": 404, "charlie": 404, "anonymous": 302}


def test_it_reopens_only_through_the_secretariat(personas, sam_client, assessment, alice):
    assessment_submit(actor=alice, assessment=assessment)
    personas["alice"].post(_url("reopen_request", assessment.pk), {"reason": "Typo in NC-02"})
    assessment.refresh_from_db()
    assert assessment.status == "reopen_requested"
    assert personas["alice"].post(_url("reopen", assessment.pk)).status_code == 403
    assert personas["charlie"].post(_url("reopen", assessment.pk)).status_code == 404
    sam_client.post(_url("reopen", assessment.pk))
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def _confidential_answers(assessment, alice):
    answers_save(
        actor=alice,
        assessment=assessment,
        answers=[
            AnswerInput("NC-01.1", "1", SECRET, confidential=True),  # alone in its section
            AnswerInput("NC-02.1", "3", SECRET, confidential=True),
            AnswerInput("NC-02.2", "4"),
        ],
    )
    assessment_submit(actor=alice, assessment=assessment)


def test_it_never_shows_confidential_answers_individually(sam_client, assessment, alice):
    _confidential_answers(assessment, alice)
    campaign = assessment.campaign
    dashboard = sam_client.get(_url("campaign", campaign.pk)).content.decode()
    detail = sam_client.get(_url("assessment", assessment.pk) + "?section=NC-01").content.decode()
    csv_body = sam_client.get(_url("campaign_export", campaign.pk, "csv")).content.decode()
    api = sam_client.get(f"/api/v1/campaigns/{campaign.pk}/dashboard").json()
    answers = sam_client.get(f"/api/v1/assessments/{assessment.pk}/answers").json()
    for body in (dashboard, detail, csv_body, str(api), str(answers)):
        assert SECRET not in body
    row = next(csv.DictReader(io.StringIO(csv_body)))
    assert row["NC-01"] == "confidential"  # a lone confidential answer would show through
    assert row["NC-02"] == "3.4"  # (3 x 3 + 4 x 2) / (3 + 2): the confidential one counts
    assert api["heat"][0]["scores"]["NC-01"] is None
    assert "Confidential: counted in the scores only." in detail
    assert AuditEntry.objects.filter(action="export", object_id=str(campaign.pk)).exists()


def test_it_exports_the_dashboard_as_xlsx(sam_client, assessment, alice):
    from openpyxl import load_workbook

    _confidential_answers(assessment, alice)
    response = sam_client.get(_url("campaign_export", assessment.campaign.pk, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert "Meridian Chemicals" in values and SECRET not in " ".join(values)


def _upload(name, size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size)


def test_it_attaches_allowed_evidence_and_refuses_others(personas, assessment, settings):
    url = _url("evidence_upload", assessment.pk)
    personas["alice"].post(url, {"question": "NC-01.1", "file": _upload("law.pdf")})
    evidence = Evidence.objects.get()
    assert evidence.name == "law.pdf"
    refused = personas["alice"].post(
        url, {"question": "NC-01.1", "file": _upload("tool.exe")}, follow=True
    )
    assert "Evidence must be one of these file types" in refused.content.decode()
    settings.MAX_UPLOAD_MB = 1
    big = personas["alice"].post(
        url, {"question": "NC-01.1", "file": _upload("big.pdf", 2 * 2**20)}, follow=True
    )
    assert "Evidence files must be between 1 byte and 1 MB." in big.content.decode()
    assert Evidence.objects.count() == 1
    download = _url("evidence_download", assessment.pk, evidence.pk)
    assert _status(personas, download) == {
        "alice": 200,
        "bob": 404,
        "charlie": 404,
        "anonymous": 302,
    }


def test_it_reminds_admins_of_invitees_who_have_not_submitted(
    campaign, assessment, alice, charlie, sam, mailoutbox
):
    from chemsec.core.jobs import job_enqueue

    assessment_submit(actor=alice, assessment=assessment)
    job = job_enqueue(
        kind="frameworks.send_reminders",
        user=sam,
        organisation=campaign.organisation,
        params={"campaign": str(campaign.pk), "force": True},
    )
    assert job.status == "succeeded" and job.result == {"sent": 1}
    assert [m.to for m in mailoutbox] == [[charlie.email]]
    assert "Needs assessment 2026" in mailoutbox[0].subject


def test_it_sends_scheduled_reminders_once_on_their_day(campaign, charlie, mailoutbox):
    import datetime as dt

    from chemsec.core.policy import SYSTEM
    from chemsec.core.writes import unaudited
    from chemsec.frameworks.services import campaign_reminders_send

    day = campaign.deadline - dt.timedelta(days=7)
    before = campaign.deadline - dt.timedelta(days=15)  # before the first offset, 14
    assert campaign_reminders_send(campaign=campaign, actor=SYSTEM, today=before) == 0
    campaign.reminders_sent = [14]  # the 14-day reminder went out on its day
    with unaudited("test fixture: an earlier run"):
        campaign.save()
    assert (
        campaign_reminders_send(campaign=campaign, actor=SYSTEM, today=day - dt.timedelta(days=1))
        == 0
    )
    assert (
        campaign_reminders_send(campaign=campaign, actor=SYSTEM, today=day) == 1
    )  # charlie, the admin
    assert campaign_reminders_send(campaign=campaign, actor=SYSTEM, today=day) == 0
    campaign.refresh_from_db()
    assert campaign.reminders_sent == [14, 7]


def test_it_counts_confidential_answers_in_the_section_score(assessment, alice):
    from chemsec.frameworks.analysis import assessment_scores

    _confidential_answers(assessment, alice)
    scores = {section.code: score for section, score in assessment_scores(assessment)}
    weights = dict(
        Question.objects.filter(code__in=["NC-02.1", "NC-02.2"]).values_list("code", "weight")
    )
    expected = (3 * weights["NC-02.1"] + 4 * weights["NC-02.2"]) / sum(weights.values())
    assert scores["NC-02"].score == round(expected, 2)
    assert scores["NC-01"].score == 1.0 and Answer.objects.filter(confidential=True).count() == 2


def test_it_sends_one_section_as_an_htmx_partial(personas, framework):
    personas["alice"].post(_url("assessment_start"), {"framework": framework.pk})
    url = _url("assessment", Assessment.objects.get().pk) + "?section=NC-02"
    body = personas["alice"].get(url, HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<section id="answers"') and "NC-02.1" in body
    assert "<html" not in body


def test_it_lists_assessments_in_a_fixed_number_of_queries(
    personas, framework, alice, meridian, django_assert_max_num_queries
):
    from chemsec.frameworks.services import assessment_start

    for title in ("One", "Two", "Three"):
        assessment_start(actor=alice, organisation=meridian, framework=framework, title=title)
    with django_assert_max_num_queries(20):
        body = personas["alice"].get(_url("index")).content.decode()
    assert "Three" in body


def test_the_heat_map_heads_its_columns_with_section_names(sam_client, assessment, alice):
    _confidential_answers(assessment, alice)
    page = sam_client.get(_url("campaign", assessment.campaign.pk)).content.decode()
    heat = page.split('data-testid="heat-map"', 1)[1].split("</thead>", 1)[0]
    for section in assessment.framework.sections.all():
        assert f"{section.title} <span" in heat and f"({section.code})" in heat


def test_the_needs_map_shades_each_state_and_names_it_in_the_readers_language(
    sam_client, assessment, alice
):
    from chemsec.core.policy import SYSTEM
    from chemsec.core.writes import write_update

    write_update(assessment.organisation, actor=SYSTEM, values={"country": "KE"})
    _confidential_answers(assessment, alice)
    country = "KE"
    url = _url("campaign", assessment.campaign.pk)
    page = sam_client.get(url).content.decode()
    svg = page.split('data-testid="needs-map"', 1)[1].split("</svg>", 1)[0]
    shaded = re.findall(r'<path class="land (heat-\d)" d="[^"]+"><title>([^<]+)</title>', svg)
    assert len(shaded) == 1  # one State submitted; every other country stays grey
    css, title = shaded[0]
    name, mean = title.rsplit(": ", 1)
    table = page.split('data-testid="needs-by-state"', 1)[1].split("</table>", 1)[0]
    assert f">{name}</th>" in table and f">{mean}</td>" in table
    assert css == f"heat-{int(float(mean))}"
    arabic = sam_client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    from chemsec.lib.worldmap import country_name

    assert name == "Kenya" and country_name(country, "ar") == "كينيا" and "كينيا" in arabic
