"""Pages over many reports: the national contact point's dashboard and cross-supplier links,
the secretariat's de-identified overview, and one report as PDF or structured JSON.

Reads only: each page asks the policy first and reads the reports the reader may see
(`selectors.reports_received` for an authority, every report's counts for the secretariat,
with no name, customer or sender in its page). The downloads are audited exports.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import TextChoices
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from chemsec.core.choices import Region
from chemsec.core.pdf import render_pdf
from chemsec.core.policy import acting_organisation, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.writes import write_export
from chemsec.supplychain import authority, selectors
from chemsec.supplychain.choices import Indicator, ReportKind, ReportStatus
from chemsec.supplychain.models import Report

TOP = 10  # products and indicators shown on the dashboard


def _labels(choices: type[TextChoices]) -> dict[str, str]:
    return {code: str(label) for code, label in choices.choices}


def _labelled(counts: Any, labels: dict[str, str]) -> list[tuple[str, int]]:
    return [(labels.get(code, code), n) for code, n in counts.most_common(TOP)]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The authority's reports over time, by kind, product, indicator and country, and the
    customers reported by several suppliers."""
    organisation = acting_organisation(request)
    require(request.user, "supplychain.inbox", organisation)
    reports = list(selectors.reports_received(request.user, organisation))
    counts = authority.dashboard(reports)
    peak = max((n for _month, n in counts.by_month), default=0)
    context = {
        "organisation": organisation,
        "counts": counts,
        "months": [
            (month, n, round(100 * n / peak) if peak else 0) for month, n in counts.by_month
        ],
        "kinds": _labelled(counts.by_kind, _labels(ReportKind)),
        "statuses": _labelled(counts.by_status, _labels(ReportStatus)),
        "products": counts.by_product.most_common(TOP),
        "indicators": _labelled(counts.by_indicator, _labels(Indicator)),
        "countries": counts.by_country.most_common(TOP),
        "links": authority.cross_supplier_links(reports),
    }
    return render_page(request, "supplychain/authority_dashboard.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The secretariat's counts by region and kind: no names, customers or senders."""
    require(request.user, "supplychain.overview", None)
    counts = authority.overview(Report.objects.select_related("organisation").only(
        "kind", "body", "organisation__region"
    ))  # fmt: skip
    regions = _labels(Region)
    kinds = _labels(ReportKind)
    context = {
        "rows": [
            (regions.get(r, r) or _("Not stated"), kinds.get(k, k), authority.shown_count(n))
            for r, k, n in counts.rows
        ],
        "indicators": [
            (label, authority.shown_count(n))
            for label, n in _labelled(counts.by_indicator, _labels(Indicator))
        ],
        "min_shown": authority.MIN_SHOWN_COUNT,
    }
    return render_page(request, "supplychain/overview.html", context)


@login_required
def report_download(request: HttpRequest, report_id: str, fmt: str) -> HttpResponse:
    """One report as the authority received it: PDF (marked) or JSON (its frozen body)."""
    if fmt not in ("pdf", "json"):
        raise Http404
    item = get_object(request.user, "report.export", selectors.report_joined(), pk=report_id)
    if fmt == "json":
        content = json.dumps(item.body, indent=2, ensure_ascii=False).encode("utf-8")
        content_type = "application/json"
    else:
        note = _("Sender and addressed authority only")
        marking = f"{item.get_confidentiality_display()} — {note}"
        context = {
            "item": item,
            "body": item.body,
            "thread": item.messages.select_related("author"),
        }
        content = render_pdf("supplychain/report_print.html", context, marking=marking,
                             title=item.get_kind_display())  # fmt: skip
        content_type = "application/pdf"
    write_export(item, actor=request.user, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    stamp = item.sent_at.strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="report-{item.kind}-{stamp}.{fmt}"'
    return response
