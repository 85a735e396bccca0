"""How an identifier is read wherever it is written (found by QA).

- A CAS number reads the same in a `name` column as in a `cas` column, a headerless file,
  the command line or the textarea: a digit run whose check digit holds is read as that
  CAS number (with the note that says so), never as an unknown name, never `clear`.
- A name that was not sent to OPSIN because it does not look like a systematic name says
  so, with the rule it failed (not "OPSIN not used").
- A line holding several known identifiers separated by ", " stays one unresolved row,
  whose reason names the pieces.
- A directory given to `chemsec screen` is refused as a directory.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.cli import main
from chemsec.screening.engine import Screener
from chemsec.screening.engine.cas import cas_from_digits, normalise_cas
from chemsec.screening.engine.identity import opsin_worthy
from chemsec.screening.engine.inputs import path_problem, read_file
from chemsec.screening.engine.results import InputRow, ScreenResult
from chemsec.screening.tests.writings import listed

SETTINGS = settings(
    max_examples=int(os.environ.get("CHEMSEC_PROPERTY_EXAMPLES", "25")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@cache
def _screener(opsin: bool = False) -> Screener:
    return Screener(use_opsin=opsin)


def _one(text: str, kind: str | None = None, *, opsin: bool = False) -> ScreenResult:
    (result,) = _screener(opsin).screen_chunk([InputRow(text, 1, kind)])
    return result


def _shape(result: ScreenResult) -> tuple[Any, ...]:
    i = result.identity
    return (
        result.status,
        result.reason_code,
        (i.name, i.cas, i.smiles, i.inchikey, i.resolved_by),
        sorted((m.list, m.entry) for m in result.matches),
        list(result.notes),
    )


def _listed_cas() -> list[str]:
    return sorted({e.cas for e in listed() if e.cas})


def _writings(cas: str) -> list[str]:
    digits = cas.replace("-", "")
    head, middle, check = cas.split("-")
    return [digits, f"{head} {middle} {check}", f"{head}\u2013{middle}\u2013{check}", cas]


def _check_digit(head: str, middle: str) -> int:
    digits = head + middle
    return sum(int(d) * w for w, d in enumerate(reversed(digits), start=1)) % 10


# Any CAS-shaped number, valid or not: a head of 2-7 digits, two digits, a check digit.
CAS_PARTS = st.tuples(
    st.from_regex(r"[1-9][0-9]{1,6}", fullmatch=True),
    st.from_regex(r"[0-9]{2}", fullmatch=True),
    st.integers(0, 9),
)


@pytest.mark.parametrize("cas", _listed_cas())
def test_every_listed_cas_reads_the_same_in_a_name_column_as_anywhere_else(cas: str) -> None:
    for text in _writings(cas):
        detected, in_cas, in_name = _one(text), _one(text, "cas"), _one(text, "name")
        assert _shape(in_name) == _shape(detected) == _shape(in_cas), text
        assert in_name.status != "clear" and in_name.reason_code is None, text
        assert in_name.identity.cas == cas
        if "-" not in text and "\u2013" not in text:  # digits: the note says how read
            assert any(cas in note for note in in_name.notes), (text, in_name.notes)


@SETTINGS
@given(CAS_PARTS, st.sampled_from(["bare", "spaced", "hyphenated"]))
def test_a_cas_shaped_name_cell_is_read_as_a_cas_number(parts: Any, style: str) -> None:
    head, middle, check = parts
    text = {"bare": f"{head}{middle}{check}", "spaced": f"{head} {middle} {check}"}.get(
        style, f"{head}-{middle}-{check}"
    )
    in_name, detected = _one(text, "name"), _one(text)
    assert _shape(in_name) == _shape(detected)
    valid = check == _check_digit(head, middle)
    if not valid:  # never an unknown name: the check digit is what failed
        expected = "invalid_cas" if style == "hyphenated" else "cas_digits_check_digit"
        assert in_name.reason_code == expected
    else:
        cas = f"{head}-{middle}-{check}"
        assert normalise_cas(cas) == cas and (style == "hyphenated" or cas_from_digits(text))
        assert in_name.identity.cas == cas
        assert in_name.reason_code in (None, "cas_not_found")


def test_a_name_column_of_cas_digits_is_screened_as_cas_in_a_file_and_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "stock.csv"
    source.write_text("name,site\n75445,A\n75-44-5,B\nphosgene,C\n75446,D\n", encoding="utf-8")
    rows = list(read_file(str(source)))
    assert [r.kind for r in rows] == ["name"] * 4  # the column says name; the engine reads CAS
    results = _screener().screen_chunk(rows)
    assert [r.status for r in results] == ["matched", "matched", "matched", "unresolved"]
    assert results[0].identity.cas == results[1].identity.cas == "75-44-5"
    assert "'75445' was read as the CAS number 75-44-5" in results[0].notes
    assert results[3].reason_code == "cas_digits_check_digit"
    assert main(["screen", "--format", "json", "--no-opsin", str(source)]) == 1  # a match
    printed = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in printed] == ["matched", "matched", "matched", "unresolved"]
    assert printed[0]["identity"]["resolved_by"] == "cas (list data); digits read as CAS"


# Names the engine does not send to OPSIN, by each part of the rule (`opsin_worthy`).
NOT_SYSTEMATIC = ["12", "Xy", "a-1", "x" * 1001, "CC(=O)[Zz]"]


@pytest.mark.parametrize("text", NOT_SYSTEMATIC, ids=lambda t: t[:12])
def test_a_name_not_sent_to_opsin_says_why_not_that_opsin_was_off(text: str) -> None:
    assert not opsin_worthy(text)
    for kind in ("name", None):
        with_opsin = _one(text, kind, opsin=True)
        if with_opsin.reason_code in ("not_smiles_nor_name", "invalid_smiles"):  # as SMILES
            continue
        assert with_opsin.status == "unresolved"
        assert with_opsin.reason_code == "name_not_found_not_systematic"
        assert "not read as a systematic name" in (with_opsin.reason or "")
        without = _one(text, kind)
        assert without.reason_code == "name_not_found_no_opsin"


@SETTINGS
@given(st.text(alphabet="0123456789 -,.;:()", min_size=1, max_size=12))
def test_no_text_with_fewer_than_three_letters_is_said_to_be_skipped_by_a_switch(
    text: str,
) -> None:
    result = _one(text, "name", opsin=True)
    assert result.status in ("unresolved", "invalid", "clear", "matched")
    assert result.reason_code != "name_not_found_no_opsin"


KNOWN = ["phosgene", "thiodiglycol", "sodium chloride", "75-44-5", "water", "sarin", "HN2"]


@SETTINGS
@given(st.lists(st.sampled_from(KNOWN), min_size=2, max_size=4), st.sampled_from([None, "name"]))
def test_a_line_of_several_known_identifiers_is_one_row_that_names_them(
    pieces: list[str], kind: str | None
) -> None:
    line = ", ".join(pieces)
    results = _screener().screen_chunk([InputRow(line, 7, kind), InputRow("water", 8, kind)])
    assert len(results) == 2 and [r.line for r in results] == [7, 8]
    result = results[0]
    assert result.status == "unresolved" and not result.matches  # never the pieces' result
    assert result.reason_code == "several_identifiers_on_one_line"
    assert result.reason_params == {"pieces": "; ".join(pieces)}
    assert results[1].status == "clear"


@pytest.mark.parametrize(
    "line",
    [
        "phosgene, no such chemical here",  # one piece unknown: the usual reason
        "phosgene,thiodiglycol",  # no ", ": one identifier as written
        ", phosgene",
    ],
)
def test_a_line_whose_pieces_are_not_all_known_keeps_the_usual_reason(line: str) -> None:
    result = _one(line)
    assert result.status == "unresolved"
    assert result.reason_code == "name_not_found_no_opsin"


def test_a_name_with_commas_that_is_known_still_resolves_whole() -> None:
    result = _one("2,2'-dichlorodiethyl sulfide")
    assert result.status == "matched"


def test_a_directory_is_refused_as_a_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("inventory", "inventory.csv", "data.sdf", "weird name"):
        folder = tmp_path / name
        folder.mkdir()
        assert path_problem(str(folder)) == f"{folder}: is a directory"
        assert main(["screen", str(folder)]) == 2
        assert "is a directory" in capsys.readouterr().err


def test_the_docs_reason_table_lists_every_reason_code_with_its_status() -> None:
    from chemsec.screening.engine.reasons import INVALID, REASONS

    docs = Path(__file__).resolve().parents[3] / "docs" / "screening.md"
    rows = {}
    for line in docs.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3 and cells[1] in ("invalid", "unresolved"):
            rows[cells[0].strip("`")] = cells[1]
    assert rows == {c: "invalid" if c in INVALID else "unresolved" for c in REASONS}
