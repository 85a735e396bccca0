"""Every error code the order import writes has its sentence: a code without one is shown to
the reader as the bare code (as `bad_unit` was)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

import chemsec.supplychain.services.imports as imports
from chemsec.supplychain.presenters import IMPORT_ERRORS, import_error_text

SOURCES = [Path(imports.__file__), *Path(imports.__file__).parent.parent.glob("order_batch.py")]
# `_error("code", ...)`, also when the call is cut over lines by the formatter.
CODE = re.compile(r'_error\(\s*"([a-z_]+)"')


def _codes_written() -> set[str]:
    return {code for path in SOURCES for code in CODE.findall(path.read_text())}


def test_the_import_writes_codes_and_each_has_a_sentence():
    written = _codes_written()
    assert {"bad_country", "bad_unit", "unknown_product"} <= written  # the scan finds them
    assert written - set(IMPORT_ERRORS) == set()


def test_a_country_and_a_unit_error_say_what_was_wrong():
    with translation.override("en"):
        country = import_error_text({"code": "bad_country", "params": {"value": "YY"}})
        unit = import_error_text({"code": "bad_unit", "params": {"column": "unit", "value": "t"}})
    assert country == "The country YY is not an ISO 3166-1 country code."
    assert unit.startswith("The unit t cannot be counted")
