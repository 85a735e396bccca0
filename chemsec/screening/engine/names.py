"""A compact offline index of CAS numbers and names, built once from `chemicals`.

The `chemicals` package holds about 76,000 CAS records and 950,000 names, but loading it
takes seconds and hundreds of MB. We copy its CAS and name indexes (never its general
search, which reads "HN2" or "DF" as formulas) into an SQLite file in the data
directory; afterwards a look-up is one indexed query and start-up costs nothing.

Also the lists' entry names in the other UN languages (`other_language_name`): a name
typed in Arabic, Chinese, French, Russian or Spanish that is one of an entry's names in
``<list>_names*.csv`` resolves to that entry's chemical, when the entry is one chemical.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from chemsec.screening.engine.cas import cas_to_int, int_to_cas

if TYPE_CHECKING:
    from chemsec.screening.engine.lists import ListEntry

INDEX_VERSION = "2"  # 2: formula, heavy atoms and single-molecule flag per CAS record
_SPACES = re.compile(r"\s+")
_local = threading.local()
_log = logging.getLogger(__name__)


class Record(NamedTuple):
    """One substance of the general index (a named tuple: a chunk of an inventory makes
    hundreds of them, and a tuple is built in a third of a frozen dataclass's time)."""

    cas: str
    name: str
    smiles: str
    inchikey: str
    # Precomputed at build time from `smiles` (RDKit): lets a screen settle most records
    # without parsing them. `single`: one neutral molecule (no '.', no charge).
    formula: str | None = None
    heavy: int | None = None
    single: bool = False


def _record(row: Any) -> Record:
    return Record(int_to_cas(row[0]), row[1], row[2], row[3], row[4], row[5], bool(row[6]))


def data_dir() -> Path:
    """Where generated caches live: the portal's data directory (chemsec.lib.env.data_dir)."""
    from chemsec.lib.env import data_dir as configured_data_dir

    return configured_data_dir()


def normalise_name(text: str) -> str:
    lowered = text.strip().lower()
    if "  " in lowered or "\t" in lowered or "\n" in lowered:  # the regex is the slow part
        return _SPACES.sub(" ", lowered)
    return lowered


def index_path() -> Path:
    return data_dir() / f"names-v{INDEX_VERSION}-chemicals-{_source_version()}.sqlite"


@cache
def _source_version() -> str:
    """The installed `chemicals` version: read from its own metadata file when it sits
    beside the package, as pip installs it, else through importlib.metadata (whose
    import and scan of every installed distribution cost 10-20 ms of each run's
    start-up, about 0.1 s where bytecode is not kept)."""
    try:
        from_file = _version_beside_package("chemicals")
        if from_file is not None:
            return from_file
        from importlib.metadata import version

        return version("chemicals")
    except Exception:  # the version only names the file; any value is safe
        return "unknown"


def _version_beside_package(package: str) -> str | None:
    """The `Version:` of the one `<package>-*.dist-info` folder next to the package,
    without importing it; None when there is not exactly one."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return None
    found = list(Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info"))
    if len(found) != 1:
        return None
    with (found[0] / "METADATA").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
            if not line.strip():
                break  # the headers end at the first blank line
    return None


def index_exists() -> bool:
    return index_path().exists()


def build_index(path: Path | None = None) -> Path:
    """Build the SQLite index from the `chemicals` package (a few seconds, once)."""
    target = path or index_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        _fill(con)
        con.commit()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)  # no half-built file left behind
        raise
    con.close()
    os.replace(tmp, target)  # atomic: concurrent builders never see a half-written file
    return target


def _fill(con: sqlite3.Connection) -> None:
    from chemicals.identifiers import get_pubchem_db

    db = get_pubchem_db()
    db.autoload_main_db()
    con.execute(
        "CREATE TABLE cas (cas INTEGER PRIMARY KEY, name TEXT, smiles TEXT, inchikey TEXT,"
        " formula TEXT, heavy INTEGER, single INTEGER)"
    )
    con.execute("CREATE TABLE name (name TEXT PRIMARY KEY, cas INTEGER) WITHOUT ROWID")
    con.execute("CREATE TABLE ikey (ikey TEXT PRIMARY KEY, cas INTEGER) WITHOUT ROWID")
    con.executemany(
        "INSERT OR IGNORE INTO cas VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (k, m.common_name, m.smiles, m.InChI_key, *_shape(m.smiles))
            for k, m in db.CAS_index.items()
        ),
    )
    con.executemany(
        "INSERT OR IGNORE INTO name VALUES (?, ?)",
        ((normalise_name(k), m.CAS) for k, m in db.name_index.items()),
    )
    con.executemany(
        "INSERT OR IGNORE INTO ikey VALUES (?, ?)",
        ((k, m.CAS) for k, m in db.InChI_key_index.items()),
    )


def _shape(smiles: str | None) -> tuple[str | None, int | None, int]:
    """Formula, heavy atoms and the single-molecule flag of a record (None if unreadable)."""
    from chemsec.screening.engine import structure as st

    mol = st.parse_smiles(smiles) if smiles else None
    if mol is None:
        return None, None, 0
    formula = st.formula_of(mol)
    single = "." not in (smiles or "") and "+" not in formula and "-" not in formula
    return formula, mol.GetNumHeavyAtoms(), int(single)


def _connection(build: bool) -> sqlite3.Connection | None:
    con: sqlite3.Connection | None = getattr(_local, "con", None)
    # SQLite connections must not cross fork(): a worker process opens its own.
    if con is not None and getattr(_local, "pid", None) == os.getpid():
        return con
    path = index_path()
    if not path.exists():
        if not build:
            return None
        _log.warning("building the offline name index at %s (once, about 15 s)", path)
        build_index(path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    _local.con, _local.pid = con, os.getpid()
    return con


class NameIndex:
    """Look-ups in the general index; builds it on first use unless told not to.

    `prefetch` answers a whole chunk of rows with a few batched queries (one query per
    key costs more in Python than in SQLite); `clear` drops those answers afterwards.
    """

    def __init__(self, build: bool = True) -> None:
        self._build = build
        self._by_cas: dict[str, Record | None] = {}
        self._by_name: dict[str, Record | None] = {}

    def prefetch(self, cas_numbers: list[str], names: list[str]) -> None:
        con = _connection(self._build)
        if con is None:
            return
        found: dict[str, int] = {}
        for batch in _batches(sorted({normalise_name(n) for n in names})):
            self._by_name.update(dict.fromkeys(batch))
            # Only "?" placeholders are formatted in; the values are bound parameters.
            sql = f"SELECT name, cas FROM name WHERE name IN ({_marks(batch)})"  # noqa: S608
            found.update(con.execute(sql, batch).fetchall())
        self._by_cas.update(dict.fromkeys(cas_numbers))
        by_int = self._fetch_cas(con, {cas_to_int(c) for c in cas_numbers} | set(found.values()))
        for name, number in found.items():
            self._by_name[name] = by_int.get(number)

    def _fetch_cas(self, con: sqlite3.Connection, numbers: set[int]) -> dict[int, Record]:
        out: dict[int, Record] = {}
        for batch in _batches(sorted(numbers)):
            sql = f"SELECT * FROM cas WHERE cas IN ({_marks(batch)})"  # noqa: S608
            for row in con.execute(sql, batch):
                out[row[0]] = record = _record(row)
                self._by_cas[record.cas] = record
        return out

    def clear(self) -> None:
        self._by_cas.clear()
        self._by_name.clear()

    @property
    def available(self) -> bool:
        return _connection(self._build) is not None

    def by_cas(self, cas: str) -> Record | None:
        if cas in self._by_cas:
            return self._by_cas[cas]
        con = _connection(self._build)
        if con is None:
            return None
        row = con.execute("SELECT * FROM cas WHERE cas = ?", (cas_to_int(cas),)).fetchone()
        return _record(row) if row else None

    def by_name(self, name: str) -> Record | None:
        key = normalise_name(name)
        if key in self._by_name:
            return self._by_name[key]
        con = _connection(self._build)
        if con is None:
            return None
        row = con.execute(
            "SELECT c.* FROM name n JOIN cas c ON c.cas = n.cas WHERE n.name = ?",
            (key,),
        ).fetchone()
        return _record(row) if row else None

    def by_inchikey(self, key: str) -> Record | None:
        con = _connection(self._build)
        if con is None:
            return None
        row = con.execute("SELECT cas FROM ikey WHERE ikey = ?", (key,)).fetchone()
        return self.by_cas(int_to_cas(row[0])) if row else None


def _batches(keys: list[Any], size: int = 500) -> list[list[Any]]:
    # SQLite allows at least 999 parameters per statement.
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def _marks(batch: list[Any]) -> str:
    return ",".join("?" * len(batch))


# -- entry names in the other UN languages ----------------------------------------------

#: Rows of a list that stand for one chemical (a family's examples and members, and its
#: exemptions, are each one chemical); a family itself never resolves from a name.
_ONE_CHEMICAL = frozenset({"individual", "example", "member", "exemption"})


@dataclass(frozen=True, slots=True)
class OtherLanguageName:
    """An entry's name in another language, and the entry whose chemical it names."""

    entry: ListEntry
    lang: str
    name: str  # as the names file writes it
    status: str  # official, official-national or translated-unreviewed


def normalise_other_language(text: str) -> str:
    """NFKC (full-width letters and digits, ligatures and compatibility forms read as
    their plain form), case folded, runs of spaces as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def other_language_names() -> dict[str, OtherLanguageName]:
    """Normalised name -> the entry it names, over every shipped names file.

    Only entries that are one chemical with an identity (a CAS number or a structure)
    are included. A name that two entries of different chemicals share names neither
    (it is left to the offline index and OPSIN); where several rows name the same
    chemical, the most authoritative status is kept (official first)."""
    from chemsec.screening.engine.lists import LIST_FILES, load_list
    from chemsec.screening.list_names import NAME_STATUSES, shipped_names

    by_urn = {entry.urn: entry for code in LIST_FILES for entry in load_list(code)}
    found: dict[str, list[OtherLanguageName]] = {}
    for (urn, lang), written in shipped_names().items():
        entry = by_urn.get(urn)
        if entry is None or entry.row_type not in _ONE_CHEMICAL:
            continue
        if not (entry.cas or entry.smiles):
            continue
        for name in written.names:
            key = normalise_other_language(name)
            if key:
                found.setdefault(key, []).append(
                    OtherLanguageName(entry, lang, name, written.status)
                )
    out: dict[str, OtherLanguageName] = {}
    for key, candidates in found.items():
        chemicals = {(c.entry.cas, c.entry.inchikey or c.entry.smiles) for c in candidates}
        if len(chemicals) == 1:
            out[key] = min(
                candidates, key=lambda c: (NAME_STATUSES.index(c.status), c.lang, c.entry.urn)
            )
    return out


def other_language_name(text: str) -> OtherLanguageName | None:
    """The entry `text` names in another language, if it is one of the shipped names."""
    if len(text) > 300:
        return None
    return other_language_names().get(normalise_other_language(text))
