"""An alert's facts as sentences in the reader's language.

The rule engine keeps, with each breach, the facts that triggered it as codes and numbers
(chemsec/supplychain/engine/checks.py: product codes, an indicator's code, a payment method,
quantities, ISO dates, country codes), never as text. This module turns them into sentences
at render time: one message per check, with named placeholders (gettext), numbers and dates
in the reader's locale (Django's formats), lists joined as the locale joins them and
countries named from CLDR (Babel), codes of the supply chain's vocabularies by their labels.

A check this module does not know, or facts that do not have the shape of its check (a
newer or older engine), give `None`: the page then shows the facts as recorded, marked as
such, rather than a sentence that might say something else.

`fact_html` gives the same sentences for a page: in the page's language and direction, with
only the codes and typed values in them (product codes, list entries, matched address
words, a country shown by its code) isolated in `<bdi>`, so an Arabic sentence that starts
with a product code still reads right to left; everything else is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.core import UnknownLocaleError
from babel.lists import format_list
from django.utils import formats
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _gettext
from django.utils.translation import ngettext as _ngettext

from chemsec.core.dates import local_date
from chemsec.lib.worldmap import country_name, user_assigned
from chemsec.supplychain.choices import Indicator, PaymentMethod, StatementKind

Writer = Callable[[Mapping[str, Any]], list[str]]


class _Unfit(ValueError):
    """Facts that do not have the shape this check writes."""


# --- Plain text or HTML: the same writers serve both. ---

_HTML: ContextVar[bool] = ContextVar("fact_texts_html", default=False)


class _Message(str):
    """A translated message; `%` fills it as text, or, while HTML is written, escapes the
    message and every value that is not already safe (the isolated codes) and returns safe
    HTML."""

    def __mod__(self, values: Any) -> str:
        if not _HTML.get():
            return str.__mod__(str(self), values)
        escaped = {key: conditional_escape(value) for key, value in dict(values).items()}
        return mark_safe(str.__mod__(str(escape(str(self))), escaped))  # noqa: S308


def _(message: str) -> _Message:
    return _Message(_gettext(message))


def ngettext(singular: str, plural: str, number: int) -> _Message:
    return _Message(_ngettext(singular, plural, number))


def _code(value: Any) -> str:
    """A code (a product's, a country's): isolated left to right in HTML."""
    if _HTML.get():
        return format_html('<bdi class="code-id">{}</bdi>', str(value))
    return str(value)


def _typed(value: Any) -> str:
    """Typed or listed text (a list entry's name, matched address words): isolated in HTML,
    its direction its own."""
    if _HTML.get():
        return format_html("<bdi>{}</bdi>", str(value))
    return str(value)


# --- Values in the reader's locale. ---


def _number(value: Any) -> str:
    """A quantity, score or count as the locale writes it (decimal mark, grouping); no
    trailing zeros."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise _Unfit(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise _Unfit(value) from error
    if not number.is_finite():
        raise _Unfit(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def quantity_text(value: Any) -> str:
    """A quantity for a page (`{{ value|sc_quantity }}`): grouped in the reader's locale,
    without trailing zeros (12345.500 -> "12,345.5"); a value that is not a finite number is
    shown as it is, never dropped."""
    try:
        return _number(value)
    except _Unfit:
        return "" if value is None else str(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unfit(value)
    return value


def _date(value: Any) -> str:
    """An ISO date (YYYY-MM-DD) in the locale's date format."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise _Unfit(value) from error
    return local_date(day)


def _list(items: Iterable[Any]) -> str:
    """Items joined as the reader's language joins a list ("A, B and C")."""
    html = _HTML.get()
    values = [str(conditional_escape(item)) if html else str(item) for item in items]
    if not values:
        raise _Unfit(values)
    try:
        joined = str(format_list(values, locale=to_locale(get_language() or "en")))
    except (UnknownLocaleError, ValueError):
        joined = ", ".join(values)
    # CLDR's list patterns are words and punctuation; the items were escaped above.
    return mark_safe(joined) if html else joined  # noqa: S308


def _country(code: Any) -> str:
    code = str(code).strip().upper()
    if not code:
        raise _Unfit(code)
    name = country_name(code, get_language() or "en")
    # A user-assigned code this installation gives no name is shown as a code.
    return _code(code) if user_assigned(code) and name == code else name


def _label(choices: Any, code: Any) -> str:
    labels = dict(choices.choices)
    if str(code) in labels:
        return str(labels[str(code)])
    return _code(code)


def _payment(code: Any) -> str:
    return _label(PaymentMethod, code)


def _products(facts: Mapping[str, Any]) -> str:
    products = facts["products"]
    if not isinstance(products, list):
        raise _Unfit(products)
    return _list(_code(product) for product in products)


# --- One writer per check of chemsec/supplychain/engine/checks.py. ---


def _restricted_to_general_public(facts: Mapping[str, Any]) -> list[str]:
    values = {"products": _products(facts)}
    if facts.get("entries"):
        values["entries"] = _list(_code(entry) for entry in facts["entries"])
        return [
            _(
                "Ordered by a member of the general public: %(products)s, with a restricted "
                "explosives precursor above its limit value (%(entries)s)."
            )
            % values
        ]
    return [
        _(
            "Ordered by a member of the general public: %(products)s, with a restricted "
            "explosives precursor above its limit value."
        )
        % values
    ]


def _identity_not_verified(facts: Mapping[str, Any]) -> list[str]:
    products = _products(facts)
    days = _count(facts["max_age_days"])
    first: str
    if facts.get("identity_checked_on") is None:
        first = _("No check of the customer's identity is on record.")
    else:
        first = ngettext(
            "The customer's identity was last checked on %(date)s, not within the "
            "%(days)s day before the order.",
            "The customer's identity was last checked on %(date)s, not within the "
            "%(days)s days before the order.",
            days,
        ) % {"date": _date(facts["identity_checked_on"]), "days": _number(days)}
    return [first, _("Restricted products: %(products)s.") % {"products": products}]


def _statement_missing(facts: Mapping[str, Any]) -> list[str]:
    products = _products(facts)
    on_file = _count(facts["on_file"])
    sentences = [
        _("No document of this kind is valid on the day of the order: %(statement)s.")
        % {"statement": _label(StatementKind, facts["statement_kind"])}
    ]
    if on_file == 0:
        sentences.append(_("There is none on file."))
    elif facts.get("latest_expiry"):
        sentences.append(
            ngettext(
                "%(count)s is on file; the latest validity ends on %(date)s.",
                "%(count)s are on file; the latest validity ends on %(date)s.",
                on_file,
            )
            % {"count": _number(on_file), "date": _date(facts["latest_expiry"])}
        )
    else:
        sentences.append(
            ngettext(
                "%(count)s is on file, not valid on that day.",
                "%(count)s are on file, none valid on that day.",
                on_file,
            )
            % {"count": _number(on_file)}
        )
    sentences.append(_("Products: %(products)s.") % {"products": products})
    return sentences


def _indicator(facts: Mapping[str, Any]) -> list[str]:
    code = str(facts["indicator"])
    if code not in Indicator.values:
        raise _Unfit(code)
    return [
        _("Staff recorded: %(indicator)s.") % {"indicator": Indicator(code).label},
        _("Listed products: %(products)s.") % {"products": _products(facts)},
    ]


def _cwc_transfer(facts: Mapping[str, Any]) -> list[str]:
    values = {
        "products": _products(facts),
        "schedule": str(facts["schedule"]),
        "country": _country(facts["delivery_country"]),
    }
    if facts.get("states_not_party_as_of"):
        values["date"] = _date(facts["states_not_party_as_of"])
        return [
            _(
                "%(products)s: CWC Schedule %(schedule)s, for delivery to %(country)s, a State "
                "not Party to the Convention on the list of %(date)s."
            )
            % values
        ]
    return [
        _(
            "%(products)s: CWC Schedule %(schedule)s, for delivery to %(country)s, a State not "
            "Party to the Convention."
        )
        % values
    ]


def _cwc_destination_unknown(facts: Mapping[str, Any]) -> list[str]:
    schedules = facts["schedules"]
    if not isinstance(schedules, list):
        raise _Unfit(schedules)
    values = {"products": _products(facts), "schedules": _list(str(n) for n in schedules)}
    if not str(facts.get("delivery_country") or "").strip():
        return [
            _(
                "%(products)s: CWC Schedule %(schedules)s, with no delivery country: the "
                "rules cannot say it goes to a State Party."
            )
            % values
        ]
    values["country"] = _country(facts["delivery_country"])
    values["date"] = _date(facts["states_parties_as_of"])
    return [
        _(
            "%(products)s: CWC Schedule %(schedules)s, for delivery to %(country)s, which the "
            "rules' list of %(date)s knows neither as a State Party nor as a State not Party."
        )
        % values
    ]


def _new_customer(facts: Mapping[str, Any]) -> list[str]:
    prior = _count(facts["prior_orders"])
    products = _products(facts)
    if prior == 0:
        return [
            _("The customer's first order, with listed products: %(products)s.")
            % {"products": products}
        ]
    return [
        ngettext(
            "The customer placed %(count)s order before this one, with listed products: "
            "%(products)s.",
            "The customer placed %(count)s orders before this one, with listed products: "
            "%(products)s.",
            prior,
        )
        % {"count": _number(prior), "products": products}
    ]


def _delivery_country_differs(facts: Mapping[str, Any]) -> list[str]:
    return [
        _("Delivery to %(delivery)s; the customer's billing country is %(billing)s.")
        % {
            "delivery": _country(facts["delivery_country"]),
            "billing": _country(facts["billing_country"]),
        },
        _("Listed products: %(products)s.") % {"products": _products(facts)},
    ]


def _unusual_payment(facts: Mapping[str, Any]) -> list[str]:
    return [
        _("Payment: %(payment)s.") % {"payment": _payment(facts["payment_method"])},
        _("Listed products: %(products)s.") % {"products": _products(facts)},
    ]


def _payment_departs_from_terms(facts: Mapping[str, Any]) -> list[str]:
    count = _count(facts["earlier_orders"])
    earlier = facts["earlier_methods"]
    if not isinstance(earlier, list):
        raise _Unfit(earlier)
    return [
        ngettext(
            "Payment: %(payment)s, while the customer's %(count)s earlier order was paid "
            "otherwise (%(earlier)s).",
            "Payment: %(payment)s, while the customer's %(count)s earlier orders were paid "
            "otherwise (%(earlier)s).",
            count,
        )
        % {
            "payment": _payment(facts["payment_method"]),
            "count": _number(count),
            "earlier": _list(_payment(method) for method in earlier),
        },
        _("Listed products: %(products)s.") % {"products": _products(facts)},
    ]


def _split_chance(line: Mapping[str, Any]) -> str:
    """How uncommon the window's total is for the customer's own ordering (version 6 on):
    the chance, the rate it was judged at (with a confidence level, the upper bound of the
    rate as well as the rate counted) and the rule's threshold."""
    values = {
        "rate": _number(line["orders_per_window"]),
        "chance": _number(line["chance"]),
        "max": _number(line["max_chance"]),
    }
    if line.get("orders_per_window_bound") is None:
        return (
            _(
                "At this customer's own rate (%(rate)s orders of the product in seven days on "
                "average) and with its own order sizes, its ordering puts this total into one "
                "window with a chance of %(chance)s; the rule finds %(max)s or less uncommon."
            )
            % values
        )
    _number(line["rate_confidence"])  # refuses what is no number
    level = Decimal(str(line["rate_confidence"])) * 100
    return _(
        "Even at %(bound)s orders of the product in seven days (the upper %(level)s%% "
        "confidence bound of this customer's rate, counted as %(rate)s) and with its own "
        "order sizes, its ordering puts this total into one window with a chance of only "
        "%(chance)s; the rule finds %(max)s or less uncommon."
    ) % {**values, "bound": _number(line["orders_per_window_bound"]), "level": _number(level)}


def _split_orders(facts: Mapping[str, Any]) -> list[str]:
    days = _count(facts["window_days"])
    lines = facts["lines"]
    if not isinstance(lines, list) or not lines:
        raise _Unfit(lines)
    sentences = []
    for line in lines:
        orders = _count(line["orders_in_window"])
        values = {
            "product": _code(line["product"]),
            "count": _number(orders),
            "days": _number(days),
            "total": _number(line["total_quantity"]),
            "this": _number(line["this_order"]),
        }
        sentences.append(
            ngettext(
                "%(product)s: %(count)s order within %(days)s days, %(total)s in all "
                "(this order: %(this)s).",
                "%(product)s: %(count)s orders within %(days)s days, %(total)s in all "
                "(this order: %(this)s).",
                orders,
            )
            % values
        )
        if line.get("limit") is not None:
            sentences.append(
                _(
                    "The total crosses %(limit)s, the limit set from this customer's own "
                    "earlier windows; this order alone stays under it."
                )
                % {"limit": _number(line["limit"])}
            )
            if line.get("chance") is not None and line.get("max_chance") is not None:
                sentences.append(_split_chance(line))
            elif line.get("chance") is not None:  # version 5 stored no threshold
                sentences.append(
                    _(
                        "At this customer's own rate (%(rate)s orders of the product in seven "
                        "days on average) and with its own order sizes, its ordering puts this "
                        "total into one window with a chance of %(chance)s."
                    )
                    % {
                        "rate": _number(line["orders_per_window"]),
                        "chance": _number(line["chance"]),
                    }
                )
        else:
            sentences.append(
                _(
                    "Too little history for a limit of this customer's own; customers linked "
                    "to it ordered the product in the same window."
                )
            )
        linked = _count(line["linked_customers"])
        if linked:
            sentences.append(
                ngettext(
                    "The orders include those of %(count)s linked customer (same "
                    "registration number, phone or delivery address).",
                    "The orders include those of %(count)s linked customers (same "
                    "registration number, phone or delivery address).",
                    linked,
                )
                % {"count": _number(linked)}
            )
    return sentences


def _denied_party(facts: Mapping[str, Any]) -> list[str]:
    roles = {
        "customer": _("Customer"),
        "consignee": _("Consignee"),
        "end_user": _("Declared end user"),
    }
    parties = facts.get("parties") or [
        {"role": "customer", "list_entries": facts["list_entries"], "score": facts["score"]}
    ]
    sentences = []
    for party in parties:
        role = str(party["role"])
        if role not in roles:
            raise _Unfit(role)
        sentences.append(
            _("%(party)s: a possible match with %(entries)s (score %(score)s).")
            % {
                "party": roles[role],
                "entries": _list(_typed(entry) for entry in party["list_entries"]),
                "score": _number(party["score"]),
            }
        )
    return sentences


def _delivery_point(facts: Mapping[str, Any]) -> list[str]:
    values = {"matched": _list(_typed(word) for word in facts["matched"])}
    kind = facts["delivery_point"]
    if kind == "po_box":
        first = _("The delivery address names a post-office box (%(matched)s).") % values
    elif kind == "forwarder":
        first = _("The delivery address names a freight forwarder (%(matched)s).") % values
    else:
        raise _Unfit(kind)
    return [first, _("Listed products: %(products)s.") % {"products": _products(facts)}]


def _export_licence(facts: Mapping[str, Any]) -> list[str]:
    values = {
        "products": _products(facts),
        "supplier": _country(facts["supplier_country"]),
        "delivery": _country(facts["delivery_country"]),
    }
    if facts.get("licence_free_as_of"):
        values["date"] = _date(facts["licence_free_as_of"])
        return [
            _(
                "%(products)s (Australia Group list): from %(supplier)s to %(delivery)s, "
                "outside the zone free of export licences as of %(date)s."
            )
            % values
        ]
    return [
        _(
            "%(products)s (Australia Group list): from %(supplier)s to %(delivery)s, outside "
            "the zone free of export licences."
        )
        % values
    ]


def _quantity_spike(facts: Mapping[str, Any]) -> list[str]:
    lines = facts["lines"]
    if not isinstance(lines, list) or not lines:
        raise _Unfit(lines)
    sentences = []
    for line in lines:
        history = _count(line["history"])
        sentences.append(
            ngettext(
                "%(product)s: %(quantity)s ordered, over the limit of %(limit)s set from "
                "the customer's %(count)s earlier order of it (percentile value "
                "%(percentile)s).",
                "%(product)s: %(quantity)s ordered, over the limit of %(limit)s set from "
                "the customer's %(count)s earlier orders of it (percentile value "
                "%(percentile)s).",
                history,
            )
            % {
                "product": _code(line["product"]),
                "quantity": _number(line["quantity"]),
                "limit": _number(line["limit"]),
                "count": _number(history),
                "percentile": _number(line["percentile"]),
            }
        )
    return sentences


def _consignee_forwarder(facts: Mapping[str, Any]) -> list[str]:
    return [
        _("The consignee is named as a freight forwarder (%(matched)s).")
        % {"matched": _list(_typed(word) for word in facts["matched"])},
        _("Listed products: %(products)s.") % {"products": _products(facts)},
    ]


def _trade_quantity(facts: Mapping[str, Any]) -> list[str]:
    lines = facts["lines"]
    if not isinstance(lines, list) or not lines:
        raise _Unfit(lines)
    sentences = []
    for line in lines:
        peers = _count(line["peer_customers"])
        sentences.append(
            ngettext(
                "%(product)s: %(quantity)s ordered, over the limit of %(limit)s set from "
                "%(orders)s orders of it by %(peers)s other customer of the same declared "
                "trade (percentile value %(percentile)s).",
                "%(product)s: %(quantity)s ordered, over the limit of %(limit)s set from "
                "%(orders)s orders of it by %(peers)s other customers of the same declared "
                "trade (percentile value %(percentile)s).",
                peers,
            )
            % {
                "product": _code(line["product"]),
                "quantity": _number(line["quantity"]),
                "limit": _number(line["limit"]),
                "orders": _number(_count(line["peer_orders"])),
                "peers": _number(peers),
                "percentile": _number(line["percentile"]),
            }
        )
        own = _count(line["own_history"])
        sentences.append(
            ngettext(
                "The customer's own history: %(count)s earlier order of it.",
                "The customer's own history: %(count)s earlier orders of it.",
                own,
            )
            % {"count": _number(own)}
        )
    return sentences


WRITERS: dict[str, Writer] = {
    "restricted_to_general_public": _restricted_to_general_public,
    "identity_not_verified": _identity_not_verified,
    "statement_missing": _statement_missing,
    "indicator": _indicator,
    "cwc_transfer": _cwc_transfer,
    "cwc_destination_unknown": _cwc_destination_unknown,
    "new_customer": _new_customer,
    "delivery_country_differs": _delivery_country_differs,
    "unusual_payment": _unusual_payment,
    "payment_departs_from_terms": _payment_departs_from_terms,
    "split_orders": _split_orders,
    "denied_party": _denied_party,
    "delivery_point": _delivery_point,
    "export_licence": _export_licence,
    "quantity_spike": _quantity_spike,
    "consignee_forwarder": _consignee_forwarder,
    "trade_quantity": _trade_quantity,
}


def fact_sentences(check: str | None, facts: Any) -> list[str] | None:
    """The facts of a breach of a rule running `check`, as sentences in the active
    language; None when the check is unknown or the facts do not fit it."""
    writer = WRITERS.get(check or "")
    if writer is None or not isinstance(facts, Mapping):
        return None
    try:
        return writer(facts)
    except (_Unfit, KeyError, TypeError, ValueError):
        return None


def fact_html(check: str | None, facts: Any) -> list[str] | None:
    """`fact_sentences` for a page: safe HTML, codes and typed values isolated in `<bdi>`
    (the sentence itself takes the page's direction)."""
    token = _HTML.set(True)
    try:
        sentences = fact_sentences(check, facts)
    finally:
        _HTML.reset(token)
    # A filled message is already safe; a message without placeholders is escaped here.
    return None if sentences is None else [conditional_escape(s) for s in sentences]
