"""Submitting an assessment asks first, without JavaScript: the button leads to a page
that says what submitting does, and only its confirmation submits. Leaving a section with
unsaved answers warns (a script's comfort; the page works without it)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_submit_asks_for_confirmation_first(personas, assessment):
    detail = personas["alice"].get(reverse("frameworks:assessment", args=[assessment.pk]))
    url = reverse("frameworks:submit", args=[assessment.pk])
    body = detail.content.decode()
    form = body[body.index(f'action="{url}"') - 200 : body.index(f'action="{url}"') + 200]
    assert 'method="get"' in form  # the button leads to the confirmation, submits nothing
    confirm = personas["alice"].get(url)
    page = confirm.content.decode()
    assert confirm.status_code == 200 and 'name="confirm" value="yes"' in page
    assert "cannot change the answers" in page and "secretariat" in page
    # A POST without the confirmation only leads to the question.
    unconfirmed = personas["alice"].post(url)
    assert unconfirmed.status_code == 302 and unconfirmed["Location"] == url
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    done = personas["alice"].post(url, {"confirm": "yes"})
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


@pytest.mark.parametrize(("persona", "status"), [("bob", 404), ("charlie", 404)])
def test_only_editors_see_the_confirmation(personas, assessment, persona, status):
    url = reverse("frameworks:submit", args=[assessment.pk])
    assert personas[persona].get(url).status_code == status
    assert personas["anonymous"].get(url).status_code == 302


def test_the_answers_form_warns_before_leaving_unsaved_answers(personas, assessment):
    body = personas["alice"].get(reverse("frameworks:assessment", args=[assessment.pk]))
    text = body.content.decode()
    assert "data-unsaved-warning=" in text and "frameworks.js" in text
