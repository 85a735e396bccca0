"""Texts about an incident's reporting clock."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _


def clock_text(left: dt.timedelta | None) -> str:
    """ "11 h 40 min left" or "overdue by 2 h 5 min"; empty when no clock runs."""
    if left is None:
        return ""
    seconds = int(left.total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    if seconds < 0:
        return _("overdue by %(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return _("%(h)d h %(m)02d min left") % {"h": hours, "m": minutes}
