"""Identifiers and codes of the waste systems of record, checked where they enter ChemSec
(forms, API, services through the models' validators). Formats as the systems publish them:

- EPA ID number (RCRA handler id): "Two Letter Activity Location Code + Single alphanumeric
  Character + Up to 9 alphanumeric characters" (e-Manifest site-details service); registered
  sites' numbers are 12 characters in practice (VAD000012345).
- US federal hazardous waste codes (40 CFR 261): D001-D043 (characteristic), F001-F039
  (non-specific sources), K, P and U followed by three digits.
- DOT identification number (49 CFR 172.101): "UN" or "NA" and four digits ("ID8000" for
  consumer commodities also exists).
- e-Manifest container types and units: the enumerations of EPA's manifest schema v1.3.
- Notification number: assigned by the competent authority of dispatch; its layout is each
  authority's, so only its characters and length are checked.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

EPA_ID = re.compile(r"[A-Z]{2}[A-Z0-9][A-Z0-9]{0,9}")
FEDERAL_WASTE_CODE = re.compile(
    r"D00[1-9]|D0[1-3][0-9]|D04[0-3]|F00[1-9]|F0[1-3][0-9]|[KPU][0-9]{3}"
)
DOT_ID_NUMBER = re.compile(r"(UN|NA|ID)[0-9]{4}")
NOTIFICATION_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9 ./-]{0,39}")  # matched whole (fullmatch)
# The e-Manifest schema's container type codes (DM: metal drums, DF: fibre or plastic drums...)
# with the English the export writes; a page shows each in the reader's language.
EPA_CONTAINER_TYPES = {
    "BA": gettext_noop("Burlap, cloth, paper, or plastic bags"),
    "CF": gettext_noop("Fiber or plastic boxes, cartons, cases"),
    "CM": gettext_noop("Metal boxes, cartons, cases (including roll offs)"),
    "CW": gettext_noop("Wooden boxes, cartons, cases"),
    "CY": gettext_noop("Cylinders"),
    "DF": gettext_noop("Fiberboard or plastic drums, barrels, kegs"),
    "DM": gettext_noop("Metal drums, barrels, kegs"),
    "DT": gettext_noop("Dump truck"),
    "DW": gettext_noop("Wooden drums, barrels, kegs"),
    "HG": gettext_noop("Hopper or gondola cars"),
    "TC": gettext_noop("Tank cars"),
    "TP": gettext_noop("Portable tanks"),
    "TT": gettext_noop("Cargo tanks (tank trucks)"),
}


def container_label(code: str) -> str:
    """A line's container type as the reader reads it: an e-Manifest code by its name in
    the reader's language with the code beside it ("Metal drums, barrels, kegs (DM)"); any
    other text as typed."""
    key = code.strip().upper()
    if key not in EPA_CONTAINER_TYPES:
        return code
    return f"{gettext(EPA_CONTAINER_TYPES[key])} ({key})"


def validate_epa_id(value: str) -> None:
    if value and not EPA_ID.fullmatch(value):
        raise ValidationError(
            _(
                "An EPA ID number is the two-letter state code, then up to ten letters or "
                "digits, twelve characters in all at most (for example VAD000012345)."
            ),
            code="epa_id",
        )


def split_waste_codes(value: str) -> list[str]:
    return [code.strip().upper() for code in value.replace(";", ",").split(",") if code.strip()]


def validate_federal_waste_codes(value: str) -> None:
    codes = split_waste_codes(value)
    wrong = [code for code in codes if not FEDERAL_WASTE_CODE.fullmatch(code)]
    if wrong:
        raise ValidationError(
            _(
                "Not US EPA hazardous waste codes: %(codes)s (D001-D043, F001-F039, or K, P "
                "or U and three digits, separated by commas)."
            ),
            code="waste_code",
            params={"codes": ", ".join(wrong)},
        )


def validate_dot_id_number(value: str) -> None:
    if value and not DOT_ID_NUMBER.fullmatch(value):
        raise ValidationError(
            _("A DOT identification number is UN or NA and four digits (for example UN1993)."),
            code="dot_id",
        )


def validate_notification_number(value: str) -> None:
    if value and not NOTIFICATION_NUMBER.fullmatch(value):
        raise ValidationError(
            _(
                "Copy the notification number as the competent authority gave it: capital "
                "letters, digits, spaces, dots, slashes or hyphens, 40 characters at most."
            ),
            code="notification_number",
        )
