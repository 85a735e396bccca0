"""Facility pages: profile, sharing, areas, contacts, inventories and chemicals of interest.

Each page fetches its facility with `policy.get_object` and the action it needs: one the
person may not see is a 404, one they see but may not change a 403. Threats and scenarios
are in `views_threats`; risk registers and the national roll-up in `chemsec.risk.views`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.forms import ShareRevokeForm
from chemsec.core.policy import Denied, acting_organisation, can, get_object
from chemsec.core.rendering import render_page
from chemsec.facilities import selectors as sel
from chemsec.facilities.forms import (
    AreaForm,
    ContactForm,
    FacilityForm,
    InventoryUploadForm,
    OrganisationChoiceForm,
    ShareForm,
)
from chemsec.facilities.inventory import diff_totals, inventory_import_start, totals
from chemsec.facilities.models import Facility, InventorySnapshot
from chemsec.facilities.services import (
    area_create,
    contact_create,
    facility_create,
    facility_share,
    facility_unshare,
    facility_update,
)
from chemsec.facilities.texts import shown_chemicals, threshold_label, tier_text
from chemsec.science.thresholds import CFATS_LAPSED, tier


def get_facility(request: HttpRequest, facility_id: Any, action: str = "view") -> Facility:
    """The facility if the person may do `action` to it ("facility.<action>"): NotVisible
    (404) if they may not see it, Denied (403) if they see it but may not act."""
    return get_object(request.user, f"facility.{action}", sel.facilities(), pk=facility_id)


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = sel.facilities_visible_to(request.user)
    can_create = can(request.user, "facility.create", acting_organisation(request))
    return render_page(
        request, "facilities/list.html", {"facilities": facilities, "can_create": can_create}
    )


@login_required
def facility_create_view(request: HttpRequest) -> HttpResponse:
    organisations = sel.organisations_for(request.user, "facility.create")
    if not organisations.exists():
        raise Denied(_("Only contributors of an organisation can register its facilities."))
    form = FacilityForm(request.POST or None)
    owner = OrganisationChoiceForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": acting_organisation(request)},
    )
    if request.method == "POST" and form.is_valid() and owner.is_valid():
        data = dict(form.cleaned_data)
        facility = facility_create(
            organisation=owner.cleaned_data["organisation"], actor=request.user, **data
        )
        messages.success(
            request, _("The facility is registered. It is restricted until you share it.")
        )
        return redirect("facilities:detail", facility_id=facility.pk)
    return render_page(request, "facilities/form.html", {"form": form, "owner": owner})


@login_required
def facility_detail(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    chemicals = sel.chemicals_of_interest(facility)
    context = {
        "facility": facility,
        "areas": facility.areas.all(),
        "contacts": facility.emergency_contacts.all(),
        "can_change": can(request.user, "facility.change", facility),
        "can_share": can(request.user, "facility.share", facility),
        "snapshot": sel.latest_snapshot(facility),
        "chemicals": chemicals,
        "tier": tier(chemicals),
        # Both forms have a name field: ids of their own, so each label names its own field.
        "area_form": AreaForm(auto_id="area_%s"),
        "contact_form": ContactForm(auto_id="contact_%s"),
        "share_form": ShareForm(authorities=sel.national_authorities()),
        "shared_organisations": facility.shared_with_organisations.all(),
        "shared_users": facility.shared_with_users.all(),
    }
    return render_page(request, "facilities/detail.html", context)


@login_required
def facility_edit(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change")
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        # The bound form has written the new values onto `facility`; compare a fresh copy.
        facility_update(
            facility=Facility.objects.get(pk=facility.pk), actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
        return redirect("facilities:detail", facility_id=facility.pk)
    return render_page(request, "facilities/form.html", {"form": form, "facility": facility})


@login_required
@require_POST
def facility_share_view(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "share")
    form = ShareForm(request.POST, authorities=sel.national_authorities())
    if form.is_valid():
        authority = form.cleaned_data["authority"]
        facility_share(
            facility=facility,
            actor=request.user,
            organisations=[authority] if authority else [],
            users=form.cleaned_data["usernames"],
        )
        messages.success(request, _("Shared, read-only. The share is recorded in the audit trail."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
    return redirect("facilities:detail", facility_id=facility.pk)


@login_required
@require_POST
def facility_unshare_view(request: HttpRequest, facility_id: str) -> HttpResponse:
    """Revoke one share; the former recipient no longer sees the facility (unless a member)."""
    facility = get_facility(request, facility_id, "unshare")
    revoke_share(request, facility, partial(facility_unshare, facility=facility))
    return redirect("facilities:detail", facility_id=facility.pk)


def revoke_share(request: HttpRequest, obj: Any, unshare: Callable[..., Any]) -> None:
    """Revoke the share the posted form names with `unshare` (a service taking the actor and
    the organisations or users); the outcome, or why not, goes in a message."""
    form = ShareRevokeForm(request.POST, obj=obj)
    if not form.is_valid():
        messages.error(request, _("That share does not exist (any more)."))
        return
    try:
        unshare(actor=request.user, **form.revoked())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Share revoked. The revocation is recorded in the audit trail.")
        )


@login_required
@require_POST
def area_add(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change")
    form = AreaForm(request.POST)
    if form.is_valid():
        try:
            area_create(facility=facility, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("An area needs a name."))
    return redirect("facilities:detail", facility_id=facility.pk)


@login_required
@require_POST
def contact_add(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change")
    form = ContactForm(request.POST)
    if form.is_valid():
        contact_create(facility=facility, actor=request.user, **form.cleaned_data)
    else:
        messages.error(request, _("A contact needs a name and a valid email, if any."))
    return redirect("facilities:detail", facility_id=facility.pk)


@login_required
def inventory(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id, "change" if request.method == "POST" else "view")
    can_change = can(request.user, "facility.change", facility)
    form = InventoryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _snapshot, job = inventory_import_start(
            facility=facility,
            actor=request.user,
            upload=form.cleaned_data["file"],
            label=form.cleaned_data["label"],
        )
        messages.info(request, _("The inventory is being imported."))
        return redirect("job_detail", job_id=job.pk)
    snapshots = facility.snapshots.select_related("created_by")
    context = {"facility": facility, "form": form, "can_change": can_change, "snapshots": snapshots}
    return render_page(request, "facilities/inventory.html", context)


@login_required
def snapshot_detail(request: HttpRequest, facility_id: str, snapshot_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    snapshot = get_object_or_404(facility.snapshots, pk=snapshot_id)
    context = {"facility": facility, "snapshot": snapshot, "items": snapshot.items.all()}
    return render_page(request, "facilities/snapshot.html", context)


@login_required
def snapshot_diff(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    snapshots = list(facility.snapshots.filter(status="done"))
    older = _pick(snapshots, request.GET.get("a"), 1)
    newer = _pick(snapshots, request.GET.get("b"), 0)
    diff = diff_totals(totals(older), totals(newer)) if older and newer else None
    context = {
        "facility": facility,
        "snapshots": snapshots,
        "older": older,
        "newer": newer,
        "diff": diff,
    }
    return render_page(request, "facilities/diff.html", context)


def _pick(
    snapshots: list[InventorySnapshot], wanted: str | None, default_index: int
) -> InventorySnapshot | None:
    if wanted:
        found = [s for s in snapshots if str(s.pk) == wanted]
        if not found:
            raise Http404
        return found[0]
    return snapshots[default_index] if len(snapshots) > default_index else None


@login_required
def chemicals(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    found = sel.chemicals_of_interest(facility)
    context = {
        "facility": facility,
        "snapshot": sel.latest_snapshot(facility),
        "chemicals": shown_chemicals(found),
        "tier": tier(found),
        "tier_text": tier_text(),
        "cfats_lapsed": threshold_label(CFATS_LAPSED),
    }
    return render_page(request, "facilities/chemicals.html", context)
