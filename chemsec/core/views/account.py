"""A person's own page: two-factor status and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from chemsec.core.forms import TokenForm
from chemsec.core.rendering import render_page
from chemsec.core.selectors import tokens_of
from chemsec.core.services import token_create, token_revoke


def _account_context(request: HttpRequest, form: TokenForm) -> dict[str, object]:
    return {
        "tokens": tokens_of(request.user),
        "token_form": form,
        "two_factor": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    context = _account_context(request, form)
    if request.method == "POST" and form.is_valid():
        token, secret = token_create(user=request.user, **form.cleaned_data)
        # The secret is rendered once, in this response, and never again.
        context.update(new_token=token, new_secret=secret, token_form=TokenForm())
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    return render_page(request, "core/account.html", context)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: str) -> HttpResponse:
    token = get_object_or_404(tokens_of(request.user), pk=token_id)
    token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("account")
