"""Linked customers (the same supplier's customers sharing a registration number, a phone
or a delivery address) are found by the keys the model folds in Python, so a text in any
script and letter case links the same way on SQLite (whose LOWER() and LIKE fold ASCII
only) and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.core.writes import unaudited
from chemsec.supplychain.history import linked_customers
from chemsec.supplychain.models import Customer, folded, link_key

pytestmark = pytest.mark.django_db

# Addresses as one record keeps them and another writes them (in capitals, or lower case).
SPELLINGS = [
    ("ул. Ленина, д. 5, Бишкек", "УЛ. ЛЕНИНА, Д. 5, БИШКЕК"),
    ("Οδός Ερμού 10, Αθήνα", "ΟΔΌΣ ΕΡΜΟΎ 10, ΑΘΉΝΑ"),
    ("Οδός Διονυσίου ΐ 3", "ΟΔΌΣ ΔΙΟΝΥΣΊΟΥ Ϊ́ 3"),
    ("12 rue de l'Église, Besançon", "12 RUE DE L'ÉGLISE, BESANÇON"),
    ("Işıklar Caddesi 4, İzmir", "IŞIKLAR CADDESİ 4, İZMİR"),
    ("İnönü Bulvarı 7", "inönü bulvarı 7"),
    ("Große Straße 1, Köln", "GROSSE STRASSE 1, KÖLN"),
    ("ﬁeld lane 3", "FIELD LANE 3"),
]
IDS = ["cyrillic", "greek", "greek-dialytika-tonos", "accented", "turkish-capitals",
       "turkish-lower", "eszett", "ligature"]  # fmt: skip


def make(meridian, **values) -> Customer:
    customer = Customer(
        organisation=meridian, legal_name=values.pop("legal_name", "C"), country="XA",
        customer_type="professional", **values,
    )  # fmt: skip
    with unaudited("test fixture: customers to link"):
        customer.save()
    return customer


def linked(customer: Customer) -> set[int]:
    return set(Customer.objects.filter(linked_customers(customer)).values_list("pk", flat=True))


@pytest.mark.parametrize(("stored", "written"), SPELLINGS, ids=IDS)
@pytest.mark.parametrize("field", ["delivery_address", "phone", "registration_number"])
def test_customers_sharing_a_value_in_any_case_are_linked(meridian, stored, written, field):
    limit = Customer._meta.get_field(field).max_length
    stored, written = stored[:limit], written[:limit]
    first = make(meridian, **{field: stored})
    second = make(meridian, **{field: written})
    other = make(meridian, **{field: stored + " B"})
    assert linked(first) == {second.pk}
    assert linked(second) == {first.pk}
    assert linked(other) == set()


def test_a_changed_address_or_phone_links_by_its_new_value(alice, meridian):
    from chemsec.supplychain.services.customers import customer_update

    first = make(meridian, delivery_address="Große Straße 1", phone="+49 1")
    second = make(meridian, delivery_address="Kleine Gasse 2", phone="+49 2")
    assert linked(first) == set()
    customer_update(actor=alice, customer=second, delivery_address="GROSSE STRASSE 1")
    assert linked(first) == {second.pk}
    customer_update(actor=alice, customer=second, delivery_address="Kleine Gasse 2", phone="+49 1")
    assert linked(first) == {second.pk}
    second.refresh_from_db()
    assert (second.address_key, second.phone_key) == (link_key("Kleine Gasse 2"), link_key("+49 1"))


def test_empty_values_and_other_suppliers_never_link(meridian, northgate):
    first = make(meridian, delivery_address="  ", phone="")
    make(meridian, delivery_address="", phone=" ")
    make(northgate, delivery_address="  ", phone="")
    assert linked(first) == set()
    shared = make(meridian, delivery_address="Große Straße 1")
    make(northgate, delivery_address="GROSSE STRASSE 1")
    assert linked(shared) == set()


def test_a_key_is_a_digest_of_the_folded_text_whatever_the_length():
    address = "Straße " * 280  # a delivery address near the model's limit
    assert len(link_key(address)) == 64 and link_key(address) == link_key(address.upper())
    assert link_key("") == link_key("   ") == ""


# Letters, digits, spaces and punctuation of the Latin, Greek, Cyrillic, Armenian and
# Georgian blocks and Greek Extended: texts whose capitals and small letters must fold alike.
LETTERS = st.characters(max_codepoint=0x1FFF, categories=["Lu", "Ll", "Lt", "Nd", "Zs", "Po"])
CASES = st.sampled_from(["upper", "lower", "casefold", "swapcase", "title"])


@settings(max_examples=2000, deadline=None)
@given(text=st.text(LETTERS, max_size=24), case=CASES)
def test_a_text_and_its_capitals_or_small_letters_fold_alike(text, case):
    assert folded(getattr(text, case)()) == folded(text)
    assert folded(folded(text)) == folded(text)


# Any text a customer record can hold (PostgreSQL refuses NUL, no text holds a surrogate).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=30)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stored=ANY_TEXT,
    other=ANY_TEXT,
    case=CASES,
    field=st.sampled_from(["phone", "delivery_address"]),
)
def test_the_database_links_exactly_the_texts_that_fold_alike(meridian, stored, other, case, field):
    """On either database, a customer is linked to another (whose value is its own in
    another case, or any other text) exactly when Python folds the two values alike."""
    written = getattr(stored, case)()
    limit = Customer._meta.get_field(field).max_length or 2000
    stored, written, other = stored[:limit], written[:limit], other[:limit]
    with transaction.atomic():
        first = make(meridian, **{field: stored})
        variant = make(meridian, **{field: written})
        stranger = make(meridian, **{field: other})
        expected = {
            pk for pk, text in ((variant.pk, written), (stranger.pk, other))
            if folded(stored) and folded(text) == folded(stored)
        }  # fmt: skip
        assert linked(first) == expected
        transaction.set_rollback(True)
