"""Answers and campaigns within the domain's limits (chemsec.core.limits), refused where
they enter (page, API, service); an invalid answer marks its own field and never discards
the other answers typed in the section."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chemsec.frameworks.models import Answer, Campaign
from chemsec.frameworks.services import AnswerInput, answers_save, campaign_create

pytestmark = pytest.mark.django_db
JSON = "application/json"
COUNT = "NC-02.5"  # "How many facilities or operators are currently licensed...?"
BIG = "x" * 2**20  # a 1 MB comment


def _answers(assessment):
    return {
        a.question.code: (a.value, a.comment) for a in Answer.objects.filter(assessment=assessment)
    }


@pytest.mark.parametrize("value", ["-5", "1e309", "5e-324", "NaN", "many"])
def test_the_service_refuses_a_count_that_is_not_one(assessment, alice, value):
    with pytest.raises(ValidationError) as refused:
        answers_save(actor=alice, assessment=assessment, answers=[AnswerInput(COUNT, value)])
    assert COUNT in refused.value.message_dict
    assert _answers(assessment) == {}


def test_the_service_refuses_a_one_megabyte_comment(assessment, alice):
    with pytest.raises(ValidationError):
        answers_save(actor=alice, assessment=assessment, answers=[AnswerInput(COUNT, "12", BIG)])
    answers_save(actor=alice, assessment=assessment, answers=[AnswerInput(COUNT, "12", "ok")])
    assert _answers(assessment) == {COUNT: ("12", "ok")}


def _post_section(client, assessment, **values):
    url = reverse("frameworks:answers", args=[assessment.pk])
    return client.post(url, {"section": "NC-02", **values})


@pytest.mark.parametrize("value", ["-5", "1e309"])
def test_one_invalid_answer_marks_its_field_and_keeps_the_rest(personas, assessment, value):
    response = _post_section(
        personas["alice"],
        assessment,
        **{
            "NC-02.1__value": "3",
            "NC-02.1__comment": "Licensing law of 2019",
            "NC-02.3__value": "yes",
            f"{COUNT}__value": value,
            f"{COUNT}__comment": "From the register",
        },
    )
    assert response.status_code == 200  # the section again, with what was typed
    body = response.content.decode()
    assert "Draft saved." not in body and "__all__" not in body
    fieldset = body[body.index(f'id="q-{COUNT}"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert 'class="error"' in fieldset and f'value="{value}"' in fieldset
    assert "From the register" in fieldset
    assert "Licensing law of 2019" in body
    # The valid answers are kept; the invalid one is not stored.
    assert _answers(assessment) == {
        "NC-02.1": ("3", "Licensing law of 2019"),
        "NC-02.3": ("yes", ""),
    }


def test_a_one_megabyte_comment_is_refused_at_its_field(personas, assessment):
    response = _post_section(
        personas["alice"],
        assessment,
        **{f"{COUNT}__value": "12", f"{COUNT}__comment": BIG, "NC-02.1__value": "2"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "at most 10000 characters" in body
    assert _answers(assessment) == {"NC-02.1": ("2", "")}


def test_a_valid_section_is_saved_as_before(personas, assessment):
    response = _post_section(personas["alice"], assessment, **{f"{COUNT}__value": "12"})
    assert response.status_code == 302
    assert _answers(assessment) == {COUNT: ("12", "")}


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ({"code": COUNT, "value": "-5"}, COUNT),
        ({"code": COUNT, "value": "1e309"}, COUNT),
        ({"code": COUNT, "value": "3", "comment": BIG}, "comment"),
    ],
)
def test_the_api_refuses_invalid_answers_with_its_json_error(personas, assessment, answer, field):
    response = personas["alice"].put(
        f"/api/v1/assessments/{assessment.pk}/answers",
        json.dumps({"answers": [answer]}),
        content_type=JSON,
    )
    assert response.status_code == 422, response.content
    assert any(field in d["field"] for d in response.json()["error"]["details"])
    assert _answers(assessment) == {}


@pytest.mark.parametrize("deadline", [dt.date(1900, 1, 1), dt.date(9999, 12, 31)])
def test_a_campaign_deadline_must_be_plausible(
    sam, sam_client, secretariat, framework, meridian, deadline
):
    with pytest.raises(ValidationError) as refused:
        campaign_create(
            actor=sam,
            organisation=secretariat,
            title="Old",
            framework=framework,
            invited=[meridian],
            deadline=deadline,
        )
    assert "deadline" in refused.value.message_dict
    page = sam_client.post(
        reverse("frameworks:campaign_new"),
        {
            "title": "Old",
            "framework": str(framework.pk),
            "invited": [str(meridian.pk)],
            "deadline": deadline.isoformat(),
            "reminder_days": "7",
        },
    )
    assert page.status_code == 200 and "Give a date between 2000-01-01 and 2100-12-31" in (
        page.content.decode()
    )
    api = sam_client.post(
        "/api/v1/campaigns",
        {
            "title": "Old",
            "framework_id": str(framework.pk),
            "invited": [str(meridian.pk)],
            "deadline": deadline.isoformat(),
        },
        content_type=JSON,
    )
    assert api.status_code == 422
    assert api.json()["error"]["details"][0]["field"].endswith("deadline")
    assert not Campaign.objects.filter(title="Old").exists()
