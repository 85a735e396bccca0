"""A person's own choices for the supply chain's e-mails (notifications_views.py): anyone
signed in reads and saves their own, nobody another's (there is no id in the path)."""

from __future__ import annotations

from tests.contract.expectations import REDIRECTS, page, signed_in

PAGES = {
    "supplychain:mail_preferences": page(signed_in, signed_in, ok=REDIRECTS),
}
