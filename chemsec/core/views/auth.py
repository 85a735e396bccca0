"""Signing in (with a second factor where enrolled), out, and enrolling a factor."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.forms import LoginForm, OtpForm
from chemsec.core.models import User
from chemsec.core.rendering import client_ip, render_page, safe_next
from chemsec.core.services import (
    login_failure_record,
    login_failures_clear,
    login_is_locked,
    login_name,
)
from chemsec.core.throttle import (
    reset_address_exhausted,
    reset_email_exhausted,
    reset_request_record,
)

PENDING_USER = "pending_2fa_user"


def _locked_response(request: HttpRequest, form: object) -> HttpResponse:
    messages.error(request, _("Too many failed sign-in attempts. Try again later."))
    return render_page(request, "core/login.html", {"form": form}, status=429)


def _login_form(request: HttpRequest) -> tuple[LoginForm, str]:
    """The form, bound to the normalised name: the lock and the password check see one name."""
    if request.method != "POST":
        return LoginForm(request), ""
    data = request.POST.copy()
    data["username"] = name = login_name(request.POST.get("username", ""))
    return LoginForm(request, data=data), name


def login_view(request: HttpRequest) -> HttpResponse:
    form, name = _login_form(request)
    next_url = safe_next(request, request.GET.get("next") or request.POST.get("next"))
    if request.method == "POST":
        address = client_ip(request)
        if login_is_locked(username=name, ip_address=address):
            return _locked_response(request, form)
        if form.is_valid() and form.user is not None:
            return _after_password(request, form.user, next_url)
        login_failure_record(username=name, ip_address=address)
    return render_page(request, "core/login.html", {"form": form, "next": next_url})


def _after_password(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        request.session[PENDING_USER] = user.pk
        request.session["pending_next"] = next_url
        return redirect("login_verify")
    login_failures_clear(username=user.username, ip_address=client_ip(request))
    login(request, user)
    return redirect(next_url)


def login_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_USER)
    user = None if pending is None else User.objects.filter(pk=pending, is_active=True).first()
    if user is None:
        return redirect("login")
    form = OtpForm(request.POST or None)
    if request.method == "POST":
        if login_is_locked(username=user.username, ip_address=client_ip(request)):
            return _locked_response(request, form)
        device = match_token(user, form.data.get("token", "").strip()) if form.is_valid() else None
        if device is not None:
            next_url = request.session.pop("pending_next", "/")
            request.session.pop(PENDING_USER, None)
            login_failures_clear(username=user.username, ip_address=client_ip(request))
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            return redirect(safe_next(request, next_url))
        login_failure_record(username=user.username, ip_address=client_ip(request))
        form.add_error("token", _("That code is not right, or it has expired."))
    return render_page(request, "core/login_verify.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, throttled per address (429) and per e-mail (silently).

    The per-e-mail limit answers exactly as a sent mail does, so a caller can never tell
    whether an account has that e-mail, nor whether the limit was reached.
    """

    template_name = "core/password_reset.html"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if reset_address_exhausted(client_ip(request)):
            messages.error(request, _("Too many password-reset requests. Try again later."))
            context = self.get_context_data(form=self.get_form())
            return render_page(request, self.template_name, context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        exhausted = reset_email_exhausted(email)
        reset_request_record(email=email, ip_address=client_ip(self.request))
        if exhausted:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("home")


def _qr_svg(device: TOTPDevice) -> str:
    qr = segno.make(device.config_url, error="m")
    return qr.svg_data_uri(scale=4)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed is not None:
        return render_page(request, "core/two_factor_setup.html", {"enrolled": True})
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE,
                object_type="core.user",
                object_repr=request.user.username,
                changes={"two_factor": "enrolled"},
            )
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("account")
        form.add_error("token", _("That code is not right, or it has expired."))
    context = {"form": form, "qr": _qr_svg(device), "secret": device_secret(device)}
    return render_page(request, "core/two_factor_setup.html", context)


def device_secret(device: TOTPDevice) -> str:
    """The base32 key, for people who type it into their app instead of scanning."""
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii")
