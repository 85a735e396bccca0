"""Issue 15: files are read as what they are. UTF-16 without a byte-order mark (what some
exports and PowerShell's `Out-File -Encoding Unicode` minus its BOM produce) is detected, one
control character in one cell is replaced (never an error downstream), and a spreadsheet
formula that was never calculated gives a row with its reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from chemsec.lib.sniff import sniff, utf16_without_bom
from chemsec.lib.spreadsheet import spreadsheet_safe
from chemsec.lib.tabular import TabularError, detect_encoding, open_table, read_delimited

INVENTORY = "CAS No.,Name,Quantity\n7782-50-5,Chlorine,12\n64-17-5,Ethanol,3\n"
CHINESE = "CAS号,名称\n7782-50-5,氯\n7664-41-7,氨\n"


@pytest.fixture(autouse=True)
def _fast_and_eager() -> None:
    """Overrides the project's Django settings fixture: these tests are pure."""


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [INVENTORY, INVENTORY.replace(",", "\t"), CHINESE])
def test_utf16_without_a_byte_order_mark_is_read_as_such(codec: str, text: str) -> None:
    data = text.replace("\n", "\r\n").encode(codec)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert detect_encoding(data) == codec
    assert sniff(data) == "text"
    table = read_delimited(io.BytesIO(data), header_hints=["CAS No.", "CAS号"])
    expected = [line.split(table.delimiter) for line in text.splitlines()]
    assert [table.header, *(list(r.values) for r in table.rows)] == expected


def test_plain_utf8_and_windows_text_are_not_taken_for_utf16() -> None:
    assert utf16_without_bom(INVENTORY.encode()) is None
    assert utf16_without_bom("Éthanol,64-17-5\n".encode("cp1252")) is None
    assert detect_encoding(CHINESE.encode()) == "utf-8"


def test_text_in_an_encoding_we_cannot_confirm_is_reported_not_misread() -> None:
    data = INVENTORY.encode("utf-32-le")  # no byte-order mark: three NULs in four bytes
    with pytest.raises(TabularError, match="not text in an encoding we can detect"):
        read_delimited(io.BytesIO(data), header_hints=["CAS No."])


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_one_control_character_in_one_cell_is_replaced_and_every_row_kept(control: str) -> None:
    data = f"cas,name\n7782-50-5,chlo{control}rine\n64-17-5,ethanol\n".encode()
    rows = list(read_delimited(io.BytesIO(data), header_hints=["cas"]).rows)
    assert [r.values for r in rows] == [("7782-50-5", "chlo\ufffdrine"), ("64-17-5", "ethanol")]


def test_a_one_column_list_with_a_control_character_keeps_its_lines() -> None:
    data = b"sarin\nwat\x07er\nethanol\n"
    rows = list(read_delimited(io.BytesIO(data)).rows)
    assert [r.values[0] for r in rows] == ["sarin", "wat\ufffder", "ethanol"]


def test_exported_cells_lose_what_xlsx_cannot_hold(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    sheet.append([spreadsheet_safe(v) for v in ["chlo\x00rine", "=\x01", "fine"]])
    book.save(tmp_path / "out.xlsx")  # IllegalCharacterError without the replacement
    cells = next(load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert cells == ("chlo\ufffdrine", "'=\ufffd", "fine")


def _xlsx_with_a_formula(path: Path, cached: str | None) -> None:
    """A workbook as Excel saves it (the formula's last value in <v>) or as a program that
    writes formulas without calculating them saves it (no <v>)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CAS", "Quantity"])
    sheet.append(["7782-50-5", "=2*6"])
    sheet.append(["64-17-5", 3])
    book.save(path)
    if cached is None:
        return
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    assert b"<f>2*6</f><v /></c>" in sheet_xml
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace(
        b"<f>2*6</f><v />", b"<f>2*6</f><v>" + cached.encode() + b"</v>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


def test_a_formula_without_a_saved_value_gives_a_row_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "uncalculated.xlsx"
    _xlsx_with_a_formula(path, None)
    table = open_table(path, header_hints=["cas"])
    rows = list(table.rows)
    table.close()
    assert [(r.line, r.problem, r.problem_column) for r in rows] == [
        (2, "formula_without_value", 1),
        (3, None, None),
    ]
    assert rows[0].values[0] == "7782-50-5"


def test_a_formula_with_its_saved_value_reads_the_value(tmp_path: Path) -> None:
    path = tmp_path / "calculated.xlsx"
    _xlsx_with_a_formula(path, "12")
    table = open_table(path, header_hints=["cas"])
    rows = list(table.rows)
    table.close()
    assert [(r.values, r.problem) for r in rows] == [
        (("7782-50-5", "12"), None),
        (("64-17-5", "3"), None),
    ]
