"""The home page's cards follow the kind of organisation the person acts for."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.core.choices import OrganisationKind, Role

pytestmark = pytest.mark.django_db


def _card_links(client: Client) -> list[str]:
    body = client.get(reverse("home")).content.decode()
    section = body.split('id="modules-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<h3><a href="([^"]+)"', section)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_distributor_sees_its_supply_chain_first(charlie):
    links = _card_links(_signed_in(charlie))
    assert links[0] == reverse("supplychain:index")
    assert reverse("supplychain:inbox") not in links


def test_a_national_authority_sees_its_inbox_first(make_user):
    from chemsec.core.models import Organisation

    authority = Organisation.objects.create(
        name="Authority", slug="authority", kind=OrganisationKind.NATIONAL_AUTHORITY
    )
    links = _card_links(_signed_in(make_user("nadia", authority, Role.ADMIN)))
    assert links[0] == reverse("supplychain:inbox")
    assert reverse("facilities:index") in links


def test_a_facility_officer_sees_the_facilities_not_the_supply_chain(alice):
    links = _card_links(_signed_in(alice))
    assert links[0] == reverse("facilities:index")
    assert reverse("supplychain:index") not in links


def test_a_visitor_sees_the_open_modules(db):
    links = _card_links(Client())
    assert links[0] == reverse("screening:index")
    assert reverse("supplychain:index") not in links
