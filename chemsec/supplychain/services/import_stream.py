"""An order file's rows as orders, streamed: the file is read twice and never held.

Rows sharing a reference are the lines of one order, and an ERP export may scatter them
(sorted by product, by date, or appended later). The first pass counts the rows of each
reference into a temporary SQLite file (on disk, so its size does not weigh on memory);
the second yields an order as soon as its last row has been read. Only the orders still
open at a given row are in memory: for a file whose orders' rows are contiguous, one.
A row without a reference is an order of its own.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from types import TracebackType

from chemsec.lib.tabular import TabularRow, open_table

Member = tuple[TabularRow, dict[str, str]]  # a row and its cells by column key
Group = list[Member]  # the rows of one order
BATCH = 1000  # rows read, looked up and skipped together
_SQL_VARIABLES = 900  # under SQLite's smallest limit on parameters in one statement


class MissingColumns(ValueError):
    """The file's header lacks required columns."""

    def __init__(self, columns: list[str]) -> None:
        super().__init__(", ".join(columns))
        self.columns = columns


class FileChanged(Exception):
    """The second pass read a reference the first did not count: the file was rewritten
    between the passes (the import fails and says so, rather than guessing the order)."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


class GroupedRows:
    """The rows of a table file, with its column keys found once, as orders."""

    def __init__(
        self,
        path: str,
        *,
        header_hints: tuple[str, ...],
        columns: dict[str, tuple[str, ...]],
        required: tuple[str, ...],
    ) -> None:
        self.path, self.header_hints = path, header_hints
        table = open_table(path, header_hints=header_hints, has_header=True)
        # The encoding the reader assumed (lib.tabular: a BOM, UTF-16, UTF-8, else
        # Windows-1252; None for a workbook), for the import to say so.
        self.encoding = table.encoding
        try:
            self.index = {key: table.column(*names) for key, names in columns.items()}
        finally:
            table.close()
        missing = [name for name in required if self.index[name] is None]
        if missing:
            raise MissingColumns(missing)
        self.total = 0  # rows in the file
        self.read_rows = 0  # rows read by the second pass so far
        self._folder = Path(tempfile.mkdtemp(prefix="chemsec-order-import-"))
        self._sizes: sqlite3.Connection | None = None
        try:  # a file unreadable in the first pass leaves neither folder nor connection
            self._sizes = sqlite3.connect(self._folder / "references.sqlite3")
            self._sizes.execute("PRAGMA journal_mode = OFF")
            self._sizes.execute("PRAGMA synchronous = OFF")
            self._sizes.execute("CREATE TABLE size (reference TEXT PRIMARY KEY, rows INTEGER)")
            self._count()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> GroupedRows:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._sizes is not None:
            self._sizes.close()
            self._sizes = None
        shutil.rmtree(self._folder, ignore_errors=True)

    @property
    def _db(self) -> sqlite3.Connection:
        if self._sizes is None:
            raise ValueError("The rows were closed.")
        return self._sizes

    def _rows(self) -> Iterator[TabularRow]:
        table = open_table(self.path, header_hints=self.header_hints, has_header=True)
        try:
            yield from table.rows
        finally:
            table.close()

    def _members(self) -> Iterator[Member]:
        for row in self._rows():
            yield row, {k: row.get(i).strip() for k, i in self.index.items()}

    def _count(self) -> None:
        upsert = (
            "INSERT INTO size VALUES (?, 1) ON CONFLICT (reference) DO UPDATE SET rows = rows + 1"
        )
        column = self.index["reference"]
        rows = self._rows()
        while batch := list(islice(rows, BATCH)):
            self.total += len(batch)
            references = [(ref,) for row in batch if (ref := row.get(column).strip())]
            self._db.executemany(upsert, references)
        self._db.commit()

    def _sizes_of(self, references: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        wanted = sorted(references)
        for start in range(0, len(wanted), _SQL_VARIABLES):
            part = wanted[start : start + _SQL_VARIABLES]
            marks = ",".join("?" * len(part))
            sql = f"SELECT reference, rows FROM size WHERE reference IN ({marks})"  # noqa: S608
            found.update(self._db.execute(sql, part))
        return found

    def read(
        self,
        *,
        done: Callable[[list[int]], set[int]] | None = None,
        before_batch: Callable[[list[dict[str, str]]], None] | None = None,
    ) -> Iterator[Group]:
        """Each order's rows once its last row is read, in the file's order; rows whose
        line `done` returns (an earlier run wrote them) are left out, and an order all of
        whose rows are done is not yielded. `before_batch` sees the cells of the rows about
        to be yielded, a batch at a time (to look their customers up in one query)."""
        pending: dict[str, list[tuple[Member, bool]]] = {}  # with "an earlier run wrote it"
        members = self._members()
        while batch := list(islice(members, BATCH)):
            sizes = self._sizes_of({c["reference"] for _, c in batch if c["reference"]})
            skipped = done([row.line for row, _ in batch]) if done is not None else set()
            if before_batch is not None:
                before_batch([c for row, c in batch if row.line not in skipped])
            for member in batch:
                self.read_rows += 1
                reference = member[1]["reference"]
                entry = (member, member[0].line in skipped)
                if not reference:
                    group = [entry]
                else:
                    if reference not in sizes:  # not in the file the first pass read
                        raise FileChanged(member[0].line)
                    group = pending.setdefault(reference, [])
                    group.append(entry)
                    if len(group) < sizes[reference]:
                        continue
                    del pending[reference]
                if todo := [m for m, was_done in group if not was_done]:
                    yield todo
        for group in pending.values():  # the file changed between the passes: still kept
            if todo := [m for m, was_done in group if not was_done]:
                yield todo

    def percent(self) -> float:
        return 100.0 * self.read_rows / max(1, self.total)


def groups_of(
    path: str,
    *,
    header_hints: tuple[str, ...],
    columns: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
) -> GroupedRows:
    """Open the file (TabularError if unreadable, MissingColumns) and count its rows."""
    return GroupedRows(path, header_hints=header_hints, columns=columns, required=required)
