"""Training pages read in another language (issue 11): course titles in the reader's
language where a translation exists, else English marked lang="en" dir="ltr" (enrolments,
certificates, the course editor); the catalogue says which language a title is shown in;
lists are joined as the language writes them; a quiz asked for before enrolling says to
enrol first (a course the person may not see stays 404)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chemsec.content.tests.course_overlay import TITLES
from chemsec.core.choices import Role
from chemsec.core.policy import SYSTEM
from chemsec.core.templatetags.list_join import list_join, list_separator
from chemsec.training import services
from chemsec.training.tests.conftest import right_answers
from chemsec.training.tests.test_credentials_certificates import complete
from chemsec.training.tests.test_translations import load_overlay

pytestmark = pytest.mark.django_db

MARKED = '<td lang="en" dir="ltr">Security basics</td>'


def _client(user, language):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def test_the_certificates_page_marks_an_untranslated_course_title_english(enrolment, learner):
    complete(enrolment, learner)
    page = _page(_client(learner, "ar"), reverse("training:certificates"))
    assert MARKED in page


def test_the_certificates_page_shows_the_translated_title(starter, tmp_path, learner, meridian):
    load_overlay(tmp_path, "ar")
    enrolment = services.enrol(user=learner, course=starter, organisation=meridian)
    for module in starter.modules.order_by("position"):  # the starter has no final quiz
        services.module_read(user=learner, enrolment=enrolment, module=module)
        questions = services.quiz_questions(starter, module)
        if questions:
            services.quiz_submit(user=learner, enrolment=enrolment, module=module,
                                 answers=right_answers(questions))  # fmt: skip
    enrolment.refresh_from_db()
    assert enrolment.certificate is not None
    page = _page(_client(learner, "ar"), reverse("training:certificates"))
    assert f"<td>{escape(TITLES['ar'])}</td>" in page
    assert f">{escape(starter.title)}<" not in page


def test_the_enrolment_page_marks_the_course_title(enrolment, learner):
    page = _page(_client(learner, "fr"), reverse("training:enrolment", args=[enrolment.pk]))
    assert '<span lang="en" dir="ltr">Security basics</span></h1>' in page
    assert '<a href="/training/courses/basics/modules/one/" lang="en" dir="ltr">Module one' in page


def test_the_course_editor_marks_the_english_title(course, make_user, secretariat):
    admin = make_user("sam", secretariat, Role.ADMIN)
    page = _page(_client(admin, "ru"), reverse("training:course_edit", args=[course.slug]))
    assert '<span lang="en" dir="ltr">Security basics</span></h1>' in page


def test_the_catalogue_says_the_language_a_title_is_shown_in(starter, tmp_path, learner):
    load_overlay(tmp_path, "ar")
    page = _page(_client(learner, "ar"), reverse("training:catalogue"))
    row = page.split(escape(TITLES["ar"]), 1)[1].split("</tr>", 1)[0]
    with translation.override("ar"):
        arabic, english = str(_lang("ar")), str(_lang("en"))
    assert f"<td>{arabic} " in row and english in row  # shown in Arabic, from English


def _lang(code):
    from chemsec.training.choices import Language

    return Language(code).label


def test_lists_are_joined_as_the_language_writes_them(course, learner):
    services.course_update(user=SYSTEM, course=course, stages=["storage", "transport"])
    with translation.override("ar"):
        stages = list_join(course.stage_labels)
    assert "\u060c " in stages and ", " not in stages
    page = _page(_client(learner, "ar"), reverse("training:catalogue"))
    assert f"<td>{stages}</td>" in page
    page = _page(_client(learner, "zh-hans"), reverse("training:course", args=[course.slug]))
    with translation.override("zh-hans"):
        assert "\u3001" in list_join(course.stage_labels)
        assert list_join(course.stage_labels) in page


@pytest.mark.parametrize(
    ("language", "separator"),
    [("en", ", "), ("fr", ", "), ("ar", "\u060c "), ("zh-hans", "\u3001"), ("ru", ", ")],
    ids=["en", "fr", "ar", "zh", "ru"],
)
def test_the_list_separator_of_each_language(language, separator):
    assert list_separator(language) == separator
    with translation.override(language):
        assert list_join(["<a>", "b"]) == f"&lt;a&gt;{separator}b"  # items escaped


def test_a_quiz_before_enrolling_says_to_enrol_first(course, learner):
    client = _client(learner, "en")
    url = reverse("training:quiz", args=[course.slug, "one"])
    page = _page(client, url)
    assert f'action="{reverse("training:enrol", args=[course.slug])}"' in page
    assert "first: quizzes are taken" in page
    page = _page(client, reverse("training:final_quiz", args=[course.slug]))
    assert "first: quizzes are taken" in page
    assert client.post(url, {}).status_code == 404  # answers without an enrolment: refused


def test_a_quiz_of_a_course_the_person_may_not_see_stays_404(course, learner):
    services.course_update(user=SYSTEM, course=course, published=False)
    _page(_client(learner, "en"), reverse("training:quiz", args=[course.slug, "one"]), 404)


def test_the_progress_overview_marks_the_course_title(enrolment, make_user, secretariat):
    admin = make_user("sam", secretariat, Role.ADMIN)
    page = _page(_client(admin, "es"), reverse("training:progress"))
    assert MARKED in page
    assert '<option value="basics" lang="en" dir="ltr">Security basics</option>' in page


def test_codes_typed_as_a_list_become_codes_kept_whole():
    from chemsec.core.templatetags.list_join import code_list

    with translation.override("ar"):
        shown = code_list("S-101, S-102;S-<3>")
    assert shown == (
        '<span class="code-id">S-101</span>\u060c <span class="code-id">S-102</span>'
        '\u060c <span class="code-id">S-&lt;3&gt;</span>'
    )
    assert code_list("") == ""
