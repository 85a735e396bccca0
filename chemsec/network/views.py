"""Network pages: the public directory and map, applications, coverage and working groups,
and the coordinating committee (meetings, agenda, minutes, decisions, actions).

Every object is fetched with `policy.get_object` and the action the page needs; every write
is a service that asks the policy again. Forms post and redirect: no JavaScript needed.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chemsec.core.models import Organisation, User
from chemsec.core.policy import NotVisible, acting_organisation, can, get_object, require
from chemsec.core.rendering import render_page
from chemsec.core.service_calls import attempt, form_errors_to_messages
from chemsec.core.writes import write_export
from chemsec.lib import worldmap
from chemsec.network import calendar, contributions, exports, forms, selectors, services
from chemsec.network.choices import ActionStatus, MinutesPhase, Stage
from chemsec.network.models import (
    ActionItem,
    AgendaItem,
    Committee,
    Decision,
    Meeting,
    Minutes,
    NetworkMember,
    WorkingGroup,
)
from chemsec.network.progress import effective_status, progress_of

# --- The directory (public) ----------------------------------------------------------------


def directory(request: HttpRequest) -> HttpResponse:
    form = forms.DirectoryForm(request.GET or None)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        filters = selectors.DirectoryFilters(**form.cleaned_data)
    members = selectors.directory(filters)
    counts = selectors.country_counts(members)
    drawn, undrawn = worldmap.countries(counts, language=get_language())
    context = {
        "form": form,
        "members": members,
        "countries": drawn,
        "undrawn": undrawn,
        "counts": [
            (code, worldmap.country_name(code, get_language()), n)
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "viewbox": worldmap.viewbox(),
        "may_apply": request.user.is_authenticated
        and can(request.user, "network.apply", acting_organisation(request)),
        "may_manage": can(request.user, "network.manage", None),
    }
    return render_page(request, "network/directory.html", context)


def member_detail(request: HttpRequest, network_member_id: UUID) -> HttpResponse:
    """Public for current and former members; an application is its organisation's and the
    secretariat's (a visitor is asked to sign in, as for any page they may not see)."""
    if not request.user.is_authenticated and not _public_member(network_member_id):
        return redirect_to_login(request.get_full_path())
    member = get_object(
        request.user,
        "network_member.view",
        NetworkMember.objects.select_related("organisation"),
        pk=network_member_id,
    )
    context = {
        "member": member,
        "periods": member.periods.all(),
        "practices": selectors.contributed_practices(member),
        "hosted": contributions.events_hosted(member.organisation, request.user),
        "trained": len(contributions.experts_trained_for(member.organisation)),
        "may_change": can(request.user, "network_member.change", member),
        "may_decide": can(request.user, "network_member.decide", member),
        "decide_form": forms.DecideForm(),
    }
    return render_page(request, "network/member.html", context)


def _public_member(member_id: UUID) -> bool:
    return NetworkMember.objects.visible_to(AnonymousUser(), "view").filter(pk=member_id).exists()


# --- Membership ----------------------------------------------------------------------------


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    organisation = acting_organisation(request)
    require(request.user, "network.apply", organisation)
    form = forms.ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = attempt(
            request,
            lambda: services.member_apply(
                user=request.user, organisation=organisation, **form.cleaned_data
            ),
            _("Application sent. The secretariat will decide on it."),
        )
        if member is not None:
            return redirect("network:member", network_member_id=member.pk)
    return render_page(request, "network/apply.html", {"form": form, "organisation": organisation})


@login_required
def applications(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.manage", None)
    context = {"applications": selectors.applications(request.user), "form": forms.DecideForm()}
    return render_page(request, "network/applications.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, network_member_id: UUID) -> HttpResponse:
    member = get_object(
        request.user, "network_member.decide", NetworkMember.objects, pk=network_member_id
    )
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.member_decide(user=request.user, member=member, **form.cleaned_data),
            _("Decision recorded."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:member", network_member_id=member.pk)


@login_required
def member_edit(request: HttpRequest, network_member_id: UUID) -> HttpResponse:
    member = get_object(
        request.user, "network_member.change", NetworkMember.objects, pk=network_member_id
    )
    initial = {
        "stages": member.stages,
        "topics": member.topics,
        "focal_point_name": member.focal_point_name,
        "focal_point_title": member.focal_point_title,
        "focal_point_email": member.focal_point_email,
    }
    form = forms.MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.member_update(user=request.user, member=member, **form.cleaned_data),
            _("Saved."),
        )
        if done is not None:
            return redirect("network:member", network_member_id=member.pk)
    return render_page(request, "network/member_edit.html", {"form": form, "member": member})


@login_required
@require_POST
def leave(request: HttpRequest, network_member_id: UUID) -> HttpResponse:
    member = get_object(
        request.user, "network_member.change", NetworkMember.objects, pk=network_member_id
    )
    attempt(
        request,
        lambda: services.member_leave(
            user=request.user, member=member, reason=request.POST.get("reason", "")
        ),
        _("The membership has ended; its period is kept."),
    )
    return redirect("network:member", network_member_id=member.pk)


# --- Coverage and working groups -----------------------------------------------------------


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.coverage", None)
    return render_page(request, "network/coverage.html", {"coverage": selectors.coverage()})


@login_required
def working_groups(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.coverage", None)
    groups = {g.stage: g for g in WorkingGroup.objects.select_related("convenor__organisation")}
    rows = [
        (code, label, groups.get(code), selectors.working_group_members(code))
        for code, label in Stage.choices
    ]
    context = {
        "rows": rows,
        "may_manage": can(request.user, "network.manage", None),
        "form": forms.WorkingGroupForm(),
    }
    return render_page(request, "network/working_groups.html", context)


@login_required
@require_POST
def working_group_save(request: HttpRequest) -> HttpResponse:
    require(request.user, "network.manage", None)
    form = forms.WorkingGroupForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.working_group_save(user=request.user, **form.cleaned_data),
            _("Working group saved."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:working_groups")


# --- The committee -------------------------------------------------------------------------


def _committee(
    request: HttpRequest, committee_id: UUID, action: str = "committee.view"
) -> Committee:
    return get_object(request.user, action, Committee.objects, pk=committee_id)


@login_required
def committee(request: HttpRequest, committee_id: UUID) -> HttpResponse:
    body = _committee(request, committee_id)
    meetings = Meeting.objects.visible_to(request.user, "view").filter(committee=body)
    actions = selectors.open_actions(request.user, body)
    user = request.user
    feed = ""
    if isinstance(user, User):
        token = calendar.feed_token(user.pk, str(body.pk))
        feed = request.build_absolute_uri(
            reverse("network:calendar_feed", kwargs={"committee_id": body.pk, "token": token})
        )
    context = {
        "committee": body,
        "seats": body.seats.select_related("organisation"),
        "meetings": meetings,
        "actions": [(a, effective_status(a), progress_of(a)) for a in actions],
        "may_manage": can(request.user, "committee.manage", body),
        "meeting_form": forms.MeetingForm(),
        "seat_form": forms.SeatForm(),
        "feed": feed,
        "status_choices": ActionStatus.choices,
    }
    return render_page(request, "network/committee.html", context)


@login_required
@require_POST
def meeting_new(request: HttpRequest, committee_id: UUID) -> HttpResponse:
    body = _committee(request, committee_id, "committee.manage")
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        meeting = attempt(
            request,
            lambda: services.meeting_schedule(
                user=request.user, committee=body, **form.cleaned_data
            ),
            _("Meeting scheduled."),
        )
        if meeting is not None:
            return redirect("network:meeting", meeting_id=meeting.pk)
    else:
        form_errors_to_messages(request, form)
    return redirect("network:committee", committee_id=body.pk)


@login_required
@require_POST
def seat_add(request: HttpRequest, committee_id: UUID) -> HttpResponse:
    body = _committee(request, committee_id, "committee.manage")
    form = forms.SeatForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.seat_add(user=request.user, committee=body, **form.cleaned_data),
            _("Seat added."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:committee", committee_id=body.pk)


def _meeting(request: HttpRequest, meeting_id: UUID, action: str = "meeting.view") -> Meeting:
    found: Meeting = get_object(
        request.user, action, Meeting.objects.select_related("committee"), pk=meeting_id
    )
    return found


@login_required
def meeting(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id)
    user = request.user
    minutes = Minutes.objects.visible_to(user, "view").filter(meeting=item).first()
    may_change = can(user, "meeting.change", item)
    actions = ActionItem.objects.visible_to(user, "view").filter(meeting=item)
    attendees = forms.AttendeesForm(initial={"attendees": item.attendees})
    context = {
        "meeting": item,
        "items": AgendaItem.objects.visible_to(user, "view").filter(meeting=item),
        "minutes": minutes,
        "minutes_draft": Minutes.objects.filter(meeting=item).first() if may_change else None,
        "versions": minutes.versions.all() if minutes else [],
        "comments": minutes.comments.select_related("organisation")
        if minutes and may_change
        else [],
        "may_comment": minutes is not None and can(user, "minutes.comment", minutes),
        "decisions": Decision.objects.visible_to(user, "view").filter(meeting=item),
        "actions": [
            (a, effective_status(a), progress_of(a)) for a in actions.select_related("organisation")
        ],
        "attending": Organisation.objects.filter(pk__in=item.attendees),
        "may_change": may_change,
        "forms": {
            # One page, several forms with the same field names: ids of their own, so that
            # each label names its own field (names, and so the posts, are unchanged).
            "item": forms.AgendaItemForm(auto_id="item_%s"),
            "minutes": forms.MinutesForm(
                initial={"text": minutes.text if minutes else ""}, auto_id="minutes_%s"
            ),
            "advance": forms.AdvanceForm(auto_id="advance_%s"),
            "comment": forms.CommentForm(auto_id="comment_%s"),
            "decision": forms.DecisionForm(auto_id="decision_%s"),
            "action": forms.ActionForm(auto_id="action_%s"),
            "attendees": attendees,
            "status": forms.ActionStatusForm(),
        },
        "phases": MinutesPhase,
        "status_choices": ActionStatus.choices,
    }
    return render_page(request, "network/meeting.html", context)


@login_required
@require_POST
def meeting_attendees(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id, "meeting.change")
    form = forms.AttendeesForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.meeting_set_attendees(
                user=request.user, meeting=item, attendees=list(form.cleaned_data["attendees"])
            ),
            _("Attendance saved."),
        )
    return redirect("network:meeting", meeting_id=item.pk)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id, "meeting.change")
    attempt(
        request,
        lambda: services.meeting_cancel(user=request.user, meeting=item),
        _("Meeting cancelled; calendars receive the cancellation."),
    )
    return redirect("network:meeting", meeting_id=item.pk)


@login_required
@require_POST
def item_add(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id, "meeting.change")
    form = forms.AgendaItemForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: services.agenda_item_add(user=request.user, meeting=item, **form.cleaned_data),
            _("Agenda item added."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:meeting", meeting_id=item.pk)


@login_required
@require_POST
def agenda_draft(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id, "meeting.change")
    attempt(
        request,
        lambda: services.agenda_draft(user=request.user, meeting=item),
        _("Agenda drafted from the previous minutes and open actions."),
    )
    return redirect("network:meeting", meeting_id=item.pk)


@login_required
def item_document(request: HttpRequest, agenda_item_id: UUID) -> FileResponse:
    item = get_object(request.user, "agenda_item.view", AgendaItem.objects, pk=agenda_item_id)
    if not item.document:
        raise Http404
    return FileResponse(
        item.document.open("rb"), as_attachment=True, filename=item.document.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def minutes_save(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id, "meeting.change")
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.minutes_save(user=request.user, meeting=item, **form.cleaned_data),
            _("Minutes saved."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:meeting", meeting_id=item.pk)


@login_required
@require_POST
def minutes_advance(request: HttpRequest, minutes_id: UUID) -> HttpResponse:
    minutes = get_object(request.user, "minutes.advance", Minutes.objects, pk=minutes_id)
    form = forms.AdvanceForm(request.POST)
    days = form.cleaned_data.get("comment_days") if form.is_valid() else None
    attempt(
        request,
        lambda: services.minutes_advance(
            user=request.user, minutes=minutes, comment_days=14 if days is None else days
        ),
        _("The minutes moved to their next phase."),
    )
    return redirect("network:meeting", meeting_id=minutes.meeting_id)


@login_required
@require_POST
def minutes_comment(request: HttpRequest, minutes_id: UUID) -> HttpResponse:
    minutes = get_object(request.user, "minutes.comment", Minutes.objects, pk=minutes_id)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.minutes_comment(
                user=request.user,
                minutes=minutes,
                organisation=acting_organisation(request),
                **form.cleaned_data,
            ),
            _("Comment sent to the secretary."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:meeting", meeting_id=minutes.meeting_id)


@login_required
@require_POST
def decision_add(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id, "meeting.change")
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.decision_record(user=request.user, meeting=item, **form.cleaned_data),
            _("Decision recorded."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:meeting", meeting_id=item.pk)


@login_required
@require_POST
def action_add(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id, "meeting.change")
    form = forms.ActionForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.action_assign(user=request.user, meeting=item, **form.cleaned_data),
            _("Action assigned."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:meeting", meeting_id=item.pk)


@login_required
@require_POST
def action_status(request: HttpRequest, committee_action_id: UUID) -> HttpResponse:
    action = get_object(
        request.user, "committee_action.update", ActionItem.objects, pk=committee_action_id
    )
    form = forms.ActionStatusForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.action_set_status(
                user=request.user, action=action, status=form.cleaned_data["status"]
            ),
            _("Status saved."),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect("network:meeting", meeting_id=action.meeting_id)


# --- Calendars and exports -----------------------------------------------------------------

ICS = "text/calendar; charset=utf-8"


@login_required
def meeting_ics(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    item = _meeting(request, meeting_id)
    response = HttpResponse(calendar.meeting_file(item), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="meeting-{item.starts_at.date()}.ics"'
    return response


def calendar_feed(request: HttpRequest, committee_id: UUID, token: str) -> HttpResponse:
    """The subscribable feed: the token names the person; the meetings are those they may
    see now (a person who left the network gets an empty 404, like a forged token)."""
    user_id = calendar.feed_user_id(token, str(committee_id))
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise NotVisible
    body = get_object(user, "committee.view", Committee.objects, pk=committee_id)
    meetings = Meeting.objects.visible_to(user, "view").filter(committee=body)
    return HttpResponse(calendar.calendar(meetings, name=body.name), content_type=ICS)


EXPORTS = {"decisions", "actions"}


@login_required
def export(request: HttpRequest, committee_id: UUID, kind: str, fmt: str) -> HttpResponse:
    body = _committee(request, committee_id)
    if kind not in EXPORTS or fmt not in {"csv", "xlsx"}:
        raise Http404
    if kind == "decisions":
        rows = Decision.objects.visible_to(request.user, "view").filter(meeting__committee=body)
        header, data = exports.decision_rows(rows.select_related("meeting", "item"))
    else:
        acts = ActionItem.objects.visible_to(request.user, "view").filter(meeting__committee=body)
        header, data = exports.action_rows(acts.select_related("meeting", "organisation"))
    write_export(body, actor=request.user, fmt=f"{kind}.{fmt}")
    return exports.table_download(header, data, fmt, sheet=kind, filename=f"{body.slug}-{kind}")
