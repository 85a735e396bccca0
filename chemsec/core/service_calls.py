"""Calling a service from a page: the one way views run a write and report its outcome.

A refusal by the policy (NotVisible, Denied) is not caught here: it becomes the page's 404
or 403. A refusal by the object's own rules (a ValidationError) is shown to the person,
on the form when there is one, else as a message, and the view carries on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    success: str = "",
    *,
    form: forms.BaseForm | None = None,
) -> T | None:
    """`call()`'s result (and `success` as a message), or None when it refused the input."""
    try:
        result = call()
    except ValidationError as error:
        text = " ".join(error.messages)
        if form is not None:
            form.add_error(None, text)
        else:
            messages.error(request, text)
        return None
    if success:
        messages.success(request, success)
    return result


def run_service(
    request: HttpRequest,
    service: Callable[..., T],
    form: forms.BaseForm | None = None,
    **arguments: Any,
) -> T | None:
    """`service(actor=<the signed-in user>, **arguments)` through `attempt`."""
    return attempt(request, lambda: service(actor=request.user, **arguments), form=form)


def form_errors_to_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """A form's errors as messages, each after its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)
