"""Stable hashing of JSON-like data, for checksums and the audit chain."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

GENESIS_HASH = "0" * 64
# Prefixes the message of a signed audit-head export, so that no chain entry's message
# (which starts with 64 hex digits) can ever be passed off as an anchor, nor the reverse.
ANCHOR_DOMAIN = "chemsec-audit-anchor\n"


def canonical_json(data: Any) -> str:
    """One spelling per value: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(raw).hexdigest()


def _chain_message(content: dict[str, Any], previous_hash: str) -> bytes:
    return (previous_hash + canonical_json(content)).encode("utf-8")


def chain_hash(content: dict[str, Any], previous_hash: str) -> str:
    """The legacy, unkeyed hash of one audit entry: anyone can recompute it, so it only
    verifies entries written before the chain was keyed (see keyed_chain_hash)."""
    return hashlib.sha256(_chain_message(content, previous_hash)).hexdigest()


def keyed_chain_hash(content: dict[str, Any], previous_hash: str, key: bytes) -> str:
    """The hash of one audit entry, bound to the one before it under a key kept outside the
    database: someone who can write the database cannot recompute it after an edit."""
    return hmac.new(key, _chain_message(content, previous_hash), hashlib.sha256).hexdigest()


def anchor_signature(payload: dict[str, Any], key: bytes) -> str:
    message = (ANCHOR_DOMAIN + canonical_json(payload)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """A short name for a key that reveals nothing of it, to say which key signed what."""
    return hmac.new(key, b"chemsec-key-id", hashlib.sha256).hexdigest()[:16]
