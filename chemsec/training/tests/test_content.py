"""The starter course as content: the shape the issue asks for (six to eight modules across
the life cycle, three to five questions each, every module drawn from compendium practices),
a schema that refuses a broken quiz, and a load that is idempotent and keeps progress."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chemsec.content.reader import DEFAULT_ROOT, ContentError, read_content_file, read_content_tree
from chemsec.training import services

FILE = DEFAULT_ROOT / "training" / "fundamentals.yaml"


def _course_object():
    return read_content_file(FILE).objects[0]


def test_the_starter_course_has_six_to_eight_modules_of_three_to_five_questions():
    data = _course_object().data
    assert 6 <= len(data["modules"]) <= 8
    assert all(3 <= len(m["quiz"]) <= 5 for m in data["modules"])
    assert all(m["practices"] for m in data["modules"])
    stages = {m.get("stage") for m in data["modules"]}
    assert {"research", "storage", "transport", "distribution", "waste"} <= stages


def test_every_linked_practice_and_question_exists_in_the_content_tree():
    # read_content_tree resolves every reference across files, by kind.
    files = read_content_tree(DEFAULT_ROOT)
    assert any(f.kind == "course" for f in files)


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    change(data["objects"][0])
    folder = tmp_path / "training"
    folder.mkdir()
    path = folder / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda c: c["modules"][0]["quiz"][0]["choices"][1].update(correct=True), "exactly one"),
        (lambda c: c["modules"][1].update(urn="urn:chemsec:course:other:v1:x"), "must be"),
        (lambda c: c["modules"][1].update(slug=c["modules"][0]["slug"]), "used twice"),
        (lambda c: c["modules"][0].update(body="Too short."), "at least 150 words"),
        (lambda c: c.update(pass_mark=0), "pass_mark"),
    ],
)
def test_the_schema_refuses_a_broken_course(tmp_path, change, reason):
    with pytest.raises(ContentError, match=reason):
        read_content_file(_broken(tmp_path, change), root=tmp_path)


def test_a_reference_to_an_unknown_practice_is_refused(tmp_path):
    path = _broken(
        tmp_path, lambda c: c["modules"][0]["practices"].append("urn:chemsec:practice:nothing")
    )
    with pytest.raises(ContentError, match="unknown practice"):
        read_content_tree(tmp_path)
    assert path.exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_a_new_version_keeps_progress(starter, learner):
    from chemsec.training.content import courses_sync
    from chemsec.training.models import Choice, Module, Question

    counts = (Module.objects.count(), Question.objects.count(), Choice.objects.count())
    assert counts[0] == 7 and starter.published and starter.validity_months == 36
    enrolment = services.enrol(user=learner, course=starter)
    first = starter.modules.first()
    services.module_read(user=learner, enrolment=enrolment, module=first)
    obj = _course_object()
    courses_sync([obj])
    assert (Module.objects.count(), Question.objects.count(), Choice.objects.count()) == counts
    newer = type(obj)(**{**obj.__dict__, "version": 2})
    courses_sync([newer])
    starter.refresh_from_db()
    assert starter.version == 2
    assert enrolment.progress.filter(module=first).exists()
    assert Question.objects.count() == counts[1]
