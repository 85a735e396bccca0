"""Domain limits, declared once: what a cost, a count, a date or a text may be.

Each limit is written here one time and read by every door a value comes in by: model
fields carry the Django validators (so forms built from them, and services through
`full_clean` in `chemsec.core.writes`, refuse the same values), plain forms take the same
validators, and API schemas use the `Annotated` types below, built from the same numbers.

- numbers are finite: no NaN, no infinity (``1e309`` reads as infinity), and no
  denormal values such as ``5e-324`` where a quantity is meant;
- costs and counts are not negative, and not beyond a plausible size;
- dates of planning (deadlines, due dates) fall between `DATE_MIN` and `DATE_MAX`;
- texts have a length limit per field (`TEXT_*`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, Field

# Money: what a DecimalField(max_digits=14, decimal_places=2) holds.
MONEY_MAX = Decimal("999999999999.99")
MONEY_DIGITS, MONEY_PLACES = 14, 2
# A count or an amount answered in an assessment (people, sites, per cent...).
COUNT_MAX = 10**12
# Deadlines and due dates: a plan for this century, not 1900 or 9999.
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
# Text lengths, per kind of field (characters).
TEXT_LINE = 200  # a title, a name, an owner
TEXT_ANSWER = 500  # an assessment's typed answer
TEXT_NOTE = 10_000  # a comment, a rationale, a description
# The smallest normal float: anything closer to zero (but not zero) is a denormal.
_TINY = sys.float_info.min


def country_code_valid(value: str) -> bool:
    """An ISO 3166-1 alpha-2 code's shape: two ASCII letters, in either case. `isalpha` alone
    takes "КГ" (Cyrillic letters typed on another keyboard), a code no list holds."""
    return len(value) == 2 and value.isascii() and value.isalpha()


def number_problem(value: Any) -> str | None:
    """Why a number is not a usable quantity (None when it is)."""
    if value is None:
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return str(_("Give a finite number."))
    try:
        number = float(value)  # a Decimal beyond a float's range reads as infinity
    except (TypeError, ValueError, OverflowError):
        return str(_("Give a number."))
    if not math.isfinite(number):
        return str(_("Give a finite number."))
    if value != 0 and abs(number) < _TINY:
        return str(_("This number is too small to be a quantity; give 0 or a larger value."))
    return None


@deconstructible
class FiniteValidator:
    """Refuses NaN, infinity and denormal numbers (form, model and service alike)."""

    code = "not_finite"

    def __call__(self, value: Any) -> None:
        problem = number_problem(value)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FiniteValidator)

    def __hash__(self) -> int:
        return hash(self.code)


@deconstructible
class DateRangeValidator:
    """A planning date between `DATE_MIN` and `DATE_MAX`."""

    code = "implausible_date"

    def __call__(self, value: dt.date | None) -> None:
        if value is None:
            return
        day = value.date() if isinstance(value, dt.datetime) else value
        if not DATE_MIN <= day <= DATE_MAX:
            raise ValidationError(
                _("Give a date between %(first)s and %(last)s."),
                code=self.code,
                params={"first": DATE_MIN.isoformat(), "last": DATE_MAX.isoformat()},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateRangeValidator)

    def __hash__(self) -> int:
        return hash(self.code)


finite = FiniteValidator()
plausible_date = DateRangeValidator()

# Validator lists for model and form fields.
Validators = list[Callable[[Any], None]]
MONEY: Validators = [finite, MinValueValidator(0), MaxValueValidator(MONEY_MAX)]
COUNT: Validators = [finite, MinValueValidator(0), MaxValueValidator(COUNT_MAX)]
PLANNING_DATE: Validators = [plausible_date]


def problems(value: Any, validators: Validators) -> list[str]:
    """What the first validator that refuses a value says of it (nothing when the value is
    within its limits). The first only: past "not a finite number", the others have
    nothing to compare."""
    for validator in validators:
        try:
            validator(value)
        except ValidationError as exc:
            return list(exc.messages)
    return []


def with_model_limits(form: Any) -> None:
    """Give a model form's fields the validators of their model fields.

    For forms that leave the model's own validation (``_post_clean``) to the service: the
    form still refuses a value beyond a field's limits, and says so at the field.
    """
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        extra = [v for v in getattr(model_field, "validators", []) if v not in field.validators]
        field.validators = [*field.validators, *extra]


def text(limit: int) -> list[MaxLengthValidator]:
    """The validators of a text field of at most ``limit`` characters (TextFields have none)."""
    return [MaxLengthValidator(limit)]


# The same limits for API schemas (pydantic): 422 with the field named, never a 500.
def _finite(value: float) -> float:
    problem = number_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _date(value: dt.date) -> dt.date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"Give a date between {DATE_MIN} and {DATE_MAX}.")
    return value


Number = Annotated[float, AfterValidator(_finite)]
Money = Annotated[float, Field(ge=0, le=float(MONEY_MAX)), AfterValidator(_finite)]
Count = Annotated[float, Field(ge=0, le=COUNT_MAX), AfterValidator(_finite)]
PlanningDate = Annotated[dt.date, AfterValidator(_date)]
Line = Annotated[str, Field(max_length=TEXT_LINE)]
Note = Annotated[str, Field(max_length=TEXT_NOTE)]
AnswerText = Annotated[str, Field(max_length=TEXT_ANSWER)]


# --- Work limits: how much one request, file or job may take. -------------------------------
# Each is a Django setting of the same name if the settings module sets it, else the
# environment variable CHEMSEC_<NAME>, else the default here (README, "Settings").


def work_limit(name: str, default: int, minimum: int = 0) -> int:
    """The configured value of the work limit `name` (see the README's settings table)."""
    import os

    from django.conf import settings

    from chemsec.lib.env import env_int

    configured = getattr(settings, name, None)
    if configured is not None:
        return max(int(configured), minimum)
    return env_int(f"CHEMSEC_{name}", default, minimum=minimum, environ=os.environ)


def cores() -> int:
    """The processors this process may use (its affinity mask, else the machine's count)."""
    import os

    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


def web_workers() -> int:
    """Gunicorn processes `chemsec serve` starts: one per core by default."""
    return work_limit("SERVE_WEB_WORKERS", cores(), minimum=1)


def job_workers() -> int:
    """`chemsec worker` processes `chemsec serve` starts: one per core by default."""
    return work_limit("SERVE_JOB_WORKERS", cores(), minimum=0)


def max_rows() -> int:
    """Rows one file (a screening or an inventory) may hold."""
    return work_limit("MAX_ROWS", 1_000_000, minimum=1)


def max_decompressed_mb() -> int:
    """Megabytes a compressed file (XLSX) may unpack to, all its parts together."""
    return work_limit("MAX_DECOMPRESSED_MB", 200, minimum=1)


def max_cell_chars() -> int:
    """Characters one cell of an uploaded file may hold; a longer cell's row is refused."""
    return work_limit("MAX_CELL_CHARS", 5_000, minimum=100)


def max_identifier_chars() -> int:
    """Characters an identifier (CAS, SMILES, InChI, name) may have to be parsed at all."""
    return work_limit("MAX_IDENTIFIER_CHARS", 1_000, minimum=50)


def import_chunk_rows() -> int:
    """Rows written per transaction by an import, so other writes never wait long."""
    return work_limit("IMPORT_CHUNK_ROWS", 500, minimum=1)


def upload_retention_days() -> int:
    """Days an uploaded file is kept after its job ended; 0 keeps uploads for ever."""
    return work_limit("UPLOAD_RETENTION_DAYS", 30, minimum=0)


def stale_import_minutes() -> int:
    """Minutes after which an import still pending without a live job is marked failed."""
    return work_limit("STALE_IMPORT_MINUTES", 60, minimum=1)


class FileTooLarge(ValueError):
    """A file beyond a work limit, refused before its content is read (the message says
    which limit, and how to get under it)."""


# The start of a worksheet part, where Excel and most writers put <dimension ref="A1:C9"/>.
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def check_file_bounds(path: str) -> None:
    """Refuse, before reading it, a file that unpacks beyond MAX_DECOMPRESSED_MB or declares
    more than MAX_ROWS rows (an XLSX's own dimension). Plain text files are bounded by their
    size (MAX_UPLOAD_MB) and their rows counted as they are read (`check_row_count`)."""
    import zipfile

    if not zipfile.is_zipfile(path):
        return
    limit = max_decompressed_mb() * 1024 * 1024
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > limit:
            raise FileTooLarge(
                f"the file unpacks to {unpacked / 1048576:.0f} MB, over the limit of "
                f"{limit / 1048576:.0f} MB (MAX_DECOMPRESSED_MB); split it into smaller files"
            )
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                with archive.open(member) as part:
                    head = part.read(4096)
                found = _DIMENSION.search(head)
                if found and found.group(1) and int(found.group(1)) > max_rows() + 1:
                    raise FileTooLarge(
                        f"the sheet {member.filename.rsplit('/', 1)[-1]} has "
                        f"{int(found.group(1)):,} rows, over the limit of {max_rows():,} rows "
                        "(MAX_ROWS); split it into smaller files"
                    )


def check_row_count(count: int) -> None:
    """Raise once a file being read goes past MAX_ROWS (call it with each row's number)."""
    if count > max_rows():
        raise FileTooLarge(
            f"the file has more than {max_rows():,} rows (MAX_ROWS); split it into smaller files"
        )


def identifier_too_long(text: str) -> dict[str, int] | None:
    """An identifier too long to parse at all, as values (`chars`, `limit`), else None."""
    limit = max_identifier_chars()
    return {"chars": len(text), "limit": limit} if len(text) > limit else None


def identifier_problem(text: str) -> str | None:
    """Why an identifier is not parsed at all (too long), else None: the English, for what
    is stored or sent as English (a job's rows, an inventory's errors, the API)."""
    values = identifier_too_long(text)
    if values is None:
        return None
    return (
        f"an identifier of {values['chars']:,} characters, over the limit of "
        f"{values['limit']:,} (MAX_IDENTIFIER_CHARS)"
    )


def identifier_problem_text(text: str) -> str | None:
    """`identifier_problem` in the active language, numbers in the locale's format (a form
    error on a page)."""
    from django.utils import formats
    from django.utils.translation import gettext

    values = identifier_too_long(text)
    if values is None:
        return None
    return gettext(
        "an identifier of %(chars)s characters, over the limit of %(limit)s (MAX_IDENTIFIER_CHARS)"
    ) % {
        key: formats.number_format(value, use_l10n=True, force_grouping=True)
        for key, value in values.items()
    }


def anonymous_screenings_per_minute() -> int:
    """Screenings one address may run per minute without signing in (0: no limit)."""
    return work_limit("ANONYMOUS_SCREENINGS_PER_MINUTE", 30, minimum=0)


def anonymous_screening_allowed(request: Any) -> bool:
    """Count one anonymous screening of this address; False once over the minute's limit.

    Counted in Django's cache (per process with the default local-memory cache; configure a
    shared CACHES backend to count across web workers). Signed-in people are not counted."""
    import time

    from django.core.cache import cache

    limit = anonymous_screenings_per_minute()
    if limit == 0 or getattr(request.user, "is_authenticated", False):
        return True
    address = request.META.get("REMOTE_ADDR") or "unknown"
    key = f"chemsec:anonymous-screening:{address}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= limit
