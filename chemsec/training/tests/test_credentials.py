"""Open Badges 3.0 credentials, pure: the VC-JWT round trip, tampering, keys, expiry, the
data-model shapes, did:web and the Bitstring Status List (against the W3C specifications)."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chemsec.training import credentials as c

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
ISSUER = c.Issuer(c.did_web("https://chemsec.example.org/training/issuer"), "Secretariat",
                  "https://chemsec.example.org/")  # fmt: skip
KEY = c.generate_key()


def award(**values):
    defaults = {
        "credential_id": "urn:uuid:2f6c2a5e-1a7b-4c8d-9e0f-123456789abc",
        "holder_name": "Amina Diallo",
        "achievement_id": "https://chemsec.example.org/training/courses/fundamentals",
        "achievement_name": "Chemical security fundamentals",
        "achievement_description": "The life cycle of a chemical, secured.",
        "criteria": "Read every module and passed the quizzes.",
        "valid_from": NOW,
        "valid_until": NOW + dt.timedelta(days=365),
        "status_list": "https://chemsec.example.org/training/issuer/status/1",
        "status_index": 7,
    }
    defaults.update(values)
    return c.Award(**defaults)


def token(**values):
    return c.sign(c.build_credential(ISSUER, award(**values)), KEY, ISSUER)


def parts(jwt):
    head, body, signature = jwt.split(".")
    decode = lambda s: json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))  # noqa: E731
    return decode(head), decode(body), signature


def test_it_verifies_what_it_signed():
    verified = c.verify(token(), KEY.public_key(), issuer_did=ISSUER.did, at=NOW)
    subject = verified.credential["credentialSubject"]
    assert subject["achievement"]["name"] == "Chemical security fundamentals"
    assert subject["identifier"][0]["identityHash"] == "Amina Diallo"
    assert not verified.expired and not verified.not_yet_valid


def test_it_follows_the_vc_jose_cose_and_open_badges_jwt_shape():
    header, payload, _ = parts(token())
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt" and header["cty"] == "vc"
    assert header["kid"] == ISSUER.did + "#key-1"
    assert header["jwk"] == {"kty": "OKP", "crv": "Ed25519", "x": header["jwk"]["x"]}
    # The credential's members at the top level (no "vc" wrapper), claims mirroring them.
    assert "vc" not in payload
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["iss"] == payload["issuer"]["id"] == ISSUER.did
    assert payload["jti"] == payload["id"]
    assert payload["nbf"] == int(NOW.timestamp())
    assert payload["exp"] == int((NOW + dt.timedelta(days=365)).timestamp())


def test_it_builds_the_published_open_badges_shape():
    credential = c.build_credential(ISSUER, award())
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["validFrom"] == "2026-03-01T12:00:00Z"
    assert credential["validUntil"] == "2027-03-01T12:00:00Z"
    achievement = credential["credentialSubject"]["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    assert achievement["criteria"] == {"narrative": "Read every module and passed the quizzes."}
    status = credential["credentialStatus"]
    assert status == {
        "id": "https://chemsec.example.org/training/issuer/status/1#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": "https://chemsec.example.org/training/issuer/status/1",
    }
    assert c.shape_problems(credential) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("credentialSubject"), "credentialSubject must be an object"),
        (
            lambda d: d.update(type=["VerifiableCredential"]),
            "type must include OpenBadgeCredential",
        ),
        (lambda d: d.update({"@context": ["https://example.org"]}), "@context must start"),
        (lambda d: d["credentialSubject"]["achievement"].pop("criteria"), "criteria"),
        (lambda d: d["credentialSubject"]["achievement"].pop("name"), "achievement.name"),
        (lambda d: d.update(validFrom="2026-03-01T12:00:00"), "validFrom must be a date-time"),
        (lambda d: d.update(issuer={"id": "nope"}), "issuer must be a URI"),
    ],
)
def test_it_finds_what_a_credential_lacks(change, problem):
    credential = c.build_credential(ISSUER, award())
    change(credential)
    assert any(problem in p for p in c.shape_problems(credential))
    with pytest.raises(ValueError):
        c.sign(credential, KEY, ISSUER)


def _retoken(jwt, edit):
    head, body, signature = jwt.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    edit(payload)
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return f"{head}.{base64.urlsafe_b64encode(raw).rstrip(b'=').decode()}.{signature}"


def test_it_refuses_a_tampered_credential():
    def rename(payload):
        payload["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"

    with pytest.raises(c.InvalidCredential) as error:
        c.verify(_retoken(token(), rename), KEY.public_key(), issuer_did=ISSUER.did, at=NOW)
    assert error.value.code == "bad_signature"


def test_it_refuses_a_stretched_expiry():
    def extend(payload):
        payload["validUntil"] = "2099-01-01T00:00:00Z"
        payload["exp"] = 4070908800

    with pytest.raises(c.InvalidCredential):
        c.verify(_retoken(token(), extend), KEY.public_key(), issuer_did=ISSUER.did, at=NOW)


def test_it_refuses_another_key_and_another_issuer():
    with pytest.raises(c.InvalidCredential) as error:
        c.verify(token(), c.generate_key().public_key(), issuer_did=ISSUER.did)
    assert error.value.code == "bad_signature"
    with pytest.raises(c.InvalidCredential) as error:
        c.verify(token(), KEY.public_key(), issuer_did="did:web:elsewhere.example")
    assert error.value.code == "wrong_issuer"


def test_it_refuses_a_token_signed_with_no_algorithm():
    head, body, _ = token().split(".")
    none = base64.urlsafe_b64encode(b'{"alg":"none","typ":"vc+jwt"}').rstrip(b"=").decode()
    for bad in (f"{none}.{body}.", "a.b", "", f"{head}.{body}.!!!"):
        with pytest.raises(c.InvalidCredential):
            c.verify(bad, KEY.public_key(), issuer_did=ISSUER.did)


def test_it_reports_expiry_and_not_yet_valid():
    jwt = token(valid_until=NOW + dt.timedelta(days=30))
    key = KEY.public_key()
    assert not c.verify(jwt, key, issuer_did=ISSUER.did, at=NOW + dt.timedelta(days=29)).expired
    assert c.verify(jwt, key, issuer_did=ISSUER.did, at=NOW + dt.timedelta(days=30)).expired
    assert c.verify(jwt, key, issuer_did=ISSUER.did, at=NOW - dt.timedelta(1)).not_yet_valid
    forever = c.verify(token(valid_until=None), key, issuer_did=ISSUER.did, at=NOW.replace(2090))
    assert not forever.expired and "validUntil" not in forever.credential
    with pytest.raises(ValueError):
        c.build_credential(ISSUER, award(valid_until=NOW))


def test_it_makes_did_web_identifiers_as_the_method_specifies():
    # The did:web specification's examples: path segments become colons, a port is encoded.
    assert (
        c.did_web("https://w3c-ccg.github.io/user/alice") == "did:web:w3c-ccg.github.io:user:alice"
    )
    assert c.did_web("https://example.com:3000/") == "did:web:example.com%3A3000"
    with pytest.raises(ValueError):
        c.did_web("ftp://example.com")


def test_it_publishes_the_key_the_signature_checks_with():
    document = c.did_document(ISSUER, KEY.public_key())
    method = document["verificationMethod"][0]
    assert document["id"] == ISSUER.did and document["assertionMethod"] == [ISSUER.kid]
    assert "d" not in method["publicKeyJwk"]
    key = c.key_from_jwk(method["publicKeyJwk"])
    assert c.verify(token(), key, issuer_did=ISSUER.did, at=NOW)
    (jwk,) = c.jwks(ISSUER, KEY.public_key())["keys"]
    assert jwk["kid"] == ISSUER.kid and jwk["alg"] == "EdDSA"
    with pytest.raises(c.InvalidCredential):
        c.key_from_jwk({**jwk, "d": "secret"})


def test_it_keeps_the_key_in_a_private_file(tmp_path):
    path = tmp_path / "keys" / "credential_key.pem"
    first = c.load_or_create_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert c.public_raw(c.load_or_create_key(path).public_key()) == c.public_raw(first.public_key())


def test_a_status_list_is_the_specified_bitstring():
    encoded = c.encode_status_list([0, 9], size=c.STATUS_LIST_BITS)
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    # Index 0 is the left-most bit of the first byte; 16 KB at least (herd privacy).
    assert len(raw) == 16384 and raw[0] == 0x80 and raw[1] == 0x40
    with pytest.raises(ValueError):
        c.encode_status_list([c.STATUS_LIST_BITS])
    assert c.status_list_size(c.STATUS_LIST_BITS) == 2 * c.STATUS_LIST_BITS


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, 1023), max_size=30), st.integers(0, 1023))
def test_a_status_bit_is_set_exactly_for_revoked_indices(revoked, index):
    encoded = c.encode_status_list(revoked, size=1024)
    assert c.status_bit(encoded, index) == (index in revoked)


def test_the_status_list_is_published_as_a_signed_credential():
    unsigned = c.status_list_credential(
        ISSUER, "https://chemsec.example.org/training/issuer/status/1", [7],
        valid_from=NOW, size=c.STATUS_LIST_BITS,
    )  # fmt: skip
    _, payload, _ = parts(c.sign_status_list(unsigned, KEY, ISSUER))
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert payload["credentialSubject"]["statusPurpose"] == "revocation"
    assert c.status_bit(payload["credentialSubject"]["encodedList"], 7)


def test_it_verifies_offline_with_the_saved_keys(tmp_path, capsys):
    jwt = tmp_path / "credential.jwt"
    jwt.write_text(token())
    keys = tmp_path / "did.json"
    keys.write_text(json.dumps(c.did_document(ISSUER, KEY.public_key())))
    assert c.main([str(jwt), str(keys)]) in (0, 1)  # valid now or expired, never unverified
    assert "Amina Diallo - Chemical security fundamentals" in capsys.readouterr().out
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(c.jwks(ISSUER, KEY.public_key())))
    assert c.verify_with_jwks(token(), json.loads(jwks.read_text()), at=NOW).credential
    other = c.jwks(ISSUER, c.generate_key().public_key())
    with pytest.raises(c.InvalidCredential):
        c.verify_with_jwks(token(), other)
    jwt.write_text(token()[:-6] + "AAAAAA")
    assert c.main([str(jwt), str(keys)]) == 1
    assert "NOT VERIFIED" in capsys.readouterr().out
