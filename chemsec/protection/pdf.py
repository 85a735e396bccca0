"""The site security plan as a PDF: the page's own sections (``protection/_plan_sections.html``)
laid out for print by the shared document pipeline, the marking heading and footing every
page in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chemsec.core.pdf import render_pdf
from chemsec.protection.plan import Plan


def plan_pdf(plan: Plan) -> bytes:
    return render_pdf(
        "protection/plan_print.html",
        {"plan": plan, "facility": plan.facility},
        marking=plan.marking,
        title=_("Site security plan: %(name)s") % {"name": plan.facility.name},
    )
