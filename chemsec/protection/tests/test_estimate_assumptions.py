"""An estimate's assumptions are stored as codes with their numbers (beside the English the
API carries) and shown in the reader's language (issue 11, item 3)."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from chemsec.protection import presenters
from chemsec.protection.consequences import estimate

CHLORINE = {  # liquefied, Britter-McQuaid applied from its boiling point (non-isothermal)
    "cas": "7782-50-5",
    "quantity_kg": 907.0,
    "phase": "liquefied_gas",
    "release_scenario": "worst",
    "terrain": "urban",
}
CASES = [
    CHLORINE,
    {**CHLORINE, "cas": "7664-41-7", "release_scenario": "alternative"},  # ammonia: not denser
    {**CHLORINE, "cas": "107-13-1", "phase": "liquid", "diked_area_m2": 50.0},  # a pool
    {**CHLORINE, "cas": "7782-50-5", "phase": "liquid"},  # boils below 25 C: a gas
]


@pytest.fixture(scope="module")
def results():
    return [estimate(inputs) for inputs in CASES]


def _ungrouped(texts):
    """The texts without thousands separators: pages group "780,560 Pa", the stored English
    does not."""
    return [re.sub(r"(?<=\d),(?=\d{3}\b)", "", text) for text in texts]


def test_every_assumption_has_a_code_and_the_english_stays_word_for_word(results):
    for out in results:
        assert len(out["assumption_codes"]) == len(out["assumptions"])
        assert _ungrouped(presenters.estimate_assumptions(out)) == out["assumptions"]
    codes = {n["code"] for out in results for n in out["assumption_codes"]}
    assert {"non_isothermal", "dense_not_applied", "pool_not_cooled", "boils_below_25c"} <= codes


def test_every_assumption_is_worded_through_gettext(results, monkeypatch):
    monkeypatch.setattr(presenters, "_", lambda text: f"<{text}>")
    for out in results:
        for text in presenters.estimate_assumptions(out):
            assert text.startswith("<") and text.endswith(">"), text


def test_a_reader_in_french_sees_the_workbook_correction_in_french(results):
    english = "non-isothermal correction of the workbook (adiabatic mixing)"
    with translation.override("fr"):
        french = gettext(english)
        shown = presenters.estimate_assumptions(results[0])
    assert french != english and french in shown and english not in shown


def test_the_numbers_are_kept_as_numbers():
    stored = {
        "assumptions": ["liquid at 25 C; pool does not cool by evaporation"],
        "assumption_codes": [{"code": "pool_not_cooled", "params": {"celsius": 25.0}}],
    }
    assert presenters.estimate_assumptions(stored) == stored["assumptions"]


def test_a_result_stored_before_the_codes_keeps_its_english():
    stored = {"assumptions": ["an assumption in English"]}
    assert presenters.estimate_assumptions(stored) == ["an assumption in English"]


def test_a_path_evaluations_assumptions_are_codes_worded_through_gettext(monkeypatch):
    from chemsec.science.easi import Response, Task
    from chemsec.science.paths import Diagram, Layer, most_vulnerable_path

    layer = Layer("Fence", (Task("fence", 0.5, "B", 10.0, None),))
    result = most_vulnerable_path(Diagram((layer,), 0.95, Response(60.0, 10.0)))
    codes = [note.code for note in result.notes]
    assert "delay_sd_defaulted" in codes and "sensitivity_held" in codes
    assert presenters.evaluation_assumptions(result) == list(result.assumptions)
    assert presenters.path_search_text(result) == result.search
    monkeypatch.setattr(presenters, "_", lambda text: f"<{text}>")
    assert all(t.startswith("<") for t in presenters.evaluation_assumptions(result))
    assert presenters.path_search_text(result).startswith("<")


def test_the_defaulted_tasks_are_listed_as_the_readers_language_lists():
    """The task names were stored joined with ", " and shown so in Arabic (whose list
    comma is "،") and Chinese ("、"); they are kept as names and joined when read."""
    from django.utils import translation

    from chemsec.science.easi import Response, Task
    from chemsec.science.paths import Diagram, Layer, most_vulnerable_path

    layers = (
        Layer("Fence", (Task("Gate", 0.4, "B", 20.0, None),)),
        Layer("Building", (Task("Door, east", 0.5, "B", 10.0, None),)),
    )
    result = most_vulnerable_path(Diagram(layers, 0.95, Response(60.0, 10.0)))
    (note,) = [n for n in result.notes if n.code == "delay_sd_defaulted"]
    assert "Door, east" in note.text  # the English of the API and the CLI
    with translation.override("ar"):
        texts = presenters.evaluation_assumptions(result)
    (arabic,) = [t for t in texts if "Gate" in t]
    assert "، Gate" in arabic or "Gate، " in arabic
    assert "Door, east" in arabic  # a name keeps its own comma
