"""Form errors in words people read: each after its field's label, never a raw field name
such as ``__all__`` or ``cost``; a service's refusal placed on the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def error_text(*bound: forms.BaseForm) -> str:
    """Every error of the forms, for a banner: "Label: message." or, for an error of the
    whole form, the message alone."""
    parts = []
    for form in bound:
        for name, errors in form.errors.items():
            text = " ".join(str(error) for error in errors)
            field = form.fields.get(name)
            if name == NON_FIELD_ERRORS or field is None or not field.label:
                parts.append(text)
            else:
                parts.append(f"{field.label}: {text}")
    return " ".join(parts)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal on the form: each message at the field it names when the form
    has that field, the rest as errors of the whole form."""
    errors: dict[Any, list[str]] = (
        exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    )
    for name, messages in errors.items():
        form.add_error(name if name in form.fields else None, messages)
