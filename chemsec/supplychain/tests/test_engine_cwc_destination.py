"""A scheduled chemical to a destination the CWC rules do not know is never taken for a
State Party (QA, issue 12: a Schedule 3 order to "YY" was allowed, the rule only looked for
the four States not Party). The engine on its own, on the shipped rule book."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.lib.countries import country_known
from chemsec.supplychain import engine
from chemsec.supplychain.engine import Customer, Line, Order
from chemsec.supplychain.fact_texts import fact_sentences
from chemsec.supplychain.rulebook import shipped_rulebook

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
TEA = Line("TEA", 1, listed=True, cwc_schedules=("3",))  # triethanolamine, Schedule 3
TDG = Line("TDG", 1, listed=True, cwc_schedules=("2",))  # thiodiglycol, Schedule 2
ETHANOL = Line("ETH", 1)
# A verified business customer with history: no other rule fires on its orders at home.
CUSTOMER = Customer("c1", "economic_operator", "FR", prior_orders=5)
BOOK = shipped_rulebook()
RULE = next(r for r in BOOK.rules if r.code == "CWC-DESTINATION-UNKNOWN")
PARTIES = frozenset(RULE.params["states_parties"])
NOT_PARTY = frozenset(RULE.params["states_not_party"])


def _evaluate(line: Line, country: str) -> engine.Evaluation:
    order = Order(NOW, CUSTOMER, country, "account", (line,))
    return engine.evaluate(order, BOOK)


def _fired(evaluation: engine.Evaluation) -> set[str]:
    return {b.code for b in evaluation.breaches}


def test_the_data_is_193_states_parties_and_4_not_party_all_of_them_countries():
    assert len(PARTIES) == 193
    assert sorted(NOT_PARTY) == ["EG", "IL", "KP", "SS"]
    assert not PARTIES & NOT_PARTY and all(country_known(code) for code in PARTIES)
    assert {"NO", "PS", "VA", "CK", "NU", "FR", "CN", "US"} <= PARTIES  # NO: not YAML false
    assert not {"TW", "HK", "PR", "XK", "AQ"} & PARTIES  # not States Parties themselves
    for rule in BOOK.rules:  # one list of States not Party for every CWC rule
        if rule.check == "cwc_transfer":
            assert frozenset(rule.params["states_not_party"]) == NOT_PARTY


@pytest.mark.parametrize("code", ["YY", "JJ", "ZZ", "QQ", "XK", "HK", "", "xx"])
def test_a_schedule_3_order_to_a_destination_on_neither_list_goes_to_review(code):
    evaluation = _evaluate(TEA, code)
    assert _fired(evaluation) - {"KYC-DELIVERY-COUNTRY"} == {"CWC-DESTINATION-UNKNOWN"}
    assert evaluation.decision == engine.REVIEW
    breach = next(b for b in evaluation.breaches if b.code == "CWC-DESTINATION-UNKNOWN")
    assert breach.facts["delivery_country"] == code.upper()
    assert breach.facts["schedules"] == ["3"] and "Part VIII" in breach.citation


def test_a_state_party_is_allowed_and_a_state_not_party_still_held():
    assert _evaluate(TEA, "FR").decision == engine.ALLOW
    held = _evaluate(TDG, "EG")
    assert held.decision == engine.HOLD and "CWC-DESTINATION-UNKNOWN" not in _fired(held)
    assert "CWC-S2-TRANSFER" in _fired(held)
    assert "CWC-DESTINATION-UNKNOWN" not in _fired(_evaluate(ETHANOL, "YY"))  # not scheduled


@settings(max_examples=80, deadline=None)
@given(st.text(string.ascii_uppercase, min_size=2, max_size=2))
def test_no_destination_is_silently_a_state_party(code):
    fired = _fired(_evaluate(TDG, code))
    if code in PARTIES:
        assert not {"CWC-S2-TRANSFER", "CWC-DESTINATION-UNKNOWN"} & fired
    elif code in NOT_PARTY:
        assert "CWC-S2-TRANSFER" in fired
    else:
        assert "CWC-DESTINATION-UNKNOWN" in fired


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("code", ["YY", "XK", ""])
def test_the_facts_read_as_a_sentence_even_for_a_code_that_names_no_country(language, code):
    facts = _evaluate(TEA, code).breaches[0].facts
    with translation.override(language):
        sentences = fact_sentences("cwc_destination_unknown", facts)
    assert sentences and "TEA" in sentences[0]
    if language == "en" and code == "YY":
        assert sentences[0] == (
            "TEA: CWC Schedule 3, for delivery to YY, which the rules' list of Nov. 29, 2023 "
            "knows neither as a State Party nor as a State not Party."
        )
