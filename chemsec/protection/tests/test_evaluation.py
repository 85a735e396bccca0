"""The evaluation agrees with the notes, finds the weaker alternative and names bad fields."""

import pytest

from chemsec.protection.evaluation import evaluate, load_document, validate
from chemsec.science.inputs import InputError
from chemsec.science.tests.cases import CASE_A_P_I, case_a, with_alternative


def test_it_reproduces_case_a_with_one_element_per_layer():
    found = evaluate(case_a(), p_neutralisation=0.8)
    assert found.result.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)
    assert found.payload["p_effectiveness"] == pytest.approx(CASE_A_P_I * 0.8, abs=1e-6)
    # After the inner door only 210 s are left, under the 300 s response: the CDP is the door.
    cdp = found.result.critical_detection_point
    assert cdp == {"layer": "Building", "element": "Penetrate door"}
    assert len(found.result.sensitivity) == 6


def test_it_picks_the_weaker_alternative_on_a_layer():
    weak = {"name": "Window", "p_detection": 0.2, "location": "B", "delay_mean": 30}
    found = evaluate(with_alternative(case_a(), 2, weak))
    assert [t.name for t in found.result.tasks][2] == "Window"
    assert found.result.p_interruption < CASE_A_P_I
    assert "Window" in found.svg and "most vulnerable path" in found.svg


def test_it_returns_the_cli_payload():
    payload = evaluate(case_a()).payload
    assert set(payload) >= {
        "p_interruption", "critical_detection_point", "most_vulnerable_path", "sensitivity",
        "search", "assumptions", "p_neutralisation", "p_effectiveness",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["layers"][1]["elements"][0].update(p_detection=1.5),
         "layers[1].elements[0].p_detection"),
        (lambda d: d["layers"][0]["elements"][0].update(location="X"),
         "layers[0].elements[0].location"),
        (lambda d: d["response"].pop("mean"), "response.mean"),
        (lambda d: d.update(layers=[]), "layers"),
    ],
)  # fmt: skip
def test_it_names_the_bad_field(change, field):
    doc = case_a()
    change(doc)
    with pytest.raises(InputError) as caught:
        validate(doc)
    assert caught.value.field == field


def test_it_refuses_text_that_is_not_json():
    with pytest.raises(InputError) as caught:
        load_document("{not json")
    assert caught.value.field == "document"
