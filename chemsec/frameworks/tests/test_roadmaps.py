"""Road maps: drawn from gaps, edited, exported with the confidentiality marking."""

import io

import pytest
from django.urls import reverse

from chemsec.core.models import AuditEntry
from chemsec.frameworks.models import RoadMap, RoadMapAction
from chemsec.frameworks.services import AnswerInput, answers_save

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"frameworks:{name}", args=args)


@pytest.fixture
def roadmap(personas, assessment, alice):
    answers_save(
        actor=alice,
        assessment=assessment,
        answers=[
            AnswerInput("NC-01.1", "1"),  # weight 3: gap 9, high
            AnswerInput("NC-01.2", "partial"),  # weight 3: gap 6, high
            AnswerInput("NC-02.2", "3"),  # weight 2: gap 2, low
            AnswerInput("NC-02.1", "4"),  # no gap
        ],
    )
    personas["alice"].post(_url("roadmap_generate", assessment.pk))
    return RoadMap.objects.get(assessment=assessment)


def test_it_draws_one_action_per_gap_largest_first(roadmap):
    actions = list(roadmap.actions.all())
    assert [(a.question.code, a.priority) for a in actions] == [
        ("NC-01.1", "high"),
        ("NC-01.2", "high"),
        ("NC-02.2", "low"),
    ]
    assert actions[0].practices == ["urn:chemsec:practice:national-implementing-legislation"]


def test_it_does_not_repeat_actions_when_drawn_again(personas, roadmap):
    personas["alice"].post(_url("roadmap_generate", roadmap.assessment_id))
    assert roadmap.actions.count() == 3


def test_it_edits_adds_and_deletes_actions(personas, roadmap):
    action = roadmap.actions.first()
    edit = _url("action_edit", roadmap.assessment_id, action.pk)
    data = {
        "title": "Draft the implementing bill",
        "owner": "Ministry of Justice",
        "priority": "high",
        "status": "in_progress",
        "progress": "40",
        "practices_text": "urn:chemsec:practice:national-implementing-legislation",
    }
    assert personas["alice"].post(edit, data).status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.progress, action.status) == (
        "Ministry of Justice",
        40,
        "in_progress",
    )
    add = _url("action_new", roadmap.assessment_id)
    personas["alice"].post(add, {**data, "title": "Train inspectors", "progress": "0"})
    assert roadmap.actions.count() == 4
    personas["alice"].post(_url("action_delete", roadmap.assessment_id, action.pk))
    assert not RoadMapAction.objects.filter(pk=action.pk).exists()
    for name in ("bob", "charlie"):
        assert personas[name].post(edit, data).status_code == 404


def test_it_guards_road_map_pages(personas, roadmap):
    url = _url("roadmap", roadmap.assessment_id)
    statuses = {name: client.get(url).status_code for name, client in personas.items()}
    assert statuses == {"alice": 200, "bob": 404, "charlie": 404, "anonymous": 302}
    assert "Restricted (named sharing)" in personas["alice"].get(url).content.decode()


def test_it_exports_a_real_pdf_marked_on_every_page(personas, roadmap):
    response = personas["alice"].get(_url("roadmap_export", roadmap.assessment_id, "pdf"))
    body = response.content
    assert response["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]
    # Header and footer on each page (tests/i18n checks every language).
    for text in pages:
        assert " ".join(text.split()).count("CONFIDENTIALITY: RESTRICTED") >= 2
    export = AuditEntry.objects.get(action="export", object_type="frameworks.roadmap")
    assert export.changes == {"format": [None, "pdf"]} and export.actor_name == "alice"
    assert (
        personas["charlie"].get(_url("roadmap_export", roadmap.assessment_id, "pdf")).status_code
        == 404
    )


def test_it_exports_xlsx_with_the_marking(personas, roadmap):
    from openpyxl import load_workbook

    response = personas["alice"].get(_url("roadmap_export", roadmap.assessment_id, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "CONFIDENTIALITY: RESTRICTED (NAMED SHARING)"
    assert "CONFIDENTIALITY" in sheet.oddHeader.center.text
    assert sheet.max_row == 3 + 3


def test_it_exports_typed_text_that_looks_like_a_formula_as_text(personas, roadmap):
    from openpyxl import load_workbook

    action = roadmap.actions.first()
    typed = '=HYPERLINK("http://x.test","y")'  # a title typed by a member: no code
    RoadMapAction.objects.filter(pk=action.pk).update(title=typed, title_code="")
    response = personas["alice"].get(_url("roadmap_export", roadmap.assessment_id, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert '\'=HYPERLINK("http://x.test","y")' in titles
    assert not any(str(t).startswith("=") for t in titles)
