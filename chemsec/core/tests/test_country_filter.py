"""``{{ code|country }}``: a stored ISO code shown by its name in the reader's language (CLDR),
the code as its title; a code without a name shown as a code, never under another name."""

from __future__ import annotations

import pytest
from django.utils import translation

from chemsec.core.templatetags.country_names import country


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "Germany"), ("fr", "Allemagne"), ("ar", "ألمانيا"), ("es", "Alemania"),
     ("ru", "Германия"), ("zh-hans", "德国")],
)  # fmt: skip
def test_a_country_is_named_in_the_readers_language(language: str, name: str) -> None:
    with translation.override(language):
        assert country("DE") == f'<span title="DE">{name}</span>'
        assert country(" de ") == f'<span title="DE">{name}</span>'  # as typed or stored


def test_a_code_without_a_name_stays_a_code() -> None:
    with translation.override("fr"):
        for code in ("XQ", "xz", "QQ"):  # user-assigned and named by no one
            shown = country(code)
            assert shown.startswith('<bdi class="code-id" title="')
            assert shown.endswith(f">{code.upper()}</bdi>")
            assert "Pseudo" not in shown  # CLDR's names for XA and XB are no country's
    assert country("") == "" and country(None) == ""  # so that |default:"—" applies
