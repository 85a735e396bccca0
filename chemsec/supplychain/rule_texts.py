"""The rules' and typologies' titles and descriptions in the reader's language.

The rule files (chemsec/content/rules/) are the reference, in English; a decision keeps the
title it was made under. Pages show a rule or a typology by its code, through the messages
below (gettext, context "supply-chain rule" or "supply-chain typology"), so each reader sees
it in their language. A code the catalogue does not know, or a stored title that is not the
catalogue's English (an older version of the rule, a rule file loaded from elsewhere), is
shown as stored and marked English: never another rule's text.

chemsec/supplychain/tests/test_rule_texts.py checks that every shipped rule and typology
has its messages and that their English is the rule file's, word for word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Texts:
    title: Promise
    description: Promise


@dataclass(frozen=True)
class Shown:
    """A text to show and its language: `lang` is "en" for an untranslatable stored text
    (templates mark it so), "" when the text is the reader's."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


RULE_TEXTS: dict[str, Texts] = {
    "EU-EP-ART5": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Restricted explosives precursor above its limit value to a member of the public",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "The order has a product with an Annex I substance above its limit value (as the "
            "product's screening found it) and the customer is recorded as a member of the "
            "general public. Where a Member State runs a licensing regime, a person must "
            "check the licence: ChemSec does not hold licences.",
        ),
    ),
    "EU-EP-ART8-ID": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Restricted precursor to a professional customer without a recent identity check",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A restricted explosives precursor is sold to a professional user or an economic "
            "operator whose representative's identity was not checked in the last year.",
        ),
    ),
    "EU-EP-ART8-STMT": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "No valid customer statement for a restricted precursor",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A restricted explosives precursor is sold to a professional user or an economic "
            "operator with no customer statement (Annex IV model) valid on the day of the "
            "order: none on file, or the last one expired (12 months by default).",
        ),
    ),
    "EU-EP-ART9-A": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Indicator (a): unclear about the intended use",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "Staff recorded that the customer appeared unclear about the intended use.",
        ),
    ),
    "EU-EP-ART9-B": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Indicator (b): unfamiliar with the use, or cannot explain it",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "Staff recorded that the customer appeared unfamiliar with the intended use or "
            "could not plausibly explain it.",
        ),
    ),
    "EU-EP-ART9-C": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Indicator (c): uncommon quantities, combinations or concentrations",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "Staff recorded quantities, combinations or concentrations uncommon for "
            "legitimate use.",
        ),
    ),
    "EU-EP-ART9-D": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Indicator (d): unwilling to prove identity, residence or status",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "Staff recorded that the customer was unwilling to provide proof of identity, "
            "residence or professional status.",
        ),
    ),
    "EU-EP-ART9-E": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Indicator (e): insists on unusual methods of payment",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "Staff recorded that the customer insisted on unusual methods of payment, "
            "including large amounts of cash.",
        ),
    ),
    "CWC-S1-TRANSFER": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Schedule 1 chemical to a State not Party",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A product with a Schedule 1 component is to be delivered to a State not Party to"
            " the Convention (the dated list in this rule's parameters).",
        ),
    ),
    "CWC-S2-TRANSFER": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Schedule 2 chemical to a State not Party",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A product with a Schedule 2 component is to be delivered to a State not Party to"
            " the Convention. Low-concentration mixtures and consumer packs may be exempted "
            "by the Conference of the States Parties' decisions, which ChemSec does not "
            "model: a person decides.",
        ),
    ),
    "CWC-S3-CERTIFICATE": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Schedule 3 chemical to a State not Party without an end-use certificate",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A product with a Schedule 3 component is to be delivered to a State not Party "
            "and the customer has no CWC end-use certificate valid on the day of the order.",
        ),
    ),
    "CWC-DESTINATION-UNKNOWN": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Scheduled chemical to a destination the CWC rules do not know",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A product with a Schedule 1, 2 or 3 component is to be delivered to a "
            "destination this rule's dated data knows neither as a State Party nor as a State "
            "not Party: a territory (whose State a person must name), Kosovo, a fictional or "
            "withdrawn code, or none. The transfer rules above allow such chemicals only to "
            "States Parties (Schedule 3 to others with a certificate), so an unknown "
            "destination is never taken for a State Party: the order goes to review.",
        ),
    ),
    "KYC-NEW-CUSTOMER": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "New customer ordering a listed product",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "The customer's first order contains a product with a listed component.",
        ),
    ),
    "KYC-DELIVERY-COUNTRY": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Delivery to another country than the customer's",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A listed product is to be delivered to another country than the customer's "
            "billing country.",
        ),
    ),
    "KYC-PAYMENT": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Cash or third-party payment for a listed product",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A listed product is paid in cash or by someone other than the customer.",
        ),
    ),
    "KYC-PAYMENT-TERMS": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Cash or third-party payment from a business customer who pays otherwise",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A listed product is paid in cash or by someone other than the customer, by a "
            "professional user or economic operator none of whose own earlier orders (at "
            "least one in the last 180 days) was paid that way: the terms of the relationship"
            " (an account, a transfer) would call for something else. Version 1 asked for two"
            " earlier orders and any customer type: a business customer's second order paid "
            "in cash was a single weak flag (never an alert), while its first is one together"
            " with KYC-NEW-CUSTOMER; one earlier order paid otherwise already shows the "
            "terms. Members of the public are left out: counter sales to them are paid at the"
            " counter, in cash or by card, with no terms to depart from.",
        ),
    ),
    "PATTERN-SPLIT-ORDERS": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Orders split within a rolling window",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "Structuring: the quantities of a listed product ordered within seven days by "
            "the customer and the customers linked to it (same registration number, phone "
            "or delivery address), this order included, are summed from the window's last "
            "finding. The rule fires when the sum crosses the limit while this order alone "
            "stays under it. The limit is the one the quantity-spike rule sets for a single"
            " order, applied to a window: twice the 95th percentile of this group's own "
            "earlier seven-day totals of the product, from at least five earlier orders. "
            "Customers with less history have no baseline to compare with: for them the "
            "rule fires when at least two other linked customers ordered the same product "
            "in the window, with the summed quantity in the facts. A finding is an earlier "
            "order of the window that was over the limit when it was placed (the crossing, "
            "which raised its alert on the customer's case, or one order large enough to be"
            " a quantity spike of its own): the orders after it are summed afresh, so they "
            "are no new finding until they reach the limit again. A window that went over "
            "the limit while the customer had too little history for one has no finding: "
            "the first order that has a limit fires. Version 1 counted orders (three within"
            " seven days), which regular customers reach in ordinary trade; version 2 fired"
            " on every order of a window already over the limit; version 3 never fired "
            "again in a window once it was over the limit, so it missed a split that "
            "crossed before the customer's history gave a limit, and a split placed within "
            "a week of an earlier alert. Version 5: a crossing is also uncommon for this "
            "customer's own ordering, how often and how much: orders placed at the rate of "
            "its earlier orders, each of a size drawn from them, put the sum into one window"
            " with a chance of one in two thousand or less (the facts give the chance, the "
            "rate and that threshold). Version 4 took the limit from the windows of the few "
            "orders a new or occasional customer has, which rarely hold a week of several "
            "orders though its rate makes one likely within months, so its ordinary bursts "
            "were alerted. Version 6 halves version 5's threshold (one in a thousand), under"
            " which ordinary bursts of customers with five to eight earlier orders, whose "
            "rate and sizes those few orders understate, were still alerted.",
        ),
    ),
    "DENIED-PARTY": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Customer, consignee or end user matches a sanctions or denied-party list entry",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "The latest screening against the imported lists (US Consolidated Screening List,"
            " UN, EU, UK) of the customer, or of the order's consignee or declared end user "
            "(screened as the order is recorded), has a potential match that no reviewer has "
            "cleared as a false positive. The alert says which party matched which entry, for"
            " the supplier's reviewers only. A person compares the entry with the party "
            "before anything is supplied.",
        ),
    ),
    "KYC-DELIVERY-POINT": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Listed product delivered to a PO box or a freight forwarder",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "The delivery address of an order with a listed product names a post-office box "
            "or a freight forwarder (the patterns below, in several languages). A reason to "
            "ask who receives the goods, not a refusal.",
        ),
    ),
    "AG-EXPORT-LICENCE": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Australia Group listed chemical exported outside the licence-free zone",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A chemical on the Australia Group's common control list is delivered to a "
            "country outside the zone where it moves without an export authorisation (for an "
            "EU supplier: outside the European Union). Someone checks the export "
            "authorisation before it ships.",
        ),
    ),
    "PATTERN-QUANTITY-SPIKE": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Quantity far above this customer's usual orders",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A listed product is ordered in a quantity over twice the 95th percentile of this"
            " customer's own earlier quantities of it (at least five earlier orders within "
            "the 180 days of history the engine reads).",
        ),
    ),
    "PATTERN-QUANTITY-TRADE": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Quantity far above what customers of the same trade order",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "A listed product is ordered in a quantity over twice the 95th percentile of the "
            "quantities of it ordered within the last 180 days by the other customers of this "
            "supplier who declare the same trade (at least five such customers and twenty "
            "orders), by a customer ordering the product for the first time in those 180 "
            "days: a new customer has no history of its own to compare with, but its "
            "declared trade does. Peers are this supplier's own customers only; the alert "
            "gives counts and the percentile, never who the peers are. Later orders are "
            "measured against the customer's own history (PATTERN-QUANTITY-SPIKE, from five "
            "earlier orders).",
        ),
    ),
    "KYC-CONSIGNEE-FORWARDER": Texts(
        title=pgettext_lazy(
            "supply-chain rule",
            "Listed product consigned to a freight forwarder",
        ),
        description=pgettext_lazy(
            "supply-chain rule",
            "The consignee the order names (the party the goods are handed to) is a freight "
            "forwarder by its name (the patterns below, in several languages), so the end "
            "user is not the consignee. A reason to ask who receives the goods in the end, "
            "not a refusal. KYC-DELIVERY-POINT reads the delivery address; this rule reads "
            "the consignee.",
        ),
    ),
}

TYPOLOGY_TEXTS: dict[str, Texts] = {
    "legal-restriction": Texts(
        title=pgettext_lazy(
            "supply-chain typology",
            "Sale the law restricts",
        ),
        description=pgettext_lazy(
            "supply-chain typology",
            "A sale the law does not allow as recorded: a restricted precursor to the public,"
            " or a scheduled chemical to a State not Party. Any one of these holds the order.",
        ),
    ),
    "verification-gap": Texts(
        title=pgettext_lazy(
            "supply-chain typology",
            "Customer not verified",
        ),
        description=pgettext_lazy(
            "supply-chain typology",
            "The verification the law asks for before a restricted sale is missing or out of "
            "date: the order is held until it is done.",
        ),
    ),
    "suspicious-behaviour": Texts(
        title=pgettext_lazy(
            "supply-chain typology",
            "Suspicious circumstances",
        ),
        description=pgettext_lazy(
            "supply-chain typology",
            "Behaviour staff observed and red flags of the order itself, in two strengths. A "
            "strong indicator (one the Regulation names as a ground for suspicion, observed "
            "by a person or measured against the customer's own history) sends the order to "
            "review on its own; two hold it. A weak red flag (a duty to inquire in the know-"
            "your-customer guidance, common in legitimate trade) never alerts alone: two "
            "together do, as the guidance names them together (cash where the terms call for "
            "other payment; a new customer with goods sent abroad or to a forwarder). Version"
            " 1 weighed cash at 30 and a new customer at 20 against an alert score of 40, so "
            "cash paid by an account customer never alerted. Version 3 adds a quantity far "
            "above the customer's declared trade (strong) and a consignee that is a freight "
            "forwarder (weak).",
        ),
    ),
    "denied-party": Texts(
        title=pgettext_lazy(
            "supply-chain typology",
            "Possible sanctioned or denied party",
        ),
        description=pgettext_lazy(
            "supply-chain typology",
            "The customer may be a party on a sanctions or denied-party list: the order is "
            "held until a reviewer has compared the list entry with the customer.",
        ),
    ),
    "export-control": Texts(
        title=pgettext_lazy(
            "supply-chain typology",
            "Export needing an authorisation",
        ),
        description=pgettext_lazy(
            "supply-chain typology",
            "A listed chemical leaves the zone where it moves freely: a reviewer checks the "
            "export authorisation before it ships.",
        ),
    ),
    "destination-unknown": Texts(
        title=pgettext_lazy(
            "supply-chain typology",
            "Scheduled chemical to a destination the rules cannot place",
        ),
        description=pgettext_lazy(
            "supply-chain typology",
            "A CWC scheduled chemical is to be delivered to a destination the CWC rules know "
            "neither as a State Party nor as a State not Party: a reviewer establishes under "
            "which State the destination falls before it ships. Review, not hold: most such "
            "destinations are territories of States Parties.",
        ),
    ),
}


def _words(text: str) -> str:
    return " ".join(str(text).split())


@lru_cache(maxsize=2)
def _english(kind: str) -> dict[str, tuple[str, str]]:
    """code -> (title, description) as the catalogue's English msgids."""
    catalogue = RULE_TEXTS if kind == "rule" else TYPOLOGY_TEXTS
    with translation.override(None):
        return {
            code: (_words(str(texts.title)), _words(str(texts.description)))
            for code, texts in catalogue.items()
        }


def _shown(kind: str, code: str, stored: str, field: int) -> Shown:
    catalogue = RULE_TEXTS if kind == "rule" else TYPOLOGY_TEXTS
    texts = catalogue.get(str(code))
    english = _english(kind).get(str(code))
    if texts is None or english is None or english[field] != _words(stored):
        return Shown(str(stored), "en")
    return Shown(str(texts.title if field == 0 else texts.description))


def rule_title(code: str, stored: str) -> Shown:
    """The title of the rule `code` in the reader's language, if `stored` (the title kept
    with the decision, or the rule file's) is the catalogue's English; else `stored`."""
    return _shown("rule", code, stored, 0)


def rule_description(code: str, stored: str) -> Shown:
    return _shown("rule", code, stored, 1)


def typology_title(code: str, stored: str) -> Shown:
    return _shown("typology", code, stored, 0)


def typology_description(code: str, stored: str) -> Shown:
    return _shown("typology", code, stored, 1)
