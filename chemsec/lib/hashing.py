"""Stable hashing of JSON-like data, for checksums and the audit chain."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(data: Any) -> str:
    """One spelling per value: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(raw).hexdigest()


def chain_hash(content: dict[str, Any], previous_hash: str) -> str:
    """The hash of one audit entry: its content bound to the hash before it."""
    return sha256_hex(previous_hash + canonical_json(content))
