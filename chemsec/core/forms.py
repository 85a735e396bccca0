"""Forms for signing in, two-factor enrolment, tokens, the organisation switcher and shares."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chemsec.core.choices import TokenScope
from chemsec.core.models import Organisation, OwnedModel, User


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None or not self.user.is_active:
                raise forms.ValidationError(_("The username or password is not right."))
        return data


class OtpForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices)


class OrganisationSwitchForm(forms.Form):
    organisation = forms.UUIDField()
    next = forms.CharField(required=False, max_length=500)


class ShareRevokeForm(forms.Form):
    """One current share of an owned object to revoke: an organisation or a named person.

    The choices are the object's own shares, so nothing else can be named in a request.
    """

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    user = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, obj: OwnedModel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation, user = self.fields["organisation"], self.fields["user"]
        assert isinstance(organisation, forms.ModelChoiceField)
        assert isinstance(user, forms.ModelChoiceField)
        organisation.queryset = obj.shared_with_organisations.all()
        user.queryset = obj.shared_with_users.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and bool(data.get("organisation")) == bool(data.get("user")):
            raise forms.ValidationError(_("Choose one current share to revoke."))
        return data

    def revoked(self) -> dict[str, list[Any]]:
        """Keyword arguments for `object_unshare`."""
        organisation, user = self.cleaned_data.get("organisation"), self.cleaned_data.get("user")
        return {
            "organisations": [organisation] if organisation else [],
            "users": [user] if user else [],
        }
