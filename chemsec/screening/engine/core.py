"""The screening pipeline: rows in, one result per row out, in order."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from chemsec.screening.engine import structure as st
from chemsec.screening.engine.concentration import parse_percent
from chemsec.screening.engine.explanations import note
from chemsec.screening.engine.identity import Resolution, Resolver, failed, opsin_worthy
from chemsec.screening.engine.matcher import Matcher
from chemsec.screening.engine.names import NameIndex
from chemsec.screening.engine.reasons import REASONS, Reason
from chemsec.screening.engine.results import (
    COVERING,
    STATUSES,
    Identity,
    InputRow,
    Match,
    ScreenResult,
    Status,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

# OPSIN (engine/opsin.py: subprocess, sqlite3) and the time budget (engine/budget.py:
# pickle, select) are imported where they are used, not at start-up: a SMILES file
# needs neither, and their imports are about a tenth of the command's start-up beyond
# RDKit's.

Progress = Callable[[int], None]
CHUNK = 500


def parse_as_of(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


class Screener:
    """Screens rows against the lists selected at construction (reuse it for batches).

    `screen_chunk` is the one door every surface goes through (CLI, page, API, file jobs,
    inventory import, process and Dask workers) and it enforces the output contract:
    one result per input row, in order, each `matched` (with covering entries), `clear`
    (identified and not on the selected lists), `unresolved` or `invalid` (each with a
    reason code). See `enforce_contract`.
    """

    def __init__(
        self,
        lists: Iterable[str] | str | None = None,
        as_of: dt.date | str | None = None,
        *,
        use_opsin: bool = True,
        build_index: bool = True,
        full_identity: bool = False,
    ) -> None:
        self.matcher = Matcher(lists, parse_as_of(as_of))
        self._text_settles = self.matcher.text_settles  # once per SMILES row
        self.resolver = Resolver(self.matcher, NameIndex(build=build_index))
        self.use_opsin = use_opsin
        self.full_identity = full_identity
        # Outcomes of identities taken from the list data or the offline index, by CAS
        # and structure: inventories repeat the same chemicals many times.
        self._outcomes: dict[tuple[str | None, str | None, str | None], _Outcome] = {}
        # Whole results by the row's kind and text (CAS numbers, names, InChIKeys): a
        # repeated identifier gives the same result in a run, so it is copied, not looked
        # up and screened again (see `_memo_key` for the rows that qualify).
        self._memo: dict[_MemoKey, _Kept] = {}

    def screen_chunk(self, rows: list[InputRow]) -> list[ScreenResult]:
        from chemsec.screening.engine.budget import screen_within_budget

        try:  # long identifiers apart, each within its time budget (engine/budget.py)
            results = screen_within_budget(self._screen_chunk, rows)
        except Exception:  # never lose a chunk: screen its rows one by one instead
            results = [self._screen_one_safely(row) for row in rows]
        return enforce_contract(rows, results)

    def _screen_one_safely(self, row: InputRow) -> ScreenResult:
        try:
            return self._screen_chunk([row])[0]
        except Exception as exc:  # one bad row must never stop a batch
            result = ScreenResult(_display(row), "invalid", row.line)
            result.set_reason(Reason("screen_error", {"detail": _short(exc)}))
            return result

    def _screen_chunk(self, rows: list[InputRow]) -> list[ScreenResult]:
        started = self._start_chunk(rows)
        return self._end_chunk(started, self._ask_opsin(started))

    def _start_chunk(self, rows: list[InputRow]) -> _Started:
        """Every row of the chunk screened but the names waiting for OPSIN, held back to
        read them in one batch (`_end_chunk` finishes them)."""
        # Each row is resolved and screened at once so its molecule is freed straight
        # away (keeping a chunk of molecules alive costs more than the screening itself).
        results: list[ScreenResult | None] = []
        append = results.append
        waiting: list[tuple[int, InputRow, Resolution]] = []
        memo = self._memo
        # SMILES rows are never kept (`_memo_key`): a .smi file's chunk has no keys.
        others = [row for row in rows if row.kind != "smiles"]
        keys = [None if row.kind == "smiles" else _memo_key(row) for row in rows] if others else []
        settles, plain = self._text_settles, not self.full_identity
        try:
            if others:
                self.resolver.prefetch(
                    [
                        r
                        for r, k in zip(rows, keys, strict=True)
                        if r.kind != "smiles" and k not in memo
                    ]
                )
            for index, row in enumerate(rows):
                if row.problem is not None:
                    append(self._finish(row, Resolution(reason=row.problem)))
                elif row.kind == "smiles":
                    # The settled rows of a SMILES file (nearly all of them) are decided
                    # here, without the calls of the full path (`_screen_smiles`).
                    text = row.identifier.strip()
                    try:
                        settled = (
                            plain
                            and text
                            and not row.concentration
                            and settles(text)
                            and _valid_smiles(text)
                        )
                    except Exception:  # the full path says what went wrong, as for any row
                        append(self._screen_smiles_safely(row))
                        continue
                    if settled:
                        append(_settled(row, text))
                    else:
                        append(self._screen_smiles_safely(row, checked=True))
                else:
                    key = keys[index]
                    if key is not None and key in memo:
                        append(_from_kept(memo[key], row))
                        continue
                    res = self._resolve(row)
                    if res.pending_name and self.use_opsin and opsin_worthy(res.pending_name):
                        waiting.append((len(results), row, res))
                        append(None)
                    else:
                        append(self._remember(row, self._finish(row, res), key))
        finally:
            self.resolver.names.clear()
        return _Started(results, waiting)

    def _opsin_names(self, started: _Started) -> list[str]:
        """The names a started chunk asks OPSIN for (none when OPSIN cannot run)."""
        if not started.waiting or not self.use_opsin:
            return []
        from chemsec.screening.engine import opsin

        if not opsin.available():
            return []
        return [res.pending_name or "" for _, _, res in started.waiting]

    def _ask_opsin(self, started: _Started) -> list[str | None]:
        names = self._opsin_names(started)
        if not names:
            return []
        from chemsec.screening.engine import opsin

        return opsin.names_to_smiles(names)

    def _end_chunk(self, started: _Started, answers: list[str | None]) -> list[ScreenResult]:
        """The chunk's results in order, its waiting names finished with OPSIN's answers
        (one per name of `_opsin_names`, or none when OPSIN was not asked)."""
        results = started.results
        if answers:
            self._read_opsin([res for _, _, res in started.waiting], answers)
        if not started.waiting:  # nothing held back: no place is empty
            return results  # type: ignore[return-value]
        for index, row, res in started.waiting:
            results[index] = self._remember(row, self._finish(row, res))
        return [r for r in results if r is not None]

    def _remember(
        self, row: InputRow, result: ScreenResult, key: _MemoKey | None = None
    ) -> ScreenResult:
        key = key or _memo_key(row)
        if key is not None and result.reason_code not in _TRANSIENT:
            if len(self._memo) >= _OUTCOMES:
                self._memo.clear()
            self._memo[key] = _kept(result)
        return result

    def _screen_smiles_safely(self, row: InputRow, checked: bool = False) -> ScreenResult:
        try:
            return self._screen_smiles(row, checked)
        except Exception as exc:  # one bad row must never stop a batch
            return self._finish(row, failed("read_error", detail=_short(exc)))

    def _screen_smiles(self, row: InputRow, checked: bool = False) -> ScreenResult:
        """The bulk path (.smi files): parse once, and decide the common case without
        building intermediate objects - a single neutral molecule whose formula no listed
        chemical (nor any tautomer of one) has and that no family rule could reach (no
        phosphorus; more heavy atoms than the small-molecule rules, or none of their
        formulas). Anything else takes the full path. `checked`: the row is known not to
        be settled on its text (`_start_chunk` has tried)."""
        text = row.identifier.strip()
        if (
            not checked
            and text
            and not row.concentration
            and not self.full_identity
            and self._text_settles(text)
            and _valid_smiles(text)
        ):
            return _settled(row, text)
        mol = st.parse_smiles(text) if text else None
        if mol is None:
            if not text:
                return self._finish(row, failed("empty"))
            return self._finish(row, failed("invalid_smiles", detail=st.smiles_problem(text)))
        # A metal or a dative bond is read as ions (`st.as_ions`): the molecule is not the
        # one the text's fragments suggest, so such a row (rare) takes the full path.
        if not row.concentration and not self.full_identity and not st.writes_metal_or_dative(text):
            matcher = self.matcher
            if "." not in text:
                heavy = mol.GetNumHeavyAtoms()
                settled = matcher.settles_by_size(heavy, text) or matcher.cannot_match(
                    st.formula_of(mol), heavy, "+" in text and st.positive_beyond_nitro(text)
                )
            else:
                settled = matcher.salt_cannot_match(mol, st.formula_of(mol), text)
            if settled:
                identity = Identity(smiles=text, resolved_by="smiles")
                return ScreenResult(row.label or text, "clear", row.line, identity=identity)
        identity = Identity(smiles=text, resolved_by="smiles")
        return self._finish(row, Resolution(identity, mol=mol))

    def _resolve(self, row: InputRow) -> Resolution:
        try:
            return self.resolver.resolve(row)
        except Exception as exc:  # one bad row must never stop a batch
            return failed("read_error", detail=_short(exc))

    def _read_opsin(self, resolutions: list[Resolution], answers: list[str | None]) -> None:
        from chemsec.screening.engine import opsin

        for res, smiles in zip(resolutions, answers, strict=True):
            mol = st.parse_smiles(smiles) if smiles else None
            if mol is not None:
                name = " ".join((res.pending_name or "").split())
                res.pending_name, res.mol = None, mol
                res.identity.smiles = smiles
                res.identity.resolved_by = "name via OPSIN (derived from name)"
                if opsin.convention_to_opsin(name) != name:
                    res.notes.append(
                        note("annex_style_for_opsin", name=opsin.convention_to_opsin(name))
                    )

    def _finish(self, row: InputRow, res: Resolution) -> ScreenResult:
        result = ScreenResult(input=_display(row), status="clear", line=row.line)
        result.identity = res.identity
        result.notes.extend(res.notes)
        try:
            self._screen(row, res, result)
        except Exception as exc:  # keep the batch going; say what went wrong
            result.matches = []
            result.set_reason(Reason("screen_error", {"detail": _short(exc)}))
        return result

    def _screen(self, row: InputRow, res: Resolution, result: ScreenResult) -> None:
        if res.pending_name:
            result.set_reason(self._name_failure(row, res))
            return
        if res.reason is not None:
            result.set_reason(res.reason)
            return
        percent = None
        if row.concentration:
            try:
                percent = parse_percent(row.concentration)
            except ValueError as exc:
                result.set_reason(Reason("invalid_concentration", {"detail": str(exc)}))
                return
        # Kept only when there is a structure to screen: without one (a record settled
        # on its stored formula) screening again costs less than keeping the outcome.
        structure = res.mol is not None or res.stored is not None
        key = _outcome_key(res) if percent is None and structure else None
        cached = self._outcomes.get(key) if key is not None else None
        if cached is not None:
            cached.apply(result)
            return
        self.resolver.load(res)  # a stored structure is parsed only now, when needed
        before = len(result.notes)
        self._screen_structure(row, res, result, percent)
        if key is not None:
            if len(self._outcomes) >= _OUTCOMES:
                self._outcomes.clear()
            self._outcomes[key] = _Outcome.of(result, before)

    def _screen_structure(
        self, row: InputRow, res: Resolution, result: ScreenResult, percent: float | None
    ) -> None:
        smiles = res.identity.resolved_by == "smiles"
        text = row.identifier
        # Fragments as the text writes them; a metal or a dative bond is read as ions
        # (`st.as_ions`), and then the molecule itself says how many fragments it has.
        multi: bool | None = None
        if smiles and not st.writes_metal_or_dative(text):
            multi = "." in text
        charges = st.writes_charged_atom(text) if smiles else None
        prepared = (
            st.prepare(res.mol, multi, self.matcher.worth_splitting, charges)
            if res.mol is not None
            else None
        )
        result.matches = self.matcher.match(res.cas, prepared, percent)
        _decide(result)
        if prepared is not None and (result.matches or self.full_identity):
            _complete_identity(result, prepared)
        salt = prepared is not None and prepared.salt_kind != "none"
        if result.matches or salt or res.identity.resolved_by != "smiles":
            _add_notes(result, prepared)  # notes are rare: skip the checks on bulk SMILES

    def _name_failure(self, row: InputRow, res: Resolution) -> Reason:
        if res.smiles_problem:
            return Reason("not_smiles_nor_name", {"detail": res.smiles_problem})
        if self.use_opsin and opsin_worthy(res.pending_name or ""):
            from chemsec.screening.engine import opsin

            why = opsin.unavailable_reason()
            if why is not None:  # OPSIN might have read the whole text: say only that
                return Reason("name_not_found_opsin_unavailable", {"why": why})
        pieces = self._known_pieces(row, res.pending_name or "")
        if pieces:
            return Reason("several_identifiers_on_one_line", {"pieces": "; ".join(pieces)})
        if not self.use_opsin:
            return Reason("name_not_found_no_opsin")
        if not opsin_worthy(res.pending_name or ""):
            return Reason("name_not_found_not_systematic")
        return Reason("name_not_found")

    def _known_pieces(self, row: InputRow, text: str) -> list[str]:
        """The pieces of an unresolved text split at ", " when there are several and each
        one resolves on its own (list data, offline index, CAS, SMILES, the Annex naming
        grammar; never OPSIN), else none. Only the reason uses them: the row stays one
        unresolved row, its pieces are never screened in its place (names hold commas,
        so such a line is one identifier)."""
        if ", " not in text or len(text) > _PIECES_CHARS:
            return []
        pieces = [p.strip() for p in text.split(", ")]
        if not 2 <= len(pieces) <= _PIECES or not all(pieces):
            return []
        for piece in pieces:
            try:
                res = self.resolver.resolve(InputRow(piece, row.line, row.kind))
            except Exception:  # a hint only: a piece that fails is not known
                return []
            if res.reason is not None or res.pending_name:
                return []
        return pieces


_OUTCOMES = 50_000
# Bounds on the unresolved texts whose pieces are looked up for a hint (a reason only).
_PIECES, _PIECES_CHARS = 20, 1000
_valid_smiles = st.valid_smiles
# Reasons that depend on more than the identifier's text (an error, a time budget).
_TRANSIENT = frozenset({"screen_error", "read_error", "internal", "took_too_long"})
_MEMO_KINDS = frozenset({None, "cas", "name", "inchikey"})


_MemoKey = tuple[str | None, str]
# budget.INLINE_CHARS (a test keeps them equal), without importing the budget's module.
_INLINE_CHARS = 1_000


def _settled(row: InputRow, text: str) -> ScreenResult:
    """A SMILES row settled on its text: no entry can cover it, and RDKit accepts it.
    Every field given: the default factories cost more than the lists and dict."""
    return ScreenResult(
        row.label or text,
        "clear",
        row.line,
        None,
        Identity(None, None, text, None, "smiles"),
        [],
        [],
        None,
        {},
    )


def _memo_key(row: InputRow) -> _MemoKey | None:
    """Rows whose result is a function of their kind and text alone, in one run: no
    concentration, nothing the reader marked, not a structure (SMILES, InChI and MOL
    records are parsed: memoising them would hold molecules' results for text that
    rarely repeats), and short enough to be screened in-process."""
    if (
        row.problem is not None
        or row.concentration
        or row.kind not in _MEMO_KINDS
        or len(row.identifier) > _INLINE_CHARS
    ):
        return None
    return (row.kind, row.identifier)


# A result held for repeats of its identifier, as a tuple: a tuple of strings is left out of
# the collector's scans, where 50,000 held result objects (each with its identity, lists and
# dict) made every full collection scan them, and the rest of a run of 100,000 distinct CAS
# numbers about a fifth slower.
_Kept = tuple[Any, ...]


def _kept(result: ScreenResult) -> _Kept:
    i = result.identity
    return (
        result.status,
        result.reason,
        (i.name, i.cas, i.smiles, i.inchikey, i.resolved_by),
        tuple(result.matches),
        tuple(result.notes),
        result.reason_code,
        tuple(result.reason_params.items()),
    )


def _from_kept(kept: _Kept, row: InputRow) -> ScreenResult:
    """A result for `row` equal to the one kept but for its line and input."""
    status, reason, identity, matches, notes, code, params = kept
    return ScreenResult(
        _display(row),
        status,
        row.line,
        reason,
        Identity(*identity),
        list(matches),
        list(notes),
        code,
        dict(params),
    )


def _outcome_key(res: Resolution) -> tuple[str | None, str | None, str | None] | None:
    """Identities from stored data (list data, offline index) screen the same every
    time; a structure the user wrote is screened afresh."""
    how = res.identity.resolved_by or ""
    if not res.cas or not how.startswith(("cas", "name (", "inchikey")):
        return None
    return (res.cas, res.identity.smiles, how)


@dataclass(slots=True)
class _Outcome:
    status: Status
    reason: Reason | None
    matches: tuple[Match, ...]
    notes: tuple[str, ...]
    smiles: str | None
    inchikey: str | None

    @classmethod
    def of(cls, result: ScreenResult, notes_from: int) -> _Outcome:
        reason = (
            Reason(result.reason_code, dict(result.reason_params)) if result.reason_code else None
        )
        return cls(
            result.status,
            reason,
            tuple(result.matches),
            tuple(result.notes[notes_from:]),
            result.identity.smiles,
            result.identity.inchikey,
        )

    def apply(self, result: ScreenResult) -> None:
        result.matches = list(self.matches)
        result.notes.extend(self.notes)
        result.identity.smiles, result.identity.inchikey = self.smiles, self.inchikey
        if self.reason is not None:
            result.set_reason(self.reason, self.status)
        else:
            result.status = self.status


def _decide(result: ScreenResult) -> None:
    """matched when an entry covers the input; unresolved when entries are only named
    for the user to check (a salt the entry does not name, a family ChemSec cannot
    decide); clear otherwise."""
    if not result.matches:
        return
    if any(m.basis in COVERING for m in result.matches):
        result.status = "matched"
        return
    named = ", ".join(f"{m.list} {m.entry}" for m in result.matches)
    if any(m.basis == "parent" for m in result.matches):
        result.set_reason(Reason("listed_parent_salt", {"entries": named}))
    else:
        result.set_reason(Reason("family_wording_missing", {"entries": named}))


def enforce_contract(rows: list[InputRow], results: list[ScreenResult]) -> list[ScreenResult]:
    """One result per row, in order, with a valid status and a reason where one is due.

    A result that breaks the contract never passes as `clear`: it is replaced by an
    `invalid` row that says so (and a `clear` row carrying covering entries is `matched`).
    """
    if len(results) != len(rows) or list(map(_LINE, results)) != list(map(_LINE, rows)):
        by_line: dict[int | None, list[ScreenResult]] = {}
        for r in results:
            by_line.setdefault(r.line, []).append(r)
        results = [
            (by_line.get(row.line) or [_broken(row, "no result for this row")]).pop(0)
            for row in rows
        ]
    # Every row's state compared at once (C loops, no Python call per row): a chunk of
    # plain clear rows, nearly every chunk of a SMILES file, has nothing else to check.
    plain = list(map(_PLAIN_STATE.__eq__, map(_STATE, results)))
    if all(plain):
        return list(results)
    return [r if ok else _checked(row, r) for row, r, ok in zip(rows, results, plain, strict=True)]


_LINE = attrgetter("line")
_IDENTIFIER = attrgetter("identifier")
_STATE = attrgetter("status", "matches", "reason_code")
# A clear row naming no entry and carrying no reason: `_checked` returns it as it is.
_PLAIN_STATE: tuple[str, list[Match], None] = ("clear", [], None)


def _checked(row: InputRow, r: ScreenResult) -> ScreenResult:
    if r.status == "clear" and not r.matches and r.reason_code is None:
        return r  # the common case, nothing to check
    if r.status not in STATUSES:
        return _broken(row, f"unknown status {r.status!r}")
    covering = [m for m in r.matches if m.basis in COVERING]
    if r.status == "clear" and r.matches:
        if covering:
            r.status, r.reason, r.reason_code, r.reason_params = "matched", None, None, {}
        else:
            return _broken(row, "entries named on a clear row")
    if r.status == "matched" and not covering:
        return _broken(row, "matched without a covering entry")
    if r.status in ("unresolved", "invalid") and (r.reason_code not in REASONS or not r.reason):
        return _broken(row, f"{r.status} without a reason code")
    if r.status in ("matched", "clear") and r.reason_code:
        r.reason = r.reason_code = None
        r.reason_params = {}
    return r


def _broken(row: InputRow, detail: str) -> ScreenResult:
    result = ScreenResult(_display(row), "invalid", row.line)
    result.set_reason(Reason("internal", {"detail": detail}))
    return result


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _display(row: InputRow) -> str:
    if row.label:
        return row.label
    return row.identifier if row.kind != "mol" else "MOL record"


def _complete_identity(result: ScreenResult, prepared: st.Prepared) -> None:
    identity = result.identity
    if identity.resolved_by in ("smiles", "inchi", "molfile") or not identity.smiles:
        identity.smiles = st.canonical_smiles(prepared.whole)
    if not identity.inchikey:
        identity.inchikey = st.inchikey(prepared.whole) or None


def _add_notes(result: ScreenResult, prepared: st.Prepared | None) -> None:
    if result.identity.resolved_by and "OPSIN" in result.identity.resolved_by:
        result.notes.append(note("structure_from_opsin"))
    if prepared is not None:
        result.notes.extend(prepared.notes)
        if len(prepared.screened) > 1:
            result.notes.append(note("components_screened", count=len(prepared.screened)))
    if any(m.verification.strip().lower() != "verified" for m in result.matches):
        result.notes.append(note("entries_not_verified"))


@dataclass(slots=True)
class _Started:
    """A chunk screened but for its names waiting for OPSIN (`None` in their places)."""

    results: list[ScreenResult | None]
    waiting: list[tuple[int, InputRow, Resolution]]


def _chunks(rows: Iterable[InputRow], size: int) -> Iterator[list[InputRow]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def screen_rows(
    rows: Iterable[InputRow],
    lists: Iterable[str] | str | None = None,
    as_of: dt.date | str | None = None,
    on_progress: Progress | None = None,
    *,
    chunk_size: int = CHUNK,
    **options: Any,
) -> Iterator[ScreenResult]:
    """Stream results, one per row and in order; memory stays flat for any input size."""
    screener = Screener(lists, as_of, **options)
    done = 0
    with _Ahead(screener, max(1, AHEAD_ROWS // max(chunk_size, 1))) as ahead:
        for chunk in _chunks(rows, chunk_size):
            for results in ahead.add(chunk):
                yield from results
                done += len(results)
                if on_progress is not None:
                    on_progress(done)
        for results in ahead.drain():
            yield from results
            done += len(results)
            if on_progress is not None:
                on_progress(done)


# Rows screened ahead of a chunk that waits for OPSIN: about what one worker screens while
# OPSIN's JVM starts (about a second of an idle core at 20,000 rows a second).
AHEAD_ROWS = 20_000


class _Ahead:
    """Chunks in order, screened on while earlier ones wait for OPSIN's answers.

    OPSIN's JVM takes about a second to start (its CPU is not this process's): the chunk
    holding the first name OPSIN must read asks for its answers on a thread of its own
    and this process screens the next chunks meanwhile; each chunk is handed back, in
    input order, once it and every chunk before it are complete. At most `window` chunks
    are held. The answers and the results are those of `Screener.screen_chunk` (the same
    names are asked in the same order, on one thread); a chunk whose screening fails is
    screened again row by row, as `screen_chunk` does.
    """

    def __init__(self, screener: Screener, window: int) -> None:
        self.screener = screener
        self.window = window
        self.held: deque[tuple[list[InputRow], _Started | None, Future[Any] | None]] = deque()
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> _Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def add(self, rows: list[InputRow]) -> Iterator[list[ScreenResult]]:
        """Start a chunk; then every chunk at the head that is complete."""
        self.held.append(self._start(rows))
        while self.held and (len(self.held) > self.window or self._ready(self.held[0])):
            yield self._end(*self.held.popleft())

    def drain(self) -> Iterator[list[ScreenResult]]:
        while self.held:
            yield self._end(*self.held.popleft())

    def _start(
        self, rows: list[InputRow]
    ) -> tuple[list[InputRow], _Started | None, Future[Any] | None]:
        screener = self.screener
        # A row needing the budget is longer than INLINE_CHARS: the lengths, measured at
        # once, rule out nearly every chunk without a call per row.
        if max(map(len, map(_IDENTIFIER, rows)), default=0) > _INLINE_CHARS:
            from chemsec.screening.engine.budget import needs_budget

            if any(needs_budget(row) for row in rows):
                return rows, None, None  # screened at its turn, under the time budget
        try:
            started = screener._start_chunk(rows)
            names = screener._opsin_names(started)
        except Exception:  # screened again at its turn by `screen_chunk` (row by row if need be)
            return rows, None, None
        if not names:
            return rows, started, None
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor  # only when OPSIN is asked

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="chemsec-opsin")
        from chemsec.screening.engine import opsin

        return rows, started, self._pool.submit(opsin.names_to_smiles, names)

    @staticmethod
    def _ready(held: tuple[list[InputRow], _Started | None, Future[Any] | None]) -> bool:
        return held[2] is None or held[2].done()

    def _end(
        self, rows: list[InputRow], started: _Started | None, asked: Future[Any] | None
    ) -> list[ScreenResult]:
        screener = self.screener
        if started is None:
            if self._pool is not None:
                # Its long identifiers are screened in forked children (engine/budget.py):
                # fork only once OPSIN's thread is idle, holding no lock a child could need.
                self._pool.submit(int).result()
            return screener.screen_chunk(rows)
        try:
            results = screener._end_chunk(started, asked.result() if asked else [])
        except Exception:  # never lose a chunk: screen its rows one by one instead
            results = [screener._screen_one_safely(row) for row in rows]
        return enforce_contract(rows, results)


def as_row(item: InputRow | str) -> InputRow:
    return item if isinstance(item, InputRow) else InputRow(identifier=item)


def screen(
    inputs: Iterable[InputRow | str] | InputRow | str,
    lists: Iterable[str] | str | None = None,
    as_of: dt.date | str | None = None,
    **options: Any,
) -> list[ScreenResult]:
    """Screen identifiers (strings or InputRow); one result per input, in order."""
    items = [inputs] if isinstance(inputs, str | InputRow) else list(inputs)
    return list(screen_rows((as_row(i) for i in items), lists, as_of, **options))
