"""Facility pages: profile, sharing, areas, contacts, inventories and chemicals of interest.

Every read goes through `facilities_visible_to`; a facility someone may not see is a 404.
Threats and scenarios are in `views_threats`; risk registers and the national roll-up in
`chemsec.risk.views`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.forms import ShareRevokeForm
from chemsec.core.querysets import Action
from chemsec.core.rendering import render_page
from chemsec.core.services import object_unshare
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
from chemsec.facilities.models import Facility
from chemsec.facilities.services import (
    area_create,
    contact_create,
    facility_create,
    facility_share,
    facility_update,
)
from chemsec.science.thresholds import CFATS_LAPSED, TIER_TEXT, tier


def get_facility(request: HttpRequest, facility_id: Any, action: Action = "view") -> Facility:
    """The facility if the person may see it (else 404); PermissionDenied if not `action`."""
    facility = get_object_or_404(sel.facilities_visible_to(request.user), pk=facility_id)
    if action != "view" and not sel.may(request.user, facility, action):
        raise PermissionDenied
    return facility


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = sel.facilities_visible_to(request.user)
    can_create = sel.editor_organisations(request.user).exists()
    return render_page(
        request, "facilities/list.html", {"facilities": facilities, "can_create": can_create}
    )


@login_required
def facility_create_view(request: HttpRequest) -> HttpResponse:
    organisations = sel.editor_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = FacilityForm(request.POST or None)
    owner = OrganisationChoiceForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": request.organisation},
    )  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid() and owner.is_valid():
        data = dict(form.cleaned_data)
        facility = facility_create(
            organisation=owner.cleaned_data["organisation"], actor=request.user, **data
        )  # type: ignore[arg-type]
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
        "can_change": sel.can_change(request.user, facility),
        "can_share": sel.can_share(request.user, facility),
        "snapshot": sel.latest_snapshot(facility),
        "chemicals": chemicals,
        "tier": tier(chemicals),
        "area_form": AreaForm(),
        "contact_form": ContactForm(),
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
        facility_update(
            facility=Facility.objects.get(pk=facility.pk),
            actor=request.user,  # type: ignore[arg-type]
            **form.cleaned_data,
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
            actor=request.user,  # type: ignore[arg-type]
            organisations=[authority] if authority else [],
            users=form.cleaned_data["usernames"],
        )
        messages.success(request, _("Shared, read-only. The share is recorded in the audit trail."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("facilities:detail", facility_id=facility.pk)


@login_required
@require_POST
def facility_unshare_view(request: HttpRequest, facility_id: str) -> HttpResponse:
    """Revoke one share; the former recipient no longer sees the facility (unless a member)."""
    facility = get_facility(request, facility_id, "share")
    revoke_share(request, facility, partial(object_unshare, obj=facility))
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
            area_create(facility=facility, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
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
        contact_create(facility=facility, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    else:
        messages.error(request, _("A contact needs a name and a valid email, if any."))
    return redirect("facilities:detail", facility_id=facility.pk)


@login_required
def inventory(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility = get_facility(request, facility_id)
    can_change = sel.can_change(request.user, facility)
    form = InventoryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            _snapshot, job = inventory_import_start(
                facility=facility,
                actor=request.user,  # type: ignore[arg-type]
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


def _pick(snapshots: list[Any], wanted: str | None, default_index: int) -> Any:
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
        "chemicals": found,
        "tier": tier(found),
        "tier_text": TIER_TEXT,
        "cfats_lapsed": CFATS_LAPSED,
    }
    return render_page(request, "facilities/chemicals.html", context)
