"""`chemsec export-translations` (issue 11): the translations in the database, with the
reviews and corrections made in the portal, written back as overlay files that load again
(`load-content --dry-run`) to the same texts and statuses."""

from __future__ import annotations

import shutil

import pytest

from chemsec.cli import main
from chemsec.compendium.models import Translation
from chemsec.compendium.translations import translation_correct, translation_review
from chemsec.compendium.translations_export import export_translations
from chemsec.content.reader import DEFAULT_ROOT, iter_objects, read_content_tree
from chemsec.content.tests.course_overlay import FOUNDATIONS, course_overlay, write_course_overlay
from chemsec.core.content_sync import content_load

pytestmark = pytest.mark.django_db
PRACTICE = "urn:chemsec:practice:waste-chain-of-custody"
QUESTION = "urn:chemsec:framework:ot-cyber:v1:asset-inventory:q01"


def _english(root):
    for folder in ("compendium", "frameworks", "training"):
        shutil.copytree(DEFAULT_ROOT / folder, root / folder)
    return root


@pytest.fixture
def loaded(tmp_path, reviewer):
    """The English, the shipped French overlays and a French course overlay, loaded; then
    one practice reviewed and one question corrected in the portal."""
    root = _english(tmp_path / "repo")
    shutil.copytree(DEFAULT_ROOT / "translations" / "fr", root / "translations" / "fr")
    write_course_overlay(root, course_overlay("fr"))
    content_load(root=root)
    translation_review(
        user=reviewer, translation=Translation.objects.get(urn=PRACTICE, language="fr")
    )
    question = Translation.objects.get(urn=QUESTION, language="fr")
    translation_correct(user=reviewer, translation=question, fields={"text": "Texte corrigé ?"})
    return root


def _overlay_entries(root):
    """(urn, data) of every French overlay entry a content tree holds."""
    return {
        o.data["urn"]: o.data
        for o in iter_objects(read_content_tree(root))
        if o.kind in ("translation", "course-translation") and o.data["language"] == "fr"
    }


def test_exported_files_load_again_to_the_portals_texts_and_reviews(loaded, tmp_path):
    from chemsec.training.models import CourseTranslation

    out = tmp_path / "out"
    written = export_translations("fr", out)
    assert out / "translations/fr/training/fundamentals.yaml" in written
    check = _english(tmp_path / "check")
    shutil.copytree(out / "translations", check / "translations")
    report = content_load(root=check, dry_run=True)  # validates every exported file
    assert report.dry_run
    exported = _overlay_entries(check)
    rows = [
        *Translation.objects.filter(language="fr"),
        *CourseTranslation.objects.filter(language="fr"),
    ]
    assert set(exported) == {row.urn for row in rows}
    for row in rows:
        entry = exported[row.urn]
        assert {k: entry[k] for k in row.fields} == row.fields
        assert (entry["status"], entry["source_version"]) == (row.status, row.source_version)
        assert entry.get("reviewed_by", "") == row.reviewer_name
        assert entry.get("reviewed_on") == (
            row.reviewed_on.isoformat() if row.reviewed_on else None
        )
    assert exported[PRACTICE]["status"] == "reviewed"
    assert exported[QUESTION]["text"] == "Texte corrigé ?"
    assert [len(q["choices"]) for q in exported[FOUNDATIONS]["quiz"]] == [4, 4, 4, 3]


def test_loading_the_exported_files_keeps_the_portals_review(loaded, tmp_path, reviewer):
    out = tmp_path / "out"
    export_translations("fr", out)
    shutil.rmtree(loaded / "translations" / "fr")
    shutil.copytree(out / "translations" / "fr", loaded / "translations" / "fr")
    content_load(root=loaded)
    row = Translation.objects.get(urn=PRACTICE, language="fr")
    assert row.status == "reviewed" and row.reviewer_name
    assert Translation.objects.get(urn=QUESTION, language="fr").fields["text"] == "Texte corrigé ?"


def test_the_command_writes_the_files_and_names_them(loaded, tmp_path, capsys):
    assert main(["export-translations", "--lang", "fr", "--out", str(tmp_path / "cli")]) == 0
    printed = capsys.readouterr().out
    assert "translations/fr/compendium/waste-and-end-of-life.yaml" in printed
    text = (tmp_path / "cli/translations/fr/training/fundamentals.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Exported from the portal's database")
    assert "translates: training/fundamentals.yaml" in text and "body: |" in text


def test_the_command_refuses_a_language_with_no_overlays(tmp_path, capsys):
    assert main(["export-translations", "--lang", "de", "--out", str(tmp_path / "cli")]) == 2
    assert "--lang must be one of ar, es, fr, ru, zh" in capsys.readouterr().err
    assert not (tmp_path / "cli").exists()


@pytest.fixture
def courses_reviewed(loaded, reviewer):
    """On top of `loaded`: the French course approved in the portal and its first module
    corrected (a title and one quiz choice), as the course review pages do."""
    from chemsec.content.tests.course_overlay import COURSE
    from chemsec.training.models import CourseTranslation
    from chemsec.training.translations import course_translation_correct, course_translation_review

    course_translation_review(
        user=reviewer, translation=CourseTranslation.objects.get(urn=COURSE, language="fr")
    )
    module = CourseTranslation.objects.get(urn=FOUNDATIONS, language="fr")
    quiz = [dict(q) for q in module.fields["quiz"]]
    quiz[0]["choices"] = ["Choix corrigé.", *quiz[0]["choices"][1:]]
    course_translation_correct(
        user=reviewer, translation=module,
        fields={**module.fields, "title": "Titre corrigé", "quiz": quiz},
    )  # fmt: skip
    return loaded


def test_course_reviews_and_corrections_made_in_the_portal_go_round_trip(
    courses_reviewed, tmp_path, reviewer
):
    """The course translations reviewed and corrected in the portal are exported with their
    status, reviewer, date and corrected texts, and loading the files again gives them back."""
    from chemsec.compendium.translations import reviewer_name
    from chemsec.content.tests.course_overlay import COURSE
    from chemsec.training.models import CourseTranslation

    out = tmp_path / "out"
    export_translations("fr", out)
    check = _english(tmp_path / "check")
    shutil.copytree(out / "translations", check / "translations")
    content_load(root=check, dry_run=True)
    exported = _overlay_entries(check)
    for urn in (COURSE, FOUNDATIONS):
        entry = exported[urn]
        assert entry["status"] == "reviewed"
        assert entry["reviewed_by"] == reviewer_name(reviewer)
    assert exported[FOUNDATIONS]["title"] == "Titre corrigé"
    assert exported[FOUNDATIONS]["quiz"][0]["choices"][0] == "Choix corrigé."
    # The exported files, loaded over the repository's, keep the portal's reviews and texts.
    before = {t.urn: (t.fields, t.status, t.reviewer_name, t.reviewed_on)
              for t in CourseTranslation.objects.filter(language="fr")}  # fmt: skip
    shutil.rmtree(courses_reviewed / "translations" / "fr")
    shutil.copytree(out / "translations" / "fr", courses_reviewed / "translations" / "fr")
    content_load(root=courses_reviewed)
    after = {t.urn: (t.fields, t.status, t.reviewer_name, t.reviewed_on)
             for t in CourseTranslation.objects.filter(language="fr")}  # fmt: skip
    assert after == before
