"""The checks a rule file may name: each reads the order's facts and the rule's parameters
and returns the facts that breach it (shown with the alert), or None.

Checks are small and pure; what a check means in law is said by the rule's citation in its
file, not here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from chemsec.supplychain.engine.chance import compound_poisson_tail, poisson_upper_mean
from chemsec.supplychain.engine.facts import Line, Order
from chemsec.supplychain.engine.rulebook import Rule

Facts = dict[str, Any]
Check = Callable[[Rule, Order], Facts | None]

PROFESSIONAL_TYPES = ("professional", "economic_operator")


def _codes(lines: tuple[Line, ...]) -> list[str]:
    return [line.product_code for line in lines]


def _entries(lines: tuple[Line, ...]) -> list[str]:
    return sorted({entry for line in lines for entry in line.eu_entries})


def restricted_to_general_public(rule: Rule, order: Order) -> Facts | None:
    restricted = tuple(line for line in order.lines if line.eu_restricted)
    if order.customer.customer_type != "general_public" or not restricted:
        return None
    return {
        "customer_type": order.customer.customer_type,
        "products": _codes(restricted),
        "entries": _entries(restricted),
    }


def identity_not_verified(rule: Rule, order: Order) -> Facts | None:
    """A restricted precursor to a professional customer whose identity was not checked
    within `max_age_days` of the order."""
    restricted = tuple(line for line in order.lines if line.eu_restricted)
    customer = order.customer
    if customer.customer_type not in PROFESSIONAL_TYPES or not restricted:
        return None
    checked = customer.identity_checked_on
    max_age = int(rule.params.get("max_age_days", 365))
    if checked is not None and 0 <= (order.day - checked).days <= max_age:
        return None
    return {
        "products": _codes(restricted),
        "identity_checked_on": checked.isoformat() if checked else None,
        "max_age_days": max_age,
    }


def statement_missing(rule: Rule, order: Order) -> Facts | None:
    """Lines of the kind `scope` ("eu_restricted") with no statement of `statement_kind`
    valid on the order's day."""
    customer = order.customer
    kinds = tuple(rule.params.get("customer_types", PROFESSIONAL_TYPES))
    lines = _scoped(order, str(rule.params.get("scope", "eu_restricted")))
    if customer.customer_type not in kinds or not lines:
        return None
    wanted = str(rule.params["statement_kind"])
    on_file = [s for s in customer.statements if s.kind == wanted]
    if any(s.valid_on(order.day) for s in on_file):
        return None
    expired = [s.valid_until.isoformat() for s in on_file if s.valid_until]
    return {
        "products": _codes(lines),
        "statement_kind": wanted,
        "on_file": len(on_file),
        "latest_expiry": max(expired) if expired else None,
    }


def _scoped(order: Order, scope: str) -> tuple[Line, ...]:
    predicates: Mapping[str, Callable[[Line], bool]] = {
        "eu_restricted": lambda line: line.eu_restricted,
        "eu_regulated": lambda line: line.eu_regulated,
        "listed": lambda line: line.listed,
    }
    return tuple(line for line in order.lines if predicates[scope](line))


def indicator(rule: Rule, order: Order) -> Facts | None:
    """A behavioural indicator staff recorded, on an order with a product in `scope`."""
    code = str(rule.params["indicator"])
    lines = _scoped(order, str(rule.params.get("scope", "listed")))
    if code not in order.indicators or not lines:
        return None
    return {"indicator": code, "products": _codes(lines)}


def cwc_transfer(rule: Rule, order: Order) -> Facts | None:
    """A line of CWC `schedule` delivered to a State not Party (a dated list in the rule's
    parameters); with `unless_statement`, a valid statement of that kind clears it.

    A destination not on the list is not thereby a State Party: one the rules' data does
    not know at all is `cwc_destination_unknown`'s."""
    schedule = str(rule.params["schedule"])
    not_party = {str(code).upper() for code in rule.params["states_not_party"]}
    lines = tuple(line for line in order.lines if schedule in line.cwc_schedules)
    if not lines or order.delivery_country.upper() not in not_party:
        return None
    needed = rule.params.get("unless_statement")
    if needed and any(
        s.kind == needed and s.valid_on(order.day) for s in order.customer.statements
    ):
        return None
    return {
        "schedule": schedule,
        "products": _codes(lines),
        "delivery_country": order.delivery_country.upper(),
        "states_not_party_as_of": str(rule.params.get("as_of", "")),
    }


def cwc_destination_unknown(rule: Rule, order: Order) -> Facts | None:
    """A line of a CWC schedule (`schedules`) delivered to a destination the rule's dated
    data knows neither as a State Party (`states_parties`) nor as a State not Party
    (`states_not_party`): a territory, Kosovo, a code kept from before codes were checked,
    or none. The transfer rules allow such lines only to States Parties, so an unknown
    destination is never taken for one: a person decides."""
    schedules = {str(s) for s in rule.params.get("schedules", ("1", "2", "3"))}
    known = {str(c).upper() for c in rule.params["states_parties"]}
    known |= {str(c).upper() for c in rule.params["states_not_party"]}
    lines = tuple(line for line in order.lines if schedules & set(line.cwc_schedules))
    destination = order.delivery_country.strip().upper()
    if not lines or destination in known:
        return None
    return {
        "schedules": sorted({s for line in lines for s in line.cwc_schedules} & schedules),
        "products": _codes(lines),
        "delivery_country": destination,
        "states_parties_as_of": str(rule.params.get("as_of", "")),
    }


def new_customer(rule: Rule, order: Order) -> Facts | None:
    lines = order.listed_lines()
    if order.customer.prior_orders > int(rule.params.get("max_prior_orders", 0)) or not lines:
        return None
    return {"prior_orders": order.customer.prior_orders, "products": _codes(lines)}


def delivery_country_differs(rule: Rule, order: Order) -> Facts | None:
    lines = order.listed_lines()
    billing, delivery = order.customer.country.upper(), order.delivery_country.upper()
    if not lines or not billing or billing == delivery:
        return None
    return {"billing_country": billing, "delivery_country": delivery, "products": _codes(lines)}


def unusual_payment(rule: Rule, order: Order) -> Facts | None:
    methods = {str(m) for m in rule.params.get("methods", ("cash", "third_party"))}
    lines = order.listed_lines()
    third_party = order.payer_is_third_party and "third_party" in methods
    if not lines or not (order.payment_method in methods or third_party):
        return None
    method = "third_party" if third_party else order.payment_method
    return {"payment_method": method, "products": _codes(lines)}


def payment_departs_from_terms(rule: Rule, order: Order) -> Facts | None:
    """A listed product paid in one of the rule's `methods` (cash, a third party) by a
    customer (of the rule's `customer_types`, if it names them) whose own earlier orders
    (at least `min_history` within the history the order carries) were never paid that
    way: the terms of the relationship would call for something else."""
    methods = {str(m) for m in rule.params.get("methods", ("cash", "third_party"))}
    kinds = rule.params.get("customer_types")
    lines = order.listed_lines()
    method = "third_party" if order.payer_is_third_party else order.payment_method
    if not lines or method not in methods:
        return None
    if kinds is not None and order.customer.customer_type not in {str(k) for k in kinds}:
        return None
    own = [past for past in order.history if not past.linked and past.ordered_at < order.ordered_at]
    if len(own) < int(rule.params.get("min_history", 2)):
        return None
    earlier = {"third_party" if p.payer_is_third_party else p.payment_method for p in own}
    if method in earlier or "" in earlier:
        return None  # paid this way before (or not known how it was paid)
    return {
        "payment_method": method,
        "earlier_methods": sorted(earlier),
        "earlier_orders": len(own),
        "products": _codes(lines),
    }


_Item = tuple[dt.datetime, float, str, bool]  # (ordered at, quantity, customer, linked)


def _rolling_totals(past: list[_Item], window: dt.timedelta) -> list[float]:
    """Each earlier order's window total: its quantity and those of the window before it."""
    return [sum(q for t, q, _, _ in past if at - window < t <= at) for at, _, _, _ in past]


def _limit_before(
    times: list[dt.datetime], rolling: list[float], since: dt.datetime, params: Mapping[str, Any]
) -> tuple[float, int] | None:
    """The limit of a window starting at `since`: `factor` times the `percentile` of the
    rolling totals of the orders before it (at least `min_history` of them), and how many
    there are. None: too little history to judge the window."""
    count = bisect.bisect_left(times, since)
    if count < int(params.get("min_history", 5)):
        return None
    share = float(params.get("percentile", 95)) / 100
    return _percentile(rolling[:count], share) * float(params.get("factor", 2)), count


def _since_last_finding(past: list[_Item], findings: list[bool], since: dt.datetime) -> float:
    """What the first len(findings) orders of `past` placed at or after `since` add up to
    after the last of them that was a finding."""
    total = 0.0
    for (at, quantity, _, _), found in zip(past, findings, strict=False):
        if at >= since:
            total = 0.0 if found else total + quantity
    return total


GRID = 256  # cells a window's total is divided into when its chance is counted


def _rate(past: list[_Item], since: dt.datetime, window: dt.timedelta) -> tuple[float, int]:
    """How many orders of the product the group places in one window on average, from its
    orders before `since`: their count over the time from the first of them to `since`
    (at least one window). And that count."""
    base = [t for t, _, _, _ in past if t < since]
    if not base:
        return 0.0, 0
    seconds = max((since - base[0]).total_seconds(), window.total_seconds())
    return len(base) * window.total_seconds() / seconds, len(base)


def _judged_rate(
    past: list[_Item], since: dt.datetime, window: dt.timedelta, confidence: float | None
) -> float:
    """The rate a window is judged at: with `confidence`, the exact (Garwood) upper bound
    of the group's rate at that level, from the count of its orders before `since` over
    their time (`_rate`); without, the rate itself. A rate counted from five orders may
    well be twice what was seen (the bound at 0.9 is 9.3 orders), from fifty it is close
    to it (59.1): a short history gets the benefit of the doubt, a long one hardly needs
    it."""
    mean, count = _rate(past, since, window)
    if not count or confidence is None:
        return mean
    return poisson_upper_mean(count, confidence) * mean / count


def _chance_of_window(
    past: list[_Item],
    since: dt.datetime,
    total: float,
    window: dt.timedelta,
    confidence: float | None = None,
) -> float:
    """The chance that the group's own ordering puts `total` or more of the product into
    one window: orders arriving at the rate of its orders before `since` (`_rate`, or with
    `confidence` its upper bound, `_judged_rate`: a Poisson process), each of a quantity
    drawn from those orders' quantities (a compound Poisson sum,
    `chance.compound_poisson_tail`). Each quantity is rounded up to a cell of 1/GRID of
    `total`, so the chance is never understated."""
    _, count = _rate(past, since, window)
    if not count or total <= 0:
        return 1.0
    mean = _judged_rate(past, since, window, confidence)
    step = total / GRID
    cells: dict[int, float] = {}
    for t, quantity, _, _ in past:
        if t < since:
            cell = min(GRID, max(0, math.ceil(quantity / step - 1e-9)))
            cells[cell] = cells.get(cell, 0.0) + 1 / count
    return compound_poisson_tail(mean, cells, GRID)


def _confidence(params: Mapping[str, Any]) -> float | None:
    """The rule's `rate_confidence`: the level of the rate's upper bound, or None (the rate
    as counted)."""
    raw = params.get("rate_confidence")
    return None if raw is None else float(raw)


def _findings(
    past: list[_Item], rolling: list[float], window: dt.timedelta, params: Mapping[str, Any]
) -> list[bool]:
    """For each earlier order, in time order, whether it was a finding when it was placed:
    the orders of its window since the window's last finding, it included, over the limit
    of that moment (a crossing, or one order large enough to be a spike of its own), and,
    with `max_chance`, a sum the group's own ordering reaches with at most that chance (as
    `split_orders` judges it). An order placed with too little history before its window
    was not judged."""
    times = [item[0] for item in past]
    findings: list[bool] = []
    for index, (at, quantity, _, _) in enumerate(past):
        judged = _limit_before(times, rolling, at - window, params)
        fresh = quantity + _since_last_finding(past, findings, at - window)
        found = judged is not None and fresh > judged[0]
        if found and params.get("max_chance") is not None:
            confidence = _confidence(params)
            chance = _chance_of_window(past[:index], at - window, fresh, window, confidence)
            found = chance <= float(params["max_chance"])
        findings.append(found)
    return findings


def _significant(value: float) -> float:
    """`value` to two significant digits (a chance of 0.000123 is shown as 0.00012)."""
    return float(f"{value:.2g}")


def split_orders(rule: Rule, order: Order) -> Facts | None:
    """Structuring: orders of a listed product within `window_days` (this one included) by
    the customer and the customers linked to it, whose quantities *summed* cross a limit
    that this order alone stays under.

    The sum runs from the window's last finding: an earlier order of the window that was
    itself over the limit when placed (a crossing, which raised its alert, or one order
    large enough to be a spike of its own) ends the sum, so the orders that follow it are
    not a new finding until they add up to the limit again. A window that went over while
    the group had too little history to have a limit had no finding: the first order that
    can judge it fires.

    The limit is `factor` times the `percentile` of the quantities this group ordered of the
    product over any earlier window of the same length (its own rolling window totals,
    from at least `min_history` earlier orders): what one order or one week of orders
    would have to reach to be uncommon for this customer. A group with too little history
    has no such baseline; there the rule fires when at least `min_linked_customers` other
    linked customers ordered the product in the window (several companies sharing an
    address, phone or registration number, buying the same product within days), and the
    facts give the summed quantity for the reviewer.

    With `max_chance`, a crossing is a finding only when the group's own ordering (orders
    at its own rate, of its own sizes: `_chance_of_window`) puts that sum into one window
    with at most that chance. Rolling totals taken at a few orders' times rarely hold a
    week with several orders, though a customer's rate makes one likely within months:
    the chance counts those weeks too. The facts give the chance and the rate."""
    window = dt.timedelta(days=int(rule.params.get("window_days", 7)))
    min_linked = int(rule.params.get("min_linked_customers", 2))
    raw_chance = rule.params.get("max_chance")
    max_chance = None if raw_chance is None else float(raw_chance)
    since = order.ordered_at - window
    found = []
    for line in order.listed_lines():
        code = line.product_code
        past = sorted(
            (p.ordered_at, qty, p.customer_key, p.linked)
            for p in order.history
            if p.ordered_at <= order.ordered_at
            for c, qty in p.quantities
            if c == code
        )
        in_window = [item for item in past if item[0] >= since]
        total = line.quantity + sum(qty for _, qty, _, _ in in_window)
        linked = {key for _, _, key, is_linked in in_window if is_linked}
        if not in_window:
            continue
        facts: Facts = {
            "product": code,
            "orders_in_window": len(in_window) + 1,
            "total_quantity": round(total, 3),
            "this_order": round(line.quantity, 3),
            "linked_customers": len(linked),
        }
        rolling = _rolling_totals(past, window)
        judged = _limit_before([item[0] for item in past], rolling, since, rule.params)
        if judged is not None:
            limit, windows = judged
            findings = _findings(past, rolling, window, rule.params)
            fresh = line.quantity + _since_last_finding(past, findings, since)
            if line.quantity <= limit < fresh:
                judgement = {"limit": round(limit, 3), "baseline_windows": windows}
                if max_chance is not None:
                    confidence = _confidence(rule.params)
                    chance = _chance_of_window(past, since, fresh, window, confidence)
                    if chance > max_chance:
                        continue  # within what the customer's own ordering reaches
                    rate, _ = _rate(past, since, window)
                    judgement |= {
                        "chance": _significant(chance),
                        "orders_per_window": round(rate, 2),
                        "max_chance": max_chance,
                    }
                    if confidence is not None:
                        bound = _judged_rate(past, since, window, confidence)
                        judgement |= {
                            "orders_per_window_bound": round(bound, 2),
                            "rate_confidence": confidence,
                        }
                found.append({**facts, **judgement})
        elif len(linked) >= min_linked:
            before = len(past) - len(in_window)
            found.append({**facts, "limit": None, "baseline_windows": before})
    if not found:
        return None
    return {
        "window_days": window.days,
        "linked_customers": max(f["linked_customers"] for f in found),
        "products": [f["product"] for f in found],
        "lines": found,
    }


def denied_party(rule: Rule, order: Order) -> Facts | None:
    """The latest sanctions screening of the customer, or of the order's consignee or
    declared end user, has a potential match nobody cleared. The facts say which party
    matched which entry: they are for the supplier's reviewers only."""
    customer = order.customer
    matched = [p for p in order.parties if p.list_entries]
    if not customer.denied_party_matches and not matched:
        return None
    entries = list(customer.denied_party_matches)
    entries += [e for p in matched for e in p.list_entries if e not in entries]
    score = max([customer.denied_party_score, *(p.score for p in matched)])
    facts: Facts = {"list_entries": entries, "score": round(score, 2)}
    if matched:
        parties = [{"role": "customer", "list_entries": list(customer.denied_party_matches),
                    "score": round(customer.denied_party_score, 2)}] if (
            customer.denied_party_matches) else []  # fmt: skip
        parties += [
            {"role": p.role, "list_entries": list(p.list_entries), "score": round(p.score, 2)}
            for p in matched
        ]
        facts["parties"] = parties
    return facts


def delivery_point(rule: Rule, order: Order) -> Facts | None:
    """A listed product delivered to a PO box or a freight forwarder: the address holds one
    of the rule's `po_box` or `forwarder` patterns (case-insensitive, several languages)."""
    lines = order.listed_lines()
    address = " ".join(order.delivery_address.lower().split())
    if not lines or not address:
        return None
    found = {
        kind: sorted(p for p in rule.params.get(kind, ()) if str(p).lower() in address)
        for kind in ("po_box", "forwarder")
    }
    if not any(found.values()):
        return None
    return {
        "delivery_point": "po_box" if found["po_box"] else "forwarder",
        "matched": found["po_box"] or found["forwarder"],
        "products": _codes(lines),
    }


def export_licence(rule: Rule, order: Order) -> Facts | None:
    """An Australia Group listed product delivered outside the zone where it moves without
    an export authorisation (the rule's dated `licence_free` list of countries)."""
    lines = tuple(line for line in order.lines if line.ag_listed)
    supplier = order.supplier_country.upper()
    free = {str(code).upper() for code in rule.params.get("licence_free", ())}
    delivery = order.delivery_country.upper()
    if not lines or not supplier or supplier not in free or not delivery or delivery in free:
        return None
    return {
        "products": _codes(lines),
        "supplier_country": supplier,
        "delivery_country": delivery,
        "licence_free_as_of": str(rule.params.get("as_of", "")),
    }


def _percentile(values: list[float], share: float) -> float:
    """The `share` percentile by linear interpolation between the closest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def quantity_spike(rule: Rule, order: Order) -> Facts | None:
    """A listed line whose quantity is over `factor` times the `percentile` of this
    customer's own earlier quantities of the same product (at least `min_history` of them
    within the history the order carries)."""
    share = float(rule.params.get("percentile", 95)) / 100
    factor = float(rule.params.get("factor", 2))
    needed = int(rule.params.get("min_history", 5))
    spikes = []
    for line in order.listed_lines():
        earlier = [
            qty
            for past in order.history
            if not past.linked
            for code, qty in past.quantities
            if code == line.product_code and past.ordered_at < order.ordered_at
        ]
        if len(earlier) < needed:
            continue
        limit = _percentile(earlier, share) * factor
        if line.quantity > limit:
            spikes.append(
                {
                    "product": line.product_code,
                    "quantity": line.quantity,
                    "percentile": round(_percentile(earlier, share), 3),
                    "limit": round(limit, 3),
                    "history": len(earlier),
                }
            )
    return {"lines": spikes} if spikes else None


def consignee_forwarder(rule: Rule, order: Order) -> Facts | None:
    """A listed product whose named consignee is a freight forwarder: the consignee's name
    holds one of the rule's `forwarder` patterns (case-insensitive, several languages). The
    delivery address is KYC-DELIVERY-POINT's; this reads the party the goods go to."""
    lines = order.listed_lines()
    name = " ".join(order.consignee_name.casefold().split())
    if not lines or not name:
        return None
    matched = sorted(
        {str(p) for p in rule.params.get("forwarder", ()) if str(p).casefold() in name}
    )
    if not matched:
        return None
    return {"matched": matched, "products": _codes(lines)}


def trade_quantity(rule: Rule, order: Order) -> Facts | None:
    """A listed line whose quantity is over `factor` times the `percentile` of the
    quantities of the same product that the customers declaring the same trade as this one
    (of the same supplier) ordered, for a customer with fewer than `own_history_below`
    earlier orders of the product itself (with enough, PATTERN-QUANTITY-SPIKE compares it
    with its own). The peers must be at least `min_peers` customers with `min_samples`
    lines: a trade few customers declare is no baseline."""
    share = float(rule.params.get("percentile", 95)) / 100
    factor = float(rule.params.get("factor", 2))
    below = int(rule.params.get("own_history_below", 1))
    min_peers = int(rule.params.get("min_peers", 5))
    min_samples = int(rule.params.get("min_samples", 20))
    peers = {p.product_code: p for p in order.trade_peers}
    found = []
    for line in order.listed_lines():
        own = sum(
            1
            for past in order.history
            if not past.linked and past.ordered_at < order.ordered_at
            for code, _ in past.quantities
            if code == line.product_code
        )
        group = peers.get(line.product_code)
        if own >= below or group is None:
            continue
        if group.customers < min_peers or len(group.quantities) < min_samples:
            continue
        value = _percentile(list(group.quantities), share)
        if line.quantity > value * factor:
            found.append(
                {
                    "product": line.product_code,
                    "quantity": line.quantity,
                    "percentile": round(value, 3),
                    "limit": round(value * factor, 3),
                    "peer_customers": group.customers,
                    "peer_orders": len(group.quantities),
                    "own_history": own,
                }
            )
    return {"lines": found} if found else None


CHECKS: dict[str, Check] = {
    "restricted_to_general_public": restricted_to_general_public,
    "identity_not_verified": identity_not_verified,
    "statement_missing": statement_missing,
    "indicator": indicator,
    "cwc_transfer": cwc_transfer,
    "cwc_destination_unknown": cwc_destination_unknown,
    "new_customer": new_customer,
    "delivery_country_differs": delivery_country_differs,
    "unusual_payment": unusual_payment,
    "payment_departs_from_terms": payment_departs_from_terms,
    "split_orders": split_orders,
    "denied_party": denied_party,
    "delivery_point": delivery_point,
    "export_licence": export_licence,
    "quantity_spike": quantity_spike,
    "consignee_forwarder": consignee_forwarder,
    "trade_quantity": trade_quantity,
}
