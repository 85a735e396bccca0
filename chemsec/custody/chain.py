"""The custody log's hash chain, and the offline check of an exported custody report.

Pure: no Django. Each entry's hash is SHA-256 over the previous entry's hash and the entry's
canonical JSON (chemsec.lib.hashing.chain_hash, the audit chain's unkeyed form), so anyone
holding the export recomputes every link with this module alone:

    python -m chemsec.custody.chain custody-report.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from chemsec.custody.timestamps import verify_exported
from chemsec.lib.hashing import GENESIS_HASH, chain_hash

SCHEMA = "urn:chemsec:schema:custody-report:v1"
CONTENT_KEYS = ("sequence", "at", "kind", "actor", "organisation", "data")


def entry_content(entry: dict[str, Any]) -> dict[str, Any]:
    """The hashed part of an entry (everything but its own and the previous hash)."""
    return {key: entry.get(key) for key in CONTENT_KEYS}


def link(content: dict[str, Any], previous_hash: str) -> str:
    return chain_hash(content, previous_hash)


def verify_entries(entries: list[dict[str, Any]]) -> list[str]:
    """Problems in a custody log (empty: every link holds), in order."""
    problems: list[str] = []
    previous = GENESIS_HASH
    for index, entry in enumerate(entries, start=1):
        if entry.get("sequence") != index:
            problems.append(f"entry {index}: sequence {entry.get('sequence')!r}, expected {index}")
        if entry.get("previous_hash") != previous:
            problems.append(f"entry {index}: does not follow the entry before it")
        expected = link(entry_content(entry), str(entry.get("previous_hash", "")))
        if entry.get("entry_hash") != expected:
            problems.append(f"entry {index}: its content was changed after it was written")
        previous = str(entry.get("entry_hash", ""))
    return problems


def verify_report(report: dict[str, Any], tsa_roots: list[Any] | None = None) -> list[str]:
    """Re-verify an exported custody report from the export alone: the schema, every link of
    the chain, the head, and the sample's description against the first entry (which
    recorded it), each listed file's hash against the entry that recorded it, and each RFC
    3161 token against the entry it dates (its signature too, given trusted TSA roots)."""
    if report.get("schema") != SCHEMA:
        return [f"not a custody report ({SCHEMA})"]
    entries = list(report.get("entries") or [])
    if not entries:
        return ["the report has no custody entries"]
    problems = verify_entries(entries)
    if report.get("head") != entries[-1].get("entry_hash"):
        problems.append("the head is not the last entry's hash")
    sample = report.get("sample") or {}
    first = entries[0].get("data") or {}
    for key in ("identifier", "seal_number", "description"):
        if sample.get(key) != first.get(key):
            problems.append(f"sample {key} differs from the first custody entry")
    problems += verify_exported(report, tsa_roots or [])
    recorded = {(e.get("data") or {}).get("sha256") for e in entries if e.get("kind") == "attached"}
    for item in report.get("files") or []:
        if item.get("sha256") not in recorded:
            problems.append(f"file {item.get('filename')!r}: its hash is in no custody entry")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m chemsec.custody.chain <custody-report.json>")
        return 2
    with open(args[0], encoding="utf-8") as handle:
        problems = verify_report(json.load(handle))
    for problem in problems:
        print(problem)
    print("custody chain intact" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
