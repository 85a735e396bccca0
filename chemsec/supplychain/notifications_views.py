"""The page where a person chooses the language of the supply chain's e-mails and whether
the daily digest comes (chemsec/supplychain/notifications.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from chemsec.core.rendering import render_page
from chemsec.core.service_calls import run_service
from chemsec.supplychain.notifications import (
    digests_offered,
    mail_preference,
    mail_preference_set,
)


class MailPreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the e-mails"),
        choices=[("", gettext_lazy("The portal's default")), *settings.LANGUAGES],
        required=False,
    )
    daily_digest = forms.BooleanField(
        label=gettext_lazy("Send me the daily digest"),
        required=False,
        help_text=gettext_lazy(
            "Open alerts, reports and statements waiting for you. The warning that a "
            "suspicious transaction is past its 24-hour deadline always comes to admins."
        ),
    )

    def __init__(self, *args: Any, offered: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not offered:  # no digest applies to the person: none is offered
            del self.fields["daily_digest"]


@login_required
def mail_preferences(request: HttpRequest) -> HttpResponse:
    current = mail_preference(request.user)  # type: ignore[arg-type]
    initial = {
        "language": get_language() if current._state.adding else current.language,
        "daily_digest": current.daily_digest,
    }
    offered = digests_offered(request.user)  # type: ignore[arg-type]
    form = MailPreferenceForm(request.POST or None, initial=initial, offered=offered)
    context = {"form": form, "offered": offered}
    if request.method != "POST" or not form.is_valid():
        return render_page(request, "supplychain/mail_preferences.html", context)
    # A choice not offered keeps its saved value.
    values = {"daily_digest": current.daily_digest, **form.cleaned_data}
    if run_service(request, mail_preference_set, **values) is not None:
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("supplychain:mail_preferences")
    return render_page(request, "supplychain/mail_preferences.html", context)
