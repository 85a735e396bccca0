"""Every matched row names the listed chemical it matched, however the input was written.

Found by the issue-16 review: `chemsec screen` on a SMILES file wrote matched rows with
empty name and CAS cells - those columns are the input's own identity, which a SMILES or an
InChI does not carry - while the same chemical given by name or CAS number showed both. Each
match now carries the entry's own name and CAS number (`listed_name`, `listed_cas`): CSV and
XLSX columns `listed_names` and `listed_cas` (one value per match, in the order of
`entries`), JSON and API match members, file jobs and re-exports of stored screenings.

CAS numbers asserted are the public registry numbers of the chemicals (sarin 107-44-8,
trimethyl phosphite 121-45-9, 2-(diisopropylamino)ethyl chloride hydrochloride 4261-68-1,
mechlorethamine 51-75-2), not read back from ChemSec's data.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from chemsec.cli import main
from chemsec.screening.engine import screen
from chemsec.screening.exports import result_from_dict

SARIN = "Sarin", "107-44-8"
# One chemical written five ways: SMILES, InChI, InChIKey, name, CAS number.
SARIN_WRITINGS = [
    "CC(C)OP(C)(=O)F",
    "InChI=1S/C4H10FO2P/c1-4(2)7-8(3,5)6/h4H,1-3H3",
    "DYAHQFWOVKZOOW-UHFFFAOYSA-N",
    "Sarin",
    "107-44-8",
]
# (input, lists, entries, listed_names, listed_cas) as the CSV writes them
ROWS = [
    # trimethyl phosphite in methanol, written as two components: each list's entry
    (
        "COP(OC)OC.CO",
        "CWC | AG",
        "3B08 | AG08",
        "Trimethyl phosphite | Trimethyl phosphite",
        "121-45-9 | 121-45-9",
    ),
    # the hydrochloride of a 2B10 chemical: the CWC family names no single chemical (its
    # place stays empty), the AG names the salt itself
    (
        "CC(C)N(CCCl)C(C)C.Cl",
        "CWC | AG",
        "2B10 | AG54",
        " | N,N-Diisopropyl-beta-aminoethyl chloride hydrochloride",
        " | 4261-68-1",
    ),
    # a 2B10 hydrochloride no list names: the family only, no name or CAS number
    ("CCN(CC)CCCl.Cl", "CWC", "2B10", "", ""),
    # mechlorethamine hydrochloride: unresolved, but the parent it names is HN2
    ("CN(CCCl)CCCl.Cl", "CWC", "1A06", "HN2", "51-75-2"),
    ("CCO", "", "", "", ""),
]


def _csv(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict[str, str]]:
    main(["screen", "--format", "csv", "--no-opsin", *argv])
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_sarin_however_written_shows_the_entrys_name_and_cas(capsys: Any) -> None:
    rows = _csv(capsys, SARIN_WRITINGS)
    assert [r["input"] for r in rows] == SARIN_WRITINGS
    for row in rows:
        assert (row["status"], row["entries"]) == ("matched", "1A01"), row["input"]
        assert (row["listed_names"], row["listed_cas"]) == SARIN, row["input"]
    # the input's own identity is left as it was: a SMILES names no chemical
    assert (rows[0]["name"], rows[0]["cas"]) == ("", "")
    assert (rows[4]["name"], rows[4]["cas"]) == SARIN


def test_components_and_salts_show_each_matched_entrys_name_and_cas(capsys: Any) -> None:
    rows = _csv(capsys, [r[0] for r in ROWS])
    got = [(r["input"], r["lists"], r["entries"], r["listed_names"], r["listed_cas"]) for r in rows]
    assert got == ROWS
    assert [r["status"] for r in rows] == ["matched", "matched", "matched", "unresolved", "clear"]
    assert [r["basis"] for r in rows[:4]] == [
        "component | component",
        "salt | exact",
        "salt",
        "parent",
    ]


def test_the_json_and_xlsx_outputs_carry_the_same(capsys: Any, tmp_path: Path) -> None:
    inputs = ["CC(C)OP(C)(=O)F", "CC(C)N(CCCl)C(C)C.Cl", "CCO"]
    main(["screen", "--format", "json", "--no-opsin", *inputs])
    records = json.loads(capsys.readouterr().out)
    listed = [[(m["listed_name"], m["listed_cas"]) for m in r["matches"]] for r in records]
    assert listed == [
        [SARIN],
        [(None, None), ("N,N-Diisopropyl-beta-aminoethyl chloride hydrochloride", "4261-68-1")],
        [],
    ]
    out = tmp_path / "out.xlsx"
    main(["screen", "--format", "xlsx", "--no-opsin", "-o", str(out), *inputs])
    values = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = values[0]
    cells = [dict(zip(header, row, strict=True)) for row in values[1:]]
    assert (cells[0]["listed_names"], cells[0]["listed_cas"]) == SARIN
    assert cells[1]["listed_cas"] == " | 4261-68-1"
    assert cells[2]["listed_names"] is None  # an empty cell


def test_two_workers_write_the_same_smiles_file(tmp_path: Path) -> None:
    source = tmp_path / "in.smi"
    source.write_text("\n".join([*(r[0] for r in ROWS), "CC(C)OP(C)(=O)F"] * 300) + "\n")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.csv"
        main(["screen", str(source), "--format", "csv", "--no-opsin", "--workers", workers,
              "-o", str(out)])  # fmt: skip
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]
    rows = list(csv.DictReader(io.StringIO(outputs[1])))
    assert rows[5]["listed_names"] == "Sarin" and rows[1]["listed_cas"] == " | 4261-68-1"


def test_a_stored_result_without_them_is_re_exported_with_the_entrys() -> None:
    (result,) = screen(["CC(C)OP(C)(=O)F"], use_opsin=False)
    stored = result.to_dict()
    for match in stored["matches"]:  # as kept before matches carried them
        del match["listed_name"], match["listed_cas"]
    (match,) = result_from_dict(stored).matches
    assert (match.listed_name, match.listed_cas) == SARIN
    kept = result_from_dict(result.to_dict()).matches[0]
    assert kept == result.matches[0]


@pytest.mark.django_db
def test_the_api_and_a_file_job_name_the_listed_chemical(client: Any, personas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/api/v1/screening/check",
        {"identifiers": ["CC(C)OP(C)(=O)F"]},
        content_type="application/json",
    )
    (match,) = response.json()["results"][0]["matches"]
    assert (match["listed_name"], match["listed_cas"]) == SARIN

    upload = SimpleUploadedFile("rows.smi", b"CC(C)OP(C)(=O)F\nCOP(OC)OC.CO\n", "text/plain")
    created = personas["alice"].post("/api/v1/screening/jobs", {"file": upload})
    job_id = created.json()["job_id"]
    body = personas["alice"].get(f"/api/v1/screening/jobs/{job_id}/results.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(body.streaming_content).decode())))
    assert [(r["listed_names"], r["listed_cas"]) for r in rows] == [
        SARIN,
        ("Trimethyl phosphite | Trimethyl phosphite", "121-45-9 | 121-45-9"),
    ]
    body = personas["alice"].get(f"/api/v1/screening/jobs/{job_id}/results.json")
    records = json.loads(b"".join(body.streaming_content))
    assert records[0]["matches"][0]["listed_cas"] == "107-44-8"
