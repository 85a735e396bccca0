"""The authority's dashboard, the secretariat's de-identified overview, and a report's
PDF and JSON downloads (chemsec/supplychain/authority_views.py)."""

from __future__ import annotations

from tests.contract.expectations import AUTHORITY, SECRETARIAT_ANY, obj, page

PAGES = {
    "supplychain:authority_dashboard": page(AUTHORITY),
    "supplychain:overview": page(SECRETARIAT_ANY),
    "supplychain:report_download": page(
        obj("report_id", "export"), params={"fmt": "json"}, variants={"pdf": {"fmt": "pdf"}}
    ),
}
