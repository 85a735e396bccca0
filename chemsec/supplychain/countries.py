"""Country fields of the supply chain (a customer's country, an order's delivery,
consignee and end-user countries) as every entry point checks them: the page forms, the
API and the order import.

A code is accepted when chemsec.lib.countries knows it as a country, or when it is a
user-assigned code one of this installation's organisations has as its own (the demo's
fictional States XA and XB): an unknown code such as "YY" is refused where it enters,
never stored and then taken for a State Party by the CWC rules.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from chemsec.core.models import Organisation
from chemsec.lib.countries import country_known
from chemsec.lib.worldmap import user_assigned


def installation_codes() -> frozenset[str]:
    """The user-assigned codes this installation's organisations have (one small query)."""
    codes = Organisation.objects.exclude(country="").values_list("country", flat=True)
    return frozenset(code.upper() for code in codes.distinct() if user_assigned(code))


class Countries:
    """The accepted codes, the installation's own read once (an import checks every row)."""

    def __init__(self) -> None:
        self._own: frozenset[str] | None = None

    def known(self, code: str) -> bool:
        if country_known(code):
            return True
        if self._own is None:
            self._own = installation_codes()
        return country_known(code, self._own)


def country_error(label: Any, value: str, countries: Countries | None = None) -> str | None:
    """Why `value` (already stripped) is not a country for the field `label`, in the
    reader's language; None when it is one, or empty."""
    if not value or (countries or Countries()).known(value):
        return None
    return _("%(field)s: “%(value)s” is not an ISO 3166-1 country code (two letters, e.g. FR).") % {
        "field": label,
        "value": value[:40],
    }
