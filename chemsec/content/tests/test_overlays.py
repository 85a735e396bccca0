"""Translation overlays (docs/translations.md): the shipped ones validate, and a broken one
is refused with its file, line and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chemsec.content.reader import DEFAULT_ROOT, ContentError, read_content_file, read_content_tree

HEAD = """kind: translation
language: fr
translates: compendium/waste-and-end-of-life.yaml
objects:
  - urn: urn:chemsec:practice:waste-chain-of-custody
    source_version: 1
"""
GOOD = """    status: draft
    title: Chaîne de traçabilité des déchets chimiques
    summary: Rendre compte des déchets jusqu'à leur destruction.
    body: Texte.
"""


def _write(root: Path, text: str) -> Path:
    path = root / "translations" / "fr" / "compendium" / "waste-and-end-of-life.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_overlays_validate_and_name_their_objects():
    overlays = [
        obj
        for f in read_content_tree(DEFAULT_ROOT)
        for obj in f.objects
        if obj.kind == "translation"
    ]
    urns = {obj.urn for obj in overlays}
    assert "urn:chemsec:practice:waste-chain-of-custody@fr" in urns
    assert "urn:chemsec:framework:ot-cyber:v1:asset-inventory:q01@ar" in urns


@pytest.mark.parametrize(
    ("tail", "line", "reason"),
    [
        ("    status: reviewed\n    title: T\n    summary: S\n    body: B\n", 5,
         "names reviewed_by and reviewed_on"),
        (GOOD + "    text: une question\n", 11, "a practice translation has no text"),
        ("    status: draft\n    title: T\n", 5, "needs summary"),
        (GOOD + "    status: reviewed\n", 11, "appears twice"),
    ],
)  # fmt: skip
def test_a_broken_overlay_is_refused_where_it_breaks(tmp_path, tail, line, reason):
    path = _write(tmp_path, HEAD + tail)
    with pytest.raises(ContentError) as caught:
        read_content_file(path, root=tmp_path)
    assert caught.value.line == line and reason in caught.value.reason


def test_an_overlay_of_an_unknown_entry_is_refused(tmp_path):
    shutil.copytree(DEFAULT_ROOT / "compendium", tmp_path / "compendium")
    _write(tmp_path, HEAD.replace("waste-chain-of-custody", "no-such-entry") + GOOD)
    with pytest.raises(ContentError) as caught:
        read_content_tree(tmp_path)
    assert "unknown practice urn:chemsec:practice:no-such-entry" in str(caught.value)


# --- a training course's overlay (translations/<lang>/training/<course>.yaml) ---


def _course_tree(tmp_path, text, language="fr"):
    from chemsec.content.tests.course_overlay import content_root_with_overlay

    return read_content_tree(content_root_with_overlay(tmp_path, text, language))


def test_a_course_overlay_lends_its_course_and_module_texts(tmp_path):
    from chemsec.content.tests.course_overlay import FOUNDATIONS, course_overlay

    files = _course_tree(tmp_path, course_overlay("fr"))
    found = {o.data["urn"]: o for f in files for o in f.objects if o.kind == "course-translation"}
    module = found[FOUNDATIONS]
    assert module.urn == FOUNDATIONS + "@fr"
    assert [len(q["choices"]) for q in module.data["quiz"]] == [4, 4, 4, 3]
    assert "explanation" not in module.data["quiz"][3]
    # The compendium's loader takes only its own kind.
    assert not any(o.kind == "translation" and "course" in o.urn for f in files for o in f.objects)


def _quiz_with(change):
    from chemsec.content.tests.course_overlay import FR_QUIZ

    return change(FR_QUIZ)


@pytest.mark.parametrize(
    ("quiz", "reason", "line"),
    [
        # one choice short on the second question (line of its `choices`)
        (lambda q: q.replace("          - Copier tel quel le plan d'un autre site.\n", ""),
         "objects[1].quiz[1].choices: 3 choice(s), the English question has 4", 29),
        # an explanation the English question does not have
        (lambda q: q
         + "        explanation: Une explication que l'anglais n'a pas.\n",
         "quiz[3].explanation: the English question has no explanation", 46),
        # a question missing
        (lambda q: q[: q.index("      - text: Que donnent")],
         "objects[1].quiz: the quiz has 3 question(s), the English 4", 19),
    ],
)  # fmt: skip
def test_a_course_overlay_whose_quiz_differs_from_the_english_is_refused(
    tmp_path, quiz, reason, line
):
    from chemsec.content.tests.course_overlay import course_overlay

    with pytest.raises(ContentError) as caught:
        _course_tree(tmp_path, course_overlay("fr", quiz=_quiz_with(quiz)))
    assert caught.value.file == "translations/fr/training/fundamentals.yaml"
    assert reason in caught.value.reason
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("    keywords: [sûreté]\n", "a course translation has no keywords"),
        ("    pass_mark: 50\n", "pass_mark: Extra inputs are not permitted"),
    ],
)
def test_a_course_overlay_with_a_key_it_may_not_have_is_refused(tmp_path, extra, reason):
    from chemsec.content.tests.course_overlay import course_overlay

    path = tmp_path / "translations" / "fr" / "training" / "fundamentals.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(course_overlay("fr", extra=extra), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_content_file(path, root=tmp_path)
    assert reason in caught.value.reason
    assert caught.value.line == 11


def test_an_unknown_quiz_key_is_refused_on_its_line(tmp_path):
    from chemsec.content.tests.course_overlay import FR_QUIZ, course_overlay

    quiz = FR_QUIZ.replace("        choices:\n", "        correct: 1\n        choices:\n", 1)
    path = tmp_path / "translations" / "fr" / "training" / "fundamentals.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(course_overlay("fr", quiz=quiz), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_content_file(path, root=tmp_path)
    assert "objects[1].quiz[0].correct: Extra inputs are not permitted" in caught.value.reason
    assert caught.value.line == 22


def test_a_course_overlay_of_an_unknown_module_is_refused(tmp_path):
    from chemsec.content.tests.course_overlay import course_overlay

    text = course_overlay("fr").replace(":v1:foundations", ":v1:no-such-module")
    with pytest.raises(ContentError) as caught:
        _course_tree(tmp_path, text)
    assert "unknown course-module urn:chemsec:course:fundamentals:v1:no-such-module" in str(
        caught.value
    )
