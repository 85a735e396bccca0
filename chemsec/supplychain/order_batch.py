"""Orders recorded a chunk at a time (the order import's job): the decisions, alerts, cases
and audit entries that recording each order through `services.orders.order_record` gives,
in a few queries per chunk instead of some thirty per order.

For a chunk of orders, in the file's order:

1. the policy is asked for the chunk's distinct customers (`order.create`, as
   `order_record`; `require_each`: one `visible_to` query for them when the rule is the
   usual object rule, `require` for any it refuses), with the person's memberships read
   once for the chunk (`policy.keep_memberships`, as a request keeps them);
2. the facts are read for the whole chunk at once: the customers' verification records,
   latest sanctions screening and snoozes, with the count of their orders older than the
   chunk's earliest order less the history window; their orders and those of their linked
   customers from then on are kept from one chunk to the next (`Windows`: read once,
   checked against the database by one count per chunk, the older ones forgotten); the
   linked customers are asked once per customer for the whole import (`Links`), again
   when customers change; the customers linked by a payment account are kept likewise;
3. each order's facts are built in memory, adding the orders of the chunk already decided,
   so that the split-order and quantity rules see what they would see order by order; the
   consignee and end user are screened per order as `order_record` screens them, and a
   declared trade's peers are read per order when the rules need them (the query of
   trade_peers.py, with the chunk's decided orders added);
4. `engine.evaluate` decides, unchanged;
5. the orders and their lines are written by `write_create_many` as the user in one run
   per model, then the new cases and the alerts as the system (a customer's open case is
   looked up once; a case opened by an order is reused by the next ones of the chunk),
   with what the chunk read passed as `known` and `new_keys` (as `order_record` does).

The audit entries are those of the order-by-order path, one per object with the same
actor and changes; within a chunk they come in another order (the chunk's orders, then
their lines, then its cases and alerts), because one batched write takes one actor and
inserts one model at a time.

An order the per-order path would refuse before writing (its lines, its own values, a
value error) is refused here too, alone (its result is the exception). A refusal while
writing (the database) is raised: the caller undoes the chunk and records it order by
order (services/imports.py), so such a refusal still stops only its order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.models import Membership, User
from chemsec.core.policy import RULES, SYSTEM, Actor, ObjectMay, keep_memberships, require, sees
from chemsec.core.querysets import OwnedQuerySet
from chemsec.core.writes import write_create_many
from chemsec.sanctions.models import Screening, ScreeningStatus
from chemsec.supplychain import engine
from chemsec.supplychain.choices import (
    OPEN_CASE_STATUSES,
    Channel,
    Indicator,
    OrderOutcome,
    RecordKind,
)
from chemsec.supplychain.decision import engine_order, line_facts, rulebook
from chemsec.supplychain.history import _COLUMNS as HISTORY_COLUMNS
from chemsec.supplychain.history import HISTORY_DAYS, linked_customers
from chemsec.supplychain.models import (
    Alert,
    Case,
    Customer,
    Order,
    OrderLine,
    Product,
    RuleSnooze,
    VerificationRecord,
)
from chemsec.supplychain.payment_links import account_fields
from chemsec.supplychain.services.orders import LineInput, _check_lines
from chemsec.supplychain.services.sanctions import (
    SUBJECT_TYPE,
    order_parties_screen,
    sanctions_summary,
)
from chemsec.supplychain.trade_peers import (
    MAX_LINES,
    StoredLine,
    codes_needing_peers,
    own_history_below,
    peers_from_rows,
    stored_line,
    stored_peer_lines,
)

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
SHARED_MAX = 100_000  # values remembered for sharing (_Shared)
_ID_BITS = 128  # an order's id (a UUID) as a number, below its time in its key
_ID_MAX = (1 << _ID_BITS) - 1
_NOT_SCREENED: dict[str, Any] = {"potential": False, "entries": [], "top_score": 0.0}
# A line of the chunk decided so far, for its trade's peers: (time, customer, the line as
# `trade_peers.stored_peer_lines` reads lines).
_ChunkLine = tuple[dt.datetime, Any, StoredLine]


# Values per `IN (...)` of a chunk's reads: a chunk's customers may be more than SQLite's
# smallest limit on a query's parameters (999) allows in one list.
IN_LIMIT = 900


def _newest(line: StoredLine) -> tuple[Any, Any]:
    return line[0], line[1]


def _slices(values: list[Any], size: int | None = None) -> Iterable[list[Any]]:
    """The values in lists of at most `IN_LIMIT` (none when there are none)."""
    size = size or IN_LIMIT
    return (values[start : start + size] for start in range(0, len(values), size))


@dataclass(frozen=True)
class OrderInput:
    """One order to record: `order_record`'s arguments."""

    customer: Customer
    lines: list[LineInput]
    payment_method: str
    delivery_country: str = ""
    channel: str = Channel.COUNTER
    delivery_address: str = ""
    payer_name: str = ""
    payment_account: str = ""
    consignee_name: str = ""
    consignee_country: str = ""
    end_user_name: str = ""
    end_user_country: str = ""
    indicators: list[str] = field(default_factory=list)
    observations: str = ""
    outcome: str = OrderOutcome.PENDING
    reference: str = ""
    ordered_at: dt.datetime | None = None


Recorded = tuple[Order, engine.Evaluation] | Exception


def _micros(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


class _Orders:
    """A customer's orders from a moment on, newest first and by id (as history() reads
    them), with the orders of the chunks added as they are decided. Each order is kept
    once, as the engine reads it for its own customer (`linked=False`); its view as a
    linked customer's order is made when first asked and kept beside it."""

    __slots__ = ("_linked", "items", "keys", "owner")

    def __init__(self, owner: str) -> None:
        self.owner = owner  # str(customer id): the engine's customer_key of every order
        # (-microseconds of ordered_at) * 2**128 + the id as a number: newest first, then
        # by id, as the database orders them by ("-ordered_at", "pk"), in one int each.
        self.keys: list[int] = []
        self.items: list[engine.PastOrder] = []
        self._linked: dict[int, engine.PastOrder] = {}

    def add(self, key: int, past: engine.PastOrder) -> None:
        at = bisect.bisect_left(self.keys, key)
        self.keys.insert(at, key)
        self.items.insert(at, past)

    def _span(self, since: dt.datetime, when: dt.datetime) -> tuple[int, int]:
        start = bisect.bisect_left(self.keys, -_micros(when) << _ID_BITS)
        end = bisect.bisect_right(self.keys, (-_micros(since) << _ID_BITS) + _ID_MAX)
        return start, end

    def window(self, since: dt.datetime, when: dt.datetime) -> list[tuple[int, engine.PastOrder]]:
        """The orders from `since` to `when` (both included), each with its key."""
        start, end = self._span(since, when)
        return list(zip(self.keys[start:end], self.items[start:end], strict=True))

    def linked(self, key: int, past: engine.PastOrder) -> engine.PastOrder:
        """The order as another customer's history reads it (`linked=True`)."""
        found = self._linked.get(key)
        if found is None:
            found = self._linked[key] = replace(past, linked=True)
        return found

    def between(self, since: dt.datetime, when: dt.datetime) -> int:
        """How many of these orders are from `since` (included) to `when` (excluded)."""
        end = bisect.bisect_right(self.keys, (-_micros(since) << _ID_BITS) + _ID_MAX)
        return end - bisect.bisect_left(self.keys, (-_micros(when) + 1) << _ID_BITS)

    def newest(self) -> int | None:
        """The newest order's time in microseconds, None when there is none."""
        return -(self.keys[0] >> _ID_BITS) if self.keys else None

    def drop_before(self, since: dt.datetime) -> None:
        """Forget the orders earlier than `since` (no rule looks back so far any more)."""
        end = bisect.bisect_right(self.keys, (-_micros(since) << _ID_BITS) + _ID_MAX)
        if end < len(self.keys):
            for key in self.keys[end:]:
                self._linked.pop(key, None)
            del self.keys[end:], self.items[end:]


def _key(ordered_at: dt.datetime, pk: uuid.UUID) -> int:
    return (-_micros(ordered_at) << _ID_BITS) + pk.int


class _Shared:
    """One object for equal values of the orders kept (times, payment methods, product
    codes, quantities): the orders of a file repeat many of them, so memory holds each
    once. At most `SHARED_MAX` values are remembered (times to the microsecond may all
    differ): past it, sharing starts again from none."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        if len(self._values) >= SHARED_MAX:
            self._values.clear()
        return self._values.setdefault(value, value)

    def clear(self) -> None:
        self._values.clear()


class Windows:
    """Each customer's orders within the rules' longest look-back (`HISTORY_DAYS` before
    the chunk's earliest order) and after it, kept from one chunk of an import to the
    next instead of read again by every chunk (which read each customer's whole window
    once per chunk it appeared in: the cost per order grew with the orders recorded).

    A customer's orders are held complete from a moment on (`_from`): a chunk that needs
    earlier ones reads the customer's window again. Orders older than the current chunk's
    look-back are forgotten after each chunk, so memory holds at most one window per
    customer. What others wrote meanwhile is found by one query per chunk: the number of
    orders of the chunk's customers (and of those linked to them) from the look-back on,
    and the newest one's time, read from the (customer, ordered_at) index and compared
    with what is held; a customer that differs is read again. A change of the products'
    screening (their codes or listed flags, which the kept orders carry) forgets
    everything. The orders a chunk decides are added as they are decided; if the chunk
    then fails, its customers are forgotten (the database undid their orders)."""

    def __init__(self) -> None:
        self._held: dict[Any, _Orders] = {}
        self._from: dict[Any, dt.datetime] = {}
        self._products: tuple[Any, ...] | None = None
        self.shared = _Shared()
        # The organisations' payment accounts: who paid from each (`by_account`), what
        # each customer paid from (`own_accounts`), and how many orders name one.
        self._accounts: tuple[Any, ...] | None = None
        self._keyed = 0
        self.own_accounts: dict[Any, set[str]] = defaultdict(set)
        self.by_account: dict[str, set[Any]] = defaultdict(set)

    def forget(self, ids: Iterable[Any] | None = None) -> None:
        """Forget these customers' orders, or everything (then read again when needed)."""
        if ids is None:
            self._held, self._from = {}, {}
            self._accounts = None
            self.shared.clear()
            return
        for pk in ids:
            self._held.pop(pk, None)
            self._from.pop(pk, None)

    def accounts(self, organisations: list[str]) -> tuple[dict[Any, set[str]], dict[str, set[Any]]]:
        """Each customer's payment accounts and each account's payers in the
        organisations: what `payment_links.account_linked_ids` asks per order. Read again
        when the number of orders naming an account is not the number read and added
        since (one count from the (organisation, account) index per chunk)."""
        keyed = Order.objects.filter(
            organisation_id__in=organisations, payment_account_key__gt=""
        ).count()
        if self._accounts != tuple(organisations) or keyed != self._keyed:
            self.own_accounts, self.by_account = defaultdict(set), defaultdict(set)
            for owner, key in (
                Order.objects.filter(organisation_id__in=organisations, payment_account_key__gt="")
                .order_by()
                .values_list("customer_id", "payment_account_key")
                .distinct()
            ):
                self.own_accounts[owner].add(key)
                self.by_account[key].add(owner)
            self._accounts, self._keyed = tuple(organisations), keyed
        return self.own_accounts, self.by_account

    def add_account(self, owner: Any, key: str) -> None:
        """A decided order of `owner` paid from the account `key`."""
        self.own_accounts[owner].add(key)
        self.by_account[key].add(owner)
        self._keyed += 1

    def held(self) -> int:
        """How many orders are kept (for the benchmark's and tests' view of memory)."""
        return sum(len(orders.keys) for orders in self._held.values())

    def prepare(
        self, ids: list[Any], since: dt.datetime, organisations: list[str]
    ) -> dict[Any, _Orders]:
        """The orders of these customers from `since` on, as the database holds them now
        (and the chunk's orders added later), for a chunk whose look-back starts at
        `since`; the other customers' orders earlier than `since` are forgotten."""
        stamp = tuple(
            Product.objects.filter(organisation_id__in=organisations)
            .aggregate(changed=Max("updated_at"), count=Count("pk"))
            .values()
        )
        if stamp != self._products:
            self.forget()
            self._products = stamp
        for pk, start in list(self._from.items()):
            if start < since:
                self._held[pk].drop_before(since)
                self._from[pk] = since
                if not self._held[pk].keys:
                    self.forget([pk])
        stale = [pk for pk in ids if pk not in self._from or self._from[pk] > since]
        kept = [pk for pk in ids if pk in self._from and self._from[pk] <= since]
        stale += self._changed(kept, since)
        self.forget(stale)
        for part in _slices(stale):  # a customer's orders in one query
            self._read(part, since)
        for pk in stale:
            self._held.setdefault(pk, _Orders(str(pk)))
            self._from[pk] = since
        return {pk: self._held[pk] for pk in ids}

    def _changed(self, ids: list[Any], since: dt.datetime) -> list[Any]:
        """The customers whose orders from `since` on, in the database, are not those held:
        another count or another newest time (another writer's orders, or one undone).
        An edit of an older order cannot slip past: the columns the rules read (time,
        payment, payer, lines) are changed by no service once an order is recorded (only its
        `outcome`, which no rule reads), and products are stamped in `prepare`."""
        found: dict[Any, tuple[int, int | None]] = {}
        for part in _slices(ids):
            for owner, count, newest in (
                Order.objects.filter(customer_id__in=part, ordered_at__gte=since)
                .order_by()
                .values("customer_id")
                .annotate(n=Count("*"), newest=Max("ordered_at"))
                .values_list("customer_id", "n", "newest")
            ):
                found[owner] = (count, _micros(newest))
        return [
            pk
            for pk in ids
            if found.get(pk, (0, None)) != (len(self._held[pk].keys), self._held[pk].newest())
        ]

    def _read(self, ids: list[Any], since: dt.datetime) -> None:
        rows = (
            Order.objects.filter(customer__in=ids, ordered_at__gte=since)
            .order_by("pk", "lines__created_at", "lines__pk")
            .values_list(*HISTORY_COLUMNS)
        )
        current: tuple[Any, ...] | None = None
        lines: list[tuple[str, float]] = []
        for row in rows.iterator(chunk_size=5000):
            if current is None or current[0] != row[0]:
                if current is not None:
                    self._keep(current, lines)
                current, lines = row, []
            code, listed, quantity = row[5:]
            if code is not None and listed:
                lines.append((code, float(quantity)))
        if current is not None:
            self._keep(current, lines)

    def _keep(self, row: tuple[Any, ...], lines: list[tuple[str, float]]) -> None:
        pk, ordered_at, owner, payment, payer = row[:5]
        self.add(owner, pk, ordered_at, payment, bool(payer), lines)

    def add(
        self,
        owner: Any,
        pk: uuid.UUID,
        ordered_at: dt.datetime,
        payment: str,
        third: bool,
        lines: list[tuple[str, float]],
    ) -> None:
        """An order of `owner`, read or decided, as the engine reads it."""
        orders = self._held.get(owner)
        if orders is None:
            orders = self._held[owner] = _Orders(str(owner))
        share = self.shared
        quantities = share(tuple((share(code), quantity) for code, quantity in lines))
        past = engine.PastOrder(
            ordered_at=share(ordered_at),
            customer_key=orders.owner,
            product_codes=share(tuple(code for code, _ in quantities)),
            linked=False,
            quantities=quantities,
            payment_method=share(payment),
            payer_is_third_party=third,
        )
        orders.add(_key(ordered_at, pk), past)


class Links:
    """Each customer's linked customers (`history.linked_customers`, the rule's own query),
    asked once per customer for a run of chunks (an import) instead of once per order, and
    asked afresh whenever a customer of the organisation was written since (the latest
    change and the number of its customers, read once per chunk)."""

    def __init__(self) -> None:
        self._stamp: tuple[Any, ...] | None = None
        self._found: dict[Any, list[Any]] = {}

    def of(self, customers: list[Customer]) -> dict[Any, list[Any]]:
        organisations = sorted({str(c.organisation_id) for c in customers})
        stamp = tuple(
            Customer.objects.filter(organisation_id__in=organisations)
            .aggregate(changed=Max("updated_at"), count=Count("pk"))
            .values()
        )
        if stamp != self._stamp:
            self._stamp, self._found = stamp, {}
        for customer in customers:
            if customer.pk not in self._found:
                rows = Customer.objects.filter(linked_customers(customer)).values_list("pk")
                self._found[customer.pk] = [pk for (pk,) in rows]
        return {c.pk: self._found[c.pk] for c in customers if self._found[c.pk]}


class _ChunkFacts:
    """What the rules read for the chunk's customers, read in a few queries (their orders
    from `windows`, which keeps them from one chunk to the next)."""

    def __init__(
        self,
        customers: list[Customer],
        first: dt.datetime,
        last: dt.datetime,
        links: Links,
        accounts: set[str],
        windows: Windows | None = None,
    ) -> None:
        self.customers = {c.pk: c for c in customers}
        ids = list(self.customers)
        self.since = first - dt.timedelta(days=HISTORY_DAYS)
        self.linked = links.of(customers)
        self.organisations = sorted({str(c.organisation_id) for c in customers})
        organisations = self.organisations
        self.windows = windows if windows is not None else Windows()
        self.own_accounts, self.by_account = self.windows.accounts(organisations)
        keys = accounts.union(*(self.own_accounts.get(pk, set()) for pk in ids))
        everyone = list(
            dict.fromkeys(
                [
                    *ids,
                    *(pk for pks in self.linked.values() for pk in pks),
                    *(pk for key in sorted(keys) for pk in self.by_account.get(key, ())),
                ]
            )
        )
        self.peers: dict[tuple[str, str], list[_ChunkLine]] = defaultdict(list)
        self.orders = self.windows.prepare(everyone, self.since, organisations)
        self.older: dict[Any, int] = {}
        self.records: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        self.snoozes: dict[Any, list[tuple[str, dt.date]]] = defaultdict(list)
        for part in _slices(ids):  # each customer's rows in one query, in its order
            self.older.update(
                Order.objects.filter(customer_id__in=part, ordered_at__lt=self.since)
                .order_by()
                .values("customer_id")
                .annotate(n=Count("*"))
                .values_list("customer_id", "n")
            )
            for row in (
                VerificationRecord.objects.filter(customer_id__in=part)
                .order_by("-checked_on", "-created_at")
                .values_list("customer_id", "kind", "checked_on", "statement_kind", "valid_until")
            ):
                self.records[row[0]].append(row[1:])
            for owner, code, expires in RuleSnooze.objects.filter(
                customer_id__in=part, expires_on__gte=first.date()
            ).values_list("customer_id", "rule_code", "expires_on"):
                self.snoozes[owner].append((code, expires))
        self.denied = self._denied(customers)

    def _orders_of(self, pk: Any) -> _Orders:
        found = self.orders.get(pk)
        if found is None:  # a payer of the chunk's own account, new in this chunk
            found = self.windows.prepare([pk], self.since, self.organisations)[pk]
            self.orders[pk] = found
        return found

    @staticmethod
    def _denied(customers: list[Customer]) -> dict[Any, dict[str, Any]]:
        """The latest screening's summary of each customer, read only when it found
        something (as `decision.customer_facts`)."""
        by_id = {str(c.pk): c for c in customers}
        latest: dict[str, str] = {}
        organisations = {c.organisation_id for c in customers}
        for organisation, part in itertools.product(organisations, _slices(list(by_id))):
            for subject, status in (
                Screening.objects.filter(
                    organisation_id=organisation,
                    subject_type=SUBJECT_TYPE,
                    subject_id__in=part,
                )
                .order_by("subject_id", "-created_at")
                .values_list("subject_id", "status")
            ):
                latest.setdefault(subject, status)
        return {
            by_id[subject].pk: sanctions_summary(by_id[subject])
            for subject, status in latest.items()
            if status is not None and status != ScreeningStatus.CLEAR
        }

    def customer(self, customer: Customer, when: dt.datetime) -> engine.Customer:
        """`decision.customer_facts(customer, when)`, from what the chunk read."""
        day = when.date()
        records = self.records.get(customer.pk, [])
        identities = [checked for kind, checked, _, _ in records if kind == RecordKind.IDENTITY]
        statements = tuple(
            engine.Statement(kind=statement_kind, valid_from=checked, valid_until=until)
            for kind, checked, statement_kind, until in records
            if kind == RecordKind.STATEMENT
        )
        denied = self.denied.get(customer.pk, _NOT_SCREENED)
        prior = self.older.get(customer.pk, 0) + self._orders_of(customer.pk).between(
            self.since, when
        )
        return engine.Customer(
            key=str(customer.pk),
            customer_type=customer.customer_type,
            country=customer.country,
            identity_checked_on=max(identities) if identities else None,
            statements=statements,
            prior_orders=int(prior),
            denied_party_matches=tuple(denied["entries"]) if denied["potential"] else (),
            denied_party_score=float(denied["top_score"]),
            snoozed_rules=frozenset(
                code for code, expires in self.snoozes.get(customer.pk, []) if expires >= day
            ),
        )

    def history(
        self, customer: Customer, when: dt.datetime, account: str
    ) -> tuple[engine.PastOrder, ...]:
        """`payment_links.with_account_links(customer, when, account, history.history(
        customer, when))`, from what the chunk read and decided."""
        since = when - dt.timedelta(days=HISTORY_DAYS)
        owners = [customer.pk, *self.linked.get(customer.pk, [])]
        found = self._window(customer, owners, since, when)
        past = [item for _, item in found]
        keys = self.own_accounts.get(customer.pk, set()) | ({account} if account else set())
        known = {item.customer_key for item in past} | {str(customer.pk)}
        extra = {
            owner
            for key in keys
            for owner in self.by_account.get(key, ())
            if owner != customer.pk and str(owner) not in known
        }
        if not extra:
            return tuple(past)
        added = self._window(customer, list(extra), since, when)
        if not added:
            return tuple(past)
        past += [item for _, item in added]
        return tuple(sorted(past, key=lambda item: item.ordered_at, reverse=True))

    def _window(
        self, customer: Customer, owners: list[Any], since: dt.datetime, when: dt.datetime
    ) -> list[tuple[int, engine.PastOrder]]:
        """The owners' orders from `since` to `when`, newest first and by id, each as
        `customer`'s history reads it (another customer's as linked)."""
        found: list[tuple[int, engine.PastOrder]] = []
        for owner in owners:
            orders = self._orders_of(owner)
            window = orders.window(since, when)
            if owner != customer.pk:
                window = [(key, orders.linked(key, item)) for key, item in window]
            found += window
        if len(owners) > 1:
            found.sort(key=lambda pair: pair[0])
        return found

    def trade_peers(
        self,
        customer: Customer,
        when: dt.datetime,
        lines: tuple[engine.Line, ...],
        past: tuple[engine.PastOrder, ...],
        below: int,
    ) -> tuple[engine.TradePeers, ...]:
        """`trade_peers.trade_peers(...)`: its query, which reads the orders written before
        this chunk, with the chunk's orders decided so far added in memory."""
        key = customer.trade_key
        if not key or below <= 0:
            return ()
        codes = codes_needing_peers(lines, past, when, below)
        if not codes:
            return ()
        since = when - dt.timedelta(days=HISTORY_DAYS)
        rows: Iterable[StoredLine] = stored_peer_lines(customer, when, codes)
        chunk = [
            stored
            for code in dict.fromkeys(codes)
            for at, owner, stored in self.peers.get((key, code), ())
            if since <= at < when and owner != customer.pk
        ]
        if chunk:  # in peer_lines' order: newest first, then by line id from the highest
            chunk.sort(key=_newest, reverse=True)
            rows = heapq.merge(rows, chunk, key=_newest, reverse=True)
        return peers_from_rows(row[2:] for row in itertools.islice(rows, MAX_LINES))

    def add(self, order: Order, lines: list[OrderLine]) -> None:
        """A decided order of the chunk, for the orders after it: in its customer's
        history, its account's payers and its trade's peers."""
        customer = order.customer
        if order.payment_account_key:
            self.windows.add_account(customer.pk, order.payment_account_key)
        if customer.trade_key:
            for line in lines:
                code = line.product.code
                stored = stored_line(order.ordered_at, line.pk, code, line.quantity, customer.pk)
                self.peers[customer.trade_key, code].append((order.ordered_at, customer.pk, stored))
        self.windows.add(
            order.customer_id,
            order.pk,
            order.ordered_at.astimezone(dt.UTC),
            order.payment_method,
            bool(order.payer_name),
            [(line.product.code, float(line.quantity)) for line in lines if line.product.listed],
        )


def _order(item: OrderInput) -> Order:
    """The order as `order_record` builds and checks it before deciding."""
    _check_lines(item.customer, item.lines)
    codes = list(dict.fromkeys(item.indicators))
    if set(codes) - set(Indicator.values):
        raise ValidationError({"indicators": _("Unknown indicator.")})
    account_key, account_last = account_fields(item.payment_account)
    customer = item.customer
    order = Order(
        organisation=customer.organisation,
        customer=customer,
        reference=item.reference.strip(),
        channel=item.channel,
        ordered_at=item.ordered_at or timezone.now(),
        delivery_country=(item.delivery_country or customer.country).strip().upper(),
        delivery_address=(item.delivery_address or customer.delivery_address).strip(),
        payment_method=item.payment_method,
        payer_name=item.payer_name.strip(),
        payment_account_key=account_key,
        payment_account_last=account_last,
        consignee_name=item.consignee_name.strip(),
        consignee_country=item.consignee_country.strip().upper(),
        end_user_name=item.end_user_name.strip(),
        end_user_country=item.end_user_country.strip().upper(),
        indicators=codes,
        observations=item.observations.strip(),
        outcome=item.outcome,
        decision=engine.ALLOW,
    )
    order.full_clean(
        exclude=["decision", "organisation", "customer", "created_by"], validate_unique=False
    )
    return order


def _parties(order: Order) -> tuple[engine.ScreenedParty, ...]:
    if not (order.consignee_name or order.end_user_name):
        return ()
    with transaction.atomic():  # as order_record: a refusal here undoes this order only
        return order_parties_screen(order)


def orders_record(
    *,
    actor: Actor,
    items: Sequence[OrderInput],
    links: Links | None = None,
    windows: Windows | None = None,
) -> list[Recorded]:
    """Record and decide the orders, in order, as `order_record` would one by one: each
    result is the order and its evaluation, or the exception that refused it. `links`
    keeps the customers' links, `windows` their orders, from one chunk to the next."""
    windows = windows if windows is not None else Windows()
    try:
        return _orders_record(actor, items, links or Links(), windows)
    except BaseException:
        windows.forget()  # what the chunk added is undone with it: read all again
        raise


@transaction.atomic
def _orders_record(
    actor: Actor, items: Sequence[OrderInput], links: Links, windows: Windows
) -> list[Recorded]:
    customers = list({item.customer.pk: item.customer for item in items}.values())
    if isinstance(actor, User):  # the person's memberships, read once for the chunk
        memberships = Membership.objects.filter(user=actor).select_related("organisation")
        keep_memberships(actor, list(memberships))
    require_each(actor, "order.create", customers)  # the policy, for the chunk's customers
    results: list[Recorded] = []
    built: list[Order | None] = []
    for item in items:
        try:
            built.append(_order(item))
        except (ValidationError, ValueError, OverflowError) as error:
            built.append(None)
            results.append(error)
        else:
            results.append(ValueError("not decided"))  # replaced below
    moments = [order.ordered_at for order in built if order is not None]
    if not moments:
        return results
    accounts = {o.payment_account_key for o in built if o is not None and o.payment_account_key}
    facts = _ChunkFacts(customers, min(moments), max(moments), links, accounts, windows)
    book = rulebook()
    below = own_history_below(book)
    cases = _open_cases(customers)
    written: list[Model] = []
    lines_written: list[Model] = []
    alerts: list[Model] = []
    for index, (item, order) in enumerate(zip(items, built, strict=True)):
        if order is None:
            continue
        try:
            parties = _parties(order)
            customer, when = item.customer, order.ordered_at
            lines = tuple(line_facts(li.product, li.quantity, li.unit) for li in item.lines)
            past = facts.history(customer, when, order.payment_account_key)
            evaluation = engine.evaluate(  # the facts `decision.order_facts` gives
                engine_order(
                    order,
                    facts.customer(customer, when),
                    lines,
                    past,
                    parties,
                    facts.trade_peers(customer, when, lines, past, below),
                ),
                book,
            )
        except (ValidationError, ValueError, OverflowError) as error:
            results[index] = error
            continue
        order.decision = evaluation.decision
        order.evaluation = evaluation.to_dict()
        written.append(order)
        # Their ids are made here: the chunk's peers are cut at the same lines as the
        # database's (trade_peers.peer_lines); the order's time and customer are copied
        # into them by the model when they are written.
        order_lines = [
            OrderLine(order=order, product=li.product, quantity=li.quantity, unit=li.unit)
            for li in item.lines
        ]
        lines_written += order_lines
        facts.add(order, order_lines)
        if evaluation.decision != engine.ALLOW:
            alerts += _alert(order, evaluation, cases)
        results[index] = (order, evaluation)
    # What the chunk read (the customers, found by the policy, their organisations, the
    # products, the person, the open cases) and what it wrote is not asked again by the
    # write (as order_record passes it); the database's own keys still refuse a dangling one.
    known: list[Model] = [
        *customers,
        *{c.organisation_id: c.organisation for c in customers}.values(),
    ]
    known += [li.product for item in items for li in item.lines] + list(cases.values())
    if isinstance(actor, Model):
        known.append(actor)
    if written:
        write_create_many([*written, *lines_written], actor=actor, known=known, new_keys=True)
    if alerts:
        new_cases = [obj for obj in alerts if isinstance(obj, Case)]
        write_create_many(
            [*new_cases, *(a for a in alerts if isinstance(a, Alert))],
            actor=SYSTEM,
            known=[*known, *written],
            new_keys=True,
        )
    return results


def require_each(actor: Actor, action: str, customers: list[Customer]) -> None:
    """`policy.require(actor, action, customer)` for each customer, raising what it raises
    for the first it refuses. When the policy's rule for the action is `object_may(...)`
    with the usual `sees` (as `order.create` is), for an active person and a model with
    the shared `visible_to`, `require` answers from `visible_to(actor, action)` for one
    object (`policy.object_sees_and_may`: the same answers as the list, held equal by
    core's tests): the customers in that list are asked in one query per `IN_LIMIT`, and
    only those not in it are asked of `require` itself, which refuses them as it would.
    Any other rule, actor or model: `require` for each customer."""
    rule = RULES.get(action)
    allows = rule.allows if rule is not None else None
    if not (
        isinstance(actor, User)
        and actor.is_authenticated
        and actor.is_active
        and rule is not None
        and rule.sees is sees
        and isinstance(allows, ObjectMay)
        and type(Customer.objects.all()).visible_to is OwnedQuerySet.visible_to
    ):
        for customer in customers:
            require(actor, action, customer)
        return
    assert isinstance(allows, ObjectMay)
    allowed: set[Any] = set()
    for part in _slices([c.pk for c in customers]):
        found = Customer.objects.filter(pk__in=part).visible_to(actor, allows.action)
        allowed.update(found.values_list("pk", flat=True))
    for customer in customers:
        if customer.pk not in allowed:
            require(actor, action, customer)  # NotVisible or Denied, as the policy says


def _open_cases(customers: list[Customer]) -> dict[Any, Case]:
    """Each customer's open case, the oldest (as `_raise_alert` finds it)."""
    found: dict[Any, Case] = {}
    for part in _slices([c.pk for c in customers]):
        for case in Case.objects.filter(
            customer_id__in=part, status__in=OPEN_CASE_STATUSES
        ).order_by("created_at"):
            found.setdefault(case.customer_id, case)
    return found


def _alert(order: Order, evaluation: engine.Evaluation, cases: dict[Any, Case]) -> list[Model]:
    """The alert, and the case it opens when the customer has none open (by the system,
    restricted: as `services.orders._raise_alert`)."""
    case = cases.get(order.customer_id)
    made: list[Model] = []
    if case is None:
        case = cases[order.customer_id] = Case(
            organisation=order.organisation, customer=order.customer
        )
        made.append(case)
    made.append(
        Alert(
            case=case,
            order=order,
            decision=evaluation.decision,
            typologies=[s.to_dict() for s in evaluation.alerting],
            breaches=[b.to_dict() for b in evaluation.breaches],
        )
    )
    return made
