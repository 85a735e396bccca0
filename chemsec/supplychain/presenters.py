"""Texts shown about a decision. What may reach a customer (the counter, an order
confirmation, the API) says only what to do with the order, never that a report was or will
be made or which rule fired (tipping-off)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chemsec.supplychain.engine import NEUTRAL_REASONS

NEUTRAL_TEXT = {
    "ok": gettext_lazy("The order may go ahead."),
    "pending_review": gettext_lazy("The order needs a check before it goes ahead."),
    "on_hold": gettext_lazy("The order is on hold: do not hand over or ship it for now."),
}
assert set(NEUTRAL_TEXT) == set(NEUTRAL_REASONS.values())


def neutral_text(decision: str) -> str:
    return str(NEUTRAL_TEXT[NEUTRAL_REASONS[decision]])


def clock_text(left: dt.timedelta | None) -> str:
    """ "11 h 40 min left" or "overdue by 2 h 5 min"; empty when no clock runs."""
    if left is None:
        return ""
    seconds = int(left.total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    if seconds < 0:
        return _("overdue by %(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(h)d h %(m)02d min left") % {"h": hours, "m": minutes}
