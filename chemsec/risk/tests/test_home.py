"""The home page tells a facility officer when a register's diagram changed since P(I)."""

import pytest

from chemsec.core.tests.factories import acting_client
from chemsec.protection.services import diagram_update
from chemsec.science.tests.cases import case_a

pytestmark = pytest.mark.django_db

SAYS = "its diagram changed, recompute P(I)"


def _for_you(user, organisation) -> str:
    html = acting_client(user, organisation).get("/").content.decode()
    return html.split('id="for-you-heading"', 1)[1].split("</section>", 1)[0]


def test_it_lists_a_register_whose_diagram_changed_and_links_to_it(
    linked, diagram, alice, meridian
):
    assert SAYS not in _for_you(alice, meridian)  # computed from the latest version
    changed = case_a()
    changed["layers"][0]["elements"][0]["p_detection"] = 0.5
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=changed, p_neutralisation=0.8
    )
    shown = _for_you(alice, meridian)
    assert SAYS in shown and linked.assessment.facility.name in shown
    link = f'href="/facilities/{linked.assessment.facility.pk}/risk/"'
    assert link in shown
    assert (
        acting_client(alice, meridian)
        .get(f"/facilities/{linked.assessment.facility.pk}/risk/")
        .status_code
        == 200
    )


def test_someone_of_another_organisation_is_not_told(linked, diagram, alice, charlie):
    changed = case_a()
    changed["layers"][0]["elements"][0]["p_detection"] = 0.5
    diagram_update(
        diagram=diagram, actor=alice, name="Case A", document=changed, p_neutralisation=0.8
    )
    assert SAYS not in _for_you(charlie, None)
