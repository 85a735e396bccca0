"""Issue 15: long forms keep work. The diagram editor and a risk entry warn before unsaved
changes are left (chemsec/unsaved.js reads data-unsaved-warning; the editor tells the form
when its inputs change) and, when the server refuses a value, come back with every value
typed and marked unsaved, so leaving then still asks."""

# ruff: noqa: F811 - fixtures taken from the risk tests are parameters here

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from chemsec.risk.tests.conftest import assessment, plant, scenario  # noqa: F401 - fixtures
from chemsec.science.tests.cases import case_a


def test_the_diagram_editor_keeps_a_refused_document_and_warns(
    personas: dict[str, Any], plant: Any
) -> None:
    url = reverse("protection:diagram_new", args=[plant.pk])
    page = personas["alice"].get(url).content.decode()
    assert "data-unsaved-warning" in page and 'data-dirty="true"' not in page
    assert "chemsec/unsaved" in page
    doc = case_a()
    doc["layers"][2]["elements"][0]["p_detection"] = 2
    doc["layers"][0]["name"] = "Typed perimeter name"
    data = {"name": "Store typed", "document": json.dumps(doc), "p_neutralisation": "0.8"}
    page = personas["alice"].post(url, data).content.decode()
    assert "must be between 0 and 1" in page
    assert "Typed perimeter name" in page and 'value="Store typed"' in page
    assert 'data-unsaved-warning data-dirty="true"' in page


def test_a_risk_entry_keeps_refused_values_and_warns(
    personas: dict[str, Any], alice: Any, scenario: Any, assessment: Any
) -> None:
    from chemsec.risk.services import entry_set

    entry = entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=alice,
        p_attack=0.3,
        p_interruption=0.5,
        p_neutralisation=0.8,
        consequence=100,
    )
    url = reverse("risk:entry_edit", args=[assessment.facility_id, assessment.pk, entry.pk])
    page = personas["alice"].get(url).content.decode()
    assert "data-unsaved-warning" in page and 'data-dirty="true"' not in page
    data = {
        "p_attack": "0.45",
        "p_interruption": "0.5",
        "p_neutralisation": "0.8",
        "consequence": "-7",
        "rationale": "Typed rationale kept",
    }
    response = personas["alice"].post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-unsaved-warning data-dirty="true"' in page
    assert 'value="0.45"' in page and "Typed rationale kept" in page and 'value="-7"' in page
