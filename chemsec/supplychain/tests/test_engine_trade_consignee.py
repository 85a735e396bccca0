"""The rules added for issue 12's remaining red flags, on the engine alone: a quantity far
above what customers of the same declared trade order (PATTERN-QUANTITY-TRADE) and a
consignee that is a freight forwarder (KYC-CONSIGNEE-FORWARDER), at their boundaries, with
the typology's weights (the first strong, the second weak)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.supplychain import engine
from chemsec.supplychain.engine import Customer, Line, Order, PastOrder, Statement, TradePeers
from chemsec.supplychain.engine.checks import _percentile
from chemsec.supplychain.rulebook import shipped_rulebook

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
STATEMENT = Statement("eu_annex_iv", TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=300))
# A verified customer with earlier orders (not new), of other products.
CUSTOMER = Customer("c1", "professional", "XA", identity_checked_on=TODAY - dt.timedelta(days=30),
                    statements=(STATEMENT,), prior_orders=3)  # fmt: skip
ACETONE = "ACE"
# Twenty lines by five peers: 1..20, so the 95th percentile is 19.05 and the limit 38.1.
PEERS = TradePeers(ACETONE, tuple(float(q) for q in range(1, 21)), 5)
LIMIT = 2 * _percentile([float(q) for q in range(1, 21)], 0.95)


def acetone(quantity: float) -> Line:
    return Line(ACETONE, quantity, listed=True, eu_regulated=True, eu_entries=("EU II-02",))


def order(*lines: Line, **fields: object) -> Order:
    values: dict[str, object] = {
        "ordered_at": NOW, "customer": CUSTOMER, "delivery_country": "XA",
        "payment_method": "account", "lines": lines,
    }  # fmt: skip
    values.update(fields)
    return Order(**values)  # type: ignore[arg-type]


def own(n: int, code: str = ACETONE, linked: bool = False) -> tuple[PastOrder, ...]:
    return tuple(
        PastOrder(NOW - dt.timedelta(days=10 + i), "c9" if linked else "c1", (code,),
                  linked=linked, quantities=((code, 1.0),), payment_method="account")
        for i in range(n)
    )  # fmt: skip


@pytest.fixture(scope="module")
def book() -> engine.RuleBook:
    return shipped_rulebook()


def fired(evaluation: engine.Evaluation) -> set[str]:
    return {breach.code for breach in evaluation.breaches}


def test_the_new_rules_are_shipped_with_their_citations(book):
    rules = {rule.code: rule for rule in book.rules}
    assert "Red Flag Indicators" in rules["PATTERN-QUANTITY-TRADE"].citation
    assert "line of business" in rules["PATTERN-QUANTITY-TRADE"].citation
    assert "freight forwarding firm" in rules["KYC-CONSIGNEE-FORWARDER"].citation
    assert rules["PATTERN-QUANTITY-TRADE"].params["own_history_below"] == 1


def test_a_first_order_far_above_the_trade_is_reviewed_with_counts_not_names(book):
    evaluation = engine.evaluate(order(acetone(40), trade_peers=(PEERS,)), book)
    assert evaluation.decision == engine.REVIEW
    breach = next(b for b in evaluation.breaches if b.code == "PATTERN-QUANTITY-TRADE")
    assert breach.facts == {"lines": [{
        "product": ACETONE, "quantity": 40.0, "percentile": 19.05, "limit": 38.1,
        "peer_customers": 5, "peer_orders": 20, "own_history": 0,
    }]}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(quantity=st.floats(min_value=0.001, max_value=1e6, allow_nan=False))
def test_the_trade_rule_fires_exactly_above_twice_the_peers_percentile(quantity):
    book = shipped_rulebook()
    evaluation = engine.evaluate(order(acetone(quantity), trade_peers=(PEERS,)), book)
    assert ("PATTERN-QUANTITY-TRADE" in fired(evaluation)) == (quantity > LIMIT)


@settings(max_examples=40, deadline=None)
@given(
    peers=st.integers(min_value=1, max_value=8),
    samples=st.integers(min_value=1, max_value=40),
)
def test_too_few_peers_or_orders_are_no_baseline(peers, samples):
    """Five peer customers and twenty lines at least; with fewer, nothing fires however
    large the quantity."""
    group = TradePeers(ACETONE, tuple(1.0 for _ in range(samples)), peers)
    evaluation = engine.evaluate(order(acetone(1000), trade_peers=(group,)), shipped_rulebook())
    assert ("PATTERN-QUANTITY-TRADE" in fired(evaluation)) == (peers >= 5 and samples >= 20)


def test_one_earlier_order_of_the_product_hands_over_to_the_customers_own_history(book):
    assert "PATTERN-QUANTITY-TRADE" in fired(
        engine.evaluate(order(acetone(40), trade_peers=(PEERS,), history=own(0)), book)
    )
    assert "PATTERN-QUANTITY-TRADE" not in fired(
        engine.evaluate(order(acetone(40), trade_peers=(PEERS,), history=own(1)), book)
    )
    # A linked customer's order, or an order of another product, is not the customer's own.
    for past in (own(3, linked=True), own(3, code="HP30")):
        evaluation = engine.evaluate(order(acetone(40), trade_peers=(PEERS,), history=past), book)
        assert "PATTERN-QUANTITY-TRADE" in fired(evaluation)


def test_the_trade_rule_reads_only_listed_lines_and_their_own_peers(book):
    unlisted = Line(ACETONE, 1000)
    assert fired(engine.evaluate(order(unlisted, trade_peers=(PEERS,)), book)) == set()
    other = replace(PEERS, product_code="HP30")
    assert "PATTERN-QUANTITY-TRADE" not in fired(
        engine.evaluate(order(acetone(1000), trade_peers=(other,)), book)
    )
    assert "PATTERN-QUANTITY-TRADE" not in fired(engine.evaluate(order(acetone(1000)), book))


@pytest.mark.parametrize(
    "consignee",
    ["Nordic Freight Forwarding AB", "TRANSITAIRE DU PORT", "Spedition Müller GmbH",
     "ООО Экспедитор-Север", "上海货运代理有限公司", "Baltic shipping agent Ltd"],
    ids=["english", "french-upper", "german", "russian", "chinese", "shipping-agent"],
)  # fmt: skip
def test_a_forwarder_named_as_consignee_is_a_weak_flag(book, consignee):
    evaluation = engine.evaluate(order(acetone(1), consignee_name=consignee), book)
    breach = next(b for b in evaluation.breaches if b.code == "KYC-CONSIGNEE-FORWARDER")
    assert breach.facts["products"] == [ACETONE]
    assert evaluation.decision == engine.ALLOW  # weak: alone it never alerts
    # With a second weak flag (a new customer) it does.
    new = replace(CUSTOMER, prior_orders=0)
    both = engine.evaluate(order(acetone(1), consignee_name=consignee, customer=new), book)
    assert {"KYC-CONSIGNEE-FORWARDER", "KYC-NEW-CUSTOMER"} <= fired(both)
    assert both.decision == engine.REVIEW


@pytest.mark.parametrize(
    "consignee", ["", "Acme Pools Ltd", "Forward Chemicals Oy", "Meridian Labs"],
    ids=["none", "a-company", "forward-is-not-forwarding", "a-lab"],
)  # fmt: skip
def test_an_ordinary_consignee_or_an_unlisted_product_is_not_flagged(book, consignee):
    assert "KYC-CONSIGNEE-FORWARDER" not in fired(
        engine.evaluate(order(acetone(1), consignee_name=consignee), book)
    )
    assert "KYC-CONSIGNEE-FORWARDER" not in fired(
        engine.evaluate(order(Line("ETH", 1), consignee_name="Freight Forwarding AB"), book)
    )
