"""The unit of an order line. The quantity rules (PATTERN-QUANTITY-SPIKE, -SPLIT-ORDERS,
-QUANTITY-TRADE) compare a line's bare quantity with the customer's and its peers' earlier
quantities of the same product: every quantity must count the same thing, the product's
packs (a product is sold in packs of its pack size, "5 L", "25 kg"). A line in any other
unit ("tonnes", "L") would be read as that many packs, so it is refused where it enters
rather than converted: a pack size is free text, no conversion from it is exact and known.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

PACK = "pack"
_SPELLINGS = frozenset({"pack", "packs"})


def line_unit(text: str) -> str | None:
    """The line's unit as stored ("pack"; empty means pack), or None for another unit."""
    word = " ".join(text.split()).casefold()
    return PACK if not word or word in _SPELLINGS else None


def unit_error(label: Any, value: str) -> str | None:
    """Why `value` is not a line's unit, in the reader's language; None when it is one."""
    if line_unit(value) is not None:
        return None
    return _(
        "%(field)s: “%(value)s” is not the product's unit: quantities are counted in packs "
        "of the product's pack size."
    ) % {"field": label, "value": value[:40]}
