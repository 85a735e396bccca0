"""How a stored estimate explains the dense-gas model: translated reasons and notes, and a
callout that says a passive plume continued the curves only when one did."""

import re

import pytest
from django.urls import reverse

from chemsec.protection import presenters
from chemsec.protection.models import ConsequenceEstimate
from chemsec.protection.tests.test_consequences import CHLORINE
from chemsec.science import release
from chemsec.science.densegas import DenseRelease, Reason
from chemsec.science.release import Substance

NOT_DENSE = {
    "applied": False,
    "reason": "English stored with the result",
    "reason_code": "not_dense_enough",
    "reason_params": {"criterion": 0.1234},
    "notes": ["dense gas released at 25 C"],
    "note_codes": [{"code": "released_at_25c", "params": {}}],
}
BEYOND = "continued beyond their range by a passive Gaussian plume"


def test_it_words_reasons_and_notes_from_their_codes():
    text = presenters.dense_gas_text(NOT_DENSE)
    assert text == (
        "not applied: not dense enough: (g0' V0 / u^3 D)^(1/3) = 0.123 < 0.15; "
        "dense gas released at 25 C"
    )


def test_every_word_of_the_reason_goes_through_gettext(monkeypatch):
    monkeypatch.setattr(presenters, "_", lambda text: f"<{text}>")
    text = presenters.dense_gas_text(NOT_DENSE)
    assert text == (
        "<not applied: <not dense enough: (g0' V0 / u^3 D)^(1/3) = 0.123 < 0.15>>; "
        "<dense gas released at 25 C>"
    )


def test_a_result_stored_before_codes_keeps_its_english_reason():
    stored = {"applied": False, "reason": "alpha = 1.20 is beyond the curves (at most 1)"}
    assert presenters.dense_gas_text(stored) == f"not applied: {stored['reason']}"


# Methyl bromide has no endpoint on file, so a typed one is used: 20 g/m3 lies within the
# curves (between Cm/C0 = 0.1 and 0.002 of its vapour), chlorine's AEGL-2 far beyond them.
METHYL_BROMIDE = {**CHLORINE, "chemical_name": "Methyl bromide", "cas": "74-83-9"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inputs", "region", "continued"),
    [
        (CHLORINE, "passive Gaussian", True),
        ({**METHYL_BROMIDE, "endpoint_value": "20000"}, "correlation", False),
    ],
)
def test_the_callout_mentions_the_passive_plume_only_when_it_was_used(
    personas, plant, inputs, region, continued
):
    response = personas["alice"].post(reverse("protection:estimate_new", args=[plant.pk]), inputs)
    assert response.status_code == 302, response.content.decode()[:2000]
    model = ConsequenceEstimate.objects.get().result["dense_gas_model"]
    assert model["applied"] and model["region"] == region
    body = personas["alice"].get(response["Location"]).content.decode()
    assert "dense gas: Britter-McQuaid workbook (continuous)" in body
    assert (BEYOND in body) is continued
    assert ("the endpoint lies within their range" in body) is not continued


def _release(**changes) -> DenseRelease:
    """A chlorine-like release at 25 C, 1.5 m/s: the model applies unless ``changes`` say."""
    values = {
        "mass_rate_kg_s": 1.5,
        "source_density_kg_m3": 2.9,
        "air_density_kg_m3": 1.18,
        "wind_m_s": 1.5,
        "source_temperature_k": 298.15,
        "ambient_temperature_k": 298.15,
    }
    return DenseRelease(**{**values, **changes})


def _substance(boiling_point_k: float | None) -> Substance:
    return Substance("gas", "0-00-0", 70.9, boiling_point_k=boiling_point_k)


def _every_reason() -> list[Reason]:
    """One of each reason and note the science gives, from where it gives them."""
    why_not = [
        _release(source_density_kg_m3=1.0).why_not(),
        _release(mass_rate_kg_s=0.001, wind_m_s=10.0).why_not(),
        _release(mass_rate_kg_s=1000.0, source_density_kg_m3=30.0, wind_m_s=1.0).why_not(),
        _release(duration_s=60.0).why_not(farthest_m=1000.0),
    ]
    temperatures = [
        release._source_temperature(_substance(239.2), liquefied=False)[1],
        release._source_temperature(_substance(None), liquefied=True)[1],
        release._source_temperature(_substance(300.0), liquefied=True)[1],
        release._source_temperature(_substance(239.2), liquefied=True)[1],
    ]
    constants = [
        release.EVAPORATING_POOL,
        release.NO_VIRTUAL_SOURCE,
        release.ABOVE_CURVES,
        release.NON_ISOTHERMAL,
    ]
    return [r for r in [*why_not, *temperatures, *constants] if r is not None]


def test_every_code_the_presenter_words_is_one_the_science_gives():
    worded = set(presenters._dense_gas_texts())
    assert {reason.code for reason in _every_reason()} == worded


@pytest.mark.parametrize("reason", _every_reason(), ids=lambda reason: reason.code)
def test_the_english_wording_matches_the_science(reason):
    worded = presenters.dense_gas_reason(reason.code, reason.params, english=None)
    # pages group thousands ("1,000 m"), the science's English does not
    ungrouped = re.compile(r"(?<=\d),(?=\d{3}\b)")
    assert ungrouped.sub("", worded) == ungrouped.sub("", reason.text)
