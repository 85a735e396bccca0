"""What a CAS number that is not read is said to be, truthfully (found by QA).

- "0000000" was reported as failing the check digit; it passes it (0-00-0: digit sum 0).
  It is not a CAS Registry Number: those have 5 to 10 digits, a first group of 2 to 7
  digits that does not start with 0, two digits and the check digit (CAS's own description
  of the format). The reason now says the digits are too few, not that the check fails.
- "7719-97" (a CAS number cut short) was "not a valid SMILES (unclosed ring 1, 7) and not a
  known name"; digits and hyphens alone are a malformed CAS number and are said to be.
- A well-formed number whose check digit fails keeps `invalid_cas`; a valid number that
  the offline sources do not hold keeps `cas_not_found`.
"""

from __future__ import annotations

import os
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdkit import Chem, RDLogger

from chemsec.screening.engine import Screener
from chemsec.screening.engine.cas import (
    cas_problem,
    digits_problem,
    looks_like_hyphenated_digits,
    normalise_cas,
)
from chemsec.screening.engine.identity import detect_kind
from chemsec.screening.engine.results import InputRow, ScreenResult
from chemsec.screening.tests.writings import all_writings, listed

SETTINGS = settings(
    max_examples=int(os.environ.get("CHEMSEC_PROPERTY_EXAMPLES", "50")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def _screener() -> Screener:
    return Screener(use_opsin=False)


def _one(text: str, kind: str | None = None) -> ScreenResult:
    (result,) = _screener().screen_chunk([InputRow(text, 1, kind)])
    return result


def _check_digit(digits: str) -> int:
    return sum(int(d) * w for w, d in enumerate(reversed(digits), start=1)) % 10


# --- the digit run of zeros, and other runs too short to be a CAS number ---


@pytest.mark.parametrize("text", ["0000000", "00000", "0000001234", "000 00 0"])
def test_zeros_and_short_digit_runs_are_said_to_be_too_short_not_a_failed_check(
    text: str,
) -> None:
    for kind in (None, "cas", "name"):
        result = _one(text, kind)
        assert (result.status, result.reason_code) == ("unresolved", "cas_digits_too_short")
        assert "check digit" not in (result.reason or "")
        assert result.reason == (
            f"the digits {text} are not a CAS number: fewer than 5 digits once the leading "
            "zeros are dropped"
        )


def test_zero_padded_cas_numbers_as_databases_keep_them_are_still_read() -> None:
    # Ten-digit zero-padded CAS fields (ethanol 64-17-5, chlorine 7782-50-5)
    assert digits_problem("0000064175") is None
    assert _one("0000064175").identity.cas == "64-17-5"
    assert _one("0007782505", "cas").identity.cas == "7782-50-5"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("0-00-0", "cas_too_short"),  # its check digit passes (digit sum 0)
        ("00-00-0", "cas_too_short"),
        ("00-12-3", "cas_too_short"),
        ("1-23-4", "cas_too_short"),
        ("7719-97", "cas_shape"),  # cut short
        ("7782-50", "cas_shape"),
        ("7782-505", "cas_shape"),
        ("77-8-25-05", "cas_shape"),
        ("12345678-90-1", "cas_shape"),  # eight digits in the first group
        ("2023-01-15", "cas_shape"),  # a date in a CAS column
        ("7782-50-4", "invalid_cas"),  # well formed, the check digit fails
        ("50-00-1", "invalid_cas"),
    ],
)
def test_hyphenated_digits_say_what_is_wrong(text: str, code: str) -> None:
    assert cas_problem(text) == code
    for kind in (None, "cas", "name"):
        result = _one(text, kind)
        assert (result.status, result.reason_code) == ("invalid", code), (text, kind)
        if code != "invalid_cas":
            assert "check digit" not in (result.reason or "").split("(")[0]
            assert (result.reason or "").startswith(f"not a valid CAS number: {text} ")


def test_a_valid_number_absent_from_the_offline_sources_says_so() -> None:
    # 1-2 digit heads are not assigned in this form; 99999-99-1 has a valid check digit
    cas = "99999-99-" + str(_check_digit("9999999"))
    assert cas_problem(cas) is None
    result = _one(cas)
    assert (result.status, result.reason_code) == ("unresolved", "cas_not_found")
    assert result.identity.cas == cas


@pytest.mark.parametrize("cas", sorted({e.cas for e in listed() if e.cas})[:60])
def test_a_listed_cas_number_cut_at_its_last_hyphen_is_a_malformed_cas_number(cas: str) -> None:
    cut = cas.rsplit("-", 1)[0]  # "7719-97" from 7719-97-7 (QA's input's shape)
    result = _one(cut)
    assert (result.status, result.reason_code) == ("invalid", "cas_shape"), cut
    assert "SMILES" not in (result.reason or "")


# --- properties over the number space ---

HEADS = st.from_regex(r"[1-9][0-9]{1,6}", fullmatch=True)
MIDDLES = st.from_regex(r"[0-9]{2}", fullmatch=True)


@SETTINGS
@given(HEADS, MIDDLES, st.integers(0, 9), st.integers(0, 3))
def test_a_well_formed_number_fails_only_on_its_check_digit(
    head: str, middle: str, check: int, zeros: int
) -> None:
    text = f"{'0' * zeros}{head}-{middle}-{check}"
    valid = check == _check_digit(head + middle)
    if zeros + len(head) > 7:  # the first group, as written, has more than 7 digits
        assert cas_problem(text) == "cas_shape" and normalise_cas(text) is None
    else:
        assert cas_problem(text) == (None if valid else "invalid_cas")
        assert (normalise_cas(text) is not None) == valid
    digits = f"{'0' * zeros}{head}{middle}{check}"
    if len(digits) <= 10:
        assert digits_problem(digits) == (None if valid else "cas_digits_check_digit")


@SETTINGS
@given(st.from_regex(r"0*[0-9]-[0-9]{2}-[0-9]", fullmatch=True))
def test_a_number_without_two_significant_leading_digits_is_too_short(text: str) -> None:
    # including those whose check digit holds ("0-00-0", "5-00-5"...)
    assert cas_problem(text) == "cas_too_short"


@SETTINGS
@given(st.lists(st.from_regex(r"[0-9]{1,9}", fullmatch=True), min_size=1, max_size=5))
def test_digit_groups_joined_by_hyphens_are_always_read_as_a_cas_attempt(
    groups: list[str],
) -> None:
    text = "-".join(groups) + ("-" if len(groups) == 1 else "")
    if sum(len(g) for g in groups) < 2:
        return
    assert looks_like_hyphenated_digits(text)
    assert detect_kind(text) == "cas"
    assert cas_problem(text) in (None, "invalid_cas", "cas_shape", "cas_too_short")
    if [len(g) for g in groups][1:] != [2, 1] or len(groups) != 3:
        assert cas_problem(text) == "cas_shape"
    # digits and hyphens hold no atom: never a SMILES RDKit reads
    RDLogger.DisableLog("rdApp.*")
    assert Chem.MolFromSmiles(text) is None


def test_no_listed_smiles_or_test_writing_is_taken_for_a_cas_attempt() -> None:
    smiles = {e.smiles for e in listed() if e.smiles}
    smiles |= {w.text for w in all_writings() if "cas" not in w.form}
    assert len(smiles) > 500
    misread = sorted(s for s in smiles if looks_like_hyphenated_digits(s))
    assert misread == []
    assert not [s for s in smiles if detect_kind(s) in ("cas", "cas_digits")]
