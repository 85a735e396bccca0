"""Line diffs between two versions of an entry, as rows a template renders with ins/del."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same", "added", "removed" or "changed"
    old: str
    new: str


def diff_rows(old: str, new: str) -> list[DiffRow]:
    """One row per line; changed blocks pair old and new lines side by side."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow("same", line, line) for line in a[i1:i2])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            left = olds[k] if k < len(olds) else ""
            right = news[k] if k < len(news) else ""
            kind = "changed" if left and right else ("removed" if left else "added")
            rows.append(DiffRow(kind, left, right))
    return rows


def version_text(title: str, summary: str, body: str) -> str:
    return f"# {title}\n\n{summary}\n\n{body}"
