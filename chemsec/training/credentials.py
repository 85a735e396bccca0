"""Open Badges 3.0 credentials: built, signed and verified (pure: no Django).

A certificate's credential is an `OpenBadgeCredential`, a W3C Verifiable Credential (data
model 2.0) whose subject holds the achievement (the course), secured as a JWT: a compact
JWS over the credential itself, signed with the secretariat's Ed25519 key (alg `EdDSA`,
`typ: vc+jwt`, `cty: vc`, as "Securing Verifiable Credentials using JOSE and COSE" and
Open Badges 3.0 section 8.2 have it: the credential's members at the top of the payload,
with the registered claims `iss`, `jti`, `sub`, `nbf` and `exp` mirroring `issuer.id`,
`id`, the subject, `validFrom` and `validUntil`).

Why a JWT and not a Data Integrity proof: checking it needs only the issuer's public key
and an Ed25519 implementation, not a JSON-LD processor that must load contexts from the
network, so it verifies offline. The issuer is a `did:web` identifier under the portal's
public address; its DID document and JWKS are served there, and the key is also carried in
the JOSE header (`jwk`) for convenience: a verifier trusts the key it resolved, never that one.

Revocation is a W3C Bitstring Status List: each credential names one bit of a list that
the portal publishes as a signed `BitstringStatusListCredential`; a set bit means revoked.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_LIST_TYPES = ["VerifiableCredential", "BitstringStatusListCredential"]
MEDIA_TYPE = "application/vc+jwt"
ALGORITHM = "EdDSA"
KEY_FRAGMENT = "key-1"
# The W3C recommendation's minimum list length (16 KB of bits), for herd privacy.
STATUS_LIST_BITS = 131_072


class InvalidCredential(ValueError):
    """A token that is not a credential signed by the expected key, or not a well-formed one.
    `code` says why, for the verification page to explain in the reader's language."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


# --- Keys ------------------------------------------------------------------------------------


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def key_from_pem(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("The credential signing key must be an Ed25519 private key.")
    return key


def key_to_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The signing key kept in `path` (PKCS#8 PEM, readable by the owner only), made once."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key_to_pem(generate_key()))
    return key_from_pem(path.read_bytes())


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    if not text or any(c not in _B64URL for c in text):
        raise InvalidCredential("malformed", "not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidCredential("malformed", "not base64url") from error


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_jwk(key: Ed25519PublicKey, kid: str = "") -> dict[str, str]:
    """The public key as a JSON Web Key (RFC 8037: OKP, Ed25519)."""
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64url(public_raw(key))}
    if kid:
        jwk["kid"] = kid
    return jwk


def key_from_jwk(jwk: Mapping[str, Any]) -> Ed25519PublicKey:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "d" in jwk:
        raise InvalidCredential("bad_key", "an Ed25519 public JWK is expected")
    raw = _unb64url(str(jwk.get("x", "")))
    if len(raw) != 32:
        raise InvalidCredential("bad_key", "an Ed25519 key has 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


# --- The issuer ------------------------------------------------------------------------------


def did_web(url: str) -> str:
    """The did:web identifier whose DID document is at `url` + "/did.json" (W3C did:web: the
    host, its port percent-encoded, then the path's segments joined by colons)."""
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValueError("An issuer's address is an http(s) URL with a host.")
    host = quote(parts.netloc, safe="")
    segments = [quote(s, safe="") for s in parts.path.strip("/").split("/") if s]
    return ":".join(["did:web", host, *segments])


@dataclass(frozen=True)
class Issuer:
    """The secretariat as an issuer: its DID, its name and its home page."""

    did: str
    name: str
    url: str

    @property
    def kid(self) -> str:
        return f"{self.did}#{KEY_FRAGMENT}"

    def profile(self) -> dict[str, Any]:
        return {"id": self.did, "type": ["Profile"], "name": self.name, "url": self.url}


def did_document(issuer: Issuer, key: Ed25519PublicKey) -> dict[str, Any]:
    """The issuer's DID document: one JSON Web Key for assertions (signing credentials)."""
    method = {
        "id": issuer.kid,
        "type": "JsonWebKey2020",
        "controller": issuer.did,
        "publicKeyJwk": public_jwk(key),
    }
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": issuer.did,
        "verificationMethod": [method],
        "assertionMethod": [issuer.kid],
    }


def jwks(issuer: Issuer, key: Ed25519PublicKey) -> dict[str, Any]:
    return {"keys": [{**public_jwk(key, issuer.kid), "alg": ALGORITHM, "use": "sig"}]}


# --- Credentials -----------------------------------------------------------------------------


def timestamp(moment: dt.datetime) -> str:
    """An XML Schema dateTimeStamp in UTC to the second, as VC 2.0 requires (zone given)."""
    if moment.tzinfo is None:
        raise ValueError("Credential times must be timezone-aware.")
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: Any) -> dt.datetime:
    if not isinstance(text, str):
        raise InvalidCredential("malformed", "a date-time is a string")
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidCredential("malformed", f"not a date-time: {text!r}") from error
    if moment.tzinfo is None:
        raise InvalidCredential("malformed", "a date-time needs its time zone")
    return moment


@dataclass(frozen=True)
class Award:
    """What one certificate says: who, which achievement, when, and where its status bit is."""

    credential_id: str  # urn:uuid:<certificate number>
    holder_name: str
    achievement_id: str
    achievement_name: str
    achievement_description: str
    criteria: str
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    status_list: str  # the URL of the status list credential
    status_index: int
    language: str = "en"


def build_credential(issuer: Issuer, award: Award) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of `award`.

    The subject is identified by name only (an IdentityObject, not hashed): the verification
    page shows the name anyway, and nothing else about the person goes into the credential.
    """
    if award.status_index < 0:
        raise ValueError("A status index is not negative.")
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": award.credential_id,
        "type": list(CREDENTIAL_TYPES),
        "name": award.achievement_name,
        "issuer": issuer.profile(),
        "validFrom": timestamp(award.valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": award.holder_name,
                }
            ],
            "achievement": {
                "id": award.achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": award.achievement_name,
                "description": award.achievement_description,
                "criteria": {"narrative": award.criteria},
                "inLanguage": award.language,
            },
        },
        "credentialStatus": {
            "id": f"{award.status_list}#{award.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(award.status_index),
            "statusListCredential": award.status_list,
        },
    }
    if award.valid_until is not None:
        if award.valid_until <= award.valid_from:
            raise ValueError("A credential expires after it becomes valid.")
        credential["validUntil"] = timestamp(award.valid_until)
    return credential


def shape_problems(credential: Mapping[str, Any]) -> list[str]:
    """What a credential lacks against the VC 2.0 data model and the Open Badges 3.0
    OpenBadgeCredential shape (required members and their types); empty when well formed."""
    problems: list[str] = []
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or contexts[:1] != [VC_CONTEXT]:
        problems.append("@context must start with the VC 2.0 context")
    elif OB_CONTEXT not in contexts and not any(
        isinstance(c, str) and c.startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
        for c in contexts
    ):
        problems.append("@context must include the Open Badges 3.0 context")
    types = credential.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        problems.append("type must include VerifiableCredential")
    elif not {"OpenBadgeCredential", "AchievementCredential"} & set(types):
        problems.append("type must include OpenBadgeCredential")
    if not isinstance(credential.get("id"), str) or ":" not in credential["id"]:
        problems.append("id must be a URI")
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not isinstance(issuer_id, str) or ":" not in issuer_id:
        problems.append("issuer must be a URI or a profile with an id")
    elif isinstance(issuer, Mapping) and "Profile" not in (issuer.get("type") or []):
        problems.append("issuer profile must have type Profile")
    problems += _subject_problems(credential.get("credentialSubject"))
    for member in ("validFrom", "validUntil"):
        if member in credential:
            try:
                parse_timestamp(credential[member])
            except InvalidCredential:
                problems.append(f"{member} must be a date-time with a time zone")
    if "validFrom" not in credential:
        problems.append("validFrom is required")
    status = credential.get("credentialStatus")
    if status is not None and not (isinstance(status, Mapping) and status.get("type")):
        problems.append("credentialStatus must have a type")
    return problems


def _subject_problems(subject: Any) -> list[str]:
    if not isinstance(subject, Mapping):
        return ["credentialSubject must be an object"]
    problems = []
    if "AchievementSubject" not in (subject.get("type") or []):
        problems.append("credentialSubject type must include AchievementSubject")
    if not subject.get("id") and not subject.get("identifier"):
        problems.append("credentialSubject needs an id or an identifier")
    achievement = subject.get("achievement")
    if not isinstance(achievement, Mapping):
        return [*problems, "credentialSubject.achievement is required"]
    for member in ("id", "name", "description"):
        if not isinstance(achievement.get(member), str) or not achievement[member]:
            problems.append(f"achievement.{member} is required")
    if "Achievement" not in (achievement.get("type") or []):
        problems.append("achievement type must include Achievement")
    criteria = achievement.get("criteria")
    if not isinstance(criteria, Mapping) or not (criteria.get("narrative") or criteria.get("id")):
        problems.append("achievement.criteria needs a narrative or an id")
    return problems


# --- Signing and verifying (JWS compact serialisation, RFC 7515) ----------------------------


def _claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    """The JWT registered claims that mirror the credential (never in conflict with it)."""
    issuer = credential["issuer"]
    claims: dict[str, Any] = {
        "iss": issuer["id"] if isinstance(issuer, Mapping) else issuer,
        "jti": credential["id"],
        "nbf": int(parse_timestamp(credential["validFrom"]).timestamp()),
    }
    subject = credential.get("credentialSubject")
    if isinstance(subject, Mapping) and subject.get("id"):
        claims["sub"] = subject["id"]
    if "validUntil" in credential:
        claims["exp"] = int(parse_timestamp(credential["validUntil"]).timestamp())
    return claims


def sign(credential: Mapping[str, Any], key: Ed25519PrivateKey, issuer: Issuer) -> str:
    """The credential as a VC-JWT (compact JWS) signed with the issuer's key."""
    problems = shape_problems(credential)
    if problems:
        raise ValueError("Not a well-formed credential: " + "; ".join(problems))
    header = {
        "alg": ALGORITHM,
        "typ": "vc+jwt",
        "cty": "vc",
        "kid": issuer.kid,
        "jwk": public_jwk(key.public_key()),
    }
    payload = {**credential, **_claims(credential)}
    signing_input = f"{_b64url(_json(header))}.{_b64url(_json(payload))}"
    signature = key.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{_b64url(signature)}"


def _json(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _object(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidCredential("malformed", "not JSON") from error
    if not isinstance(data, dict):
        raise InvalidCredential("malformed", "not a JSON object")
    return data


@dataclass(frozen=True)
class Verified:
    """A credential whose signature and shape checked out, and its validity at `at`."""

    credential: dict[str, Any]
    header: dict[str, Any]
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    at: dt.datetime

    @property
    def expired(self) -> bool:
        return self.valid_until is not None and self.at >= self.valid_until

    @property
    def not_yet_valid(self) -> bool:
        return self.at < self.valid_from

    @property
    def status(self) -> dict[str, Any] | None:
        status = self.credential.get("credentialStatus")
        return status if isinstance(status, dict) else None


def verify(
    token: str, key: Ed25519PublicKey, *, issuer_did: str, at: dt.datetime | None = None
) -> Verified:
    """Check a VC-JWT against the issuer's public key: the header, the signature, the shape,
    that the issuer is `issuer_did` and that the claims agree with the credential.
    Raises InvalidCredential; expiry is reported on the result, not raised."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise InvalidCredential("malformed", "a compact JWS has three parts")
    header = _object(_unb64url(parts[0]))
    if header.get("alg") != ALGORITHM or header.get("typ") != "vc+jwt" or "crit" in header:
        raise InvalidCredential("unsupported", "alg EdDSA and typ vc+jwt are expected")
    try:
        key.verify(_unb64url(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature as error:
        raise InvalidCredential("bad_signature") from error
    payload = _object(_unb64url(parts[1]))
    problems = shape_problems(payload)
    if problems:
        raise InvalidCredential("bad_shape", "; ".join(problems))
    claims = _claims(payload)
    if claims["iss"] != issuer_did or not str(header.get("kid", "")).startswith(issuer_did + "#"):
        raise InvalidCredential("wrong_issuer")
    if any(name in payload and payload[name] != value for name, value in claims.items()):
        raise InvalidCredential("claims_mismatch")
    until = payload.get("validUntil")
    return Verified(
        credential={k: v for k, v in payload.items() if k not in claims},
        header=header,
        valid_from=parse_timestamp(payload["validFrom"]),
        valid_until=parse_timestamp(until) if until is not None else None,
        at=at or dt.datetime.now(dt.UTC),
    )


def unverified_payload(token: str) -> dict[str, Any]:
    """The payload of a token without checking it: only to find which key to check it with."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise InvalidCredential("malformed", "a compact JWS has three parts")
    return _object(_unb64url(parts[1]))


# --- Revocation: the Bitstring Status List ---------------------------------------------------


def encode_status_list(revoked: Iterable[int], size: int = STATUS_LIST_BITS) -> str:
    """The `encodedList` of a status list of `size` bits with `revoked` set: GZIP-compressed,
    base64url without padding, multibase prefix "u"; bit 0 is the first byte's highest bit."""
    bits = bytearray((size + 7) // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError(f"Status index {index} is outside a list of {size} bits.")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same list always compresses to the same bytes.
    return "u" + _b64url(gzip.compress(bytes(bits), mtime=0))


def status_bit(encoded: str, index: int) -> bool:
    """Whether bit `index` of an encoded status list is set (True: revoked)."""
    if not encoded.startswith("u"):
        raise InvalidCredential("malformed", "a status list is multibase base64url")
    try:
        bits = gzip.decompress(_unb64url(encoded[1:]))
    except (OSError, EOFError) as error:
        raise InvalidCredential("malformed", "a status list is GZIP-compressed") from error
    if not 0 <= index < len(bits) * 8:
        raise InvalidCredential("malformed", "status index outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_size(highest_index: int) -> int:
    """The list length holding `highest_index`: the minimum, or whole multiples of it."""
    return max(1, (highest_index // STATUS_LIST_BITS) + 1) * STATUS_LIST_BITS


def status_list_credential(
    issuer: Issuer, url: str, revoked: Iterable[int], *, valid_from: dt.datetime, size: int
) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential published at `url`."""
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": list(STATUS_LIST_TYPES),
        "issuer": issuer.did,
        "validFrom": timestamp(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked, size),
        },
    }


def sign_status_list(credential: Mapping[str, Any], key: Ed25519PrivateKey, issuer: Issuer) -> str:
    """A status list credential as a VC-JWT (it is not an Open Badge, so no OB shape check)."""
    header = {"alg": ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": issuer.kid}
    payload = {
        **credential,
        "iss": issuer.did,
        "jti": credential["id"],
        "nbf": int(parse_timestamp(credential["validFrom"]).timestamp()),
    }
    signing_input = f"{_b64url(_json(header))}.{_b64url(_json(payload))}"
    return f"{signing_input}.{_b64url(key.sign(signing_input.encode('ascii')))}"


# --- Offline verification from the command line ------------------------------------------


def verify_with_jwks(
    token: str, keys: Mapping[str, Any], at: dt.datetime | None = None
) -> Verified:
    """Check a token against a saved JWKS (or DID document) of the issuer: the key whose
    `kid` the token names, and the issuer that key belongs to."""
    kid = str(_object(_unb64url(token.strip().split(".")[0])).get("kid", ""))
    if "keys" in keys:
        found = [k for k in keys["keys"] if k.get("kid") == kid]
    else:  # a DID document
        found = [
            m["publicKeyJwk"] for m in keys.get("verificationMethod", []) if m.get("id") == kid
        ]
    if not found or "#" not in kid:
        raise InvalidCredential("unknown_key", kid)
    return verify(token, key_from_jwk(found[0]), issuer_did=kid.split("#", 1)[0], at=at)


def main(argv: list[str] | None = None) -> int:
    """python -m chemsec.training.credentials CREDENTIAL.jwt ISSUER-KEYS.json

    Verifies a certificate's credential with no network: the issuer's keys saved beforehand
    from its jwks.json or did.json. Revocation needs the issuer's status list (online)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(main.__doc__, file=sys.stderr)
        return 2
    token = Path(args[0]).read_text(encoding="utf-8")
    keys = json.loads(Path(args[1]).read_text(encoding="utf-8"))
    try:
        verified = verify_with_jwks(token, keys)
    except InvalidCredential as error:
        print(f"NOT VERIFIED: {error}")
        return 1
    subject = verified.credential["credentialSubject"]
    holder = (subject.get("identifier") or [{}])[0].get("identityHash", "")
    state = (
        "EXPIRED" if verified.expired else "NOT YET VALID" if verified.not_yet_valid else "VALID"
    )
    print(f"{state}: {holder} - {subject['achievement']['name']}")
    until = verified.valid_until.isoformat() if verified.valid_until else "-"
    issuer_id = verified.credential["issuer"]["id"]
    print(f"issuer {issuer_id}, from {verified.valid_from.isoformat()}, until {until}")
    status = verified.status
    if status:
        print(f"revocation: bit {status['statusListIndex']} of {status['statusListCredential']}")
    return 0 if state == "VALID" else 1


if __name__ == "__main__":
    raise SystemExit(main())
