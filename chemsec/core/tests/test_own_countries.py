"""The States an installation gives user-assigned ISO 3166-1 codes are shown by their names,
translated like any text (the demo's XA Arcadia and XB Borealia appeared as bare codes on
the pages); a user-assigned code no one named stays a code, and an ISO country keeps its
CLDR name whatever is registered."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import pgettext_lazy

from chemsec.core.own_countries import _namer
from chemsec.core.templatetags.country_names import country
from chemsec.lib import countries, worldmap


def test_the_demos_states_are_shown_by_their_names() -> None:
    with translation.override("en"):
        assert country("XA") == '<span title="XA">Arcadia</span>'
        assert country(" xb ") == '<span title="XB">Borealia</span>'
    assert worldmap.country_name("XA", "zh-hans") == "Arcadia"  # until it is translated
    assert countries.own_country_name("XQ") is None
    assert worldmap.country_name("XQ", "fr") == "XQ"


def test_a_name_is_given_in_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    # A name with translations in the catalogues, to show that it is translated per reader.
    named = _namer(pgettext_lazy("threshold label", "CFATS lapsed"))
    monkeypatch.setitem(countries._OWN_NAMES, "XQ", named)
    assert worldmap.country_name("XQ", "fr") == "CFATS caduc"
    assert worldmap.country_name("xq", "ar") == "CFATS (انقضت صلاحيته)"
    with translation.override("fr"):
        assert country("XQ") == '<span title="XQ">CFATS caduc</span>'
    with translation.override("en"):
        assert country("XQ") == '<span title="XQ">CFATS lapsed</span>'


def test_an_iso_country_cannot_be_renamed() -> None:
    with pytest.raises(ValueError, match="not a user-assigned code"):
        countries.name_own_country("DE", lambda language: "Arcadia")
    with pytest.raises(ValueError):
        countries.name_own_country("XK", lambda language: "Arcadia")  # Kosovo
    assert worldmap.country_name("DE", "en") == "Germany"
