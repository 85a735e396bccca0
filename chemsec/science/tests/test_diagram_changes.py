"""Element changes applied to a diagram document, and EASI run again on the result."""

import pytest

from chemsec.science.diagram_changes import (
    ElementChange,
    apply_changes,
    element_key,
    element_names,
    evaluate_changed,
    parse_changes,
    parse_element_key,
    path_summary,
)
from chemsec.science.inputs import InputError, parse_diagram
from chemsec.science.paths import most_vulnerable_path
from chemsec.science.tests.cases import CASE_A_P_I, case_a, case_a_p_i, with_alternative


def test_it_applies_new_values_and_leaves_the_input_untouched():
    doc = case_a()
    changes = parse_changes(
        [{"layer": "Perimeter", "element": "Cross perimeter fence", "p_detection": 0.5}]
    )
    changed, effects = apply_changes(doc, changes)
    assert changed["layers"][0]["elements"][0]["p_detection"] == 0.5
    assert doc["layers"][0]["elements"][0]["p_detection"] == 0.0
    assert effects[0].before["p_detection"] == 0.0 and effects[0].after["p_detection"] == 0.5
    assert effects[0].before["delay_mean"] == effects[0].after["delay_mean"] == 10


def test_it_gives_the_same_p_i_as_easi_on_the_changed_path():
    changes = parse_changes(
        [
            {"element": "cross perimeter fence", "p_detection": 0.5},  # names match loosely
            {"element": "Penetrate door", "delay_mean": 120},
        ]
    )
    found = evaluate_changed(case_a(), changes)
    expected = case_a_p_i(**{"Cross perimeter fence": (0.5, 10), "Penetrate door": (0.9, 120)})
    assert found.p_interruption == pytest.approx(expected, abs=1e-12)
    assert found.p_interruption > CASE_A_P_I  # detection earlier and more delay both help


def test_it_searches_the_most_vulnerable_path_again():
    window = {"name": "Window", "p_detection": 0.2, "location": "B", "delay_mean": 30}
    doc = with_alternative(case_a(), 2, window)
    before = most_vulnerable_path(parse_diagram(doc))
    assert before.tasks[2].name == "Window"
    bars = [{"element": "Window", "p_detection": 0.99, "delay_mean": 200}]
    found = evaluate_changed(doc, parse_changes(bars))
    assert found.result.tasks[2].name == "Penetrate door"  # the adversary moves to the door
    assert found.p_interruption == pytest.approx(CASE_A_P_I, abs=1e-6)
    assert found.summary["path"][2] == {"layer": "Building", "element": "Penetrate door"}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("fence", "protection_changes"),
        ([{"p_detection": 0.5}], "protection_changes[0].element"),
        ([{"element": "Door", "p_detection": 1.5}], "protection_changes[0].p_detection"),
        ([{"element": "Door", "delay_mean": -1}], "protection_changes[0].delay_mean"),
        ([{"element": "Door", "delay_sd": "long"}], "protection_changes[0].delay_sd"),
        ([{"element": "Door"}], "protection_changes[0]"),
    ],
)
def test_it_names_the_bad_field(raw, field):
    with pytest.raises(InputError) as caught:
        parse_changes(raw)
    assert caught.value.field == field


def test_it_refuses_an_unknown_or_ambiguous_element():
    with pytest.raises(InputError, match="no path element 'Moat'"):
        apply_changes(case_a(), [ElementChange("Moat", p_detection=0.5)])
    doc = with_alternative(
        case_a(), 4, {"name": "Penetrate door", "p_detection": 0.1, "delay_mean": 5}
    )
    with pytest.raises(InputError, match="give its layer"):
        apply_changes(doc, [ElementChange("Penetrate door", p_detection=0.5)])
    changed, _ = apply_changes(doc, [ElementChange("Penetrate door", "Vault", p_detection=0.5)])
    assert changed["layers"][4]["elements"][1]["p_detection"] == 0.5
    assert changed["layers"][2]["elements"][0]["p_detection"] == 0.9


def test_it_keeps_changes_as_json_without_blank_values():
    change = ElementChange("Door", "Building", delay_mean=120.0)
    assert change.as_json() == {"layer": "Building", "element": "Door", "delay_mean": 120.0}
    assert parse_changes([change.as_json()]) == (change,)


def test_it_lists_elements_and_round_trips_their_keys():
    names = element_names(case_a())
    assert names[2][:2] == ("Building", "Penetrate door")
    assert names[2][2]["p_detection"] == 0.9
    assert parse_element_key(element_key("Building", "Penetrate door")) == (
        "Building",
        "Penetrate door",
    )


def test_it_summarises_a_path_for_the_register():
    summary = path_summary(most_vulnerable_path(parse_diagram(case_a())))
    assert summary["p_interruption"] == pytest.approx(CASE_A_P_I, abs=1e-6)
    assert summary["critical_detection_point"] == {"layer": "Building", "element": "Penetrate door"}
    assert len(summary["path"]) == 6 and summary["proven_minimum"] is True
