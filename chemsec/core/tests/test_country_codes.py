"""Country codes are checked in one place (chemsec.core.limits.country_code_valid): two
ASCII letters. Letters of other scripts that look like Latin ones ("КГ" typed on a Cyrillic
keyboard, Greek "ΚΥ") pass `str.isalpha` but match no list's country."""

from __future__ import annotations

import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from chemsec.core.choices import OrganisationKind
from chemsec.core.limits import country_code_valid
from chemsec.core.models import Organisation

LOOK_ALIKES = ["КГ", "ΚΥ", "ÄÖ", "Ｆ\uff32", "ǅA"]


@given(st.text(min_size=0, max_size=4))
def test_a_code_is_valid_exactly_when_it_is_two_ascii_letters(value):
    expected = len(value) == 2 and all(c in string.ascii_letters for c in value)
    assert country_code_valid(value) is expected


@pytest.mark.parametrize("code", LOOK_ALIKES, ids=range(len(LOOK_ALIKES)))
def test_an_organisation_refuses_letters_of_another_script(code):
    organisation = Organisation(name="Agency", slug="agency", kind=OrganisationKind.OTHER)
    organisation.country = code
    with pytest.raises(ValidationError) as error:
        organisation.clean()
    assert "country" in error.value.message_dict


def test_an_organisation_takes_a_lower_case_code_as_upper_case():
    organisation = Organisation(name="Agency", slug="agency", kind=OrganisationKind.OTHER)
    organisation.country = "fr"
    organisation.clean()
    assert organisation.country == "FR"


@pytest.mark.django_db
@pytest.mark.parametrize("code", LOOK_ALIKES, ids=range(len(LOOK_ALIKES)))
def test_the_facility_form_refuses_letters_of_another_script(code):
    from chemsec.facilities.forms import FacilityForm

    form = FacilityForm(data={"name": "Plant", "country": code})
    form.is_valid()
    assert "country" in form.errors
