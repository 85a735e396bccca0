"""Computed texts as codes: an assumption or remark, its numbers, and its English.

The science says *what* it assumed with a stable ``code`` and the numbers (``params``);
pages put it in the reader's language from the code (``chemsec.protection.presenters``),
while the API, the CLI and stored results also carry the English ``text``. Pure module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Value = float | str | tuple[str, ...]  # a tuple: names, joined as the reader's language lists


@dataclass(frozen=True)
class Note:
    """One assumption: a stable code, the English with ``str.format`` fields, its values."""

    code: str
    english: str
    values: tuple[tuple[str, Value], ...] = ()

    @property
    def params(self) -> dict[str, Value]:
        return dict(self.values)

    @property
    def text(self) -> str:
        english = {k: ", ".join(v) if isinstance(v, tuple) else v for k, v in self.values}
        return self.english.format(**english)

    def coded(self) -> dict[str, Any]:
        """The form stored beside the English: code and numbers only."""
        return {"code": self.code, "params": self.params}

    def about(self, name: str) -> Note:
        """The same note, said of a named substance (``"{substance}: ..."``)."""
        return Note(self.code, "{substance}: " + self.english, (("substance", name), *self.values))


def texts(notes: tuple[Note, ...] | list[Note]) -> list[str]:
    return [note.text for note in notes]


def codes(notes: tuple[Note, ...] | list[Note]) -> list[dict[str, Any]]:
    return [note.coded() for note in notes]
