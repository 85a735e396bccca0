"""A job's failure as its reader is told it: a message code and its values, shown in the
reader's language, and whether running the job again may help.

A task raises JobFailure for a failure its user can act on (a file with nothing to screen,
a column that is not there): the job keeps the code and values (`result["failure"]`) and
their English in `error` (the API, `chemsec worker`, the audit trail); never an
exception's name or a server path. The full detail (the exception the failure was raised
from, with its traceback) goes to the server's log only (core.jobs.job_run).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from chemsec.core.choices import JobStatus
from chemsec.core.models import Job


class JobFailure(Exception):
    """Raised by a task for a failure told to its reader. `code` is the message's English
    text with %(name)s placeholders (mark it with gettext_noop where it is raised, so it is
    translated); `params` its values (plain text, numbers, lists of text); `retryable`
    whether the same job may succeed when run again (a passing fault), not a file that will
    fail the same way every time."""

    def __init__(
        self, code: str, params: Mapping[str, Any] | None = None, *, retryable: bool = False
    ) -> None:
        self.code = code
        self.params = dict(params or {})
        self.retryable = retryable
        super().__init__(failure_english(self.as_dict()))

    def as_dict(self) -> dict[str, Any]:
        """What the job keeps: `result["failure"]`."""
        return {"code": self.code, "params": self.params, "retryable": self.retryable}


def stored_failure(job: Job) -> Mapping[str, Any] | None:
    """The coded failure a failed job keeps, or None (it did not fail, or failed before
    failures had codes, or with an unexpected error: its `error` is all there is)."""
    if job.status != JobStatus.FAILED or not isinstance(job.result, dict):
        return None
    failure = job.result.get("failure")
    if isinstance(failure, Mapping) and isinstance(failure.get("code"), str):
        return failure
    return None


def job_may_retry(job: Job) -> bool:
    """Whether running a failed job again may help: any failure but one its task said
    would come back the same (a coded failure that is not `retryable`)."""
    if job.status != JobStatus.FAILED:
        return False
    failure = stored_failure(job)
    return failure is None or bool(failure.get("retryable"))


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def failure_english(failure: Mapping[str, Any]) -> str:
    """The failure's English (what `error` keeps)."""
    code, params = str(failure.get("code", "")), failure.get("params") or {}
    try:
        return code % {k: _plain(v) for k, v in params.items()} if params else code
    except (KeyError, TypeError, ValueError):
        return code


def _value_html(value: Any) -> SafeString:
    """One value, isolated so it keeps its own direction in a right-to-left sentence (a
    column's name, a number); a list of values as the reader's language writes lists."""
    from chemsec.core.templatetags.list_join import list_join

    if isinstance(value, bool):
        return format_html("<bdi>{}</bdi>", value)
    if isinstance(value, int | float):
        return format_html(
            "<bdi>{}</bdi>", formats.number_format(value, use_l10n=True, force_grouping=True)
        )
    if isinstance(value, list | tuple):
        return list_join(format_html("<bdi>{}</bdi>", v) for v in value)
    return format_html("<bdi>{}</bdi>", value)


def failure_html(failure: Mapping[str, Any]) -> SafeString:
    """The failure in the active language, each value isolated; a message that does not
    fit its values (a code from a newer version) is shown in its English."""
    code, params = str(failure.get("code", "")), failure.get("params") or {}
    template = gettext(code)
    try:
        text = conditional_escape(template) % {k: _value_html(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return format_html('<span lang="en" dir="ltr">{}</span>', failure_english(failure))
    if template == code and not (get_language() or "en").startswith("en"):
        # Not translated yet: the English, marked so (it reads left to right, its full
        # stop at its end, on a right-to-left page).
        return format_html('<span lang="en" dir="ltr">{}</span>', mark_safe(text))  # noqa: S308
    return mark_safe(text)  # noqa: S308 - the template and every value are escaped
