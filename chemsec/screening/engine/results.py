"""Plain data objects passed between the screening stages and handed to callers."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from chemsec.screening.engine.explanations import note_code
from chemsec.screening.engine.reasons import Reason

Status = Literal["matched", "clear", "unresolved", "invalid"]
STATUSES: tuple[Status, ...] = ("matched", "clear", "unresolved", "invalid")
# exact, salt, family, mixture: the entry covers the input. component: one component of a
# multi-component input is covered. parent / review: the entry is named so the user can
# check it (a salt the entry does not name; a family whose wording ChemSec lacks) - these
# never make a row `matched` on their own.
Basis = Literal["exact", "family", "salt", "mixture", "component", "parent", "review"]
COVERING: frozenset[str] = frozenset({"exact", "family", "salt", "mixture", "component"})

NOT_LISTED = "not on the selected lists"


@dataclass(frozen=True, slots=True)
class InputRow:
    """One thing to screen: an identifier (or MOL record) with its optional amounts."""

    identifier: str
    line: int | None = None
    kind: str | None = None  # smiles, cas, name, inchi, inchikey, mol; None = detect
    concentration: str | None = None
    quantity: str | None = None
    unit: str | None = None
    label: str | None = None  # shown as `input` instead of the identifier (SDF titles)
    # Set by a reader that already knows the row cannot be screened (a spreadsheet formula
    # without a saved value, a row whose cells cannot be told apart): the row still gives
    # its own result, `invalid` with this reason.
    problem: Reason | None = None

    def __init__(
        self,
        identifier: str,
        line: int | None = None,
        kind: str | None = None,
        concentration: str | None = None,
        quantity: str | None = None,
        unit: str | None = None,
        label: str | None = None,
        problem: Reason | None = None,
    ) -> None:
        # The generated __init__ of a frozen dataclass sets each field through
        # object.__setattr__, about twice the cost of the slots' own setters; a reader
        # makes one row per line of a file.
        _identifier(self, identifier)
        _line(self, line)
        _kind(self, kind)
        _concentration(self, concentration)
        _quantity(self, quantity)
        _unit(self, unit)
        _label(self, label)
        _problem(self, problem)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Plain tuples pickle several times faster than slotted dataclass state, and
        # rows and results cross process boundaries in bulk.
        return (
            InputRow,
            (
                self.identifier,
                self.line,
                self.kind,
                self.concentration,
                self.quantity,
                self.unit,
                self.label,
                self.problem,
            ),
        )


# The slots' setters, in the order of the fields (test_bulk_paths.py checks each).
(_identifier, _line, _kind, _concentration, _quantity, _unit, _label, _problem) = (
    InputRow.__dict__[f.name].__set__ for f in fields(InputRow)
)


@dataclass(slots=True)
class Identity:
    """What the input was resolved to, and how."""

    name: str | None = None
    cas: str | None = None
    smiles: str | None = None
    inchikey: str | None = None
    resolved_by: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Identity, (self.name, self.cas, self.smiles, self.inchikey, self.resolved_by))

    def to_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "cas": self.cas,
            "smiles": self.smiles,
            "inchikey": self.inchikey,
            "resolved_by": self.resolved_by,
        }


@dataclass(frozen=True, slots=True)
class ConcentrationAssessment:
    """Whether a stated concentration crosses an entry's limit."""

    value_percent: float
    limit_percent: float
    limit_kind: str  # "limit value" (EU) or "minimum concentration" (CFATS/EU powders)
    crossed: bool
    text: str
    # `text` as a code and its values (engine/explanations.py CONCENTRATIONS); None only
    # for an assessment rebuilt from a result stored before codes existed
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value_percent_w_w": self.value_percent,
            "limit_percent_w_w": self.limit_percent,
            "limit_kind": self.limit_kind,
            "crossed": self.crossed,
            "text": self.text,
            "code": self.code,
            "params": dict(self.params),
        }


@dataclass(frozen=True, slots=True)
class Match:
    """One list entry that covers the input."""

    list: str
    entry: str
    title: str
    basis: Basis
    explanation: str
    source: str
    data_version: str
    verification: str
    urn: str
    list_status: str | None = None
    concentration: ConcentrationAssessment | None = None
    # Why the entry matched, as a code and its values (chemsec.screening.engine.explanations);
    # `explanation` is their English. None only for a match rebuilt from a result stored
    # before codes existed.
    explanation_code: str | None = None
    explanation_params: dict[str, Any] = field(default_factory=dict)
    # The entry's own name and CAS number when the entry is one chemical and the match
    # says the input is it, holds it or is a salt of it (see `listed_identity`); None for
    # a family, a heading or a review, and for a match stored before these existed.
    listed_name: str | None = None
    listed_cas: str | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Match, _fields(self))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "list": self.list,
            "entry": self.entry,
            "title": self.title,
            "basis": self.basis,
            "explanation": self.explanation,
            "explanation_code": self.explanation_code,
            "explanation_params": dict(self.explanation_params),
            "source": self.source,
            "data_version": self.data_version,
            "verification": self.verification,
            "urn": self.urn,
            "listed_name": self.listed_name,
            "listed_cas": self.listed_cas,
        }
        if self.list_status:
            out["list_status"] = self.list_status
        if self.concentration is not None:
            out["concentration_assessment"] = self.concentration.to_dict()
        return out


@dataclass(slots=True)
class ScreenResult:
    """The screening outcome for one input row."""

    input: str
    status: Status
    line: int | None = None
    reason: str | None = None
    identity: Identity = field(default_factory=Identity)
    matches: list[Match] = field(default_factory=list)
    # English notes; a note made by the engine is a Note (its code and values: `note_codes`
    # in to_dict, chemsec.screening.engine.explanations)
    notes: list[str] = field(default_factory=list)
    reason_code: str | None = None  # see chemsec.screening.engine.reasons
    reason_params: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (
            ScreenResult,
            (
                self.input,
                self.status,
                self.line,
                self.reason,
                self.identity,
                self.matches,
                self.notes,
                self.reason_code,
                self.reason_params,
            ),
        )

    def set_reason(self, reason: Reason, status: Status | None = None) -> None:
        """Make the row unresolved or invalid (by the reason's kind unless given)."""
        self.status = status or ("invalid" if reason.status == "invalid" else "unresolved")
        self.reason, self.reason_code, self.reason_params = reason.text, reason.code, reason.params

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "input": self.input,
            "status": self.status,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "reason_params": dict(self.reason_params),
            "identity": self.identity.to_dict(),
            "matches": [m.to_dict() for m in self.matches],
            "notes": list(self.notes),
            "note_codes": [note_code(n) for n in self.notes],
        }

    @property
    def summary(self) -> str:
        """One line for tables: the entries matched, or the fixed non-match phrase."""
        if self.status == "matched":
            return "; ".join(f"{m.list} {m.entry} ({m.basis})" for m in self.matches)
        if self.status == "clear":
            return NOT_LISTED
        return self.reason or self.status


# Bases whose entry is the input's own chemical, or the listed chemical the input holds or
# is a salt of; a family or a review names no single chemical.
IDENTIFYING_BASES: frozenset[str] = frozenset({"exact", "salt", "component", "mixture", "parent"})


def listed_identity(entry: Any, basis: str) -> tuple[str | None, str | None]:
    """The name and CAS number a match shows as the listed chemical's: a chemical row's
    first name (its text when it has none, as a row resolved from the list data is named)
    and its CAS number, for the bases in IDENTIFYING_BASES; (None, None) otherwise."""
    if basis not in IDENTIFYING_BASES or not entry.is_chemical:
        return None, None
    return (entry.names[0] if entry.names else entry.text) or None, entry.cas or None


def _fields(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, f.name) for f in fields(obj))  # rare objects only
