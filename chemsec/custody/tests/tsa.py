"""A test Time-Stamping Authority (RFC 3161) for the tests: a root CA and a TSA certificate
made with `cryptography`, responses signed as CMS SignedData built with asn1crypto. No network."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, key, signer, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )  # fmt: skip
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(signer, hashes.SHA256())


@dataclass
class LocalTsa:
    """Answers TimeStampReq DER with TimeStampResp DER, signed by its TSA certificate."""

    root_key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(65537, 2048)
    )
    key: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    serial: int = 0

    def __post_init__(self) -> None:
        self.root = _certificate("ChemSec Test Root", "ChemSec Test Root", self.root_key,
                                 self.root_key, ca=True)  # fmt: skip
        self.certificate = _certificate("ChemSec Test TSA", "ChemSec Test Root", self.key,
                                        self.root_key, ca=False)  # fmt: skip

    @property
    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def respond(self, request_der: bytes) -> bytes:
        request = tsp.TimeStampReq.load(request_der)
        self.serial += 1
        info = tsp.TSTInfo({
            "version": "v1", "policy": "1.3.6.1.4.1.99999.1",
            "message_imprint": request["message_imprint"], "serial_number": self.serial,
            "gen_time": dt.datetime.now(dt.UTC).replace(microsecond=0),
            "nonce": request["nonce"].native,
        })  # fmt: skip
        content = info.dump()
        cert_der = self.certificate.public_bytes(serialization.Encoding.DER)
        cert = asn1_x509.Certificate.load(cert_der)
        attrs = cms.CMSAttributes([
            {"type": "content_type", "values": ["tst_info"]},
            {"type": "message_digest", "values": [hashlib.sha256(content).digest()]},
            {"type": "signing_certificate_v2", "values": [
                {"certs": [{"cert_hash": hashlib.sha256(cert_der).digest()}]}]},
        ])  # fmt: skip
        signature = self.key.sign(attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
        signer = cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": {
                "issuer": cert.issuer, "serial_number": cert.serial_number}}),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
            "signature": signature,
        })  # fmt: skip
        signed = cms.SignedData({
            "version": "v3",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {"content_type": "tst_info",
                                   "content": core.ParsableOctetString(content)},
            "certificates": [cert],
            "signer_infos": [signer],
        })  # fmt: skip
        token = cms.ContentInfo({"content_type": "signed_data", "content": signed})
        return tsp.TimeStampResp(
            {"status": {"status": "granted"}, "time_stamp_token": token}
        ).dump()


@contextmanager
def serving(tsa: LocalTsa) -> Iterator[str]:
    """The test TSA over HTTP on the loopback interface (RFC 3161 section 3.4); its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ok = self.headers["Content-Type"] == "application/timestamp-query"
            answer = tsa.respond(body) if ok else b"not a timestamp query"
            self.send_response(200 if ok else 400)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsr"
    finally:
        server.shutdown()
        server.server_close()
