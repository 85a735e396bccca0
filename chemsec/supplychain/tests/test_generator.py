"""The evaluation data generator (pure) and `chemsec supplychain evaluate` (a subprocess on
a temporary database)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.supplychain import generator as gen
from chemsec.supplychain.evaluation import _detections

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def _earlier(dataset: gen.Dataset, order: gen.Order, days: int) -> list[gen.Order]:
    since = order.ordered_at - dt.timedelta(days=days)
    return [o for o in dataset.orders if since <= o.ordered_at < order.ordered_at]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, orders=st.integers(min_value=300, max_value=900))
def test_counts_as_asked_and_deterministic(seed: int, orders: int) -> None:
    customers = gen.default_customers(orders) + 5
    dataset = gen.generate(seed, orders, customers)
    assert len(dataset.orders) == orders
    assert len(dataset.customers) == customers
    assert len({o.key for o in dataset.orders}) == orders
    assert len({c.key for c in dataset.customers}) == customers
    assert dataset == gen.generate(seed, orders, customers)
    assert [o.ordered_at for o in dataset.orders] == sorted(o.ordered_at for o in dataset.orders)
    for typology in gen.TYPOLOGIES:  # every typology is present
        assert dataset.labelled(typology), typology


def test_seeds_differ() -> None:
    assert gen.generate(1, 300).orders != gen.generate(2, 300).orders


def test_too_few_orders_for_the_mix_is_refused() -> None:
    with pytest.raises(gen.GeneratorError):
        gen.generate(1, 60, 40)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS)
def test_labels_agree_with_the_generated_facts(seed: int) -> None:
    dataset = gen.generate(seed, 600)
    customers = {c.key: c for c in dataset.customers}
    seen: set[str] = set()
    paid_cash: set[str] = set()
    for order in dataset.orders:
        customer = customers[order.customer_key]
        codes = order.product_codes()
        products = [gen.PRODUCTS[code] for code in codes]
        first = order.customer_key not in seen
        seen.add(order.customer_key)
        # A fact for every order: a customer's first order holding a listed product.
        assert ("new_customer_listed" in order.labels) == (first and order.listed())
        if "split_orders" in order.labels:
            assert order.event.startswith("split") and order.listed()
        if "quantity_spike" in order.labels:
            (line,) = order.lines
            earlier = [
                other.quantity
                for o in _earlier(dataset, order, 180)
                if o.customer_key == order.customer_key
                for other in o.lines
                if other.product_code == line.product_code
            ]
            assert len(earlier) >= 5 and line.quantity >= 4 * max(earlier)
        if "shell_customers" in order.labels:
            (code,) = codes
            partners = {
                o.customer_key for o in _earlier(dataset, order, 7)
                if code in o.product_codes() and o.customer_key != order.customer_key
                and customers[o.customer_key].delivery_address == customer.delivery_address
            }  # fmt: skip
            assert len(partners) >= 2
            registrations = {customers[k].registration_number for k in partners}
            assert customer.registration_number not in registrations
            assert len(registrations) == len(partners)
        if "refused_identity" in order.labels:
            assert "refuses_identity" in order.indicators and order.outcome == "refused"
            assert any(p.eu_regulated for p in products)
        if "cash_payment" in order.labels:
            assert order.payment_method == "cash" and order.listed() and not first
            # One customer per event: its earlier orders were paid on its terms.
            assert order.customer_key not in paid_cash
        if order.payment_method == "cash":
            paid_cash.add(order.customer_key)
        if "embargoed_destination" in order.labels:
            assert order.delivery_country in gen.STATES_NOT_PARTY
            assert any(p.cwc_schedule == "3" for p in products)
        if "denied_party" in order.labels:
            assert customer.legal_name in {name for name, _, _ in gen.DENIED_VARIANTS}
        if not order.labels - {"new_customer_listed"}:
            # Ordinary trade: no cash, no indicator, delivered at home, no restricted
            # precursor to the public.
            assert order.payment_method in ("account", "card")
            assert not order.indicators and order.delivery_country == customer.country
            if customer.customer_type == "general_public":
                assert not any(p.eu_restricted for p in products)


def _quantity(orders: list[gen.Order], code: str) -> int:
    return sum(line.quantity for o in orders for line in o.lines if line.product_code == code)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS)
def test_a_labelled_split_is_uncommon_for_the_customer_and_no_part_stands_out(seed: int) -> None:
    """Each labelled split: three to six orders of one listed product within three days,
    none above the customer's largest earlier order of it, together more than twice the
    largest seven-day total of its earlier orders (five or more in 180 days, before the
    window). Version 1 labelled splits that the customer's own ordinary weeks exceeded. The
    customer's ordinary orders of the product among the parts are the event's too (the
    order that makes the window cross may be one of them), and no other order is."""
    dataset = gen.generate(seed, 1500)
    events: dict[str, list[gen.Order]] = {}
    for order in dataset.orders:
        if order.event:
            events.setdefault(order.event, []).append(order)
    labelled = [members for members in events.values() if "split_orders" in members[0].labels]
    assert labelled
    for members in events.values():  # one event, one verdict for all its orders
        assert len({"split_orders" in p.labels for p in members}) == 1
    for members in labelled:
        parts = [p for p in members if not p.joined]
        assert 3 <= len(parts) <= 6
        assert parts[-1].ordered_at - parts[0].ordered_at <= dt.timedelta(days=3)
        ((code,),) = {p.product_codes() for p in parts}
        customer = parts[0].customer_key
        last = parts[-1]
        among = [
            o for o in dataset.orders if o.customer_key == customer and o not in parts
            and code in o.product_codes() and parts[0].ordered_at <= o.ordered_at <= last.ordered_at
        ]  # fmt: skip
        assert [o for o in members if o.joined] == among
        assert all(not o.labels - {"split_orders", "new_customer_listed"} for o in among)
        mine = [o for o in dataset.orders if o.customer_key == customer and o not in members]
        before = [
            o for o in mine if code in o.product_codes() and o.ordered_at < parts[0].ordered_at
        ]
        largest = max(_quantity([o], code) for o in before)
        assert all(_quantity([p], code) <= largest for p in parts)
        window_start = last.ordered_at - dt.timedelta(days=7)
        baseline = [
            o for o in mine if code in o.product_codes()
            and last.ordered_at - dt.timedelta(days=180) <= o.ordered_at < window_start
        ]  # fmt: skip
        weeks = [
            _quantity([x for x in baseline if o.ordered_at - dt.timedelta(days=7) < x.ordered_at
                       <= o.ordered_at], code)
            for o in baseline
        ]  # fmt: skip
        in_window = [
            o for o in dataset.orders if o.customer_key == customer
            and window_start < o.ordered_at <= last.ordered_at
        ]  # fmt: skip
        assert len(baseline) >= 5
        assert _quantity(in_window, code) > 2 * max(weeks)
        # Uncommon for the customer's ordinary trade over the whole period too: no week of
        # its ordinary orders reaches the total (it does so once in a thousand weeks or
        # less, SPLIT_UNCOMMON; seeds 104 and 218 labelled three single packs in a week of
        # a customer whose ordinary trade does that about once a year).
        ordinary = [
            o
            for o in mine
            if code in o.product_codes() and not o.event and not o.labels - {"new_customer_listed"}
        ]
        for o in ordinary:
            week = [
                x
                for x in ordinary
                if o.ordered_at - dt.timedelta(days=7) < x.ordered_at <= o.ordered_at
            ]
            assert _quantity(week, code) < _quantity(in_window, code)


def test_the_chance_of_an_ordinary_week_is_a_compound_poisson_tail() -> None:
    """With every ordinary order of one pack, a week holds `total` packs exactly when that
    many orders arrive: a Poisson tail at the customer's rate (its orders over the 180
    days, per week). Two sizes: the cases by hand."""
    import math

    def at_least(mean: float, count: int) -> float:
        return 1 - sum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(count))

    mean = 18 * 7 / gen.PERIOD_DAYS  # 18 orders in 180 days: 0.7 a week
    for total in (1, 2, 3, 5):
        assert gen._ordinary_week_chance([1] * 18, total) == pytest.approx(at_least(mean, total))
    # Sizes 1 and 3, half each, total 4: two orders unless both are 1, three unless all
    # three are 1, four or more always.
    p = [math.exp(-mean) * mean**k / math.factorial(k) for k in range(4)]
    expected = p[2] * 3 / 4 + p[3] * 7 / 8 + (1 - sum(p))
    assert gen._ordinary_week_chance([1, 3] * 9, 4) == pytest.approx(expected)


def test_one_split_rule_tells_shell_customers_from_a_single_customer() -> None:
    def breach(linked: int) -> dict[str, object]:
        return {"code": "PATTERN-SPLIT-ORDERS", "facts": {"linked_customers": linked}}

    assert _detections([breach(0)]) == {"split_orders"}
    assert _detections([breach(2)]) == {"shell_customers"}
    assert _detections([{"code": "CWC-S3-CERTIFICATE", "facts": {}}]) == {"embargoed_destination"}


@pytest.mark.once  # its own temporary SQLite database, whatever the suite's
def test_evaluate_command_prints_every_typology(tmp_path: Path) -> None:
    """Runs in a temporary SQLite database, whatever is configured: the configured data
    directory gets no database, and a configured PostgreSQL database (DATABASE_URL, here
    one nothing listens for) is not used."""
    configured = tmp_path / "configured"
    configured.mkdir()
    # The offline names index (a read-only cache of shipped data, about 20 s to build) is
    # shared as a second command in the same data directory would find it.
    shared = Path(os.environ.get("CHEMSEC_DATA_DIR") or tmp_path / "none")
    for index in shared.glob("names-v*.sqlite"):
        (configured / index.name).symlink_to(index)
    env = {
        **os.environ,
        "CHEMSEC_DATA_DIR": str(configured),
        "DATABASE_URL": "postgres://chemsec@127.0.0.1:9/not-the-evaluation-database",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "chemsec", "supplychain", "evaluate", "--seed", "7",
         "--orders", "300"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
        cwd=Path(__file__).resolve().parents[3],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["orders"] == 300
    assert set(report["typologies"]) == set(gen.TYPOLOGIES) - {"new_customer_listed"}
    # A fact of every customer's first listed order, reported as its rule's statistics.
    assert report["rule_statistics"]["new_customer_listed"]["rule"] == "KYC-NEW-CUSTOMER"
    assert "new_customer_listed" not in report["targets"]["below_recall"]
    for typology, values in report["typologies"].items():
        assert values["labelled"] > 0, typology
        assert values["recall"] is not None and 0 <= values["recall"] <= 1
        assert values["precision"] is None or 0 <= values["precision"] <= 1
    assert report["alerts_per_1000_orders"] == pytest.approx(1000 * report["alerts"] / 300, 0.01)
    # The rules that cannot miss by construction do not: a refusal to show identity is an
    # Art. 9(1)(d) alert, a Schedule 3 delivery to a State not Party a CWC hold.
    assert report["typologies"]["refused_identity"]["recall"] == 1.0
    assert report["typologies"]["embargoed_destination"]["recall"] == 1.0
    assert not (configured / "chemsec.sqlite3").exists()


def test_generate_command_prints_the_data_set(capsys: pytest.CaptureFixture[str]) -> None:
    from chemsec.cli import main

    assert main(["supplychain", "generate", "--seed", "5", "--orders", "300", "--full"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["orders"]) == 300
    assert len(printed["customers"]) == gen.default_customers(300)
    labels = {label for order in printed["orders"] for label in order["labels"]}
    assert labels == set(gen.TYPOLOGIES)
    assert main(["supplychain", "generate", "--orders", "60", "--customers", "40"]) == 2
