"""The streaming table reader shared by screening and inventory import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import override_settings

from chemsec.lib.env import ConfigError, max_upload_mb
from chemsec.lib.tabular import (
    TabularError,
    detect_delimiter,
    detect_encoding,
    open_table,
    read_delimited,
    upload_limit_bytes,
)


@pytest.fixture(autouse=True)
def _fast_and_eager() -> None:
    """Overrides the project's Django settings fixture: these tests are pure."""


def test_it_detects_boms_utf8_and_windows_text() -> None:
    assert detect_encoding(b"\xef\xbb\xbfa,b") == "utf-8-sig"
    assert detect_encoding("a,b\n".encode("utf-16")) == "utf-16"
    assert detect_encoding("é,ü".encode()) == "utf-8"
    assert detect_encoding("é,ü".encode("cp1252")) == "cp1252"


def test_it_detects_delimiters() -> None:
    assert detect_delimiter("a;b;c\n1;2;3\n") == ";"
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter("single\ncolumn\n") == ","


def test_it_numbers_rows_by_file_line_and_skips_blank_lines() -> None:
    data = b'name,cas\nwater,7732-18-5\n\n"multi\nline",1-1-1\nlast,\n'
    table = read_delimited(io.BytesIO(data), header_hints=["cas"])
    assert table.header == ["name", "cas"]
    rows = list(table.rows)
    assert [r.line for r in rows] == [2, 4, 6]
    assert rows[1].values == ("multi\nline", "1-1-1")
    assert table.column("CAS") == 1


def test_it_treats_a_first_row_without_known_names_as_data() -> None:
    table = read_delimited(io.BytesIO(b"CCO\nCCN\n"), header_hints=["smiles"])
    assert table.header == []
    assert [r.values for r in table.rows] == [("CCO",), ("CCN",)]


def test_it_refuses_empty_and_oversized_files(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(TabularError, match="empty"):
        open_table(empty)
    blank = tmp_path / "b.csv"
    blank.write_bytes(b"\n\n  \n")
    with pytest.raises(TabularError, match="empty"):
        open_table(blank)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x\n" * 2000)
    with pytest.raises(TabularError, match="limit"):
        open_table(big, max_bytes=1000)


def test_it_refuses_a_file_over_the_configured_limit(tmp_path: Path) -> None:
    table = tmp_path / "table.csv"
    table.write_bytes(b"cas\n" + b"7732-18-5\n" * 160_000)  # 1.6 MB
    with override_settings(MAX_UPLOAD_MB=1):
        assert upload_limit_bytes() == 1024 * 1024
        with pytest.raises(TabularError, match="over the limit of 1 MB"):
            open_table(table)
    with override_settings(MAX_UPLOAD_MB=2):
        assert open_table(table, header_hints=["cas"]).header == ["cas"]
    assert open_table(table, max_bytes=None, header_hints=["cas"]).header == ["cas"]


def test_settings_and_the_reader_share_one_size_limit() -> None:
    from chemsec import settings

    assert max_upload_mb() == settings.MAX_UPLOAD_MB
    assert max_upload_mb(environ={}) == 50
    assert max_upload_mb(environ={"CHEMSEC_MAX_UPLOAD_MB": "2"}) == 2
    with pytest.raises(ConfigError, match="CHEMSEC_MAX_UPLOAD_MB='lots'"):
        max_upload_mb(environ={"CHEMSEC_MAX_UPLOAD_MB": "lots"})


def test_it_reads_xlsx_rows_with_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CAS", "Quantity"])
    sheet.append(["7782-50-5", 12.0])
    sheet.append([None, None])
    sheet.append(["64-17-5", 2.5])
    path = tmp_path / "t.xlsx"
    book.save(path)
    table = open_table(path, header_hints=["cas"])
    assert [(r.line, r.values) for r in table.rows] == [
        (2, ("7782-50-5", "12")),
        (4, ("64-17-5", "2.5")),
    ]
    table.close()
