"""A file's kind from its bytes, whatever its name says."""

from __future__ import annotations

import io
import zipfile

import pytest

from chemsec.lib.sniff import kind_of, mismatch, sniff

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _zip(*names: str) -> bytes:
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return body.getvalue()


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"", "empty"),
        (PNG, "png"),
        (b"%PDF-1.7\n...", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "binary"),  # a Windows executable
        (b"identifier,quantity\n7782-50-5,10\n", "text"),
        ("Nom;Quantité\nchlore;10\n".encode("cp1252"), "text"),
        ("name\tqty\nethanol\t5\n".encode("utf-16"), "text"),  # with its byte-order mark
        ("name,qty\nethanol,5\n".encode("utf-16-le"), "text"),  # without one
        (b"name\nethanol\x01 with one control character\n", "text"),
    ],
)
def test_it_names_a_files_kind_by_its_bytes(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_it_looks_inside_zip_archives_for_office_files() -> None:
    assert kind_of(io.BytesIO(_zip("[Content_Types].xml", "xl/workbook.xml"))) == "xlsx"
    assert kind_of(io.BytesIO(_zip("[Content_Types].xml", "word/document.xml"))) == "docx"
    assert kind_of(io.BytesIO(_zip("notes.txt"))) == "zip"
    stream = io.BytesIO(b"PK\x03\x04 truncated")
    stream.seek(3)
    assert kind_of(stream) == "binary" and stream.tell() == 3  # put back where it was


def test_it_says_when_a_name_promises_another_kind() -> None:
    assert mismatch("inventory.csv", "png") and mismatch("law.pdf", "png")
    assert mismatch("book.xlsx", "zip") and not mismatch("book.xlsx", "xlsx")
    assert not mismatch("inventory.CSV", "text") and not mismatch("archive.bin", "png")
