"""Reviewing course translations in the portal (issue 11), as the compendium's are reviewed:
the secretariat's reviewers find the drafts in a queue per language, read the English and
the translation side by side, approve them (name and date recorded, audited) or correct them
(a new version of the texts, audited); readers are told the status; nobody else may do any
of it. The overlay used is the shipped starter course's French and Arabic (course and first
module, with its quiz), loaded as `chemsec load-content` loads them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chemsec.content.reader import read_content_file
from chemsec.content.tests.course_overlay import (
    COURSE,
    FOUNDATIONS,
    MODULE_TITLES,
    TITLES,
    course_overlay,
    write_course_overlay,
)
from chemsec.core.choices import Role
from chemsec.core.models import AuditEntry
from chemsec.core.policy import Denied
from chemsec.core.writes import unaudited
from chemsec.training.models import Course, CourseTranslation
from chemsec.training.selectors import translation_queue
from chemsec.training.translations import (
    checked_texts,
    course_translation_correct,
    course_translation_review,
    course_translations_sync,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_user, secretariat):
    user = make_user("rita", secretariat, Role.REVIEWER)
    user.first_name, user.last_name = "Rita", "Moreau"
    user.save()
    return user


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


def load_overlays(root, **options):
    """The French and Arabic overlays, loaded together (a load replaces every course row)."""
    objects = []
    for language in ("fr", "ar"):
        text = course_overlay(language, **(options if language == "fr" else {}))
        path = write_course_overlay(root, text, language)
        objects += read_content_file(path, root=root).objects
    course_translations_sync(objects)


@pytest.fixture
def both(starter, tmp_path):
    """The starter course with its French and Arabic drafts loaded."""
    load_overlays(tmp_path)
    return starter


def _row(urn, language="fr"):
    return CourseTranslation.objects.get(urn=urn, language=language)


def _get(client, url, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _review_url(course, language="fr"):
    return reverse("training:translation_review", args=[language, course.slug])


# --- who may review ---


def test_only_the_secretariats_reviewers_review(both, make_user, secretariat, meridian, reviewer):
    row = _row(COURSE)
    refused = [
        make_user("sam", secretariat, Role.CONTRIBUTOR),  # authors courses, does not review
        make_user("ada", meridian, Role.ADMIN),  # an operator's admin
    ]
    for user in refused:
        with pytest.raises(Denied):
            course_translation_review(user=user, translation=row)
        assert translation_queue(user) == []
    assert _row(COURSE).status == "draft"
    assert course_translation_review(user=reviewer, translation=row).status == "reviewed"


@pytest.mark.parametrize("who", ["anonymous", "alice", "bob", "charlie"])
def test_the_review_pages_refuse_everyone_else(both, personas, who):
    row = _row(FOUNDATIONS)
    client = personas[who]
    urls = [
        reverse("training:translation_queue"),
        _review_url(both),
        reverse("training:translation_correct", args=[row.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"]
        else:
            assert response.status_code == 403
    approve = client.post(reverse("training:translation_approve", args=[row.pk]))
    assert approve.status_code in ({302} if who == "anonymous" else {403})
    assert _row(FOUNDATIONS).status == "draft"


# --- the queue ---


def test_the_queue_lists_the_drafts_per_language(both, reviewer, reviewer_client):
    rows = translation_queue(reviewer)
    assert [(r.language, r.course.slug, r.drafts, r.stale, r.reviewed) for r in rows] == [
        ("ar", "fundamentals", 2, 0, 0),
        ("fr", "fundamentals", 2, 0, 0),
    ]
    html = _get(reviewer_client, reverse("training:translation_queue") + "?lang=fr")
    assert _review_url(both, "fr") in html and _review_url(both, "ar") not in html
    # Once both French parts are approved, nothing French waits; the Arabic still does.
    for urn in (COURSE, FOUNDATIONS):
        course_translation_review(user=reviewer, translation=_row(urn))
    assert [r.language for r in translation_queue(reviewer)] == ["ar"]
    html = _get(reviewer_client, reverse("training:translation_queue") + "?lang=fr")
    assert gettext("Nothing is waiting for review.") in html


def test_the_queue_refuses_a_language_it_does_not_know(both, reviewer_client):
    response = reviewer_client.get(reverse("training:translation_queue") + "?lang=de")
    assert response.status_code == 400
    assert '"de" is not a language courses are translated into' in response.text


def test_a_rise_of_the_english_version_puts_a_reviewed_translation_back_in_the_queue(
    both, reviewer
):
    for urn in (COURSE, FOUNDATIONS):
        course_translation_review(user=reviewer, translation=_row(urn))
    with unaudited("test: the English course's version rises"):
        Course.objects.filter(pk=both.pk).update(version=2)
    french = next(r for r in translation_queue(reviewer, "fr"))
    assert (french.drafts, french.stale, french.reviewed) == (0, 2, 0)
    row = course_translation_review(user=reviewer, translation=_row(FOUNDATIONS))
    assert row.source_version == 2  # approved against the English it now matches


def test_the_home_page_tells_a_reviewer_what_waits(both, reviewer_client, personas):
    html = _get(reviewer_client, reverse("home"))
    assert "4 parts of course translations to review" in html
    assert reverse("training:translation_queue") in html
    assert "course translations to review" not in _get(personas["alice"], reverse("home"))


# --- the review page ---


def test_the_review_page_shows_english_and_french_side_by_side(both, reviewer_client):
    html = _get(reviewer_client, _review_url(both))
    module = both.modules.get(slug="foundations")
    assert escape(both.title) in html and escape(TITLES["fr"]) in html
    assert escape(module.title) in html and escape(MODULE_TITLES["fr"]) in html
    # The translated body is rendered from its Markdown, in French, next to the English.
    assert '<div class="prose" lang="fr" dir="ltr"><h2>La sûreté et la sécurité' in html
    first = module.questions.order_by("position").first()
    assert f'<p lang="en" dir="ltr">{escape(first.text)}</p>' in html
    assert "Qu&#x27;est-ce qui distingue la sûreté chimique" in html
    # Six modules have no French: readers see them in English, and the page says so.
    assert "6 parts of this course have no translation into this language" in html
    # Each translated part can be approved and corrected.
    for urn in (COURSE, FOUNDATIONS):
        row = _row(urn)
        assert reverse("training:translation_approve", args=[row.pk]) in html
        assert reverse("training:translation_correct", args=[row.pk]) in html


def test_the_arabic_translation_is_laid_out_right_to_left(both, reviewer_client):
    html = _get(reviewer_client, _review_url(both, "ar"))
    assert f'<p lang="ar" dir="rtl">{escape(TITLES["ar"])}</p>' in html


def test_a_review_page_for_a_language_not_translated_into_is_not_found(both, reviewer_client):
    for language in ("en", "de"):
        assert reviewer_client.get(_review_url(both, language)).status_code == 404


# --- approving ---


def test_approving_records_who_and_when_and_readers_see_it(both, reviewer, reviewer_client):
    row = _row(COURSE)
    response = reviewer_client.post(reverse("training:translation_approve", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == _review_url(both) + "#entry-course"
    row.refresh_from_db()
    assert (row.status, row.reviewer_name, row.reviewed_by) == ("reviewed", "Rita Moreau", reviewer)
    assert row.reviewed_on == timezone.localdate() and row.source_version == both.version
    entry = AuditEntry.objects.filter(object_id=str(row.pk), action="update").get()
    assert entry.actor == reviewer and entry.changes["status"] == ["draft", "reviewed"]
    # Once its module is approved too, a French reader of the course is told who reviewed
    # it and when (the course page states the least reviewed of the parts it shows).
    course_translation_review(user=reviewer, translation=_row(FOUNDATIONS))
    html = _get(Client(), reverse("training:course", args=[both.slug]), "fr")
    with translation.override("fr"):
        # the date as French writes it ("7 décembre 2026"), not ISO
        day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        told = gettext("Translation reviewed by %(name)s on %(date)s.") % {
            "name": "Rita Moreau", "date": day
        }  # fmt: skip
    assert escape(told) in html


# --- correcting ---


def _correction(client, row, **changes):
    """The correction form as the page fills it (the current texts), with ``changes``."""
    url = reverse("training:translation_correct", args=[row.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return client.post(url, data)


def test_a_correction_is_a_new_version_and_reviews_the_translation(both, reviewer, reviewer_client):
    row = _row(FOUNDATIONS)
    loaded = dict(row.fields)
    response = _correction(
        reviewer_client, row, title="Pourquoi la sûreté chimique compte",
        q1_c2="La sûreté ne vaut que pour le transport.", note="Titre plus court.",
    )  # fmt: skip
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.fields["title"] == "Pourquoi la sûreté chimique compte"
    assert row.fields["quiz"][0]["choices"][1] == "La sûreté ne vaut que pour le transport."
    assert row.fields["body"] == loaded["body"]  # untouched texts are kept as they were
    assert (row.status, row.reviewed_by) == ("reviewed", reviewer)
    versions = list(row.versions.order_by("number"))
    assert [(v.number, v.origin) for v in versions] == [(1, "file"), (2, "correction")]
    assert versions[0].fields == loaded and versions[1].fields == row.fields
    assert (versions[1].author, versions[1].note) == (reviewer, "Titre plus court.")
    audited = AuditEntry.objects.filter(object_type__endswith="coursetranslationversion")
    assert audited.filter(action="create").count() == 2
    # A French reader now reads the corrected title; the page lists both versions.
    html = _get(Client(), reverse("training:module", args=[both.slug, "foundations"]), "fr")
    assert "<h1>Pourquoi la sûreté chimique compte</h1>" in html
    assert "2 versions" in _get(reviewer_client, _review_url(both))


def test_a_second_correction_adds_one_version(both, reviewer, reviewer_client):
    row = _row(COURSE)
    _correction(reviewer_client, row, title="Premier titre")
    _correction(reviewer_client, _row(COURSE), title="Second titre")
    assert [v.number for v in _row(COURSE).versions.order_by("number")] == [1, 2, 3]


def test_a_correction_shows_each_text_beside_its_english(both, reviewer_client):
    row = _row(FOUNDATIONS)
    html = _get(reviewer_client, reverse("training:translation_correct", args=[row.pk]))
    module = both.modules.get(slug="foundations")
    assert f'id="id_title_english" lang="en" dir="ltr">{escape(module.title)}</p>' in html
    assert 'aria-describedby="id_title_english"' in html and 'lang="fr"' in html


def test_a_half_translated_quiz_is_refused(both, reviewer_client):
    row = _row(FOUNDATIONS)
    before = dict(row.fields)
    response = _correction(reviewer_client, row, q2_text="")
    assert response.status_code == 400
    assert "Translate every question and answer of the quiz." in response.text
    assert _row(FOUNDATIONS).fields == before and not _row(FOUNDATIONS).versions.exists()


def test_an_unchanged_correction_is_refused(both, reviewer_client):
    response = _correction(reviewer_client, _row(COURSE))
    assert response.status_code == 400
    assert "approve the translation instead" in response.text
    assert _row(COURSE).status == "draft"


def test_emptying_the_quiz_leaves_the_module_without_a_translated_quiz(both, reviewer_client):
    row = _row(FOUNDATIONS)
    quiz = {name: "" for name in reviewer_client.get(
        reverse("training:translation_correct", args=[row.pk])).context["form"].fields
        if name.startswith("q")}  # fmt: skip
    assert _correction(reviewer_client, row, **quiz).status_code == 302
    assert "quiz" not in _row(FOUNDATIONS).fields


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shape=st.lists(st.integers(min_value=2, max_value=6), min_size=1, max_size=6),
    explain=st.booleans(),
)
@example(shape=[4, 4, 4, 3], explain=False)  # the English module's (its last has no explanation)
@example(shape=[4, 4, 4, 3], explain=True)
def test_a_quiz_of_another_shape_than_the_english_is_refused(both, reviewer, shape, explain):
    """Whatever the number of questions and of choices, a corrected quiz is accepted only
    when it has the English's (and explanations only where the English has them): each
    answer is scored on the English choice at its position."""
    row = _row(FOUNDATIONS)
    module = both.modules.get(slug="foundations")
    questions = list(module.questions.order_by("position"))
    english = [len(q.choices.all()) for q in questions]
    quiz = [
        {"text": f"Question {i}", "choices": [f"Réponse {j}" for j in range(n)]}
        | ({"explanation": "Parce que."} if explain else {})
        for i, n in enumerate(shape)
    ]
    fields = {"title": "Titre", "body": "Texte.", "quiz": quiz}
    if shape == english and (not explain or all(q.explanation for q in questions)):
        assert checked_texts(row, fields)["quiz"] == quiz
    else:
        with pytest.raises(ValidationError):
            checked_texts(row, fields)


def test_texts_another_kind_does_not_have_are_refused(both, reviewer):
    with pytest.raises(ValidationError, match="Not a text of this translation: body"):
        course_translation_correct(
            user=reviewer, translation=_row(COURSE),
            fields={"title": "T", "summary": "S", "body": "B"},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="Missing: summary"):
        course_translation_correct(user=reviewer, translation=_row(COURSE), fields={"title": "T"})
    assert not _row(COURSE).versions.exists()


# --- the files ---


def test_an_unchanged_file_keeps_the_correction_and_a_changed_one_adds_a_version(
    both, reviewer, tmp_path
):
    course_translation_correct(
        user=reviewer, translation=_row(COURSE), fields={"title": "Titre", "summary": "Résumé."}
    )
    load_overlays(tmp_path)  # the same files again: the portal's review stands
    row = _row(COURSE)
    assert (row.fields["title"], row.status, row.versions.count()) == ("Titre", "reviewed", 2)
    load_overlays(tmp_path, status="reviewed")  # the French file's entry changed
    row = _row(COURSE)
    assert row.fields["title"] == TITLES["fr"] and row.reviewer_name == "Amina Haddad"
    assert row.reviewed_by is None and row.reviewed_on == dt.date(2027, 1, 15)
    last = row.versions.order_by("-number").first()
    assert (last.number, last.origin, last.fields) == (3, "file", row.fields)
