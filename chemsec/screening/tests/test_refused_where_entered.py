"""QA item 11 (issue 16): a bad value is refused where it enters `chemsec screen` and
`chemsec supplychain`: a date before a selected list came into force (the CWC entered into
force on 29 April 1997), a non-positive or non-finite number, an empty INPUT; the same
date is refused by the screening form and the API. Nothing of it reads as "clear"."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.cli import main
from chemsec.screening.engine.lists import AsOfError, check_as_of, not_yet_in_force

CWC_IN_FORCE = dt.date(1997, 4, 29)


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses an argument by exiting 2
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def test_it_refuses_a_date_before_the_cwc_entered_into_force(capsys: Any) -> None:
    code, err = _error(capsys, ["screen", "--as-of", "1990-01-01", "--lists", "cwc", "111-48-8"])
    assert code == 2
    assert "1990-01-01" in err and "CWC from 1997-04-29" in err
    assert capsys.readouterr().out == ""  # no result, so no "clear"


def test_the_first_day_in_force_screens_against_that_version(capsys: Any) -> None:
    argv = ["screen", "--format", "json", "--no-opsin", "--as-of", "1997-04-29"]
    assert main([*argv, "--lists", "cwc", "111-48-8"]) == 1
    (row,) = json.loads(capsys.readouterr().out)
    assert [(m["list"], m["entry"]) for m in row["matches"]] == [("CWC", "2B13")]


def test_the_default_selection_names_every_list_not_yet_in_force() -> None:
    early = not_yet_in_force(("CWC", "AG", "EU", "CFATS"), dt.date(2000, 1, 1))
    assert early == [("EU", dt.date(2021, 2, 1)), ("CFATS", dt.date(2007, 11, 20))]
    with pytest.raises(AsOfError):
        check_as_of(("CWC", "EU"), dt.date(2000, 1, 1))
    check_as_of(("CWC", "AG"), dt.date(2000, 1, 1))  # both in force: no error
    check_as_of(("CWC",), None)


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf", "ten", ""])
def test_it_refuses_a_size_limit_that_is_not_above_zero(capsys: Any, value: str) -> None:
    code, err = _error(capsys, ["screen", f"--max-mb={value}", "water"])
    assert code == 2
    assert "argument --max-mb: must be a number above 0" in err


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(max_value=0))
def test_it_refuses_fewer_than_one_worker(capsys: Any, workers: int) -> None:
    code, err = _error(capsys, ["screen", f"--workers={workers}", "water"])
    assert code == 2 and "argument --workers: must be a whole number of at least 1" in err


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["generate", "evaluate"]),
    st.sampled_from(["--orders", "--customers"]),
    st.one_of(st.integers(max_value=0).map(str), st.sampled_from(["1.5", "five", ""])),
)
def test_supplychain_counts_must_be_positive(
    capsys: Any, command: str, option: str, value: str
) -> None:
    code, err = _error(capsys, ["supplychain", command, f"{option}={value}"])
    assert code == 2
    assert f"argument {option}: must be a whole number of at least 1, not {value!r}" in err


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_input_is_an_error_saying_so(capsys: Any, value: str) -> None:
    code, err = _error(capsys, ["screen", value])
    assert code == 2
    assert "an empty INPUT" in err and "is a directory" not in err


@pytest.mark.django_db
def test_the_form_refuses_a_date_before_a_selected_list() -> None:
    from chemsec.screening.forms import ScreeningForm

    early = ScreeningForm(data={"identifiers": "111-48-8", "lists": ["cwc"], "as_of": "1990-01-01"})
    assert not early.is_valid() and list(early.errors) == ["as_of"]
    fine = ScreeningForm(data={"identifiers": "111-48-8", "lists": ["cwc"], "as_of": "1998-01-01"})
    assert fine.is_valid(), fine.errors


@pytest.mark.django_db
def test_the_api_refuses_a_date_before_a_selected_list(client: Any) -> None:
    body = {"identifiers": ["111-48-8"], "lists": ["cwc"], "as_of": "1990-01-01"}
    response = client.post("/api/v1/screening/check", body, content_type="application/json")
    assert response.status_code == 422
    assert "CWC from 1997-04-29" in response.content.decode()


def test_a_small_size_limit_is_written_so_that_it_can_be_read(capsys: Any, tmp_path: Any) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name,cas\nSarin,107-44-8\n")  # 24 bytes
    code, err = _error(capsys, ["screen", "--max-mb", "0.00001", str(source)])
    assert code == 2
    assert "the file is 24 bytes, over the limit of 10 bytes" in err


def test_an_as_of_date_with_the_undated_ag_list_says_so(capsys: Any) -> None:
    argv = ["screen", "--format", "json", "--no-opsin", "--as-of", "2000-01-01", "--lists"]
    assert main([*argv, "cwc,ag", "111-48-8"]) == 1
    err = capsys.readouterr().err
    assert "the AG list has no dates of listing" in err and "not as on 2000-01-01" in err
    assert main([*argv, "cwc", "111-48-8"]) == 1
    assert "AG" not in capsys.readouterr().err
