"""What a file is, judged by its bytes, not its name.

`sniff(head)` reads the first bytes of a file (`HEAD` is enough) and names its kind:
``text`` (any text encoding, UTF-16 with or without a byte-order mark included), ``pdf``,
``png``, ``jpeg``, ``gif``, ``zip`` (an Office Open XML or OpenDocument file is a ZIP:
`zip_kind` looks inside for ``xlsx``, ``docx``, ``odt`` or ``ods``), ``ole`` (old
binary Office files), ``binary`` or ``empty``. `kind_of(stream)` does both on an open
binary file and puts it back where it was.

`mismatch(name, kind)` says whether a file's name promises something its content is not
(a PNG renamed ``.csv``, an executable renamed ``.pdf``). Every upload surface goes through
`chemsec.core.uploads.check_upload`, which uses these.

Pure Python: no Django, so the command-line tools may use it too.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import IO

HEAD = 64 * 1024
TEXT = "text"
# What the content of a file with each name ending must be.
EXPECTED: dict[str, frozenset[str]] = {
    **{
        ext: frozenset({TEXT})
        for ext in ("csv", "tsv", "txt", "tab", "smi", "smiles", "sdf", "sd", "mol", "json")
    },
    "xlsx": frozenset({"xlsx"}),
    "pdf": frozenset({"pdf"}),
    "png": frozenset({"png"}),
    "jpg": frozenset({"jpeg"}),
    "jpeg": frozenset({"jpeg"}),
    "gif": frozenset({"gif"}),
    "docx": frozenset({"docx"}),
    "odt": frozenset({"odt"}),
    "ods": frozenset({"ods"}),
}
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Control bytes text does not hold (tab, line feed, form feed, carriage return and
# escape aside); a few stray ones in a cell are still text.
_CONTROL = frozenset(range(32)) - {9, 10, 11, 12, 13, 27}
_CONTROL_SHARE = 0.05


def extension(name: str) -> str:
    """A file name's ending, lower case and without the dot ("" when it has none)."""
    return PurePath(name or "").suffix.lower().lstrip(".")


def sniff(head: bytes) -> str:
    """The kind of a file from its first bytes (see the module's docstring)."""
    if not head:
        return "empty"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(_TEXT_BOMS) or _utf16_without_bom(head):
        return TEXT
    if b"\x00" in head:
        return "binary"
    control = sum(1 for byte in head if byte in _CONTROL)
    return "binary" if control > _CONTROL_SHARE * len(head) else TEXT


def _utf16_without_bom(head: bytes) -> bool:
    return utf16_without_bom(head) is not None


def utf16_without_bom(head: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") of text in UTF-16 without a byte-order mark,
    else None. Latin-script text has a NUL in every other byte; any script has its line
    breaks on code-unit boundaries ("\\n\\0" little-endian, "\\0\\n" big-endian). What
    decodes may hold a stray control character (one bad cell), not more."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    units = len(sample) // 2
    stray = units // 100
    for start, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        zeros = sample[start::2].count(0)
        latin = zeros >= 0.9 * units and sample[1 - start :: 2].count(0) <= stray
        newline = b"\n\x00" if start == 1 else b"\x00\n"
        if not latin and not any(sample[i : i + 2] == newline for i in range(0, len(sample), 2)):
            continue
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:  # a surrogate pair cut at the sample's end
            text = sample[:-2].decode(codec, errors="replace")
        if sum(1 for ch in text if ord(ch) in _CONTROL) <= stray:
            return codec
    return None


def zip_kind(stream: IO[bytes]) -> str:
    """Which Office or OpenDocument file a ZIP archive is, or ``zip`` (``binary`` when it
    cannot be read as an archive at all)."""
    # Imported here: the command-line readers import this module for its text checks, and
    # zipfile (with threading, struct and binascii) costs a SMILES file's start-up for nothing.
    import zipfile

    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return "odt"
                if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return "binary"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def kind_of(stream: IO[bytes]) -> str:
    """The kind of an open binary file (read from its start; left where it was)."""
    where = stream.tell()
    try:
        stream.seek(0)
        kind = sniff(stream.read(HEAD))
        if kind == "zip":
            stream.seek(0)
            kind = zip_kind(stream)
        return kind
    finally:
        stream.seek(where)


def mismatch(name: str, kind: str) -> bool:
    """The name promises content of another kind (unknown endings promise nothing)."""
    expected = EXPECTED.get(extension(name))
    return expected is not None and kind not in expected
