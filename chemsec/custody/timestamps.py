"""RFC 3161 trusted timestamps of a custody log's head, with `rfc3161-client` (Apache-2.0).

Pure: no Django. The message a Time-Stamping Authority signs is the head entry's hash as
text (its SHA-256 goes into the request's message imprint): since every entry's hash covers
the one before it, a token on the head dates the whole log up to that entry. Asking a TSA is
the only network call and happens only when an administrator configures one; checking a
stored token is offline: its imprint against the stored hash, its signature and the TSA
certificate (id-kp-timeStamping) against the trusted certificates given as PEM.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import urllib.request
from dataclasses import dataclass
from typing import Any

import rfc3161_client as tsp
from cryptography import x509

CONTENT_TYPE = "application/timestamp-query"
SHA256 = x509.ObjectIdentifier("2.16.840.1.101.3.4.2.1")


class TimestampError(Exception):
    """A TSA's answer that cannot be used (refused, malformed, not for this request)."""


@dataclass(frozen=True)
class Stamp:
    """What a granted token says: when, its serial number, and which TSA signed it."""

    token: bytes
    gen_time: dt.datetime
    serial: str
    authority: str


def message(entry_hash: str) -> bytes:
    return entry_hash.encode("ascii")


def request_for(entry_hash: str) -> tsp.TimeStampRequest:
    """A TimeStampReq for the head hash: SHA-256 imprint, a nonce, and the TSA's
    certificate asked for in the token (so the token verifies with the trusted roots alone)."""
    return (
        tsp.TimestampRequestBuilder()
        .data(message(entry_hash))
        .hash_algorithm(tsp.HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )


def fetch(url: str, request: tsp.TimeStampRequest, *, timeout: float = 20) -> bytes:
    """POST the request to the TSA (RFC 3161 section 3.4, HTTP transport)."""
    if not url.startswith(("https://", "http://")):
        raise TimestampError("the TSA address is not an http(s) URL")
    http = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=request.as_bytes(), headers={"Content-Type": CONTENT_TYPE}, method="POST"
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:  # noqa: S310
            body: bytes = answer.read(1_000_000)
    except OSError as error:
        raise TimestampError(f"the TSA did not answer: {error}") from error
    return body


def _authority(response: tsp.TimeStampResponse) -> str:
    signers = response.signed_data.signer_infos
    for der in response.signed_data.certificates:
        cert = x509.load_der_x509_certificate(der)
        if any(cert.serial_number == s.serial_number and cert.issuer == s.issuer for s in signers):
            return cert.subject.rfc4514_string()
    return ""


def _decode(token: bytes) -> tsp.TimeStampResponse:
    try:
        return tsp.decode_timestamp_response(token)
    except ValueError as error:
        raise TimestampError("not an RFC 3161 timestamp response") from error


def accept(token: bytes, request: tsp.TimeStampRequest) -> Stamp:
    """The stamp in the TSA's answer, if it was granted for this very request."""
    response = _decode(token)
    if tsp.PKIStatus(response.status) not in (tsp.PKIStatus.GRANTED,
                                              tsp.PKIStatus.GRANTED_WITH_MODS):  # fmt: skip
        raise TimestampError(f"the TSA refused the request (status {response.status})")
    info = response.tst_info
    if info.nonce != request.nonce:
        raise TimestampError("the answer is not for this request (nonce)")
    if info.message_imprint.message != request.message_imprint.message:
        raise TimestampError("the answer timestamps another hash")
    return Stamp(token=token, gen_time=info.gen_time, serial=str(info.serial_number),
                 authority=_authority(response))  # fmt: skip


def load_roots(pem: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem) if pem.strip() else []


def check(token: bytes, entry_hash: str, roots: list[x509.Certificate]) -> str | None:
    """Offline check of a stored token against the hash it should date: None when the
    imprint matches and (with trusted certificates) the signature and TSA certificate hold;
    otherwise the problem."""
    try:
        response = _decode(token)
    except TimestampError as error:
        return str(error)
    verifier = tsp.VerifierBuilder(roots=list(roots)).build() if roots else None
    try:
        if verifier is not None:
            verifier.verify_message(response, message(entry_hash))
        elif not _imprint_matches(response, entry_hash):
            return "the token dates another hash"
    except tsp.VerificationError as error:
        return f"the token does not verify: {error}"
    return None


def _imprint_matches(response: tsp.TimeStampResponse, entry_hash: str) -> bool:
    imprint = response.tst_info.message_imprint
    if imprint.hash_algorithm != SHA256:
        return False
    return imprint.message == hashlib.sha256(message(entry_hash)).digest()


def as_export(sequence: int, entry_hash: str, stamp: Stamp, url: str) -> dict[str, Any]:
    """A timestamp in the custody report: enough to re-check it from the file."""
    return {
        "sequence": sequence,
        "entry_hash": entry_hash,
        "tsa_url": url,
        "authority": stamp.authority,
        "gen_time": stamp.gen_time.isoformat(),
        "serial": stamp.serial,
        "token": base64.b64encode(stamp.token).decode("ascii"),
    }


def verify_exported(report: dict[str, Any], roots: list[x509.Certificate]) -> list[str]:
    """The timestamps of an exported custody report: each on the entry hash it names, each
    token dating that hash (and, with trusted certificates, signed by a trusted TSA)."""
    problems: list[str] = []
    entries = {e.get("sequence"): e.get("entry_hash") for e in report.get("entries") or []}
    for item in report.get("timestamps") or []:
        where = f"timestamp of entry {item.get('sequence')}"
        if entries.get(item.get("sequence")) != item.get("entry_hash"):
            problems.append(f"{where}: names a hash that is not that entry's")
            continue
        try:
            token = base64.b64decode(str(item.get("token", "")), validate=True)
        except ValueError:
            problems.append(f"{where}: the token is not base64")
            continue
        problem = check(token, str(item.get("entry_hash")), roots)
        if problem:
            problems.append(f"{where}: {problem}")
    return problems
