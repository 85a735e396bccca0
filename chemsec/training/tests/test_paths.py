"""Learning paths: a gap suggests the modules addressing its question, to the right people."""

from __future__ import annotations

from types import SimpleNamespace

from chemsec.training import paths
from chemsec.training.paths import GapRef


def module(title, addresses, roles=(), position=1):
    course = SimpleNamespace(title="Course")
    return SimpleNamespace(title=title, addresses=list(addresses), roles=list(roles),
                           position=position, course=course, pk=title)  # fmt: skip


GAPS = [GapRef("urn:q:1", "Q1", 8.0), GapRef("urn:q:2", "Q2", 2.0)]


def test_the_module_closing_the_largest_gap_comes_first():
    modules = [
        module("small", ["urn:q:2"]),
        module("big", ["urn:q:1"], position=2),
        module("both", ["urn:q:2", "urn:q:1"], position=3),
        module("none", ["urn:q:9"]),
    ]
    steps = paths.rank(GAPS, modules, None)
    assert [s.module.title for s in steps] == ["both", "big", "small"]
    assert [g.code for g in steps[0].gaps] == ["Q1", "Q2"]


def test_a_module_for_particular_roles_goes_to_organisations_that_employ_them():
    customs = module("customs", ["urn:q:1"], roles=["customs_officer"])
    anyone = module("anyone", ["urn:q:1"])
    assert [s.module.title for s in paths.rank(GAPS, [customs, anyone], "national_authority")] == [
        "customs", "anyone",
    ]  # fmt: skip
    assert [s.module.title for s in paths.rank(GAPS, [customs, anyone], "facility_operator")] == [
        "anyone"
    ]
    assert paths.suits([], "other") and not paths.suits(["inspector"], "academia")


def test_a_submitted_assessment_suggests_modules_to_its_organisation(
    course, alice, meridian, client
):
    """Alice's self-assessment answers NC-01.1 low and NC-01.2 low but confidentially: the
    module addressing NC-01.1 is suggested to her, the one addressing the confidential
    answer's question is not; once she has read it, it drops out."""
    from django.urls import reverse

    from chemsec.content.reader import read_content_file
    from chemsec.core.policy import SYSTEM
    from chemsec.frameworks import services as frameworks
    from chemsec.frameworks.models import Framework, Question
    from chemsec.frameworks.sync import sync_frameworks
    from chemsec.frameworks.tests.conftest import CONTENT
    from chemsec.training import services

    sync_frameworks(read_content_file(CONTENT / "national-capacity.yaml").objects)
    framework = Framework.objects.get(urn="urn:chemsec:framework:national-capacity:v1")
    urn = {q.code: q.urn for q in Question.objects.filter(section__framework=framework)}
    assessment = frameworks.assessment_start(
        actor=alice, organisation=meridian, framework=framework
    )
    frameworks.answers_save(actor=alice, assessment=assessment, answers=[
        frameworks.AnswerInput("NC-01.1", "1"),
        frameworks.AnswerInput("NC-01.2", "no", confidential=True),
    ])  # fmt: skip
    frameworks.assessment_submit(actor=alice, assessment=assessment)
    services.course_update(user=SYSTEM, course=course, published=False)
    for slug, code in (("gap-one", "NC-01.1"), ("gap-two", "NC-01.2")):
        services.module_add(user=SYSTEM, course=course, slug=slug, title=f"About {code}",
                            body="Text. " * 20, addresses=[urn[code]])  # fmt: skip
    services.course_update(user=SYSTEM, course=course, published=True)

    steps = paths.for_person(alice, meridian)
    assert [(s.module.slug, [g.code for g in s.gaps]) for s in steps] == [("gap-one", ["NC-01.1"])]
    client.force_login(alice)
    assert "About NC-01.1" in client.get(reverse("training:learning_path")).content.decode()
    # In Arabic, the English titles (no translation of this course) are marked English.
    client.cookies["django_language"] = "ar"
    arabic = client.get(reverse("training:learning_path")).content.decode()
    assert '<strong lang="en" dir="ltr">About NC-01.1</strong>' in arabic
    assert '<span lang="en" dir="ltr">Security basics</span>' in arabic
    client.cookies["django_language"] = "en"

    enrolment = services.enrol(user=alice, course=course, organisation=meridian)
    module = course.modules.get(slug="gap-one")
    services.module_read(user=alice, enrolment=enrolment, module=module)
    assert paths.for_person(alice, meridian) == []
