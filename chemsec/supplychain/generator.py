"""A seeded generator of supply-chain data for evaluating the rules: a catalogue, customers
and orders of ordinary trade, with injected, labelled typologies on top.

Pure: no Django, no global random state (one `random.Random(seed)` per call), so the same
seed gives the same data set. `chemsec.supplychain.evaluation` records the data set through
the services, so the rules fire exactly as they do in production.

What each typology injects (the facts, never the rules' parameters):

- `split_orders`: an established customer (at least five earlier orders of a listed product
  within 180 days, as for a spike) orders, within three days, two and a half to four times
  the largest quantity it ever ordered of the product within seven days, as three to six
  orders, none larger than its largest earlier single order (no single order stands out).
  Every part is labelled, as one event, when the seven-day total at the last part is over
  twice the largest earlier seven-day total (what makes the parts together uncommon;
  checked on the finished data set, injected orders included); the evaluation counts the
  split as found when any of its parts alerts. The customer's ordinary orders of the product
  placed between the first and the last part join the event, with its label: nothing tells
  them from the injected parts, their quantities are in the sum that makes the burst
  uncommon, and the order that makes the window cross may be one of them (on seeds 103, 109
  and 111 the split rule's alert was on such an order, and was counted as a miss). The
  total is also uncommon for the customer's ordinary trade over the whole period: its
  ordinary orders of the product (their rate and quantities) put that much into one week
  with a chance of one in a thousand or less (`SPLIT_UNCOMMON`; raised by tenths until it
  is). Without it, an occasional customer whose earlier orders of one pack fell in
  different weeks got three single packs labelled a split (twice its largest week), which
  its ordinary trade places in one week about once a year (seeds 104 and 218). Version
  1 split three to four and a half times the customer's *usual* quantity, whatever its real
  weeks held: for frequent customers the labelled splits were smaller than their own
  ordinary weeks, and for a third of them the customer had never ordered the product
  before (nothing to be uncommon against).
- `quantity_spike`: an established customer with at least five earlier orders of a listed
  product in the last 180 days orders 4 to 8 times its largest earlier quantity.
- `shell_customers`: three new companies with different names and registration numbers
  share one delivery address and each order the same listed product within five days; the
  third order is labelled.
- `refused_identity`: a walk-in member of the public asks for an EU-regulated precursor and
  refuses to show identification (staff record Art. 9(1)(d)); the sale is refused.
- `cash_payment`: an established customer pays cash for a listed product, one customer per
  event while customers remain (its earlier orders paid otherwise).
- `embargoed_destination`: an established customer orders a Schedule 3 chemical for delivery
  to a State not Party to the CWC, with no end-use certificate.
- `denied_party`: a new customer whose name is a transliteration or spelling variant of an
  entry of the sanctions fixture lists (chemsec/sanctions/fixtures) places an order.
- `new_customer_listed`: a fact, not only an injection: every customer's first order that
  holds a listed product carries it (new companies ordering a listed product are injected
  too).

Ordinary trade: professional users and economic operators (identity checked, customer
statement valid) buying their usual products in their usual quantities on account, and
members of the public buying unrestricted products by card, all delivered in the customer's
own country.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field, replace

from chemsec.supplychain.engine.chance import compound_poisson_tail

TYPOLOGIES: tuple[str, ...] = (
    "split_orders",
    "quantity_spike",
    "shell_customers",
    "refused_identity",
    "cash_payment",
    "embargoed_destination",
    "denied_party",
    "new_customer_listed",
)

SUPPLIER_COUNTRY = "FI"
EU_NEIGHBOURS = ("FI", "FI", "FI", "SE", "EE", "DE")
STATES_NOT_PARTY = ("EG", "KP", "SS")  # CWC, as of 2023-11-29 (Israel signed, not ratified)
PERIOD_DAYS = 180
START = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
DEFAULT_ORDERS = 5000
EVENTS_PER_1000_ORDERS = 2.0  # injected events of each typology
SPLIT_PARTS = (3, 6)  # the fewest and most orders a split is made of
SPLIT_FACTOR = (2.5, 4.0)  # its total against the customer's largest earlier week
# A split's total is uncommon for its customer when the customer's ordinary trade (its
# ordinary orders of the product over the whole period: their rate and their quantities)
# puts that much into one week with at most this chance: once in a thousand weeks.
SPLIT_UNCOMMON = 0.001
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    pack_size: str
    components: tuple[tuple[str, str, str], ...]  # (CAS, concentration %, name)
    # What the screening is expected to find (the loader checks it did):
    listed: bool
    eu_regulated: bool
    eu_restricted: bool
    cwc_schedule: str = ""


CATALOGUE: tuple[Product, ...] = (
    Product("HP30", "Hydrogen peroxide 30 %", "5 L", (("7722-84-1", "30", "Hydrogen peroxide"),),
            listed=True, eu_regulated=True, eu_restricted=True),
    Product("HP6", "Hydrogen peroxide 6 %", "1 L", (("7722-84-1", "6", "Hydrogen peroxide"),),
            listed=True, eu_regulated=True, eu_restricted=False),
    Product("SA96", "Sulphuric acid 96 %", "25 L", (("7664-93-9", "96", "Sulphuric acid"),),
            listed=True, eu_regulated=True, eu_restricted=True),
    Product("KNO3", "Potassium nitrate", "25 kg", (("7757-79-1", "99", "Potassium nitrate"),),
            listed=True, eu_regulated=True, eu_restricted=False),
    Product("TEA", "Triethanolamine", "25 kg", (("102-71-6", "99", "Triethanolamine"),),
            listed=True, eu_regulated=False, eu_restricted=False, cwc_schedule="3"),
    Product("ETH", "Ethanol 96 %", "5 L", (("64-17-5", "96", "Ethanol"),),
            listed=False, eu_regulated=False, eu_restricted=False),
    Product("NACL", "Sodium chloride", "25 kg", (("7647-14-5", "99.5", "Sodium chloride"),),
            listed=False, eu_regulated=False, eu_restricted=False),
    Product("CIT", "Citric acid", "25 kg", (("77-92-9", "99.5", "Citric acid"),),
            listed=False, eu_regulated=False, eu_restricted=False),
)  # fmt: skip
PRODUCTS = {product.code: product for product in CATALOGUE}
PUBLIC_PRODUCTS = ("HP6", "KNO3", "ETH", "NACL", "CIT")  # nothing restricted to the public

# Spelling and transliteration variants of entries of chemsec/sanctions/fixtures (every
# name there is fictional): (name, customer type, country).
DENIED_VARIANTS: tuple[tuple[str, str, str], ...] = (
    ("Iwan Petrowitsch Sidorowski", "general_public", "RU"),  # Иван Петрович Сидоровский
    ("Ivan Petrovich Sidorovskiy", "general_public", "RU"),
    ("Kaspiyskie Reaktivy", "economic_operator", "RU"),  # Каспийские Реактивы
    ("Hasan Kareem Al-Taweel", "general_public", "SY"),  # Hassan Karim AL-TAWIL
    ("Mehmet Yıldırımoğlu", "general_public", "TR"),  # Mehmet Yildirimoglu
    ("Chukwuemeka Okafor", "general_public", "NG"),  # OKAFOR, Chukwuemeka Daniel
)

_FIRST = ("Aino", "Mikko", "Sara", "Jonas", "Liisa", "Pekka", "Elina", "Tomas", "Hanna",
          "Oskar", "Kaisa", "Leo", "Maria", "Ville", "Emma", "Antti", "Ida", "Juho")  # fmt: skip
_LAST = ("Virtanen", "Korhonen", "Nieminen", "Lindqvist", "Mäkinen", "Heikkinen", "Berg",
         "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Holm", "Salminen", "Laine")  # fmt: skip
_WORD = ("Alder", "Birch", "Lakeside", "Granite", "Aurora", "Kestrel", "Fjord", "Linden",
         "Harbourview", "Pinecrest", "Riverbend", "Cobalt", "Juniper", "Saimaa", "Tundra",
         "Willow", "Heron", "Skerry")  # fmt: skip
_TRADE = (("Pool Services", "Swimming-pool maintenance"), ("Coatings", "Metal surface treatment"),
          ("Agro", "Agricultural supplies"), ("Labs", "Analytical laboratory"),
          ("Cleaning", "Industrial cleaning"), ("Pulp", "Pulp and paper"),
          ("Water", "Water treatment"), ("Electronics", "Printed-circuit etching"))  # fmt: skip
_FORM = ("Oy", "Ab", "Ltd", "GmbH", "AS")
_STREET = ("Satamakatu", "Teollisuustie", "Rantatie", "Koivukuja", "Mill Road", "Quay Street")
_CITY = ("Turku", "Tampere", "Oulu", "Espoo", "Lahti", "Kotka", "Vaasa")


@dataclass(frozen=True)
class Customer:
    key: str
    legal_name: str
    customer_type: str  # professional | economic_operator | general_public
    country: str
    delivery_address: str
    registration_number: str = ""
    declared_trade: str = ""
    identity_checked_on: dt.date | None = None
    statement_valid_until: dt.date | None = None  # an Annex IV statement, if any
    injected: str = ""  # the typology this customer was made for, if any

    @property
    def professional(self) -> bool:
        return self.customer_type != "general_public"


@dataclass(frozen=True)
class Line:
    product_code: str
    quantity: int


@dataclass(frozen=True)
class Order:
    key: str
    customer_key: str
    ordered_at: dt.datetime
    lines: tuple[Line, ...]
    payment_method: str
    delivery_country: str
    outcome: str = "sold"
    indicators: tuple[str, ...] = ()
    labels: frozenset[str] = frozenset()
    event: str = ""  # the injected event a multi-order typology's parts belong to
    joined: bool = False  # an ordinary order placed among an event's parts, joined to it

    def product_codes(self) -> tuple[str, ...]:
        return tuple(line.product_code for line in self.lines)

    def listed(self) -> bool:
        return any(PRODUCTS[code].listed for code in self.product_codes())


@dataclass(frozen=True)
class Dataset:
    seed: int
    supplier_country: str
    products: tuple[Product, ...]
    customers: tuple[Customer, ...]
    orders: tuple[Order, ...]  # in the order they are recorded (by time)
    events: dict[str, int] = field(default_factory=dict)  # injected events per typology

    def customer(self, key: str) -> Customer:
        return self._customers[key]

    @property
    def _customers(self) -> dict[str, Customer]:
        return {customer.key: customer for customer in self.customers}

    def labelled(self, typology: str) -> tuple[Order, ...]:
        return tuple(order for order in self.orders if typology in order.labels)


class GeneratorError(ValueError):
    """The counts asked for cannot hold the default mix."""


@dataclass
class _Profile:
    customer: Customer
    usual: dict[str, int]  # product code -> usual quantity
    weight: float


def default_customers(orders: int) -> int:
    return max(40, orders // 12)


def events_per_typology(orders: int) -> int:
    return max(2, round(orders * EVENTS_PER_1000_ORDERS / 1000))


def _fit_spikes(orders: list[Order]) -> list[Order]:
    """A spike is injected against the customer's ordinary history; orders injected later
    (a split of the same product, another spike) may come before it in time and be larger.
    In time order, raise each spike to at least 4 times every earlier quantity of the same
    customer and product, so its label stays true of the whole data set."""
    largest: dict[tuple[str, str], int] = {}
    fitted = []
    for order in orders:
        if "quantity_spike" in order.labels:
            (line,) = order.lines
            floor = 4 * largest.get((order.customer_key, line.product_code), 0)
            if line.quantity < floor:
                order = replace(order, lines=(Line(line.product_code, floor),))
        for line in order.lines:
            key = (order.customer_key, line.product_code)
            largest[key] = max(largest.get(key, 0), line.quantity)
        fitted.append(order)
    return fitted


def generate(seed: int, orders: int = DEFAULT_ORDERS, customers: int | None = None) -> Dataset:
    """The data set of `orders` orders by `customers` customers (default: one per twelve
    orders, at least 40) for this seed."""
    rng = random.Random(seed)
    total_customers = default_customers(orders) if customers is None else customers
    events = events_per_typology(orders)
    # Injected orders and customers per event: split 3 to 6 orders (what it does not use
    # goes to ordinary orders of unlisted products); shell 3 orders, 3 customers; refused,
    # denied, new customer: 1 order, 1 customer; spike, cash, embargo: 1 order.
    injected_orders = events * (SPLIT_PARTS[1] + 1 + 3 + 1 + 1 + 1 + 1 + 1)
    injected_customers = events * (3 + 1 + 1 + 1)
    ordinary_orders = orders - injected_orders
    ordinary_customers = total_customers - injected_customers
    if ordinary_customers < 10 or ordinary_orders < 10 * ordinary_customers // 2:
        raise GeneratorError(
            f"{orders} orders and {total_customers} customers cannot hold {events} events of "
            "each typology on top of ordinary trade: ask for more orders or fewer customers"
        )
    builder = _Builder(rng)
    profiles = [builder.ordinary_customer() for _ in range(ordinary_customers)]
    ordinary = builder.ordinary_orders(profiles, ordinary_orders)
    injected: list[Order] = []
    by_customer = _by_customer(ordinary)
    established = [
        p for p in profiles if p.customer.professional and by_customer.get(p.customer.key)
    ]
    for _ in range(events):
        injected += builder.split(profiles, by_customer)
        injected.append(builder.spike(profiles, by_customer))
        injected += builder.shell()
        injected.append(builder.refused_identity())
        injected.append(builder.cash(builder.cash_customer(established), by_customer))
        injected.append(builder.embargo(rng.choice(established), by_customer))
        injected.append(builder.denied())
        injected.append(builder.new_company())
    unused = orders - len(ordinary) - len(injected)
    ordinary += builder.unlisted_orders(profiles, unused)
    all_orders = _label_new_customers(
        _label_splits(_fit_spikes(sorted(ordinary + injected, key=lambda o: (o.ordered_at, o.key))))
    )
    return Dataset(
        seed=seed,
        supplier_country=SUPPLIER_COUNTRY,
        products=CATALOGUE,
        customers=tuple(p.customer for p in profiles) + tuple(builder.new_customers),
        orders=tuple(all_orders),
        events={typology: events for typology in TYPOLOGIES},
    )


def _by_customer(orders: list[Order]) -> dict[str, list[Order]]:
    grouped: dict[str, list[Order]] = {}
    for order in sorted(orders, key=lambda o: o.ordered_at):
        grouped.setdefault(order.customer_key, []).append(order)
    return grouped


def _largest_week(orders: list[Order], code: str, at: dt.datetime) -> tuple[int, float]:
    """How many of `orders` (one customer's) ordered `code` in the 180 days before `at` but
    before the seven days up to it, and the largest quantity of it they add up to within
    seven days."""
    since, before = at - dt.timedelta(days=PERIOD_DAYS), at - WEEK
    earlier = [
        (o.ordered_at, sum(line.quantity for line in o.lines if line.product_code == code))
        for o in orders
        if since <= o.ordered_at < before and code in o.product_codes()
    ]
    weeks = [sum(q for t, q in earlier if at - WEEK < t <= at) for at, _ in earlier]
    return len(earlier), max(weeks, default=0)


def _ordinary(orders: list[Order], code: str) -> list[int]:
    """The quantities of `code` in the ordinary orders among `orders` (no injected event,
    no typology label): what the customer's own trade is."""
    return [
        line.quantity
        for o in orders
        if not o.event and not o.labels - {"new_customer_listed"}
        for line in o.lines
        if line.product_code == code
    ]


def _ordinary_week_chance(quantities: list[int], total: int) -> float:
    """The chance that a customer placing `quantities` over the period (orders arriving at
    random, a Poisson process at their rate per week, each of a size drawn from them)
    orders `total` or more in one week: exact, over whole units (the rule's own
    computation, `chance.compound_poisson_tail`, on packs instead of cells)."""
    if not quantities:
        return 0.0
    sizes: dict[int, float] = {}
    for quantity in quantities:
        sizes[quantity] = sizes.get(quantity, 0.0) + 1 / len(quantities)
    return compound_poisson_tail(len(quantities) * 7 / PERIOD_DAYS, sizes, total)


def _label_splits(orders: list[Order]) -> list[Order]:
    """`split_orders` on every part of an injected split whose seven-day total at its last
    part (the parts and any other order of the product in the window) is over twice the
    largest seven-day total of the customer's earlier orders (at least five, before the
    window), and that the customer's ordinary trade puts into one week with a chance of at
    most SPLIT_UNCOMMON: the label says what the finished data set holds, whatever was
    injected after the split. One split is one event: it is found when any of its parts alerts. The
    customer's ordinary orders of the product between the first and the last part are
    parts of that burst as the data holds it: they join the event (`joined`)."""
    mine = _by_customer(orders)
    parts: dict[str, list[Order]] = {}
    for order in orders:
        if order.event.startswith("split"):
            parts.setdefault(order.event, []).append(order)
    joined: dict[str, str] = {}  # ordinary order -> the uncommon split it joins
    uncommon = set()
    for event, injected in parts.items():
        first, order = injected[0], injected[-1]
        (code,) = order.product_codes()
        history = mine[order.customer_key]
        count, week = _largest_week(history, code, order.ordered_at)
        total = sum(
            line.quantity
            for o in history
            if order.ordered_at - WEEK < o.ordered_at <= order.ordered_at
            for line in o.lines
            if line.product_code == code
        )
        uncommon_total = _ordinary_week_chance(_ordinary(history, code), total) <= SPLIT_UNCOMMON
        if count >= 5 and total > 2 * week and uncommon_total:
            uncommon.add(event)
            for other in history:
                ordinary = not other.event and not other.labels - {"new_customer_listed"}
                among = first.ordered_at <= other.ordered_at <= order.ordered_at
                if ordinary and among and code in other.product_codes():
                    joined[other.key] = event
    labelled = []
    for order in orders:
        if order.key in joined:
            order = replace(order, event=joined[order.key], joined=True)
        if order.event in uncommon:
            order = replace(order, labels=order.labels | {"split_orders"})
        labelled.append(order)
    return labelled


def _label_new_customers(orders: list[Order]) -> list[Order]:
    """`new_customer_listed` on each customer's first order when it holds a listed product."""
    seen: set[str] = set()
    labelled = []
    for order in orders:
        first = order.customer_key not in seen
        seen.add(order.customer_key)
        if first and order.listed():
            order = Order(**{**order.__dict__, "labels": order.labels | {"new_customer_listed"}})
        labelled.append(order)
    return labelled


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.customer_count = 0
        self.order_count = 0
        self.split_count = 0
        self.history_used: set[str] = set()  # customers of injected splits and spikes
        self.cash_used: set[str] = set()  # customers of injected cash payments
        self.new_customers: list[Customer] = []
        self.denied_left: list[tuple[str, str, str]] = []

    # --- customers ---------------------------------------------------------------------
    def _key(self) -> str:
        self.customer_count += 1
        return f"C{self.customer_count:05d}"

    def _address(self, key: str) -> str:
        rng = self.rng
        return f"{int(key[1:])} {rng.choice(_STREET)}, {rng.choice(_CITY)}"

    def _company(self, key: str, customer_type: str, injected: str = "") -> Customer:
        rng = self.rng
        suffix, trade = rng.choice(_TRADE)
        checked = START.date() - dt.timedelta(days=rng.randint(1, 150))
        return Customer(
            key=key,
            legal_name=f"{rng.choice(_WORD)} {suffix} {rng.choice(_FORM)} {key[1:]}",
            customer_type=customer_type,
            country=rng.choice(EU_NEIGHBOURS),
            delivery_address=self._address(key),
            registration_number=f"REG-{rng.randint(1000000, 9999999)}-{key[1:]}",
            declared_trade=trade,
            identity_checked_on=checked,
            statement_valid_until=START.date() + dt.timedelta(days=PERIOD_DAYS + 200),
            injected=injected,
        )

    def _person(self, key: str, injected: str = "") -> Customer:
        rng = self.rng
        return Customer(
            key=key,
            legal_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            customer_type="general_public",
            country=SUPPLIER_COUNTRY,
            delivery_address=self._address(key),
            injected=injected,
        )

    def ordinary_customer(self) -> _Profile:
        rng = self.rng
        key = self._key()
        if rng.random() < 0.3:
            customer = self._person(key)
            codes = rng.sample(PUBLIC_PRODUCTS, rng.randint(1, 2))
            usual = {code: rng.choice((1, 1, 2, 3)) for code in codes}
        else:
            customer = self._company(key, rng.choice(("professional", "economic_operator")))
            codes = rng.sample([p.code for p in CATALOGUE], rng.randint(1, 3))
            usual = {code: rng.choice((1, 2, 4, 5, 10, 20)) for code in codes}
        return _Profile(customer, usual, rng.lognormvariate(0, 0.5))

    # --- orders ------------------------------------------------------------------------
    def _order(
        self, customer: Customer, when: dt.datetime, lines: list[Line], **fields: object
    ) -> Order:
        self.order_count += 1
        values: dict[str, object] = {
            "payment_method": "account" if customer.professional else "card",
            "delivery_country": customer.country,
            **fields,
        }
        return Order(
            key=f"O{self.order_count:07d}",
            customer_key=customer.key,
            ordered_at=when,
            lines=tuple(lines),
            **values,  # type: ignore[arg-type]
        )

    def _when(
        self, after: dt.datetime | None = None, within_days: float = PERIOD_DAYS
    ) -> dt.datetime:
        base = after or START
        seconds = self.rng.uniform(0, within_days * 86400)
        return (base + dt.timedelta(seconds=seconds)).replace(microsecond=0)

    def _quantity(self, usual: int) -> int:
        return max(1, round(usual * self.rng.lognormvariate(0, 0.3)))

    def ordinary_orders(self, profiles: list[_Profile], count: int) -> list[Order]:
        rng = self.rng
        # Every customer orders at least once; the rest by weight.
        owners = list(profiles) + rng.choices(
            profiles, weights=[p.weight for p in profiles], k=count - len(profiles)
        )
        orders = []
        for profile in owners:
            codes = list(profile.usual)
            chosen = rng.sample(codes, 1 if len(codes) == 1 or rng.random() < 0.7 else 2)
            lines = [Line(code, self._quantity(profile.usual[code])) for code in chosen]
            orders.append(self._order(profile.customer, self._when(), lines))
        return orders

    def _listed_usual(self, profile: _Profile) -> str:
        listed = [code for code in profile.usual if PRODUCTS[code].listed]
        return self.rng.choice(listed or ["SA96"])

    def _after_first(self, customer: Customer, by_customer: dict[str, list[Order]]) -> dt.datetime:
        """A moment after the customer's first order (it is established by then)."""
        first = by_customer[customer.key][0].ordered_at
        remaining = (START + dt.timedelta(days=PERIOD_DAYS) - first).total_seconds() / 86400
        return self._when(first + dt.timedelta(hours=1), max(remaining - 1, 0.5))

    def _established(
        self, profiles: list[_Profile], by_customer: dict[str, list[Order]]
    ) -> list[tuple[_Profile, str, list[Order]]]:
        """(customer, listed product, its orders of it) with at least six orders of it, the
        customers of earlier splits and spikes left out while others remain (one event's
        quantities would be another's history)."""
        candidates = []
        fresh = [p for p in profiles if p.customer.key not in self.history_used]
        for profile in fresh if len(fresh) > len(profiles) // 2 else profiles:
            history = by_customer.get(profile.customer.key, [])
            for code in profile.usual:
                if not PRODUCTS[code].listed:
                    continue
                mine = [o for o in history if code in o.product_codes()]
                if len(mine) >= 6:
                    candidates.append((profile, code, mine))
        if not candidates:
            raise GeneratorError("no customer has the history a split or a spike needs")
        return candidates

    def split(self, profiles: list[_Profile], by_customer: dict[str, list[Order]]) -> list[Order]:
        """Two and a half to four times the customer's largest earlier seven-day quantity of
        the product, in three to six orders within three days, none larger than its largest
        earlier single order, at a moment with at least five of its orders of the product
        before the seven days up to it. A customer whose weeks are too large for six such
        parts is passed over for another."""
        candidates = self._established(profiles, by_customer)
        for _ in range(50):
            profile, code, mine = self.rng.choice(candidates)
            start = self.rng.choice(mine[5:]).ordered_at + dt.timedelta(
                hours=self.rng.uniform(1, 48)
            )
            history = [o for o in mine if o.ordered_at < start]
            settled, week = _largest_week(history, code, start)
            largest = max(
                line.quantity for o in history for line in o.lines if line.product_code == code
            )
            total = math.ceil(week * self.rng.uniform(*SPLIT_FACTOR))
            # Uncommon for the customer's ordinary trade over the whole period, not only
            # against the weeks it happened to have had before (SPLIT_UNCOMMON).
            ordinary = _ordinary(by_customer[profile.customer.key], code)
            while _ordinary_week_chance(ordinary, total) > SPLIT_UNCOMMON:
                total += max(1, math.ceil(total / 10))
            count = max(SPLIT_PARTS[0], math.ceil(total / largest))
            # Five orders before the window, as the label asks: orders in the week before
            # the split would leave fewer, and the split unlabelled (so at a few hundred
            # orders a data set could hold no labelled split at all).
            if week and count <= SPLIT_PARTS[1] and settled >= 5:
                break
        else:
            raise GeneratorError("no customer's history allows a split in at most six orders")
        self.split_count += 1
        self.history_used.add(profile.customer.key)
        sizes = [total // count + (1 if i < total % count else 0) for i in range(count)]
        times = sorted(start + dt.timedelta(hours=self.rng.uniform(0, 72)) for _ in sizes)
        return [
            self._order(
                profile.customer,
                at.replace(microsecond=0),
                [Line(code, size)],
                event=f"split-{self.split_count}",
            )
            for at, size in zip(times, sizes, strict=True)
        ]

    def unlisted_orders(self, profiles: list[_Profile], count: int) -> list[Order]:
        """Ordinary orders of unlisted products only (the orders a split left unused): they
        change no rule's facts about listed products."""
        buyers = [p for p in profiles if any(not PRODUCTS[c].listed for c in p.usual)]
        orders = []
        for _ in range(count):
            if buyers:
                profile = self.rng.choice(buyers)
                code = self.rng.choice([c for c in profile.usual if not PRODUCTS[c].listed])
                line = Line(code, self._quantity(profile.usual[code]))
            else:
                profile, line = self.rng.choice(profiles), Line("NACL", 1)
            orders.append(self._order(profile.customer, self._when(), [line]))
        return orders

    def spike(self, profiles: list[_Profile], by_customer: dict[str, list[Order]]) -> Order:
        """4-8 times the largest earlier quantity, after at least five earlier orders of the
        product within 180 days."""
        profile, code, mine = self.rng.choice(self._established(profiles, by_customer))
        self.history_used.add(profile.customer.key)
        after = self.rng.choice(mine[5:])
        earlier = [
            line.quantity for o in mine if o.ordered_at <= after.ordered_at for line in o.lines
            if line.product_code == code
        ]  # fmt: skip
        at = after.ordered_at + dt.timedelta(hours=self.rng.uniform(1, 48))
        quantity = max(earlier) * self.rng.randint(4, 8)
        return self._order(
            profile.customer, at, [Line(code, quantity)], labels=frozenset({"quantity_spike"})
        )

    def shell(self) -> list[Order]:
        rng = self.rng
        keys = [self._key() for _ in range(3)]
        address = f"{rng.randint(1, 99)} Warehouse Lane, unit {keys[0][1:]}, Kotka"
        code = rng.choice(("HP30", "SA96", "KNO3"))
        when = self._when(within_days=PERIOD_DAYS - 6)
        orders = []
        for index, key in enumerate(keys):
            company = self._company(key, "economic_operator", injected="shell_customers")
            company = Customer(**{**company.__dict__, "delivery_address": address, "country": "FI"})
            self.new_customers.append(company)
            at = when + dt.timedelta(hours=rng.uniform(24, 40) * index)
            labels = frozenset({"shell_customers"}) if index == 2 else frozenset()
            orders.append(
                self._order(company, at, [Line(code, rng.choice((4, 5, 10)))], labels=labels)
            )
        return orders

    def refused_identity(self) -> Order:
        person = self._person(self._key(), injected="refused_identity")
        self.new_customers.append(person)
        code = self.rng.choice(("HP30", "HP6", "SA96", "KNO3"))
        return self._order(
            person, self._when(), [Line(code, self.rng.randint(1, 4))], outcome="refused",
            indicators=("refuses_identity",), labels=frozenset({"refused_identity"}),
        )  # fmt: skip

    def cash_customer(self, established: list[_Profile]) -> _Profile:
        """A customer who has not paid cash yet, while there are any: a second cash payment
        injected for the same customer would have the first in its history, so it would no
        longer be a payment unlike the customer's terms (seeds 105, 108, 112, 113, 116, 118
        and 120 drew a customer twice). The first draw is the one made before this check,
        so a data set with no repeated draw is unchanged."""
        profile = self.rng.choice(established)
        while profile.customer.key in self.cash_used and len(self.cash_used) < len(established):
            profile = self.rng.choice(established)
        self.cash_used.add(profile.customer.key)
        return profile

    def cash(self, profile: _Profile, by_customer: dict[str, list[Order]]) -> Order:
        code = self._listed_usual(profile)
        when = self._after_first(profile.customer, by_customer)
        line = Line(code, self._quantity(profile.usual.get(code, 2)))
        return self._order(
            profile.customer, when, [line], payment_method="cash",
            labels=frozenset({"cash_payment"}),
        )  # fmt: skip

    def embargo(self, profile: _Profile, by_customer: dict[str, list[Order]]) -> Order:
        when = self._after_first(profile.customer, by_customer)
        return self._order(
            profile.customer, when, [Line("TEA", self.rng.choice((10, 20, 40)))],
            delivery_country=self.rng.choice(STATES_NOT_PARTY),
            labels=frozenset({"embargoed_destination"}),
        )  # fmt: skip

    def denied(self) -> Order:
        if not self.denied_left:
            self.denied_left = list(DENIED_VARIANTS)
            self.rng.shuffle(self.denied_left)
        name, customer_type, country = self.denied_left.pop()
        key = self._key()
        customer = Customer(
            key=key, legal_name=name, customer_type=customer_type, country=country,
            delivery_address=self._address(key), injected="denied_party",
            identity_checked_on=START.date() if customer_type != "general_public" else None,
        )  # fmt: skip
        self.new_customers.append(customer)
        codes = (
            PUBLIC_PRODUCTS if customer_type == "general_public" else [p.code for p in CATALOGUE]
        )
        line = Line(self.rng.choice(codes), self.rng.randint(1, 5))
        return self._order(customer, self._when(), [line], labels=frozenset({"denied_party"}))

    def new_company(self) -> Order:
        company = self._company(self._key(), "professional", injected="new_customer_listed")
        company = Customer(**{**company.__dict__, "country": SUPPLIER_COUNTRY})
        self.new_customers.append(company)
        code = self.rng.choice([p.code for p in CATALOGUE if p.listed and p.code != "TEA"])
        return self._order(company, self._when(), [Line(code, self.rng.choice((2, 5, 10)))])


def summary(dataset: Dataset) -> dict[str, object]:
    """Counts of the data set, as `chemsec supplychain generate` prints them."""
    return {
        "seed": dataset.seed,
        "customers": len(dataset.customers),
        "orders": len(dataset.orders),
        "products": len(dataset.products),
        "events": dict(dataset.events),
        "labelled_orders": {t: len(dataset.labelled(t)) for t in TYPOLOGIES},
        "first_order": dataset.orders[0].ordered_at.isoformat() if dataset.orders else None,
        "last_order": dataset.orders[-1].ordered_at.isoformat() if dataset.orders else None,
    }
