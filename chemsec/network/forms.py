"""Forms of the network pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chemsec.core.choices import OrganisationKind, Region
from chemsec.core.models import Organisation
from chemsec.network.choices import (
    ActionStatus,
    MeasureType,
    MemberStatus,
    Sensitivity,
    Stage,
    TargetKind,
)
from chemsec.network.models import NetworkMember


def _blank(label: Any, choices: Any) -> list[Any]:
    return [("", label), *choices]


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(_("Any kind"), OrganisationKind.choices)
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_blank(_("Any region"), Region.choices)
    )
    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=2)
    stage = forms.ChoiceField(
        label=_("Life-cycle step"), required=False, choices=_blank(_("Any step"), Stage.choices)
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=_blank(_("Any topic"), MeasureType.choices)
    )


class MemberForm(forms.Form):
    stages = forms.MultipleChoiceField(
        label=_("Life-cycle steps you work on"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=MeasureType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    focal_point_name = forms.CharField(label=_("Focal point"), max_length=200)
    focal_point_title = forms.CharField(
        label=_("Focal point's title"), max_length=200, required=False
    )
    focal_point_email = forms.EmailField(label=_("Focal point's e-mail"), required=False)


class ApplyForm(MemberForm):
    motivation = forms.CharField(
        label=_("Why join the network"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Admit")), ("0", _("Decline"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WorkingGroupForm(forms.Form):
    stage = forms.ChoiceField(label=_("Life-cycle step"), choices=Stage.choices)
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    convenor = forms.ModelChoiceField(
        label=_("Convenor"),
        queryset=NetworkMember.objects.filter(status=MemberStatus.ACTIVE),
        required=False,
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")


class AttendeesForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attending organisations"),
        queryset=Organisation.objects.filter(network_member__status=MemberStatus.ACTIVE),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), choices=Sensitivity.choices)
    document = forms.FileField(label=_("Document"), required=False)
    document_title = forms.CharField(label=_("Document title"), required=False, max_length=200)


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))


class AdvanceForm(forms.Form):
    comment_days = forms.IntegerField(
        label=_("Comment window (days)"), min_value=0, max_value=90, initial=14, required=False
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), choices=Sensitivity.choices)


class ActionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Organisation.objects.filter(network_member__status=MemberStatus.ACTIVE),
    )
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), choices=Sensitivity.choices)
    target_kind = forms.ChoiceField(
        label=_("Points at"), choices=TargetKind.choices, required=False
    )
    target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class SeatForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(network_member__status=MemberStatus.ACTIVE),
    )
    representative = forms.CharField(label=_("Representative"), max_length=200)
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
