"""The starter course in the reader's language (issue 11): an overlay under
translations/<lang>/training lends the course and module texts and the quiz wording to the
pages, with the translation's status; English left untranslated is marked lang="en"; the
quiz scores the same in every language; a rise of the English version marks it stale."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from chemsec.content.reader import read_content_file
from chemsec.content.tests.course_overlay import (
    COURSE,
    FOUNDATIONS,
    MODULE_TITLES,
    TITLES,
    course_overlay,
    write_course_overlay,
)
from chemsec.core.writes import unaudited
from chemsec.training import services
from chemsec.training.models import Course, CourseTranslation
from chemsec.training.tests.conftest import right_answers
from chemsec.training.translations import course_texts, course_translations_sync

pytestmark = pytest.mark.django_db


def load_overlay(tmp_path, language, **options):
    path = write_course_overlay(tmp_path, course_overlay(language, **options), language)
    course_translations_sync(list(read_content_file(path, root=tmp_path).objects))


@pytest.fixture
def arabic(starter, tmp_path):
    load_overlay(tmp_path, "ar")
    return starter


@pytest.fixture
def french(starter, tmp_path):
    load_overlay(tmp_path, "fr")
    return starter


def _get(client, language, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _notice(html):
    found = re.search(r'<aside class="callout translation-notice".*?</aside>', html, re.S)
    return found.group(0) if found else ""


def test_the_overlay_loads_one_row_per_translated_object(french):
    rows = {t.urn: t for t in CourseTranslation.objects.filter(language="fr")}
    assert set(rows) == {COURSE, FOUNDATIONS}
    assert rows[COURSE].kind == "course" and rows[FOUNDATIONS].kind == "course-module"
    assert len(rows[FOUNDATIONS].fields["quiz"]) == 4


def test_an_arabic_reader_sees_the_course_title_in_arabic_with_the_notice(arabic, client):
    html = _get(client, "ar", reverse("training:course", args=[arabic.slug]))
    assert f"<h1>{escape(TITLES['ar'])}</h1>" in html
    assert arabic.title not in html
    notice = _notice(html)
    with translation.override("ar"):
        assert escape(gettext("Translation not yet reviewed")) in notice
    assert "?original=en" in notice
    # The modules not translated are listed in English, marked as English.
    research = arabic.modules.get(slug="research")
    assert f' lang="en" dir="ltr">{escape(research.title)}</a>' in html
    assert f">{escape(MODULE_TITLES['ar'])}</a>" in html


def test_the_english_original_is_one_click_away(arabic, client):
    url = reverse("training:course", args=[arabic.slug]) + "?original=en"
    html = _get(client, "ar", url)
    assert f'<h1 lang="en" dir="ltr">{escape(arabic.title)}</h1>' in html
    with translation.override("ar"):
        assert escape(gettext("Read the translation")) in _notice(html)


def test_an_untranslated_module_is_shown_in_english_marked_lang_en(arabic, client):
    module = arabic.modules.get(slug="research")
    html = _get(client, "ar", reverse("training:module", args=[arabic.slug, module.slug]))
    assert f'<h1 lang="en" dir="ltr">{escape(module.title)}</h1>' in html
    assert '<article class="prose" lang="en" dir="ltr">' in html
    # The course it belongs to is translated: its link is in Arabic.
    assert escape(TITLES["ar"]) in html


def test_a_translated_module_shows_its_translated_body(arabic, client):
    html = _get(client, "ar", reverse("training:module", args=[arabic.slug, "foundations"]))
    assert f"<h1>{escape(MODULE_TITLES['ar'])}</h1>" in html
    assert '<article class="prose">' in html
    assert "السلامة والأمن سؤالان مختلفان" in html
    assert "Safety and security are different questions" not in html


def test_an_english_reader_sees_no_notice_and_no_lang_marks(arabic, client):
    html = _get(client, "en", reverse("training:course", args=[arabic.slug]))
    assert f"<h1>{escape(arabic.title)}</h1>" in html
    assert not _notice(html) and html.count('lang="en" dir="ltr"') == 1  # <html> only


def test_the_catalogue_and_my_learning_use_the_translation(french, client, learner):
    html = _get(client, "fr", reverse("training:catalogue"))
    assert escape(TITLES["fr"]) in html and _notice(html)
    services.enrol(user=learner, course=french, organisation=None)
    client.force_login(learner)
    html = _get(client, "fr", reverse("training:mine"))
    assert escape(TITLES["fr"]) in html
    assert escape(MODULE_TITLES["fr"]) in html


def _take_quiz(client, learner, course, language, wrong):
    """Enrol, read the first module, answer its quiz by position (the questions at `wrong`
    answered wrongly) on the page in `language`; the attempt's score."""
    module = course.modules.get(slug="foundations")
    enrolment = services.enrol(user=learner, course=course, organisation=None)
    services.module_read(user=learner, enrolment=enrolment, module=module)
    client.force_login(learner)
    url = reverse("training:quiz", args=[course.slug, module.slug])
    page = _get(client, language, url)
    questions = services.quiz_questions(course, module)
    client.post(url, {k: v for k, v in right_answers(questions, wrong=wrong).items()})
    return page, enrolment.attempts.get().score


@pytest.mark.parametrize("wrong", [(), (0,), (1, 3), (0, 1, 2, 3)])
def test_the_quiz_scores_the_same_in_french_and_english(french, client, make_user, wrong):
    page_fr, score_fr = _take_quiz(client, make_user(f"fr{len(wrong)}"), french, "fr", wrong)
    page_en, score_en = _take_quiz(client, make_user(f"en{len(wrong)}"), french, "en", wrong)
    assert score_fr == score_en
    assert "Le pouvoir d&#x27;autoriser" in page_fr or "Le pouvoir d'autoriser" in page_fr
    assert "Powers to license, collect data, inspect and enforce." in page_en
    assert "Le pouvoir" not in page_en


def test_a_quiz_without_translation_is_english_marked_lang_en(arabic, client, learner):
    page, _ = _take_quiz(client, learner, arabic, "ar", ())
    assert '<legend lang="en" dir="ltr">1. What distinguishes' in page
    assert '<div lang="en" dir="ltr">' in page


def test_a_rise_of_the_english_version_marks_the_translation_stale(arabic, client):
    assert not course_texts([arabic], "ar").found[COURSE].stale
    with unaudited("test: the English course's version rises"):
        Course.objects.filter(pk=arabic.pk).update(version=2)
    arabic.refresh_from_db()
    texts = course_texts([arabic], "ar")
    assert texts.found[COURSE].stale and texts.found[FOUNDATIONS].stale
    html = _get(client, "ar", reverse("training:course", args=[arabic.slug]))
    with translation.override("ar"):
        stale = gettext("Translated from English version %(n)s; the English has changed since.") % {
            "n": 1
        }
    assert escape(stale) in _notice(html)


def test_a_reviewed_translation_names_its_reviewer(starter, tmp_path, client):
    load_overlay(tmp_path, "fr", status="reviewed")
    html = _get(client, "fr", reverse("training:course", args=[starter.slug]))
    assert "Amina Haddad" in _notice(html)


def _certificate_text(course, learner, client, language):
    import io

    from pypdf import PdfReader

    enrolment = services.enrol(user=learner, course=course, organisation=None)
    for module in course.modules.order_by("position"):
        services.module_read(user=learner, enrolment=enrolment, module=module)
        questions = services.quiz_questions(course, module)
        services.quiz_submit(
            user=learner, enrolment=enrolment, module=module, answers=right_answers(questions)
        )
    enrolment.refresh_from_db()
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("training:certificate_pdf", args=[enrolment.certificate.pk]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_certificate_names_the_course_in_a_reviewed_translation(
    starter, tmp_path, learner, client
):
    load_overlay(tmp_path, "fr", status="reviewed")
    text = _certificate_text(starter, learner, client, "fr")
    assert TITLES["fr"] in text and starter.title not in text


def test_the_certificate_never_certifies_a_draft_translation(french, learner, client):
    # The course page shows the draft title (with its notice); a certificate has no room
    # for a notice, so it names the course by its English title until a reviewer approves.
    text = _certificate_text(french, learner, client, "fr")
    assert french.title in text and TITLES["fr"] not in text


# --- the API ---


def test_the_api_returns_the_course_in_the_language_asked_for(french, client):
    english = client.get(f"/api/v1/training/courses/{french.slug}").json()
    assert english["title"] == french.title and english["translation"] is None
    body = client.get(f"/api/v1/training/courses/{french.slug}?lang=fr").json()
    assert body["title"] == TITLES["fr"] and body["language"] == "fr"
    assert body["translation"] == {
        "status": "draft", "reviewed_by": None, "reviewed_on": None, "stale": False,
        "source_version": 1,
    }  # fmt: skip
    modules = {m["slug"]: m for m in body["modules"]}
    assert modules["foundations"]["title"] == MODULE_TITLES["fr"]
    assert modules["research"]["language"] == "en" and modules["research"]["translation"] is None
    listed = client.get("/api/v1/training/courses", headers={"accept-language": "fr"}).json()
    assert [c["title"] for c in listed if c["slug"] == french.slug] == [TITLES["fr"]]


def test_the_api_module_quiz_is_translated_with_the_same_choice_ids(french, client):
    url = f"/api/v1/training/courses/{french.slug}/modules/foundations"
    english, translated = client.get(url).json(), client.get(url + "?lang=fr").json()
    assert translated["language"] == "fr" and translated["body"].startswith("## La sûreté")
    assert [q["id"] for q in english["quiz"]] == [q["id"] for q in translated["quiz"]]
    assert [[c["id"] for c in q["choices"]] for q in english["quiz"]] == [
        [c["id"] for c in q["choices"]] for q in translated["quiz"]
    ]
    assert translated["quiz"][3]["choices"][0]["text"].startswith("Le pouvoir d'autoriser")
    assert english["quiz"][3]["choices"][0]["text"].startswith("Powers to license")


def test_load_content_dry_run_names_the_file_and_line_of_a_bad_course_overlay(tmp_path, capsys):
    from chemsec.cli import main
    from chemsec.content.tests.course_overlay import FR_QUIZ, content_root_with_overlay

    quiz = FR_QUIZ.replace("          - La propriété de toutes les installations chimiques.\n", "")
    root = content_root_with_overlay(tmp_path, course_overlay("fr", quiz=quiz))
    assert main(["load-content", "--dry-run", "--path", str(root)]) == 2
    error = capsys.readouterr().err
    assert "translations/fr/training/fundamentals.yaml:42: objects[1].quiz[3].choices" in error
    assert "2 choice(s), the English question has 3" in error
