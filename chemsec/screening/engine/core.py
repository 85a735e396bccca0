"""The screening pipeline: rows in, one result per row out, in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from chemsec.screening.engine import opsin
from chemsec.screening.engine import structure as st
from chemsec.screening.engine.concentration import parse_percent
from chemsec.screening.engine.identity import Resolution, Resolver
from chemsec.screening.engine.matcher import Matcher
from chemsec.screening.engine.names import NameIndex
from chemsec.screening.engine.results import Identity, InputRow, ScreenResult

Progress = Callable[[int], None]
CHUNK = 500


def parse_as_of(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


class Screener:
    """Screens rows against the lists selected at construction (reuse it for batches)."""

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
        self.resolver = Resolver(self.matcher, NameIndex(build=build_index))
        self.use_opsin = use_opsin
        self.full_identity = full_identity

    def screen_chunk(self, rows: list[InputRow]) -> list[ScreenResult]:
        # Each row is resolved and screened at once so its molecule is freed straight
        # away (keeping a chunk of molecules alive costs more than the screening itself);
        # only names waiting for OPSIN are held back, to read them in one Java call.
        results: list[ScreenResult | None] = []
        waiting: list[tuple[int, InputRow, Resolution]] = []
        try:
            self.resolver.prefetch(rows)
            for row in rows:
                if row.kind == "smiles":
                    results.append(self._screen_smiles_safely(row))
                    continue
                res = self._resolve(row)
                if res.pending_name and self.use_opsin:
                    waiting.append((len(results), row, res))
                    results.append(None)
                else:
                    results.append(self._finish(row, res))
        finally:
            self.resolver.names.clear()
        self._run_opsin([res for _, _, res in waiting])
        for index, row, res in waiting:
            results[index] = self._finish(row, res)
        return [r for r in results if r is not None]

    def _screen_smiles_safely(self, row: InputRow) -> ScreenResult:
        try:
            return self._screen_smiles(row)
        except Exception as exc:  # one bad row must never stop a batch
            return self._finish(
                row, Resolution(status="invalid", reason=f"could not be read: {exc}")
            )

    def _screen_smiles(self, row: InputRow) -> ScreenResult:
        """The bulk path (.smi files): parse once, and decide the common case without
        building intermediate objects - a single neutral molecule whose formula no listed
        chemical has and that no family rule could reach (no phosphorus, more heavy atoms
        than the small-molecule rules). Anything else takes the full path."""
        text = row.identifier.strip()
        mol = st.parse_smiles(text) if text else None
        if mol is None:
            reason = "unreadable SMILES" if text else "empty identifier"
            return self._finish(row, Resolution(status="invalid", reason=reason))
        if "." not in text and not row.concentration and not self.full_identity:
            formula = st.formula_of(mol)
            if not (
                formula in self.matcher.formulas
                or formula.endswith(("+", "-"))
                or "P" in formula
                or mol.GetNumHeavyAtoms() <= self.matcher.small_molecule
            ):
                identity = Identity(smiles=text, resolved_by="smiles")
                return ScreenResult(_display(row), "clear", row.line, identity=identity)
        identity = Identity(smiles=text, resolved_by="smiles")
        return self._finish(row, Resolution(identity, mol=mol))

    def _resolve(self, row: InputRow) -> Resolution:
        try:
            return self.resolver.resolve(row)
        except Exception as exc:  # one bad row must never stop a batch
            return Resolution(status="invalid", reason=f"could not be read: {exc}")

    def _run_opsin(self, resolutions: list[Resolution]) -> None:
        pending = [r for r in resolutions if r.pending_name]
        if not pending or not self.use_opsin or not opsin.available():
            return
        for res, smiles in zip(
            pending, opsin.names_to_smiles([r.pending_name or "" for r in pending]), strict=True
        ):
            mol = st.parse_smiles(smiles) if smiles else None
            if mol is not None:
                res.pending_name, res.mol = None, mol
                res.identity.smiles = smiles
                res.identity.resolved_by = "name via OPSIN (derived from name)"

    def _finish(self, row: InputRow, res: Resolution) -> ScreenResult:
        result = ScreenResult(input=_display(row), status="clear", line=row.line)
        result.identity = res.identity
        try:
            self._screen(row, res, result)
        except Exception as exc:  # keep the batch going; say what went wrong
            result.status, result.reason, result.matches = (
                "invalid",
                f"could not be screened: {exc}",
                [],
            )
        return result

    def _screen(self, row: InputRow, res: Resolution, result: ScreenResult) -> None:
        if res.pending_name:
            result.status, result.reason = "unresolved", self._name_failure()
            return
        if res.status:
            result.status, result.reason = res.status, res.reason  # type: ignore[assignment]
            return
        percent = None
        if row.concentration:
            try:
                percent = parse_percent(row.concentration)
            except ValueError as exc:
                result.status, result.reason = "invalid", str(exc)
                return
        multi = "." in row.identifier if res.identity.resolved_by == "smiles" else None
        prepared = (
            st.prepare(res.mol, multi, self.matcher.worth_splitting)
            if res.mol is not None
            else None
        )
        result.matches = self.matcher.match(res.cas, prepared, percent)
        if result.matches:
            result.status = "matched"
        if prepared is not None and (result.matches or self.full_identity):
            _complete_identity(result, prepared)
        salt = prepared is not None and prepared.salt_kind != "none"
        if result.matches or salt or res.identity.resolved_by != "smiles":
            _add_notes(result, prepared)  # notes are rare: skip the checks on bulk SMILES

    def _name_failure(self) -> str:
        reason = "name not found in the list data or the offline index"
        if not self.resolver.names.available:
            reason += " (offline index not built)"
        if not self.use_opsin:
            return reason
        why = opsin.unavailable_reason()
        if why is not None:
            return reason + f"; OPSIN unavailable ({why}), systematic names not read"
        return reason + "; OPSIN could not read it as a systematic name"


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
        result.notes.append("structure derived from the name by OPSIN; check it")
    if prepared is not None and prepared.salt_kind == "mixture":
        result.notes.append("several components given: the largest was screened")
    if any(m.verification.strip().lower() != "verified" for m in result.matches):
        result.notes.append("some matched entries are not fully verified: see `verification`")


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
    for chunk in _chunks(rows, chunk_size):
        yield from screener.screen_chunk(chunk)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done)


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
