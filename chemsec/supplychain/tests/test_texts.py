"""What a reviewer reads about a decision, in the reader's language: each breach's facts as
sentences (numbers, dates, lists and countries as the locale writes them), each rule's and
typology's title and description from the catalogue (never another version's text), and a
report's times in the localized format and the portal's time zone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from chemsec.supplychain import engine, evaluation_replay, generator
from chemsec.supplychain.engine import Customer, Line, Order, PastOrder, Statement
from chemsec.supplychain.fact_texts import WRITERS, fact_sentences
from chemsec.supplychain.rule_texts import (
    RULE_TEXTS,
    TYPOLOGY_TEXTS,
    rule_description,
    rule_title,
    typology_title,
)
from chemsec.supplychain.rulebook import shipped_rulebook

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
PEROXIDE = Line("HP30", 1, listed=True, eu_restricted=True, eu_regulated=True,
                eu_entries=("EU I-02",))  # fmt: skip
TDG = Line("TDG", 1, listed=True, cwc_schedules=("2",))
TEA = Line("TEA", 1, listed=True, cwc_schedules=("3",))
AG = Line("SOD-FLUORIDE", 1, listed=True, ag_listed=True)
VERIFIED = Customer("c1", "professional", "DE", identity_checked_on=TODAY - dt.timedelta(days=30),
                    statements=(Statement("eu_annex_iv", TODAY - dt.timedelta(days=30),
                                          TODAY + dt.timedelta(days=300)),),
                    prior_orders=5)  # fmt: skip
# What the engine's checks write, and Python's own renderings of it, that a sentence for a
# reader must never show.
RAW = re.compile(r"\[\s*'|'\s*\]|\{'|_[a-z]+\b|\b(None|True|False)\b|\d{4}-\d{2}-\d{2}")


def _order(*lines: Line, customer: Customer = VERIFIED, **fields: object) -> Order:
    values: dict[str, object] = {
        "ordered_at": NOW, "customer": customer, "delivery_country": customer.country,
        "payment_method": "account", "lines": lines, "supplier_country": "DE",
    }  # fmt: skip
    values.update(fields)
    return Order(**values)  # type: ignore[arg-type]


def _past(days: float, quantity: float, code: str = "HP30") -> PastOrder:
    return PastOrder(NOW - dt.timedelta(days=days), "c1", (code,), quantities=((code, quantity),),
                     payment_method="account")  # fmt: skip


def _history(n: int, quantity: float) -> tuple[PastOrder, ...]:
    return tuple(_past(10 * (i + 1), quantity) for i in range(n))


def _engine_breaches() -> list[engine.Breach]:
    """Breaches of every check, from the real engine: orders built to breach the checks a
    generated data set rarely or never does (denied parties are not replayed), and a
    replay of a generated data set for the shapes of ordinary trade."""
    book = shipped_rulebook()
    old = TODAY - dt.timedelta(days=400)
    unverified = replace(VERIFIED, identity_checked_on=old, statements=())
    expired = replace(VERIFIED, statements=(Statement("eu_annex_iv", TODAY - dt.timedelta(days=400),
                                                      TODAY - dt.timedelta(days=35)),))  # fmt: skip
    public = Customer("c2", "general_public", "DE", prior_orders=5)
    flagged = replace(VERIFIED, denied_party_matches=("un:KPe.001",), denied_party_score=0.93)
    orders = [
        _order(PEROXIDE, customer=public),
        _order(PEROXIDE, customer=unverified),
        _order(PEROXIDE, customer=expired),
        _order(PEROXIDE, customer=replace(VERIFIED, identity_checked_on=None)),
        _order(TDG, delivery_country="KP"),
        _order(TEA, delivery_country="SS"),
        _order(TDG, delivery_country="HK"),  # a territory: CWC-DESTINATION-UNKNOWN
        _order(TEA, delivery_country="XK"),
        _order(AG, delivery_country="CN"),
        _order(PEROXIDE, indicators=frozenset({"unclear_use", "refuses_identity"})),
        _order(PEROXIDE, customer=replace(VERIFIED, prior_orders=0), payment_method="cash"),
        _order(PEROXIDE, delivery_address="Postfach 12 04, 10115 Berlin"),
        _order(PEROXIDE, delivery_address="Spedition Nord, Hafenstrasse 1"),
        _order(PEROXIDE, customer=flagged),
        _order(PEROXIDE, parties=(engine.ScreenedParty("end_user", ("un:XXi.901",), 0.862),)),
        _order(replace(PEROXIDE, quantity=12.5), history=_history(6, 2.0)),
        _order(PEROXIDE, payment_method="cash", history=_history(3, 1.0)),
        _order(replace(PEROXIDE, quantity=1.5), history=(*_history(6, 1.0), _past(1, 1.5))),
        _order(PEROXIDE, consignee_name="Baltic Freight Forwarding AB"),
        _order(
            replace(PEROXIDE, quantity=90.5),
            trade_peers=(engine.TradePeers("HP30", tuple(float(q) for q in range(1, 25)), 6),),
        ),
    ]
    found = [b for o in orders for b in engine.evaluate(o, book).breaches]
    recorded: list[engine.Breach] = []

    def evaluate(order: Order, rulebook: engine.RuleBook) -> engine.Evaluation:
        evaluation = real(order, rulebook)
        recorded.extend(evaluation.breaches)
        return evaluation

    real = engine.evaluate
    engine.evaluate = evaluate  # type: ignore[assignment]
    try:
        evaluation_replay.replay(generator.generate(1, 1500), book)
    finally:
        engine.evaluate = real  # type: ignore[assignment]
    return found + recorded


@pytest.fixture(scope="module")
def breaches() -> list[engine.Breach]:
    return _engine_breaches()


def test_every_check_of_the_engine_has_its_sentences():
    assert set(WRITERS) == set(engine.CHECKS)


def test_every_breach_the_engine_writes_reads_as_sentences_in_every_language(breaches):
    checks = {rule.code: rule.check for rule in shipped_rulebook().rules}
    assert {checks[b.code] for b in breaches} == set(engine.CHECKS)  # every check was seen
    for language in LANGUAGES:
        with translation.override(language):
            for breach in breaches:
                sentences = fact_sentences(checks[breach.code], breach.facts)
                assert sentences, (language, breach.code, breach.facts)
                for sentence in sentences:
                    assert sentence.strip() and not RAW.search(sentence), (language, sentence)


SPLIT_FACTS = {  # version 5's facts: the chance and the rate of the customer's ordering
    "window_days": 7, "linked_customers": 0, "products": ["ACE"],
    "lines": [{"product": "ACE", "orders_in_window": 5, "total_quantity": 10.0,
               "this_order": 2.0, "linked_customers": 0, "limit": 4.0,
               "baseline_windows": 10, "chance": 0.00017, "orders_per_window": 0.5}],
}  # fmt: skip


def test_numbers_dates_lists_and_countries_are_the_readers():
    """French: decimal comma and grouping (Django's fr formats), month names (Django's
    catalogue), lists joined with "et" and country names (CLDR)."""
    spike = {"lines": [{"product": "HP30", "quantity": 12500.5, "percentile": 2.0,
                        "limit": 4.0, "history": 6}]}  # fmt: skip
    identity = {"products": ["HP30", "ACE"], "identity_checked_on": "2025-11-30",
                "max_age_days": 365}  # fmt: skip
    cwc = {"schedule": "2", "products": ["TDG"], "delivery_country": "KP",
           "states_not_party_as_of": "2023-11-29"}  # fmt: skip
    with translation.override("en"):
        assert "12,500.5 ordered" in fact_sentences("quantity_spike", spike)[0]
        assert "Nov. 30, 2025" in " ".join(fact_sentences("identity_not_verified", identity))
        assert "HP30 and ACE" in " ".join(fact_sentences("identity_not_verified", identity))
        assert "North Korea" in fact_sentences("cwc_transfer", cwc)[0]
        split = " ".join(fact_sentences("split_orders", SPLIT_FACTS))
        assert "a chance of 0.00017" in split and "(0.5 orders" in split, split
    with translation.override("fr"):
        split = " ".join(fact_sentences("split_orders", SPLIT_FACTS))
        assert "0,00017" in split and "0,5" in split, split
        text = fact_sentences("quantity_spike", spike)[0]
        assert re.search(r"12\s500,5", text) and "4 " in text, text
        joined = " ".join(fact_sentences("identity_not_verified", identity))
        assert "30 novembre 2025" in joined and "HP30 et ACE" in joined, joined
        assert "Corée du Nord" in fact_sentences("cwc_transfer", cwc)[0]
        assert "29 novembre 2023" in fact_sentences("cwc_transfer", cwc)[0]


def test_facts_of_another_shape_are_not_made_into_a_sentence():
    assert fact_sentences("quantity_spike", {"lines": [{"product": "HP30"}]}) is None
    assert fact_sentences("indicator", {"indicator": "no_such_code", "products": ["X"]}) is None
    assert fact_sentences("identity_not_verified", {"products": "HP30", "max_age_days": 1}) is None
    assert fact_sentences("no_such_check", {"products": ["HP30"]}) is None
    assert fact_sentences(None, {}) is None


# --- Rule and typology titles. ---


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_shipped_rule_and_typology_has_its_texts_word_for_word():
    book = shipped_rulebook()
    assert {r.code for r in book.rules} == set(RULE_TEXTS)
    assert {t.code for t in book.typologies} == set(TYPOLOGY_TEXTS)
    with translation.override(None):
        for rule in book.rules:
            assert _words(str(RULE_TEXTS[rule.code].title)) == _words(rule.title), rule.code
            assert _words(str(RULE_TEXTS[rule.code].description)) == _words(rule.description)
        for typology in book.typologies:
            assert _words(str(TYPOLOGY_TEXTS[typology.code].title)) == _words(typology.title)
            assert _words(str(TYPOLOGY_TEXTS[typology.code].description)) == _words(
                typology.description
            )


@pytest.fixture
def catalogue():
    """Add messages to a language's loaded gettext catalogue for one test (the shipped .po
    files are the translators'): catalogue("fr", context, msgid, msgstr)."""
    added: list[tuple[dict[str, str], str, object]] = []
    missing = object()

    def add(language: str, context: str, msgid: str, msgstr: str) -> None:
        table = trans_real.translation(language)._catalog._catalogs[0]
        key = f"{context}\x04{msgid}"
        added.append((table, key, table.get(key, missing)))
        table[key] = msgstr

    yield add
    for table, key, before in reversed(added):
        if before is missing:
            del table[key]
        else:
            table[key] = before


def test_a_rule_title_is_the_readers_and_another_versions_title_stays_as_stored(catalogue):
    book = shipped_rulebook()
    rule = next(r for r in book.rules if r.code == "EU-EP-ART5")
    catalogue("fr", "supply-chain rule", rule.title, "Précurseur restreint vendu au public")
    with translation.override("fr"):
        shown = rule_title(rule.code, rule.title)
        assert (shown.text, shown.lang) == ("Précurseur restreint vendu au public", "")
        older = rule_title(rule.code, "Restricted precursor sold to the public")
        assert (older.text, older.lang) == ("Restricted precursor sold to the public", "en")
        unknown = rule_title("NO-SUCH-RULE", "Something")
        assert (unknown.text, unknown.lang) == ("Something", "en")
        assert rule_description(rule.code, rule.description).lang == ""
    with translation.override("en"):
        assert rule_title(rule.code, rule.title).text == rule.title
    typology = book.typologies[0]
    catalogue("ar", "supply-chain typology", typology.title, "بيع يقيده القانون")
    with translation.override("ar"):
        assert typology_title(typology.code, typology.title).text == "بيع يقيده القانون"


# --- The pages. ---


def _visible(html: str) -> str:
    """The page's text without its tags and attributes (a machine-readable datetime
    attribute is not text a reader sees)."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_the_case_page_shows_facts_as_sentences_titles_translated_and_a_verdict_per_rule(
    record, public_buyer, peroxide, alice, catalogue
):
    from django.test import Client
    from django.urls import reverse
    from django.utils.html import escape

    from chemsec.supplychain.models import Case

    record(public_buyer, peroxide)
    case = Case.objects.get()
    title = next(r.title for r in shipped_rulebook().rules if r.code == "EU-EP-ART5")
    catalogue("fr", "supply-chain rule", title, "Précurseur restreint vendu au public")
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("supplychain:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<strong>Précurseur restreint vendu au public</strong>" in html
    facts = next(b["facts"] for b in case.alerts.get().breaches if b["code"] == "EU-EP-ART5")
    with translation.override("fr"):
        sentences = fact_sentences("restricted_to_general_public", facts)
    assert sentences and "HP30" in sentences[0]
    assert escape(" ".join(sentences)) in re.sub(r"</?bdi[^>]*>", "", html)  # never raw
    assert '<bdi class="code-id">HP30</bdi>' in html  # the code isolated, not the sentence
    assert "products: [" not in html and "customer_type" not in html and "['" not in html
    # The verdict on each rule sits with the rule it judges, labelled by its code.
    items = re.findall(r"<li>(.*?)</li>", html, flags=re.S)
    breach = next(item for item in items if "EU-EP-ART5" in item)
    assert 'name="rule_code" value="EU-EP-ART5"' in breach and "<form" in breach
    assert re.search(r'<label for="d-[^"]+-EU-EP-ART5">[^<]*EU-EP-ART5</label>', breach)
    forms = html.count('/dispositions/"')
    assert forms >= 2 and forms == sum(item.count('/dispositions/"') for item in items)


@pytest.mark.django_db
def test_the_report_shows_each_transaction_time_localized_in_the_portals_time_zone(
    record, public_buyer, peroxide, alice, authority
):
    from django.test import Client
    from django.urls import reverse
    from django.utils import formats, timezone

    from chemsec.supplychain.models import Case
    from chemsec.supplychain.services import case_decide, report_send

    order, _evaluation = record(public_buyer, peroxide)
    case = Case.objects.get()
    case_decide(actor=alice, case=case, status="suspicious")
    report = report_send(
        actor=alice, organisation=case.organisation, authority=authority,
        kind="suspicious_transaction", summary="Refused ID.", case=case,
    )  # fmt: skip
    frozen = report.body["transactions"][0]["ordered_at"]
    client = Client()
    client.force_login(alice)
    for language in ("en", "fr"):
        html = client.get(
            reverse("supplychain:report", args=[report.pk]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        with translation.override(language):
            local = timezone.localtime(order.ordered_at)
            expected = f"{formats.date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"
        assert expected in html, (language, expected)
        assert frozen not in _visible(html)  # the ISO string only as <time datetime>
        assert f'<time datetime="{frozen}">' in html


def test_a_frozen_time_that_is_not_one_is_shown_as_it_is():
    from chemsec.supplychain.templatetags.supplychain_labels import sc_datetime

    with translation.override("fr"):
        assert sc_datetime("2026-12-07T06:21:30+00:00") == "7 décembre 2026 06:21 (UTC)"
        assert sc_datetime("2026-12-07") == "7 décembre 2026"
        assert sc_datetime("2026-13-45T99:00:00") == "2026-13-45T99:00:00"
        assert sc_datetime("yesterday") == "yesterday"
        assert sc_datetime(None) == ""


@pytest.mark.django_db
def test_the_snooze_form_names_each_rule_by_its_code_and_title(company, alice, catalogue):
    from django.test import Client
    from django.urls import reverse

    title = next(r.title for r in shipped_rulebook().rules if r.code == "KYC-PAYMENT")
    catalogue("fr", "supply-chain rule", title, "Paiement en espèces ou par un tiers")
    client = Client()
    client.force_login(alice)
    html = client.get(
        reverse("supplychain:customer", args=[company.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert '<option value="KYC-PAYMENT">KYC-PAYMENT — Paiement en espèces ou par un tiers' in html
    assert '<option value="EU-EP-ART5">' not in html  # the law's restrictions are not snoozed


def test_the_split_sentence_gives_the_threshold_and_the_rate_bound_it_was_judged_at():
    """Version 6's facts carry the threshold; with `rate_confidence`, the rate counted, its
    upper bound and the level: the reviewer reads what the window was judged against."""
    line = {**SPLIT_FACTS["lines"][0], "max_chance": 0.0005}  # type: ignore[index]
    bounded = {**line, "orders_per_window_bound": 0.93, "rate_confidence": 0.9}
    with translation.override("en"):
        text = " ".join(fact_sentences("split_orders", {**SPLIT_FACTS, "lines": [line]}))
        assert "a chance of 0.00017; the rule finds 0.0005 or less uncommon." in text, text
        text = " ".join(fact_sentences("split_orders", {**SPLIT_FACTS, "lines": [bounded]}))
        assert "Even at 0.93 orders" in text and "upper 90% confidence bound" in text, text
        assert "counted as 0.5)" in text and "0.0005 or less" in text, text
    with translation.override("fr"):
        text = " ".join(fact_sentences("split_orders", {**SPLIT_FACTS, "lines": [bounded]}))
        assert "0,93" in text and "0,0005" in text, text
    broken = {**bounded, "rate_confidence": "high"}
    assert fact_sentences("split_orders", {**SPLIT_FACTS, "lines": [broken]}) is None
