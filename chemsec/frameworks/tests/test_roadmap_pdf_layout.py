"""A road map's PDF keeps its short columns whole in every language (QA, December 2026): in
Chinese the action column took the room and priority, status, due date and progress were
set one or two characters wide, so "优先/级", "已计/划" and "2027年3月7/日" broke inside words."""

import pytest
from django.utils import translation
from weasyprint.formatting_structure.boxes import LineBox, TableCellBox

from chemsec.core.pdf import render_document
from chemsec.frameworks.exports import marking
from chemsec.frameworks.models import RoadMap
from chemsec.frameworks.tests.test_roadmaps import roadmap  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

SHORT = {1: "owner", 2: "priority", 3: "due", 4: "status", 5: "progress"}


def _cells(roadmap_obj: RoadMap, language: str) -> list[TableCellBox]:
    with translation.override(language):
        document = render_document(
            "frameworks/roadmap_print.html",
            {
                "roadmap": roadmap_obj,
                "assessment": roadmap_obj.assessment,
                "actions": list(roadmap_obj.actions.all()),
                "translated": {},
            },
            marking=marking(roadmap_obj),
            title="road map",
        )
    return [
        box
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TableCellBox)
    ]


def _lines(cell: TableCellBox) -> int:
    return len({round(b.position_y, 1) for b in cell.descendants() if isinstance(b, LineBox)})


@pytest.mark.parametrize("language", ["zh-hans", "ru", "ar", "fr"])
def test_the_short_columns_are_set_on_one_line(roadmap, language):  # noqa: F811
    roadmap.actions.update(due_date="2027-03-07")
    cells = [c for c in _cells(roadmap, language) if c.grid_x in SHORT]
    assert len(cells) >= 2 * len(SHORT), "a header and at least one action"
    broken = [(SHORT[c.grid_x], _lines(c)) for c in cells if _lines(c) != 1]
    assert not broken, broken
