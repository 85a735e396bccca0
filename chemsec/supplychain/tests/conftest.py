"""Fixtures for the supply-chain tests: a supplier (Meridian, alice admin, bob viewer), a
colleague who records orders at the counter, another supplier (Northgate, charlie), a
national authority, and a small catalogue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chemsec.core.choices import OrganisationKind, Role


@pytest.fixture
def clerk(make_user, meridian):
    """Sales staff at the counter: a contributor of the supplier."""
    return make_user("carol", meridian, Role.CONTRIBUTOR)


@pytest.fixture
def authority(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="National Contact Point", slug="ncp", kind=OrganisationKind.NATIONAL_AUTHORITY,
        country="XA",
    )  # fmt: skip


@pytest.fixture
def other_authority(db):
    from chemsec.core.models import Organisation

    return Organisation.objects.create(
        name="Other Contact Point", slug="ncp-2", kind=OrganisationKind.NATIONAL_AUTHORITY,
        country="XB",
    )  # fmt: skip


@pytest.fixture
def officer(make_user, authority):
    """A contributor of the national authority (handles reports)."""
    return make_user("olga", authority, Role.CONTRIBUTOR)


@pytest.fixture
def stranger_officer(make_user, other_authority):
    return make_user("oscar", other_authority, Role.CONTRIBUTOR)


@pytest.fixture
def peroxide(alice, meridian):
    from chemsec.supplychain.services import product_create

    return product_create(
        actor=alice, organisation=meridian, code="HP30", name="Hydrogen peroxide 30 %",
        components=[{"cas": "7722-84-1", "concentration": "30"}], pack_size="5 L",
    )  # fmt: skip


@pytest.fixture
def acetone(alice, meridian):
    from chemsec.supplychain.services import product_create

    return product_create(
        actor=alice, organisation=meridian, code="ACE", name="Acetone",
        components=[{"cas": "67-64-1", "concentration": "99.5"}],
    )  # fmt: skip


@pytest.fixture
def ethanol(alice, meridian):
    from chemsec.supplychain.services import product_create

    return product_create(
        actor=alice, organisation=meridian, code="ETH", name="Ethanol",
        components=[{"cas": "64-17-5", "concentration": "96"}],
    )  # fmt: skip


@pytest.fixture
def thiodiglycol(alice, meridian):
    from chemsec.supplychain.services import product_create

    return product_create(
        actor=alice, organisation=meridian, code="TDG", name="Thiodiglycol",
        components=[{"cas": "111-48-8", "concentration": "99"}],
    )  # fmt: skip


@pytest.fixture
def triethanolamine(alice, meridian):
    from chemsec.supplychain.services import product_create

    return product_create(
        actor=alice, organisation=meridian, code="TEA", name="Triethanolamine",
        components=[{"cas": "102-71-6", "concentration": "99"}],
    )  # fmt: skip


@pytest.fixture
def public_buyer(alice, meridian):
    from chemsec.supplychain.services import customer_create

    return customer_create(
        actor=alice, organisation=meridian, legal_name="Jo Public", country="XA",
        customer_type="general_public", delivery_address="1 High Street",
    )  # fmt: skip


@pytest.fixture
def company(alice, meridian):
    """A professional customer with an identity check and a valid customer statement."""
    from chemsec.supplychain.services import customer_create, verification_add

    customer = customer_create(
        actor=alice, organisation=meridian, legal_name="Acme Pools Ltd", country="XA",
        customer_type="professional", registration_number="XA-123456",
        declared_trade="Swimming-pool maintenance", delivery_address="2 Dock Road",
    )  # fmt: skip
    verification_add(
        actor=alice, customer=customer, kind="identity", document_kind="identity_card",
        number="AB 1234 5678",
    )  # fmt: skip
    verification_add(
        actor=alice, customer=customer, kind="statement", statement_kind="eu_annex_iv",
        products="HP30", intended_use="Pool water treatment",
    )  # fmt: skip
    return customer


@pytest.fixture
def record(alice):
    """Record an order for a customer: record(customer, product, quantity=1, **fields)."""
    from chemsec.supplychain.services import LineInput, order_record

    def make(customer, *products, actor=None, quantity="1", **fields):
        fields.setdefault("payment_method", "account")
        lines = [LineInput(product=p, quantity=Decimal(quantity)) for p in products]
        return order_record(actor=actor or alice, customer=customer, lines=lines, **fields)

    return make
